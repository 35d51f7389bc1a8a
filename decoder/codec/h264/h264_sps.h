/* SPDX-License-Identifier: MIT */
/* The H.264 sequence parameter set (7.3.2.1.1) and its VUI (E.1.1). */
#pragma once

#include <array>
#include <cstdint>

#include "h264_scaling_list.h"
#include "codec/syntax_reader.h"
#include "codec/vui_signal.h"

namespace sluice {

constexpr unsigned kH264MaxSpsCount = 32;
constexpr unsigned kH264MaxPpsCount = 256;
constexpr unsigned kH264MaxRefFrames = 16;
constexpr unsigned kH264MaxPocCycle = 255;

/* E.1.1, only what decoding and output order need; the HRD is read but not kept. */
struct H264Vui : VuiSignal {
	bool colourDescriptionPresent = false;
	bool timingInfoPresent = false;
	uint32_t numUnitsInTick = 0;
	uint32_t timeScale = 0;
	bool fixedFrameRate = false;
	bool nalHrdPresent = false;
	bool vclHrdPresent = false;
	bool picStructPresent = false;
	bool bitstreamRestriction = false;
	uint8_t maxNumReorderFrames = 0;
	uint8_t maxDecFrameBuffering = 0;
};

struct H264Sps {
	uint8_t profileIdc = 0;
	uint8_t constraintFlags = 0; /* constraint_set0_flag in bit 0 ... set5 in bit 5 */
	uint8_t levelIdc = 0;
	uint8_t id = 0;
	uint8_t chromaFormatIdc = 1;
	bool separateColourPlane = false;
	uint8_t bitDepthLumaMinus8 = 0;
	uint8_t bitDepthChromaMinus8 = 0;
	bool qpprimeYZeroTransformBypass = false;
	bool scalingMatrixPresent = false;
	H264ScalingLists scalingLists; /* flat when scalingMatrixPresent is false */
	uint8_t log2MaxFrameNumMinus4 = 0;
	uint8_t picOrderCntType = 0;
	uint8_t log2MaxPicOrderCntLsbMinus4 = 0;
	bool deltaPicOrderAlwaysZero = false;
	int32_t offsetForNonRefPic = 0;
	int32_t offsetForTopToBottomField = 0;
	uint8_t numRefFramesInPicOrderCntCycle = 0;
	std::array<int32_t, kH264MaxPocCycle> offsetForRefFrame{};
	uint8_t maxNumRefFrames = 0;
	bool gapsInFrameNumAllowed = false;
	uint16_t picWidthInMbsMinus1 = 0;
	uint16_t picHeightInMapUnitsMinus1 = 0;
	bool frameMbsOnly = true;
	bool mbAdaptiveFrameField = false;
	bool direct8x8Inference = false;
	bool frameCropping = false;
	uint32_t frameCropLeft = 0;
	uint32_t frameCropRight = 0;
	uint32_t frameCropTop = 0;
	uint32_t frameCropBottom = 0;
	bool vuiPresent = false;
	H264Vui vui;

	/* Derived (7.4.2.1.1). */
	unsigned chromaArrayType() const { return separateColourPlane ? 0 : chromaFormatIdc; }
	uint32_t maxFrameNum() const { return 1u << (log2MaxFrameNumMinus4 + 4); }
	uint32_t maxPicOrderCntLsb() const { return 1u << (log2MaxPicOrderCntLsbMinus4 + 4); }
	unsigned widthInMbs() const { return picWidthInMbsMinus1 + 1u; }
	unsigned frameHeightInMbs() const
	{
		return (2u - frameMbsOnly) * (picHeightInMapUnitsMinus1 + 1u);
	}
	unsigned codedWidth() const { return widthInMbs() * 16; }
	unsigned codedHeight() const { return frameHeightInMbs() * 16; }
	unsigned bitDepthLuma() const { return bitDepthLumaMinus8 + 8u; }
	unsigned bitDepthChroma() const { return bitDepthChromaMinus8 + 8u; }
};

/* Reads an SPS RBSP after its NAL header. 0, -EINVAL (malformed or out of range, logged). */
int parseSps(SyntaxReader &reader, H264Sps *sps);

/* A.3.1 and Table A-1: the largest DPB, in frames, the level allows at this size. */
unsigned h264MaxDpbFramesForLevel(const H264Sps &sps);

} /* namespace sluice */
