/* SPDX-License-Identifier: MIT */
/* The H.264 slice header (7.3.3) with its ref_pic_list_modification, pred_weight_table and
 * dec_ref_pic_marking. */
#pragma once

#include <array>
#include <cstdint>

#include "h264_nal.h"
#include "h264_pps.h"
#include "h264_sps.h"
#include "codec/syntax_reader.h"

namespace sluice {

/* Table 7-6, slice_type % 5. */
enum class H264SliceType : uint8_t { P = 0, B = 1, I = 2, SP = 3, SI = 4 };

constexpr unsigned kH264MaxRefIdx = 32;      /* num_ref_idx_lX_active_minus1 <= 31 (fields) */
constexpr unsigned kH264MaxModifications = kH264MaxRefIdx + 1;
constexpr unsigned kH264MaxMmcoOps = 66;     /* room for every op twice over a full DPB */

struct H264RefPicListModification {
	uint8_t idc;      /* modification_of_pic_nums_idc: 0, 1 (short-term -/+), 2 (long-term) */
	uint32_t value;   /* abs_diff_pic_num_minus1 or long_term_pic_num */
};

struct H264PredWeightTable {
	uint8_t lumaLog2WeightDenom = 0;
	uint8_t chromaLog2WeightDenom = 0;
	/* [list][ref_idx]; weights default to 2^denom and offsets to 0 when the flags are 0. */
	bool lumaWeightFlag[2][kH264MaxRefIdx] = {};
	bool chromaWeightFlag[2][kH264MaxRefIdx] = {};
	int16_t lumaWeight[2][kH264MaxRefIdx] = {};
	int16_t lumaOffset[2][kH264MaxRefIdx] = {};
	int16_t chromaWeight[2][kH264MaxRefIdx][2] = {};
	int16_t chromaOffset[2][kH264MaxRefIdx][2] = {};
};

/* memory_management_control_operation (Table 7-9). */
struct H264Mmco {
	uint8_t op;
	uint32_t differenceOfPicNumsMinus1 = 0;
	uint32_t longTermPicNum = 0;
	uint32_t longTermFrameIdx = 0;
	uint32_t maxLongTermFrameIdxPlus1 = 0;
};

struct H264DecRefPicMarking {
	bool noOutputOfPriorPics = false;
	bool longTermReference = false;
	bool adaptive = false;
	uint8_t mmcoCount = 0;
	std::array<H264Mmco, kH264MaxMmcoOps> mmco{};
};

struct H264SliceHeader {
	H264NalHeader nal;
	uint32_t firstMbInSlice = 0;
	uint8_t sliceTypeRaw = 0; /* as coded, 0..9: 5..9 promise every slice of the picture has it */
	H264SliceType sliceType = H264SliceType::I;
	uint8_t ppsId = 0;
	uint8_t colourPlaneId = 0;
	uint16_t frameNum = 0;
	bool fieldPic = false;
	bool bottomField = false;
	uint16_t idrPicId = 0;
	uint16_t picOrderCntLsb = 0;
	int32_t deltaPicOrderCntBottom = 0;
	int32_t deltaPicOrderCnt[2] = {};
	uint8_t redundantPicCnt = 0;
	bool directSpatialMvPred = false;
	bool numRefIdxActiveOverride = false;
	/* The active counts, with the PPS defaults applied when not overridden. */
	uint8_t numRefIdxL0ActiveMinus1 = 0;
	uint8_t numRefIdxL1ActiveMinus1 = 0;
	bool refPicListModificationFlag[2] = {};
	uint8_t modificationCount[2] = {};
	H264RefPicListModification modifications[2][kH264MaxModifications] = {};
	bool hasPredWeightTable = false;
	H264PredWeightTable predWeights;
	H264DecRefPicMarking marking;
	uint8_t cabacInitIdc = 0;
	int8_t sliceQpDelta = 0;
	bool spForSwitch = false;
	int8_t sliceQsDelta = 0;
	uint8_t disableDeblockingFilterIdc = 0;
	int8_t sliceAlphaC0OffsetDiv2 = 0;
	int8_t sliceBetaOffsetDiv2 = 0;
	uint32_t sliceGroupChangeCycle = 0;

	/* Sizes for drivers (7.3.3 as counted by the V4L2 stateless uAPI). Bits from the start of
	 * the NAL unit, NAL header included, to slice_data(): in the RBSP and in the escaped
	 * bytes (emulation-prevention bytes counted). */
	uint32_t headerBitSize = 0;
	uint32_t headerBitSizeRaw = 0;
	/* RBSP bits of pic_order_cnt_lsb ... delta_pic_order_cnt[1], and of dec_ref_pic_marking(). */
	uint32_t picOrderCntBitSize = 0;
	uint32_t decRefPicMarkingBitSize = 0;

	bool isIdr() const { return nal.type == H264NalType::IdrSlice; }
	bool isReference() const { return nal.nalRefIdc != 0; }
	bool isP() const { return sliceType == H264SliceType::P || sliceType == H264SliceType::SP; }
	bool isB() const { return sliceType == H264SliceType::B; }
	bool isI() const { return sliceType == H264SliceType::I || sliceType == H264SliceType::SI; }
};

/*
 * Reads a slice header after its NAL header (given in `nal`). ppsById/spsById: the parameter
 * sets received so far, nullptr for absent ids. 0, -EINVAL (malformed, logged), -ENOENT
 * (unknown PPS/SPS), -ENOTSUP (MVC/SVC slices).
 */
int parseSliceHeader(SyntaxReader &reader, const H264NalHeader &nal, const H264Pps *const *ppsById,
		     const H264Sps *const *spsById, H264SliceHeader *slice);

} /* namespace sluice */
