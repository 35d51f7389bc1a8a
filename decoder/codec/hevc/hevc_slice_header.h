/* SPDX-License-Identifier: MIT */
/* The HEVC slice segment header (7.3.6.1) with ref_pic_lists_modification (7.3.6.2) and
 * pred_weight_table (7.3.6.3). */
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "hevc_nal.h"
#include "hevc_pps.h"
#include "hevc_short_term_rps.h"
#include "hevc_sps.h"

namespace sluice {

/* 7.4.7.1, slice_type. */
enum class HevcSliceType : uint8_t { B = 0, P = 1, I = 2 };

/* 7.4.7.1: num_ref_idx_lX_active_minus1 is at most 14. */
constexpr unsigned kHevcMaxRefIdx = 15;
/* num_long_term_sps + num_long_term_pics: bounded by the DPB like every reference. */
constexpr unsigned kHevcMaxLongTermPics = kHevcMaxDpbSize;

struct HevcPredWeightTable {
	uint8_t lumaLog2WeightDenom = 0;
	int8_t deltaChromaLog2WeightDenom = 0;
	/* [list][ref_idx]; the deltas and offsets are 0 where the flags are 0. */
	bool lumaWeightFlag[2][kHevcMaxRefIdx] = {};
	bool chromaWeightFlag[2][kHevcMaxRefIdx] = {};
	int16_t deltaLumaWeight[2][kHevcMaxRefIdx] = {};
	int16_t lumaOffset[2][kHevcMaxRefIdx] = {};
	int16_t deltaChromaWeight[2][kHevcMaxRefIdx][2] = {};
	int16_t deltaChromaOffset[2][kHevcMaxRefIdx][2] = {};
};

struct HevcLongTermRef {
	uint32_t pocLsbLt = 0;
	bool usedByCurrPicLt = false;
	bool deltaPocMsbPresent = false;
	uint32_t deltaPocMsbCycleLt = 0; /* DeltaPocMsbCycleLt (7-52): accumulated */
};

struct HevcSliceHeader {
	HevcNalHeader nal;
	bool firstSliceSegmentInPic = false;
	bool noOutputOfPriorPics = false;
	uint8_t ppsId = 0;
	bool dependentSliceSegment = false;
	uint32_t sliceSegmentAddress = 0;
	/* From here on, a dependent slice segment carries its independent segment's values. */
	HevcSliceType sliceType = HevcSliceType::I;
	bool picOutputFlag = true;
	uint8_t colourPlaneId = 0;
	uint16_t picOrderCntLsb = 0;
	bool shortTermRefPicSetSpsFlag = false;
	uint8_t shortTermRefPicSetIdx = 0;
	HevcShortTermRps shortTermRps; /* the set in use, coded here or copied from the SPS */
	uint8_t numLongTermSps = 0;
	uint8_t numLongTermPics = 0;
	std::array<HevcLongTermRef, kHevcMaxLongTermPics> longTerm{};
	bool temporalMvpEnabled = false;
	bool saoLuma = false;
	bool saoChroma = false;
	bool numRefIdxActiveOverride = false;
	uint8_t numRefIdxL0ActiveMinus1 = 0; /* the PPS defaults applied when not overridden */
	uint8_t numRefIdxL1ActiveMinus1 = 0;
	bool refPicListModificationFlagL0 = false;
	bool refPicListModificationFlagL1 = false;
	std::array<uint8_t, kHevcMaxRefIdx> listEntryL0{};
	std::array<uint8_t, kHevcMaxRefIdx> listEntryL1{};
	bool mvdL1Zero = false;
	bool cabacInit = false;
	bool collocatedFromL0 = true;
	uint8_t collocatedRefIdx = 0;
	bool hasPredWeightTable = false;
	HevcPredWeightTable predWeights;
	uint8_t fiveMinusMaxNumMergeCand = 0;
	int8_t sliceQpDelta = 0;
	int8_t sliceCbQpOffset = 0;
	int8_t sliceCrQpOffset = 0;
	bool cuChromaQpOffsetEnabled = false;
	bool deblockingFilterOverride = false;
	bool deblockingFilterDisabled = false;
	int8_t betaOffsetDiv2 = 0;
	int8_t tcOffsetDiv2 = 0;
	bool loopFilterAcrossSlicesEnabled = false;
	/* Entry points of this segment (tiles or WPP rows), each a byte count minus 1. */
	uint32_t offsetLenMinus1 = 0;
	std::vector<uint32_t> entryPointOffsetMinus1;

	/* 7-55: NumPicTotalCurr. */
	unsigned numPicTotalCurr = 0;
	/* Sizes drivers want (V4L2 stateless HEVC). Bits of st_ref_pic_set() when coded here,
	 * and of the long-term part (num_long_term_sps .. the last delta_poc_msb_cycle_lt). */
	uint32_t shortTermRefPicSetBits = 0;
	uint32_t longTermRefPicSetBits = 0;
	/* Bits of the NAL unit, header included, up to byte_alignment() (RBSP), and bytes up to
	 * slice_segment_data() in the escaped NAL unit (emulation prevention counted). */
	uint32_t headerBitSize = 0;
	uint32_t dataByteOffset = 0;

	bool isB() const { return sliceType == HevcSliceType::B; }
	bool isP() const { return sliceType == HevcSliceType::P; }
	bool isI() const { return sliceType == HevcSliceType::I; }
};

/*
 * Reads a slice segment header after its NAL header (given in `nal`). ppsById/spsById: the
 * parameter sets received so far. previous: the last independent slice segment header of
 * the same picture, whose values a dependent segment inherits (nullptr when none). nalBytes:
 * the size of the escaped NAL unit, which bounds the entry points. 0, -EINVAL (malformed,
 * logged), -ENOENT (unknown PPS/SPS, or a dependent segment without its independent one).
 */
int parseHevcSliceHeader(SyntaxReader &reader, const HevcNalHeader &nal, size_t nalBytes,
			 const HevcPps *const *ppsById, const HevcSps *const *spsById,
			 const HevcSliceHeader *previous, HevcSliceHeader *slice);

} /* namespace sluice */
