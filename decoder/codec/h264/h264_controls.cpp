/* SPDX-License-Identifier: MIT */
/*
 * The only file of the H.264 front-end that includes the kernel's stateless uAPI. Field
 * sizes and array extents are checked against the 6.1 header we build with, so a uAPI
 * change fails the build here rather than corrupting requests.
 */
#include "h264_controls.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <linux/v4l2-controls.h>
#include <linux/videodev2.h>

#include "h264_log.h"

namespace sluice {

static_assert(sizeof(v4l2_ctrl_h264_sps) == 1048);
static_assert(sizeof(v4l2_ctrl_h264_pps) == 12);
static_assert(sizeof(v4l2_ctrl_h264_scaling_matrix) == 480);
static_assert(sizeof(v4l2_ctrl_h264_pred_weights) == 772);
static_assert(sizeof(v4l2_ctrl_h264_slice_params) == 152);
static_assert(sizeof(v4l2_ctrl_h264_decode_params) == 560);
static_assert(sizeof(v4l2_h264_dpb_entry) == 32);
static_assert(sizeof(v4l2_h264_reference) == 2);
static_assert(sizeof(v4l2_h264_weight_factors) == 384);
static_assert(std::size(v4l2_ctrl_h264_sps{}.offset_for_ref_frame) == kH264MaxPocCycle);
static_assert(std::size(v4l2_ctrl_h264_scaling_matrix{}.scaling_list_4x4) == 6);
static_assert(std::size(v4l2_ctrl_h264_scaling_matrix{}.scaling_list_4x4[0]) == 16);
static_assert(std::size(v4l2_ctrl_h264_scaling_matrix{}.scaling_list_8x8) == 6);
static_assert(std::size(v4l2_ctrl_h264_scaling_matrix{}.scaling_list_8x8[0]) == 64);
static_assert(std::size(v4l2_ctrl_h264_decode_params{}.dpb) == 16);
static_assert(std::size(v4l2_ctrl_h264_slice_params{}.ref_pic_list0) == kH264MaxRefIdx);
static_assert(std::size(v4l2_ctrl_h264_slice_params{}.ref_pic_list1) == kH264MaxRefIdx);
static_assert(std::size(v4l2_h264_weight_factors{}.luma_weight) == kH264MaxRefIdx);
static_assert(std::size(v4l2_h264_weight_factors{}.chroma_weight) == kH264MaxRefIdx);
static_assert(std::size(v4l2_h264_weight_factors{}.chroma_weight[0]) == 2);
static_assert(std::size(v4l2_ctrl_h264_pred_weights{}.weight_factors) == 2);
/* Our field masks are the uAPI's reference field values. */
static_assert(V4L2_H264_TOP_FIELD_REF == kH264TopField);
static_assert(V4L2_H264_BOTTOM_FIELD_REF == kH264BottomField);
static_assert(V4L2_H264_FRAME_REF == kH264BothFields);

std::vector<int> h264DpbEntryStores(const H264Dpb &dpb)
{
	std::vector<int> entries;
	const auto &stores = dpb.stores();
	for (size_t i = 0; i < stores.size() && entries.size() < 16; i++)
		if (stores[i].isReference() && !stores[i].nonExisting)
			entries.push_back(static_cast<int>(i));
	return entries;
}

std::vector<int> h264DpbEntryStores(const H264PictureParams &params)
{
	if (params.picture.idr)
		return {};
	return h264DpbEntryStores(*params.dpb);
}

static v4l2_ctrl_h264_sps makeSps(const H264Sps &sps)
{
	v4l2_ctrl_h264_sps k{};
	k.profile_idc = sps.profileIdc;
	/* Our bit i is constraint_set<i>_flag, as V4L2_H264_SPS_CONSTRAINT_SET<i>_FLAG. */
	static_assert(V4L2_H264_SPS_CONSTRAINT_SET0_FLAG == 1 && V4L2_H264_SPS_CONSTRAINT_SET5_FLAG == 32);
	k.constraint_set_flags = sps.constraintFlags;
	k.level_idc = sps.levelIdc;
	k.seq_parameter_set_id = sps.id;
	k.chroma_format_idc = sps.chromaFormatIdc;
	k.bit_depth_luma_minus8 = sps.bitDepthLumaMinus8;
	k.bit_depth_chroma_minus8 = sps.bitDepthChromaMinus8;
	k.log2_max_frame_num_minus4 = sps.log2MaxFrameNumMinus4;
	k.pic_order_cnt_type = sps.picOrderCntType;
	k.log2_max_pic_order_cnt_lsb_minus4 = sps.log2MaxPicOrderCntLsbMinus4;
	k.max_num_ref_frames = sps.maxNumRefFrames;
	k.num_ref_frames_in_pic_order_cnt_cycle = sps.numRefFramesInPicOrderCntCycle;
	for (unsigned i = 0; i < sps.numRefFramesInPicOrderCntCycle; i++)
		k.offset_for_ref_frame[i] = sps.offsetForRefFrame[i];
	k.offset_for_non_ref_pic = sps.offsetForNonRefPic;
	k.offset_for_top_to_bottom_field = sps.offsetForTopToBottomField;
	k.pic_width_in_mbs_minus1 = sps.picWidthInMbsMinus1;
	k.pic_height_in_map_units_minus1 = sps.picHeightInMapUnitsMinus1;
	k.flags = (sps.separateColourPlane ? V4L2_H264_SPS_FLAG_SEPARATE_COLOUR_PLANE : 0) |
		  (sps.qpprimeYZeroTransformBypass ? V4L2_H264_SPS_FLAG_QPPRIME_Y_ZERO_TRANSFORM_BYPASS : 0) |
		  (sps.deltaPicOrderAlwaysZero ? V4L2_H264_SPS_FLAG_DELTA_PIC_ORDER_ALWAYS_ZERO : 0) |
		  (sps.gapsInFrameNumAllowed ? V4L2_H264_SPS_FLAG_GAPS_IN_FRAME_NUM_VALUE_ALLOWED : 0) |
		  (sps.frameMbsOnly ? V4L2_H264_SPS_FLAG_FRAME_MBS_ONLY : 0) |
		  (sps.mbAdaptiveFrameField ? V4L2_H264_SPS_FLAG_MB_ADAPTIVE_FRAME_FIELD : 0) |
		  (sps.direct8x8Inference ? V4L2_H264_SPS_FLAG_DIRECT_8X8_INFERENCE : 0);
	return k;
}

static v4l2_ctrl_h264_pps makePps(const H264Pps &pps, const H264Sps &sps)
{
	v4l2_ctrl_h264_pps k{};
	k.pic_parameter_set_id = pps.id;
	k.seq_parameter_set_id = pps.spsId;
	k.num_slice_groups_minus1 = pps.numSliceGroupsMinus1;
	k.num_ref_idx_l0_default_active_minus1 = pps.numRefIdxL0DefaultActiveMinus1;
	k.num_ref_idx_l1_default_active_minus1 = pps.numRefIdxL1DefaultActiveMinus1;
	k.weighted_bipred_idc = pps.weightedBipredIdc;
	k.pic_init_qp_minus26 = pps.picInitQpMinus26;
	k.pic_init_qs_minus26 = pps.picInitQsMinus26;
	k.chroma_qp_index_offset = pps.chromaQpIndexOffset;
	k.second_chroma_qp_index_offset = pps.secondChromaQpIndexOffset;
	/* The uAPI's SCALING_MATRIX_PRESENT means "use the SCALING_MATRIX control": set it
	 * whenever either parameter set carried a matrix, since we always send the lists in
	 * force (the PPS's after fall-back to the SPS's). */
	bool scaling = pps.scalingMatrixPresent || sps.scalingMatrixPresent;
	k.flags = (pps.entropyCodingMode ? V4L2_H264_PPS_FLAG_ENTROPY_CODING_MODE : 0) |
		  (pps.bottomFieldPicOrderInFramePresent ? V4L2_H264_PPS_FLAG_BOTTOM_FIELD_PIC_ORDER_IN_FRAME_PRESENT : 0) |
		  (pps.weightedPred ? V4L2_H264_PPS_FLAG_WEIGHTED_PRED : 0) |
		  (pps.deblockingFilterControlPresent ? V4L2_H264_PPS_FLAG_DEBLOCKING_FILTER_CONTROL_PRESENT : 0) |
		  (pps.constrainedIntraPred ? V4L2_H264_PPS_FLAG_CONSTRAINED_INTRA_PRED : 0) |
		  (pps.redundantPicCntPresent ? V4L2_H264_PPS_FLAG_REDUNDANT_PIC_CNT_PRESENT : 0) |
		  (pps.transform8x8Mode ? V4L2_H264_PPS_FLAG_TRANSFORM_8X8_MODE : 0) |
		  (scaling ? V4L2_H264_PPS_FLAG_SCALING_MATRIX_PRESENT : 0);
	return k;
}

static v4l2_ctrl_h264_scaling_matrix makeScalingMatrix(const H264ScalingLists &lists)
{
	/* The uAPI wants raster order, after the inverse zig-zag scan; 4x4 lists in Table 7-2
	 * order, and 8x8 lists as Intra Y, Inter Y, Intra Cb, Inter Cb, Intra Cr, Inter Cr,
	 * which is our (Table 7-2, i = 6..11) order too. */
	v4l2_ctrl_h264_scaling_matrix k{};
	for (size_t i = 0; i < 6; i++) {
		auto raster4 = scalingListToRaster(lists.list4x4[i]);
		std::memcpy(k.scaling_list_4x4[i], raster4.data(), raster4.size());
		auto raster8 = scalingListToRaster(lists.list8x8[i]);
		std::memcpy(k.scaling_list_8x8[i], raster8.data(), raster8.size());
	}
	return k;
}

/*
 * pic_num of a dpb[] entry: its PicNum (8-28) or LongTermPicNum (8-29) as the current picture
 * numbers references (8.2.4.1). Decoding a frame numbers frames: FrameNumWrap or
 * LongTermFrameIdx. Decoding a field numbers each field of an entry on its own (same parity
 * as the current field: odd), and one entry holds both: it carries the number of its leading
 * field, the field decoded first of a pair coded as fields, and of a frame the field that
 * comes first in output order (the bottom one when the two order counts tie). That is
 * GStreamer's choice (it splits a frame into two fields that way), which the control
 * oracle compares against; drivers that build field lists derive the other field's number.
 */
static uint32_t dpbEntryPicNum(const H264FrameStore &s, const H264CurrentPicture &pic)
{
	uint8_t leading = s.codedAsFields ? s.firstField
			  : s.topFieldOrderCnt < s.bottomFieldOrderCnt ? kH264TopField : kH264BottomField;
	int32_t number = s.isLongTerm() ? H264Dpb::longTermPicNumOf(s, pic, leading)
					: H264Dpb::picNumOf(s, pic, leading);
	return static_cast<uint32_t>(number);
}

static int makeDecodeParams(const H264PictureParams &params, const std::vector<int> &entries,
			    v4l2_ctrl_h264_decode_params *k)
{
	*k = {};
	const H264CurrentPicture &pic = params.picture;
	const H264SliceHeader &slice = params.slices.front().header;
	const auto &stores = params.dpb->stores();

	for (size_t e = 0; e < entries.size(); e++) {
		const H264FrameStore &s = stores[entries[e]];
		v4l2_h264_dpb_entry &d = k->dpb[e];
		d.reference_ts = s.timestampNs;
		/* The uAPI: frame_num of a short-term reference, LongTermFrameIdx of a long-term
		 * one. */
		d.frame_num = s.isLongTerm() ? static_cast<uint16_t>(s.longTermFrameIdx) : s.frameNum;
		d.pic_num = dpbEntryPicNum(s, pic);
		d.fields = (s.shortTermFields | s.longTermFields) & s.decodedFields;
		d.top_field_order_cnt = s.topFieldOrderCnt;
		d.bottom_field_order_cnt = s.bottomFieldOrderCnt;
		d.flags = V4L2_H264_DPB_ENTRY_FLAG_VALID | V4L2_H264_DPB_ENTRY_FLAG_ACTIVE |
			  (s.isLongTerm() ? V4L2_H264_DPB_ENTRY_FLAG_LONG_TERM : 0) |
			  (s.codedAsFields ? V4L2_H264_DPB_ENTRY_FLAG_FIELD : 0);
	}
	k->nal_ref_idc = slice.nal.nalRefIdc;
	k->frame_num = slice.frameNum;
	k->top_field_order_cnt = pic.topFieldOrderCnt;
	k->bottom_field_order_cnt = pic.bottomFieldOrderCnt;
	/* A field's own order count; a second field also carries its first field's, so the
	 * pair's two counts are complete (a first field leaves the other 0). */
	if (pic.isField() && pic.firstFieldStore >= 0) {
		const H264FrameStore &first = stores[pic.firstFieldStore];
		if (pic.structure == H264PictureStructure::BottomField)
			k->top_field_order_cnt = first.topFieldOrderCnt;
		else
			k->bottom_field_order_cnt = first.bottomFieldOrderCnt;
	}
	k->idr_pic_id = slice.idrPicId;
	k->pic_order_cnt_lsb = slice.picOrderCntLsb;
	k->delta_pic_order_cnt_bottom = slice.deltaPicOrderCntBottom;
	k->delta_pic_order_cnt0 = slice.deltaPicOrderCnt[0];
	k->delta_pic_order_cnt1 = slice.deltaPicOrderCnt[1];
	k->dec_ref_pic_marking_bit_size = slice.decRefPicMarkingBitSize;
	k->pic_order_cnt_bit_size = slice.picOrderCntBitSize;
	k->slice_group_change_cycle = slice.sliceGroupChangeCycle;
	k->flags = (slice.isIdr() ? V4L2_H264_DECODE_PARAM_FLAG_IDR_PIC : 0) |
		   (slice.fieldPic ? V4L2_H264_DECODE_PARAM_FLAG_FIELD_PIC : 0) |
		   (slice.fieldPic && slice.bottomField ? V4L2_H264_DECODE_PARAM_FLAG_BOTTOM_FIELD : 0);
	/* PFRAME/BFRAME describe the picture: B if any slice is B, P if any is P/SP. */
	for (const H264SliceParams &s : params.slices) {
		if (s.header.isB())
			k->flags |= V4L2_H264_DECODE_PARAM_FLAG_BFRAME;
		else if (s.header.isP())
			k->flags |= V4L2_H264_DECODE_PARAM_FLAG_PFRAME;
	}
	return 0;
}

static int makeRefList(const H264RefList &list, const std::vector<int> &entries,
		       v4l2_h264_reference (&out)[kH264MaxRefIdx])
{
	int ret = 0;
	for (size_t i = 0; i < list.size() && i < kH264MaxRefIdx; i++) {
		auto it = std::find(entries.begin(), entries.end(), list[i].store);
		if (list[i].store < 0 || it == entries.end()) {
			/* "No reference picture": drivers see an entry they must not use. */
			out[i] = { 0, 0 };
			if (list[i].store >= 0)
				ret = -EINVAL;
			continue;
		}
		out[i].fields = list[i].fields;
		out[i].index = static_cast<uint8_t>(it - entries.begin());
	}
	return ret;
}

static v4l2_ctrl_h264_pred_weights makePredWeights(const H264SliceHeader &slice)
{
	v4l2_ctrl_h264_pred_weights k{};
	const H264PredWeightTable &t = slice.predWeights;
	k.luma_log2_weight_denom = t.lumaLog2WeightDenom;
	k.chroma_log2_weight_denom = t.chromaLog2WeightDenom;
	unsigned counts[2] = { slice.numRefIdxL0ActiveMinus1 + 1u,
			       slice.isB() ? slice.numRefIdxL1ActiveMinus1 + 1u : 0u };
	for (unsigned l = 0; l < 2; l++) {
		for (unsigned i = 0; i < counts[l]; i++) {
			k.weight_factors[l].luma_weight[i] = t.lumaWeight[l][i];
			k.weight_factors[l].luma_offset[i] = t.lumaOffset[l][i];
			for (unsigned j = 0; j < 2; j++) {
				k.weight_factors[l].chroma_weight[i][j] = t.chromaWeight[l][i][j];
				k.weight_factors[l].chroma_offset[i][j] = t.chromaOffset[l][i][j];
			}
		}
	}
	return k;
}

static int makeSliceParams(const H264SliceParams &s, const std::vector<int> &entries,
			   v4l2_ctrl_h264_slice_params *k)
{
	const H264SliceHeader &h = s.header;
	*k = {};
	/* Bits from the NAL unit's first byte (its header included) to slice_data(), counted
	 * without emulation-prevention bytes, as the drivers that skip the header expect. */
	k->header_bit_size = h.headerBitSize;
	k->first_mb_in_slice = h.firstMbInSlice;
	k->slice_type = static_cast<uint8_t>(h.sliceType);
	k->colour_plane_id = h.colourPlaneId;
	k->redundant_pic_cnt = h.redundantPicCnt;
	k->cabac_init_idc = h.cabacInitIdc;
	k->slice_qp_delta = h.sliceQpDelta;
	k->slice_qs_delta = h.sliceQsDelta;
	k->disable_deblocking_filter_idc = h.disableDeblockingFilterIdc;
	k->slice_alpha_c0_offset_div2 = h.sliceAlphaC0OffsetDiv2;
	k->slice_beta_offset_div2 = h.sliceBetaOffsetDiv2;
	k->num_ref_idx_l0_active_minus1 = h.numRefIdxL0ActiveMinus1;
	k->num_ref_idx_l1_active_minus1 = h.numRefIdxL1ActiveMinus1;
	k->flags = (h.directSpatialMvPred ? V4L2_H264_SLICE_FLAG_DIRECT_SPATIAL_MV_PRED : 0) |
		   (h.spForSwitch ? V4L2_H264_SLICE_FLAG_SP_FOR_SWITCH : 0);
	int ret = makeRefList(s.list0, entries, k->ref_pic_list0);
	ret |= makeRefList(s.list1, entries, k->ref_pic_list1);
	return ret;
}

void fillH264ModeControls(H264DecodeMode mode, H264StartCode startCode, ControlSet *out)
{
	int32_t modeValue = mode == H264DecodeMode::FrameBased ? V4L2_STATELESS_H264_DECODE_MODE_FRAME_BASED
							       : V4L2_STATELESS_H264_DECODE_MODE_SLICE_BASED;
	int32_t startValue = startCode == H264StartCode::AnnexB ? V4L2_STATELESS_H264_START_CODE_ANNEX_B
								: V4L2_STATELESS_H264_START_CODE_NONE;
	appendControl(out, V4L2_CID_STATELESS_H264_DECODE_MODE, modeValue);
	appendControl(out, V4L2_CID_STATELESS_H264_START_CODE, startValue);
}

int fillH264Controls(const H264PictureParams &params, unsigned sliceIndex, H264DecodeMode mode,
		     H264StartCode startCode, ControlSet *out)
{
	(void)startCode; /* the slice bytes carry the start code; no control field depends on it */
	if (!params.sps || !params.pps || !params.dpb || params.slices.empty()) {
		LOG(H264, Error) << "picture params incomplete: no SPS, PPS, DPB or slice";
		return -EINVAL;
	}
	if (mode == H264DecodeMode::SliceBased && sliceIndex >= params.slices.size()) {
		LOG(H264, Error) << "slice " << sliceIndex << " of " << params.slices.size();
		return -EINVAL;
	}
	const std::vector<int> entries = h264DpbEntryStores(params);

	appendControl(out, V4L2_CID_STATELESS_H264_SPS, makeSps(*params.sps));
	appendControl(out, V4L2_CID_STATELESS_H264_PPS, makePps(*params.pps, *params.sps));
	appendControl(out, V4L2_CID_STATELESS_H264_SCALING_MATRIX,
		      makeScalingMatrix(params.pps->scalingLists));
	v4l2_ctrl_h264_decode_params decode;
	int ret = makeDecodeParams(params, entries, &decode);
	appendControl(out, V4L2_CID_STATELESS_H264_DECODE_PARAMS, decode);
	if (mode == H264DecodeMode::FrameBased)
		return ret;

	const H264SliceParams &slice = params.slices[sliceIndex];
	v4l2_ctrl_h264_slice_params sliceParams;
	if (makeSliceParams(slice, entries, &sliceParams)) {
		LOG(H264, Warn) << "slice " << sliceIndex << " references a frame outside dpb[]";
		ret = -EINVAL;
	}
	appendControl(out, V4L2_CID_STATELESS_H264_SLICE_PARAMS, sliceParams);
	if (slice.header.hasPredWeightTable)
		appendControl(out, V4L2_CID_STATELESS_H264_PRED_WEIGHTS, makePredWeights(slice.header));
	return ret;
}

} /* namespace sluice */
