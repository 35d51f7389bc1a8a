/* SPDX-License-Identifier: MIT */
/* The H.264 picture parameter set (7.3.2.2). */
#pragma once

#include <cstdint>

#include "h264_scaling_list.h"
#include "h264_sps.h"
#include "codec/syntax_reader.h"

namespace sluice {

constexpr unsigned kH264MaxSliceGroups = 8;

struct H264Pps {
	uint8_t id = 0;
	uint8_t spsId = 0;
	bool entropyCodingMode = false;
	bool bottomFieldPicOrderInFramePresent = false;
	uint8_t numSliceGroupsMinus1 = 0;
	uint8_t sliceGroupMapType = 0;
	uint32_t sliceGroupChangeRateMinus1 = 0;
	uint8_t numRefIdxL0DefaultActiveMinus1 = 0;
	uint8_t numRefIdxL1DefaultActiveMinus1 = 0;
	bool weightedPred = false;
	uint8_t weightedBipredIdc = 0;
	int8_t picInitQpMinus26 = 0;
	int8_t picInitQsMinus26 = 0;
	int8_t chromaQpIndexOffset = 0;
	bool deblockingFilterControlPresent = false;
	bool constrainedIntraPred = false;
	bool redundantPicCntPresent = false;
	bool transform8x8Mode = false;
	bool scalingMatrixPresent = false;
	/* The lists in force for pictures using this PPS: its own, or the SPS's (7.4.2.2). */
	H264ScalingLists scalingLists;
	int8_t secondChromaQpIndexOffset = 0;
};

/*
 * Reads a PPS RBSP after its NAL header. The PPS names an SPS (spsById[id], nullptr when not
 * received) whose chroma format and scaling lists it needs. 0, -EINVAL (malformed, logged),
 * -ENOENT (its SPS has not been seen).
 */
int parsePps(SyntaxReader &reader, const H264Sps *const *spsById, H264Pps *pps);

} /* namespace sluice */
