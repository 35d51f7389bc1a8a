/* SPDX-License-Identifier: MIT */
/* The HEVC sequence parameter set (7.3.2.2) with its VUI (E.2.1). */
#pragma once

#include <array>
#include <cstdint>

#include "codec/syntax_reader.h"
#include "codec/vui_signal.h"
#include "hevc_profile_tier_level.h"
#include "hevc_scaling_list.h"
#include "hevc_short_term_rps.h"

namespace sluice {

constexpr unsigned kHevcMaxSpsCount = 16;
/* 7.4.3.2.1: num_long_term_ref_pics_sps is at most 32. */
constexpr unsigned kHevcMaxLongTermRefPicsSps = 32;
/* A.4.1 (level 6.2, 8192x4320) is far below this; it keeps size products from overflowing. */
constexpr unsigned kHevcMaxPictureDimension = 16888;

/* E.2.1, only what output needs; the HRD is read but not kept. */
struct HevcVui : VuiSignal {
	bool fieldSeq = false;
	bool timingInfoPresent = false;
	uint32_t numUnitsInTick = 0;
	uint32_t timeScale = 0;
};

/* 7.3.2.2.2: what the range extension changes; none of it reaches V4L2's HEVC controls. */
struct HevcSpsRangeExtension {
	bool transformSkipRotation = false;
	bool transformSkipContext = false;
	bool implicitRdpcm = false;
	bool explicitRdpcm = false;
	bool extendedPrecisionProcessing = false;
	bool intraSmoothingDisabled = false;
	bool highPrecisionOffsets = false;
	bool persistentRiceAdaptation = false;
	bool cabacBypassAlignment = false;

	bool any() const
	{
		return transformSkipRotation || transformSkipContext || implicitRdpcm || explicitRdpcm ||
		       extendedPrecisionProcessing || intraSmoothingDisabled || highPrecisionOffsets ||
		       persistentRiceAdaptation || cabacBypassAlignment;
	}
};

struct HevcSps {
	uint8_t vpsId = 0;
	uint8_t maxSubLayersMinus1 = 0;
	HevcProfileTierLevel profileTierLevel;
	uint8_t id = 0;
	uint8_t chromaFormatIdc = 1;
	bool separateColourPlane = false;
	uint16_t picWidthInLumaSamples = 0;
	uint16_t picHeightInLumaSamples = 0;
	bool conformanceWindow = false;
	uint32_t confWinLeftOffset = 0;
	uint32_t confWinRightOffset = 0;
	uint32_t confWinTopOffset = 0;
	uint32_t confWinBottomOffset = 0;
	uint8_t bitDepthLumaMinus8 = 0;
	uint8_t bitDepthChromaMinus8 = 0;
	uint8_t log2MaxPicOrderCntLsbMinus4 = 0;
	/* Indexed by HighestTid; filled for every sub-layer (7.4.3.2.1 inference). */
	std::array<uint8_t, kHevcMaxSubLayers> maxDecPicBufferingMinus1{};
	std::array<uint8_t, kHevcMaxSubLayers> maxNumReorderPics{};
	std::array<uint32_t, kHevcMaxSubLayers> maxLatencyIncreasePlus1{};
	uint8_t log2MinLumaCodingBlockSizeMinus3 = 0;
	uint8_t log2DiffMaxMinLumaCodingBlockSize = 0;
	uint8_t log2MinLumaTransformBlockSizeMinus2 = 0;
	uint8_t log2DiffMaxMinLumaTransformBlockSize = 0;
	uint8_t maxTransformHierarchyDepthInter = 0;
	uint8_t maxTransformHierarchyDepthIntra = 0;
	bool scalingListEnabled = false;
	bool scalingListDataPresent = false;
	HevcScalingLists scalingLists; /* defaults when enabled without data */
	bool ampEnabled = false;
	bool sampleAdaptiveOffsetEnabled = false;
	bool pcmEnabled = false;
	uint8_t pcmSampleBitDepthLumaMinus1 = 0;
	uint8_t pcmSampleBitDepthChromaMinus1 = 0;
	uint8_t log2MinPcmLumaCodingBlockSizeMinus3 = 0;
	uint8_t log2DiffMaxMinPcmLumaCodingBlockSize = 0;
	bool pcmLoopFilterDisabled = false;
	uint8_t numShortTermRefPicSets = 0;
	std::array<HevcShortTermRps, kHevcMaxShortTermRpsSets> shortTermRps{};
	bool longTermRefPicsPresent = false;
	uint8_t numLongTermRefPicsSps = 0;
	std::array<uint16_t, kHevcMaxLongTermRefPicsSps> ltRefPicPocLsbSps{};
	std::array<bool, kHevcMaxLongTermRefPicsSps> usedByCurrPicLtSps{};
	bool temporalMvpEnabled = false;
	bool strongIntraSmoothingEnabled = false;
	bool vuiPresent = false;
	HevcVui vui;
	bool rangeExtensionPresent = false;
	HevcSpsRangeExtension rangeExtension;

	/* Derived (7.4.3.2.1). */
	unsigned chromaArrayType() const { return separateColourPlane ? 0 : chromaFormatIdc; }
	unsigned bitDepthLuma() const { return bitDepthLumaMinus8 + 8u; }
	unsigned bitDepthChroma() const { return bitDepthChromaMinus8 + 8u; }
	uint32_t maxPicOrderCntLsb() const { return 1u << (log2MaxPicOrderCntLsbMinus4 + 4); }
	unsigned minCbLog2SizeY() const { return log2MinLumaCodingBlockSizeMinus3 + 3u; }
	unsigned ctbLog2SizeY() const { return minCbLog2SizeY() + log2DiffMaxMinLumaCodingBlockSize; }
	unsigned picWidthInCtbsY() const
	{
		return (picWidthInLumaSamples + (1u << ctbLog2SizeY()) - 1) >> ctbLog2SizeY();
	}
	unsigned picHeightInCtbsY() const
	{
		return (picHeightInLumaSamples + (1u << ctbLog2SizeY()) - 1) >> ctbLog2SizeY();
	}
	unsigned picSizeInCtbsY() const { return picWidthInCtbsY() * picHeightInCtbsY(); }
	/* C.5.2.2: the DPB size and reorder limit of the highest sub-layer. */
	unsigned maxDecPicBuffering() const { return maxDecPicBufferingMinus1[maxSubLayersMinus1] + 1u; }
	unsigned maxNumReorder() const { return maxNumReorderPics[maxSubLayersMinus1]; }
	/* 7-9: SpsMaxLatencyPictures, or 0 when there is no latency limit. */
	uint32_t maxLatencyPictures() const
	{
		uint32_t plus1 = maxLatencyIncreasePlus1[maxSubLayersMinus1];
		return plus1 ? maxNumReorder() + plus1 - 1 : 0;
	}
	/* 7.4.3.2.1, Table 6-1: SubWidthC and SubHeightC, for the conformance window. */
	unsigned subWidthC() const { return chromaArrayType() == 1 || chromaArrayType() == 2 ? 2 : 1; }
	unsigned subHeightC() const { return chromaArrayType() == 1 ? 2 : 1; }
};

/* Reads an SPS RBSP after its NAL header. 0, -EINVAL (malformed or out of range, logged),
 * -ENOTSUP (an extension this parser cannot read: multilayer SPS, 3D, SCC). */
int parseHevcSps(SyntaxReader &reader, HevcSps *sps);

} /* namespace sluice */
