/* SPDX-License-Identifier: MIT */
#include "h264_slice_header.h"

#include <bit>
#include <cerrno>

#include "h264_log.h"

namespace sluice {

/* 7.3.3.1 for one list. */
static void parseModifications(SyntaxReader &reader, unsigned list, unsigned numRefIdxActive,
			       H264SliceHeader *slice)
{
	static const char *const flagNames[] = { "ref_pic_list_modification_flag_l0",
						 "ref_pic_list_modification_flag_l1" };
	slice->refPicListModificationFlag[list] = reader.flag(flagNames[list]);
	if (!slice->refPicListModificationFlag[list])
		return;
	/* Each op sets one index, so more ops than indexes (plus the end marker) is corrupt. */
	unsigned limit = numRefIdxActive + 1;
	for (unsigned n = 0;; n++) {
		uint32_t idc = reader.ueMax("modification_of_pic_nums_idc", 5);
		if (reader.failed())
			return;
		if (idc == 3)
			break;
		if (idc > 2 || n + 1 >= limit) {
			/* 4 and 5 are MVC view modifications, never in the streams we accept. */
			reader.fail();
			return;
		}
		uint32_t value = idc == 2 ? reader.ue("long_term_pic_num")
					  : reader.ue("abs_diff_pic_num_minus1");
		slice->modifications[list][n] = { static_cast<uint8_t>(idc), value };
		slice->modificationCount[list] = n + 1;
	}
}

/* 7.3.3.2 for one list. */
static void parsePredWeights(SyntaxReader &reader, unsigned list, unsigned count, bool chroma,
			     H264PredWeightTable *table)
{
	static const char *const names[2][6] = {
		{ "luma_weight_l0_flag", "luma_weight_l0", "luma_offset_l0", "chroma_weight_l0_flag",
		  "chroma_weight_l0", "chroma_offset_l0" },
		{ "luma_weight_l1_flag", "luma_weight_l1", "luma_offset_l1", "chroma_weight_l1_flag",
		  "chroma_weight_l1", "chroma_offset_l1" },
	};
	const char *const *name = names[list];
	/* A log2 denominator out of range has already failed the read. */
	if (reader.failed())
		return;
	int16_t lumaDefault = static_cast<int16_t>(1 << table->lumaLog2WeightDenom);
	int16_t chromaDefault = static_cast<int16_t>(1 << table->chromaLog2WeightDenom);

	for (unsigned i = 0; i < count && !reader.failed(); i++) {
		int index = static_cast<int>(i);
		table->lumaWeight[list][i] = lumaDefault;
		table->lumaOffset[list][i] = 0;
		table->lumaWeightFlag[list][i] = reader.flag(name[0], index);
		if (table->lumaWeightFlag[list][i]) {
			/* 7.4.3.2: weights in [-128, 127]; offsets too at 8 bits (high bit depth
			 * streams scale them in decoding, not in the syntax). */
			table->lumaWeight[list][i] = reader.seRange(name[1], -128, 127, index);
			table->lumaOffset[list][i] = reader.seRange(name[2], -128, 127, index);
		}
		if (!chroma)
			continue;
		for (unsigned j = 0; j < 2; j++) {
			table->chromaWeight[list][i][j] = chromaDefault;
			table->chromaOffset[list][i][j] = 0;
		}
		table->chromaWeightFlag[list][i] = reader.flag(name[3], index);
		if (!table->chromaWeightFlag[list][i])
			continue;
		for (int j = 0; j < 2; j++) {
			table->chromaWeight[list][i][j] = reader.seRange(name[4], -128, 127, index, j);
			table->chromaOffset[list][i][j] = reader.seRange(name[5], -128, 127, index, j);
		}
	}
}

/* 7.3.3.3. */
static void parseDecRefPicMarking(SyntaxReader &reader, bool idr, H264DecRefPicMarking *marking)
{
	if (idr) {
		marking->noOutputOfPriorPics = reader.flag("no_output_of_prior_pics_flag");
		marking->longTermReference = reader.flag("long_term_reference_flag");
		return;
	}
	marking->adaptive = reader.flag("adaptive_ref_pic_marking_mode_flag");
	if (!marking->adaptive)
		return;
	for (unsigned n = 0;; n++) {
		uint32_t op = reader.ueMax("memory_management_control_operation", 6);
		if (reader.failed() || op == 0)
			return;
		if (n >= kH264MaxMmcoOps) {
			LOG(H264, Error) << "more than " << kH264MaxMmcoOps << " MMCO operations";
			reader.fail();
			return;
		}
		H264Mmco &mmco = marking->mmco[n];
		mmco = H264Mmco{ static_cast<uint8_t>(op) };
		if (op == 1 || op == 3)
			mmco.differenceOfPicNumsMinus1 = reader.ue("difference_of_pic_nums_minus1");
		if (op == 2)
			mmco.longTermPicNum = reader.ue("long_term_pic_num");
		if (op == 3 || op == 6)
			mmco.longTermFrameIdx = reader.ueMax("long_term_frame_idx", kH264MaxRefFrames - 1);
		if (op == 4)
			mmco.maxLongTermFrameIdxPlus1 =
				reader.ueMax("max_long_term_frame_idx_plus1", kH264MaxRefFrames);
		marking->mmcoCount = n + 1;
	}
}

int parseSliceHeader(SyntaxReader &reader, const H264NalHeader &nal, const H264Pps *const *ppsById,
		     const H264Sps *const *spsById, H264SliceHeader *slice)
{
	*slice = H264SliceHeader{};
	slice->nal = nal;
	if (!nal.isSlice()) {
		LOG(H264, Error) << "NAL unit type " << static_cast<unsigned>(nal.type)
				 << " is not a supported slice";
		return -ENOTSUP;
	}

	slice->firstMbInSlice = reader.ue("first_mb_in_slice");
	slice->sliceTypeRaw = reader.ueMax("slice_type", 9);
	slice->sliceType = static_cast<H264SliceType>(slice->sliceTypeRaw % 5);
	uint32_t ppsId = reader.ue("pic_parameter_set_id");
	if (reader.failed() || ppsId >= kH264MaxPpsCount) {
		LOG(H264, Error) << "slice header: bad slice_type or PPS id " << ppsId;
		return -EINVAL;
	}
	const H264Pps *pps = ppsById[ppsId];
	const H264Sps *sps = pps ? spsById[pps->spsId] : nullptr;
	if (!pps || !sps) {
		LOG(H264, Error) << "slice refers to PPS " << ppsId << (pps ? " whose SPS is" : " which is")
				 << " not received";
		return -ENOENT;
	}
	slice->ppsId = ppsId;
	/* 7.4.3: an IDR picture holds only I or SI slices. */
	if (slice->isIdr() && !slice->isI()) {
		LOG(H264, Error) << "IDR slice of type " << unsigned(slice->sliceTypeRaw);
		return -EINVAL;
	}

	if (sps->separateColourPlane)
		slice->colourPlaneId = reader.u(2, "colour_plane_id");
	slice->frameNum = reader.u(sps->log2MaxFrameNumMinus4 + 4, "frame_num");
	if (!sps->frameMbsOnly) {
		slice->fieldPic = reader.flag("field_pic_flag");
		if (slice->fieldPic)
			slice->bottomField = reader.flag("bottom_field_flag");
	}
	if (slice->isIdr())
		slice->idrPicId = reader.ueMax("idr_pic_id", 65535);

	size_t pocStart = reader.position();
	if (sps->picOrderCntType == 0) {
		slice->picOrderCntLsb = reader.u(sps->log2MaxPicOrderCntLsbMinus4 + 4, "pic_order_cnt_lsb");
		if (pps->bottomFieldPicOrderInFramePresent && !slice->fieldPic)
			slice->deltaPicOrderCntBottom = reader.se("delta_pic_order_cnt_bottom");
	}
	if (sps->picOrderCntType == 1 && !sps->deltaPicOrderAlwaysZero) {
		slice->deltaPicOrderCnt[0] = reader.se("delta_pic_order_cnt", 0);
		if (pps->bottomFieldPicOrderInFramePresent && !slice->fieldPic)
			slice->deltaPicOrderCnt[1] = reader.se("delta_pic_order_cnt", 1);
	}
	slice->picOrderCntBitSize = reader.position() - pocStart;

	if (pps->redundantPicCntPresent)
		slice->redundantPicCnt = reader.ueMax("redundant_pic_cnt", 127);
	if (slice->isB())
		slice->directSpatialMvPred = reader.flag("direct_spatial_mv_pred_flag");

	slice->numRefIdxL0ActiveMinus1 = pps->numRefIdxL0DefaultActiveMinus1;
	slice->numRefIdxL1ActiveMinus1 = pps->numRefIdxL1DefaultActiveMinus1;
	if (slice->isP() || slice->isB()) {
		slice->numRefIdxActiveOverride = reader.flag("num_ref_idx_active_override_flag");
		if (slice->numRefIdxActiveOverride) {
			slice->numRefIdxL0ActiveMinus1 = reader.ueMax("num_ref_idx_l0_active_minus1", 31);
			if (slice->isB())
				slice->numRefIdxL1ActiveMinus1 =
					reader.ueMax("num_ref_idx_l1_active_minus1", 31);
		}
	}
	/* 7.4.3: frames index at most 16 references, fields 32. */
	unsigned maxRefIdx = slice->fieldPic ? 31 : 15;
	if (slice->numRefIdxL0ActiveMinus1 > maxRefIdx || slice->numRefIdxL1ActiveMinus1 > maxRefIdx) {
		LOG(H264, Error) << "slice: num_ref_idx_active_minus1 above " << maxRefIdx;
		return -EINVAL;
	}

	if (!slice->isI()) {
		parseModifications(reader, 0, slice->numRefIdxL0ActiveMinus1 + 1u, slice);
		if (slice->isB())
			parseModifications(reader, 1, slice->numRefIdxL1ActiveMinus1 + 1u, slice);
	}

	if ((pps->weightedPred && slice->isP()) || (pps->weightedBipredIdc == 1 && slice->isB())) {
		H264PredWeightTable &table = slice->predWeights;
		bool chroma = sps->chromaArrayType() != 0;
		slice->hasPredWeightTable = true;
		table.lumaLog2WeightDenom = reader.ueMax("luma_log2_weight_denom", 7);
		if (chroma)
			table.chromaLog2WeightDenom = reader.ueMax("chroma_log2_weight_denom", 7);
		parsePredWeights(reader, 0, slice->numRefIdxL0ActiveMinus1 + 1u, chroma, &table);
		if (slice->isB())
			parsePredWeights(reader, 1, slice->numRefIdxL1ActiveMinus1 + 1u, chroma, &table);
	}

	if (nal.nalRefIdc != 0) {
		size_t markingStart = reader.position();
		parseDecRefPicMarking(reader, slice->isIdr(), &slice->marking);
		slice->decRefPicMarkingBitSize = reader.position() - markingStart;
	}

	if (pps->entropyCodingMode && !slice->isI())
		slice->cabacInitIdc = reader.ueMax("cabac_init_idc", 2);
	int qpRange = 26 + 6 * sps->bitDepthLumaMinus8;
	slice->sliceQpDelta = reader.seRange("slice_qp_delta", -qpRange - pps->picInitQpMinus26,
					     25 - pps->picInitQpMinus26);
	if (slice->sliceType == H264SliceType::SP || slice->sliceType == H264SliceType::SI) {
		if (slice->sliceType == H264SliceType::SP)
			slice->spForSwitch = reader.flag("sp_for_switch_flag");
		slice->sliceQsDelta = reader.seRange("slice_qs_delta", -51, 51);
	}
	if (pps->deblockingFilterControlPresent) {
		slice->disableDeblockingFilterIdc = reader.ueMax("disable_deblocking_filter_idc", 2);
		if (slice->disableDeblockingFilterIdc != 1) {
			slice->sliceAlphaC0OffsetDiv2 = reader.seRange("slice_alpha_c0_offset_div2", -6, 6);
			slice->sliceBetaOffsetDiv2 = reader.seRange("slice_beta_offset_div2", -6, 6);
		}
	}
	if (pps->numSliceGroupsMinus1 > 0 && pps->sliceGroupMapType >= 3 &&
	    pps->sliceGroupMapType <= 5) {
		/* 7.4.3: Ceil(Log2(PicSizeInMapUnits / SliceGroupChangeRate + 1)) bits. */
		uint32_t mapUnits = sps->widthInMbs() * (sps->picHeightInMapUnitsMinus1 + 1u);
		uint32_t rate = pps->sliceGroupChangeRateMinus1 + 1;
		uint32_t x = mapUnits / rate + 1;
		unsigned bits = x <= 1 ? 0 : std::bit_width(x - 1);
		slice->sliceGroupChangeCycle = reader.u(bits, "slice_group_change_cycle");
	}

	if (reader.failed()) {
		LOG(H264, Error) << "slice header (frame_num " << slice->frameNum
				 << ") is truncated or has an out-of-range field";
		return -EINVAL;
	}
	slice->headerBitSize = reader.position();
	slice->headerBitSizeRaw = reader.rawPosition();
	return 0;
}

} /* namespace sluice */
