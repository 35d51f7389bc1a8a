/* SPDX-License-Identifier: MIT */
/*
 * The only file of the HEVC front-end that includes the kernel's stateless uAPI. Field
 * meanings follow Documentation/userspace-api/media/v4l/ext-ctrls-codec-stateless.rst.
 */
#include "hevc_controls.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <linux/v4l2-controls.h>
#include <linux/videodev2.h>

#include "hevc_log.h"

namespace sluice {

/* The kernel ABI this file was written against: a change here is a change of uAPI. */
static_assert(sizeof(v4l2_ctrl_hevc_sps) == 40);
static_assert(sizeof(v4l2_ctrl_hevc_pps) == 64);
static_assert(sizeof(v4l2_ctrl_hevc_slice_params) == 280);
static_assert(sizeof(v4l2_ctrl_hevc_decode_params) == 328);
static_assert(sizeof(v4l2_ctrl_hevc_scaling_matrix) == 1000);
static_assert(sizeof(v4l2_hevc_dpb_entry) == 16);
static_assert(sizeof(v4l2_hevc_pred_weight_table) == 194);
static_assert(V4L2_HEVC_DPB_ENTRIES_NUM_MAX == kHevcMaxDpbSize);
static_assert(sizeof(v4l2_ctrl_hevc_pps::column_width_minus1) == kHevcMaxTileColumns);
static_assert(sizeof(v4l2_ctrl_hevc_pps::row_height_minus1) == kHevcMaxTileRows);
static_assert(sizeof(v4l2_ctrl_hevc_slice_params::ref_idx_l0) >= kHevcMaxRefIdx);
static_assert(sizeof(v4l2_ctrl_hevc_slice_params::ref_idx_l1) >= kHevcMaxRefIdx);
static_assert(sizeof(v4l2_hevc_pred_weight_table::delta_luma_weight_l0) >= kHevcMaxRefIdx);
static_assert(sizeof(v4l2_ctrl_hevc_decode_params::poc_st_curr_before) == kHevcMaxDpbSize);
static_assert(sizeof(v4l2_ctrl_hevc_decode_params::poc_lt_curr) == kHevcMaxDpbSize);
static_assert(sizeof(v4l2_ctrl_hevc_scaling_matrix::scaling_list_4x4) == 6 * 16);
static_assert(sizeof(v4l2_ctrl_hevc_scaling_matrix::scaling_list_32x32) == 2 * 64);

namespace {

template<typename T>
void appendArray(ControlSet *out, uint32_t id, const std::vector<T> &values)
{
	Control control{ id, std::vector<uint8_t>(values.size() * sizeof(T)) };
	if (!values.empty())
		std::memcpy(control.payload.data(), values.data(), control.payload.size());
	out->push_back(std::move(control));
}

v4l2_ctrl_hevc_sps makeSps(const HevcSps &sps)
{
	v4l2_ctrl_hevc_sps k{};
	k.video_parameter_set_id = sps.vpsId;
	k.seq_parameter_set_id = sps.id;
	k.pic_width_in_luma_samples = sps.picWidthInLumaSamples;
	k.pic_height_in_luma_samples = sps.picHeightInLumaSamples;
	k.bit_depth_luma_minus8 = sps.bitDepthLumaMinus8;
	k.bit_depth_chroma_minus8 = sps.bitDepthChromaMinus8;
	k.log2_max_pic_order_cnt_lsb_minus4 = sps.log2MaxPicOrderCntLsbMinus4;
	k.sps_max_dec_pic_buffering_minus1 = sps.maxDecPicBufferingMinus1[sps.maxSubLayersMinus1];
	k.sps_max_num_reorder_pics = sps.maxNumReorderPics[sps.maxSubLayersMinus1];
	k.sps_max_latency_increase_plus1 = static_cast<uint8_t>(
		std::min<uint32_t>(sps.maxLatencyIncreasePlus1[sps.maxSubLayersMinus1], 255));
	k.log2_min_luma_coding_block_size_minus3 = sps.log2MinLumaCodingBlockSizeMinus3;
	k.log2_diff_max_min_luma_coding_block_size = sps.log2DiffMaxMinLumaCodingBlockSize;
	k.log2_min_luma_transform_block_size_minus2 = sps.log2MinLumaTransformBlockSizeMinus2;
	k.log2_diff_max_min_luma_transform_block_size = sps.log2DiffMaxMinLumaTransformBlockSize;
	k.max_transform_hierarchy_depth_inter = sps.maxTransformHierarchyDepthInter;
	k.max_transform_hierarchy_depth_intra = sps.maxTransformHierarchyDepthIntra;
	k.pcm_sample_bit_depth_luma_minus1 = sps.pcmSampleBitDepthLumaMinus1;
	k.pcm_sample_bit_depth_chroma_minus1 = sps.pcmSampleBitDepthChromaMinus1;
	k.log2_min_pcm_luma_coding_block_size_minus3 = sps.log2MinPcmLumaCodingBlockSizeMinus3;
	k.log2_diff_max_min_pcm_luma_coding_block_size = sps.log2DiffMaxMinPcmLumaCodingBlockSize;
	k.num_short_term_ref_pic_sets = sps.numShortTermRefPicSets;
	k.num_long_term_ref_pics_sps = sps.numLongTermRefPicsSps;
	k.chroma_format_idc = sps.chromaFormatIdc;
	k.sps_max_sub_layers_minus1 = sps.maxSubLayersMinus1;
	uint64_t f = 0;
	f |= sps.separateColourPlane ? V4L2_HEVC_SPS_FLAG_SEPARATE_COLOUR_PLANE : 0;
	f |= sps.scalingListEnabled ? V4L2_HEVC_SPS_FLAG_SCALING_LIST_ENABLED : 0;
	f |= sps.ampEnabled ? V4L2_HEVC_SPS_FLAG_AMP_ENABLED : 0;
	f |= sps.sampleAdaptiveOffsetEnabled ? V4L2_HEVC_SPS_FLAG_SAMPLE_ADAPTIVE_OFFSET : 0;
	f |= sps.pcmEnabled ? V4L2_HEVC_SPS_FLAG_PCM_ENABLED : 0;
	f |= sps.pcmLoopFilterDisabled ? V4L2_HEVC_SPS_FLAG_PCM_LOOP_FILTER_DISABLED : 0;
	f |= sps.longTermRefPicsPresent ? V4L2_HEVC_SPS_FLAG_LONG_TERM_REF_PICS_PRESENT : 0;
	f |= sps.temporalMvpEnabled ? V4L2_HEVC_SPS_FLAG_SPS_TEMPORAL_MVP_ENABLED : 0;
	f |= sps.strongIntraSmoothingEnabled ? V4L2_HEVC_SPS_FLAG_STRONG_INTRA_SMOOTHING_ENABLED : 0;
	k.flags = f;
	return k;
}

v4l2_ctrl_hevc_pps makePps(const HevcPps &pps, const HevcSps &sps)
{
	v4l2_ctrl_hevc_pps k{};
	k.pic_parameter_set_id = pps.id;
	k.num_extra_slice_header_bits = pps.numExtraSliceHeaderBits;
	k.num_ref_idx_l0_default_active_minus1 = pps.numRefIdxL0DefaultActiveMinus1;
	k.num_ref_idx_l1_default_active_minus1 = pps.numRefIdxL1DefaultActiveMinus1;
	k.init_qp_minus26 = pps.initQpMinus26;
	k.diff_cu_qp_delta_depth = pps.diffCuQpDeltaDepth;
	k.pps_cb_qp_offset = pps.cbQpOffset;
	k.pps_cr_qp_offset = pps.crQpOffset;
	if (pps.tilesEnabled) {
		k.num_tile_columns_minus1 = pps.numTileColumnsMinus1;
		k.num_tile_rows_minus1 = pps.numTileRowsMinus1;
		/* 6.5.1 sizes in both spacing modes: drivers that ignore the uniform flag get
		 * the same tiles as those that derive them. */
		auto columns = pps.tileColumnWidths(sps);
		auto rows = pps.tileRowHeights(sps);
		for (unsigned i = 0; i <= pps.numTileColumnsMinus1; i++)
			k.column_width_minus1[i] = static_cast<uint8_t>(columns[i] - 1);
		for (unsigned i = 0; i <= pps.numTileRowsMinus1; i++)
			k.row_height_minus1[i] = static_cast<uint8_t>(rows[i] - 1);
	}
	k.pps_beta_offset_div2 = pps.betaOffsetDiv2;
	k.pps_tc_offset_div2 = pps.tcOffsetDiv2;
	k.log2_parallel_merge_level_minus2 = pps.log2ParallelMergeLevelMinus2;
	uint64_t f = 0;
	f |= pps.dependentSliceSegmentsEnabled ? V4L2_HEVC_PPS_FLAG_DEPENDENT_SLICE_SEGMENT_ENABLED : 0;
	f |= pps.outputFlagPresent ? V4L2_HEVC_PPS_FLAG_OUTPUT_FLAG_PRESENT : 0;
	f |= pps.signDataHidingEnabled ? V4L2_HEVC_PPS_FLAG_SIGN_DATA_HIDING_ENABLED : 0;
	f |= pps.cabacInitPresent ? V4L2_HEVC_PPS_FLAG_CABAC_INIT_PRESENT : 0;
	f |= pps.constrainedIntraPred ? V4L2_HEVC_PPS_FLAG_CONSTRAINED_INTRA_PRED : 0;
	f |= pps.transformSkipEnabled ? V4L2_HEVC_PPS_FLAG_TRANSFORM_SKIP_ENABLED : 0;
	f |= pps.cuQpDeltaEnabled ? V4L2_HEVC_PPS_FLAG_CU_QP_DELTA_ENABLED : 0;
	f |= pps.sliceChromaQpOffsetsPresent ? V4L2_HEVC_PPS_FLAG_PPS_SLICE_CHROMA_QP_OFFSETS_PRESENT : 0;
	f |= pps.weightedPred ? V4L2_HEVC_PPS_FLAG_WEIGHTED_PRED : 0;
	f |= pps.weightedBipred ? V4L2_HEVC_PPS_FLAG_WEIGHTED_BIPRED : 0;
	f |= pps.transquantBypassEnabled ? V4L2_HEVC_PPS_FLAG_TRANSQUANT_BYPASS_ENABLED : 0;
	f |= pps.tilesEnabled ? V4L2_HEVC_PPS_FLAG_TILES_ENABLED : 0;
	f |= pps.entropyCodingSyncEnabled ? V4L2_HEVC_PPS_FLAG_ENTROPY_CODING_SYNC_ENABLED : 0;
	f |= pps.loopFilterAcrossTilesEnabled ? V4L2_HEVC_PPS_FLAG_LOOP_FILTER_ACROSS_TILES_ENABLED : 0;
	f |= pps.loopFilterAcrossSlicesEnabled ? V4L2_HEVC_PPS_FLAG_PPS_LOOP_FILTER_ACROSS_SLICES_ENABLED : 0;
	f |= pps.deblockingFilterOverrideEnabled ? V4L2_HEVC_PPS_FLAG_DEBLOCKING_FILTER_OVERRIDE_ENABLED : 0;
	f |= pps.deblockingFilterDisabled ? V4L2_HEVC_PPS_FLAG_PPS_DISABLE_DEBLOCKING_FILTER : 0;
	f |= pps.listsModificationPresent ? V4L2_HEVC_PPS_FLAG_LISTS_MODIFICATION_PRESENT : 0;
	f |= pps.sliceSegmentHeaderExtensionPresent ? V4L2_HEVC_PPS_FLAG_SLICE_SEGMENT_HEADER_EXTENSION_PRESENT : 0;
	f |= pps.deblockingFilterControlPresent ? V4L2_HEVC_PPS_FLAG_DEBLOCKING_FILTER_CONTROL_PRESENT : 0;
	/* 7.4.3.3: uniform_spacing_flag is inferred to be 1 when absent (no tiles), and the
	 * flag carries the syntax element's value, inferred or coded. */
	f |= pps.uniformSpacing ? V4L2_HEVC_PPS_FLAG_UNIFORM_SPACING : 0;
	k.flags = f;
	return k;
}

/* The uAPI's weight table holds s8; an offset beyond it (high bit depths) is clamped. */
int8_t toS8(int value)
{
	return static_cast<int8_t>(std::clamp(value, -128, 127));
}

/* ChromaOffsetLX[i][j] (7-56), not the coded delta_chroma_offset_lX: the table's chroma
 * offsets are s8, the derived offset's 8-bit range (-128..127), while the coded delta spans
 * -512..511 (7.4.7.3) and would not fit. GStreamer's v4l2slh265dec and the VA-API request
 * backend (which passes VA's ChromaOffsetL0/L1) send the derived value too; the control
 * oracle compares it (docs/control-oracle.md). A reference without chroma weights has
 * ChromaWeightLX = 2^ChromaLog2WeightDenom and delta 0, hence offset 0. */
int chromaOffset(const HevcPredWeightTable &w, const HevcSps &sps, int list, unsigned i, int j)
{
	const int halfRangeC = 1 << (sps.rangeExtension.highPrecisionOffsets ? sps.bitDepthChroma() - 1 : 7);
	const int denom = w.lumaLog2WeightDenom + w.deltaChromaLog2WeightDenom;
	const int weight = (1 << denom) + w.deltaChromaWeight[list][i][j];
	const int offset = halfRangeC + w.deltaChromaOffset[list][i][j] - ((halfRangeC * weight) >> denom);
	return std::clamp(offset, -halfRangeC, halfRangeC - 1);
}

v4l2_ctrl_hevc_slice_params makeSliceParams(const HevcPictureParams &params, const HevcSliceParams &slice,
					    const HevcControlOptions &options)
{
	const HevcSliceHeader &h = slice.header;
	const unsigned startCode = hevcStartCodeBytes(options.startCode);
	v4l2_ctrl_hevc_slice_params k{};
	k.bit_size = static_cast<uint32_t>((slice.nal.size() + startCode) * 8);
	/* Bytes from the start of this slice's data in the buffer (start code included) to
	 * slice_segment_data(). */
	k.data_byte_offset = h.dataByteOffset + startCode;
	k.num_entry_point_offsets = static_cast<uint32_t>(h.entryPointOffsetMinus1.size());
	k.nal_unit_type = static_cast<uint8_t>(h.nal.type);
	k.nuh_temporal_id_plus1 = h.nal.temporalIdPlus1;
	/* V4L2_HEVC_SLICE_TYPE_{B,P,I} are slice_type's own values (7.4.7.1). */
	k.slice_type = static_cast<uint8_t>(h.sliceType);
	k.colour_plane_id = h.colourPlaneId;
	k.slice_pic_order_cnt = params.poc;
	k.num_ref_idx_l0_active_minus1 = h.numRefIdxL0ActiveMinus1;
	k.num_ref_idx_l1_active_minus1 = h.numRefIdxL1ActiveMinus1;
	k.collocated_ref_idx = h.collocatedRefIdx;
	k.five_minus_max_num_merge_cand = h.fiveMinusMaxNumMergeCand;
	k.slice_qp_delta = h.sliceQpDelta;
	k.slice_cb_qp_offset = h.sliceCbQpOffset;
	k.slice_cr_qp_offset = h.sliceCrQpOffset;
	k.slice_beta_offset_div2 = h.betaOffsetDiv2;
	k.slice_tc_offset_div2 = h.tcOffsetDiv2;
	k.pic_struct = V4L2_HEVC_SEI_PIC_STRUCT_FRAME;
	k.slice_segment_addr = h.sliceSegmentAddress;
	for (size_t i = 0; i < slice.refPicList0.size() && i < kHevcMaxRefIdx; i++)
		k.ref_idx_l0[i] = slice.refPicList0[i];
	for (size_t i = 0; i < slice.refPicList1.size() && i < kHevcMaxRefIdx; i++)
		k.ref_idx_l1[i] = slice.refPicList1[i];
	k.short_term_ref_pic_set_size = static_cast<uint16_t>(h.shortTermRefPicSetBits);
	k.long_term_ref_pic_set_size = static_cast<uint16_t>(h.longTermRefPicSetBits);

	if (h.hasPredWeightTable) {
		const HevcPredWeightTable &w = h.predWeights;
		v4l2_hevc_pred_weight_table &t = k.pred_weight_table;
		t.luma_log2_weight_denom = w.lumaLog2WeightDenom;
		t.delta_chroma_log2_weight_denom = w.deltaChromaLog2WeightDenom;
		for (unsigned i = 0; i <= h.numRefIdxL0ActiveMinus1; i++) {
			t.delta_luma_weight_l0[i] = toS8(w.deltaLumaWeight[0][i]);
			t.luma_offset_l0[i] = toS8(w.lumaOffset[0][i]);
			for (int j = 0; j < 2; j++) {
				t.delta_chroma_weight_l0[i][j] = toS8(w.deltaChromaWeight[0][i][j]);
				t.chroma_offset_l0[i][j] = toS8(chromaOffset(w, *params.sps, 0, i, j));
			}
		}
		if (h.isB())
			for (unsigned i = 0; i <= h.numRefIdxL1ActiveMinus1; i++) {
				t.delta_luma_weight_l1[i] = toS8(w.deltaLumaWeight[1][i]);
				t.luma_offset_l1[i] = toS8(w.lumaOffset[1][i]);
				for (int j = 0; j < 2; j++) {
					t.delta_chroma_weight_l1[i][j] = toS8(w.deltaChromaWeight[1][i][j]);
					t.chroma_offset_l1[i][j] = toS8(chromaOffset(w, *params.sps, 1, i, j));
				}
			}
	}
	uint64_t f = 0;
	f |= h.saoLuma ? V4L2_HEVC_SLICE_PARAMS_FLAG_SLICE_SAO_LUMA : 0;
	f |= h.saoChroma ? V4L2_HEVC_SLICE_PARAMS_FLAG_SLICE_SAO_CHROMA : 0;
	f |= h.temporalMvpEnabled ? V4L2_HEVC_SLICE_PARAMS_FLAG_SLICE_TEMPORAL_MVP_ENABLED : 0;
	f |= h.mvdL1Zero ? V4L2_HEVC_SLICE_PARAMS_FLAG_MVD_L1_ZERO : 0;
	f |= h.cabacInit ? V4L2_HEVC_SLICE_PARAMS_FLAG_CABAC_INIT : 0;
	f |= h.collocatedFromL0 ? V4L2_HEVC_SLICE_PARAMS_FLAG_COLLOCATED_FROM_L0 : 0;
	f |= h.deblockingFilterDisabled ? V4L2_HEVC_SLICE_PARAMS_FLAG_SLICE_DEBLOCKING_FILTER_DISABLED : 0;
	f |= h.loopFilterAcrossSlicesEnabled ? V4L2_HEVC_SLICE_PARAMS_FLAG_SLICE_LOOP_FILTER_ACROSS_SLICES_ENABLED : 0;
	f |= h.dependentSliceSegment ? V4L2_HEVC_SLICE_PARAMS_FLAG_DEPENDENT_SLICE_SEGMENT : 0;
	k.flags = f;
	return k;
}

v4l2_ctrl_hevc_decode_params makeDecodeParams(const HevcPictureParams &params)
{
	v4l2_ctrl_hevc_decode_params k{};
	const HevcSliceHeader &first = params.slices.front().header;
	k.pic_order_cnt_val = params.poc;
	k.short_term_ref_pic_set_size = static_cast<uint16_t>(first.shortTermRefPicSetBits);
	k.long_term_ref_pic_set_size = static_cast<uint16_t>(first.longTermRefPicSetBits);
	size_t entries = std::min<size_t>(params.dpb.size(), V4L2_HEVC_DPB_ENTRIES_NUM_MAX);
	k.num_active_dpb_entries = static_cast<uint8_t>(entries);
	for (size_t i = 0; i < entries; i++) {
		k.dpb[i].timestamp = params.dpb[i].timestampNs;
		k.dpb[i].flags = params.dpb[i].longTerm ? V4L2_HEVC_DPB_ENTRY_LONG_TERM_REFERENCE : 0;
		k.dpb[i].field_pic = 0;
		k.dpb[i].pic_order_cnt_val = params.dpb[i].poc;
	}
	auto copyList = [](const std::vector<uint8_t> &list, uint8_t *count, uint8_t *out) {
		size_t n = std::min<size_t>(list.size(), V4L2_HEVC_DPB_ENTRIES_NUM_MAX);
		*count = static_cast<uint8_t>(n);
		std::copy_n(list.begin(), n, out);
	};
	copyList(params.stCurrBefore, &k.num_poc_st_curr_before, k.poc_st_curr_before);
	copyList(params.stCurrAfter, &k.num_poc_st_curr_after, k.poc_st_curr_after);
	copyList(params.ltCurr, &k.num_poc_lt_curr, k.poc_lt_curr);
	if (!first.shortTermRefPicSetSpsFlag && first.shortTermRps.interRpsPrediction)
		k.num_delta_pocs_of_ref_rps_idx = first.shortTermRps.numDeltaPocsOfRefRps;
	uint64_t f = 0;
	f |= params.irap ? V4L2_HEVC_DECODE_PARAM_FLAG_IRAP_PIC : 0;
	f |= params.idr ? V4L2_HEVC_DECODE_PARAM_FLAG_IDR_PIC : 0;
	f |= first.noOutputOfPriorPics ? V4L2_HEVC_DECODE_PARAM_FLAG_NO_OUTPUT_OF_PRIOR : 0;
	k.flags = f;
	return k;
}

v4l2_ctrl_hevc_scaling_matrix makeScalingMatrix(const HevcScalingLists &lists)
{
	v4l2_ctrl_hevc_scaling_matrix k{};
	for (unsigned m = 0; m < 6; m++) {
		auto l4 = hevcScalingList4x4ToRaster(lists.lists[0][m]);
		std::copy(l4.begin(), l4.end(), k.scaling_list_4x4[m]);
		auto l8 = hevcScalingList8x8ToRaster(lists.lists[1][m]);
		std::copy(l8.begin(), l8.end(), k.scaling_list_8x8[m]);
		auto l16 = hevcScalingList8x8ToRaster(lists.lists[2][m]);
		std::copy(l16.begin(), l16.end(), k.scaling_list_16x16[m]);
		k.scaling_list_dc_coef_16x16[m] = lists.dc[0][m];
	}
	/* The uAPI carries the two luma 32x32 lists (matrixId 0 and 3), as 4:2:0 codes them. */
	for (unsigned i = 0; i < 2; i++) {
		auto l32 = hevcScalingList8x8ToRaster(lists.lists[3][i * 3]);
		std::copy(l32.begin(), l32.end(), k.scaling_list_32x32[i]);
		k.scaling_list_dc_coef_32x32[i] = lists.dc[1][i * 3];
	}
	return k;
}

} /* namespace */

int fillHevcControls(const HevcPictureParams &params, unsigned sliceIndex, const HevcControlOptions &options,
		     ControlSet *out)
{
	if (!params.sps || !params.pps || params.slices.empty() || sliceIndex >= params.slices.size())
		return -EINVAL;
	for (const HevcSliceParams &slice : params.slices)
		for (const auto *list : { &slice.refPicList0, &slice.refPicList1 })
			for (uint8_t index : *list)
				if (index >= params.dpb.size())
					return -EINVAL;
	appendControl(out, V4L2_CID_STATELESS_HEVC_SPS, makeSps(*params.sps));
	appendControl(out, V4L2_CID_STATELESS_HEVC_PPS, makePps(*params.pps, *params.sps));
	appendControl(out, V4L2_CID_STATELESS_HEVC_DECODE_PARAMS, makeDecodeParams(params));
	if (params.sps->scalingListEnabled) {
		/* 7.4.3.3.1: the PPS lists replace the SPS ones when it carries any. */
		const HevcScalingLists &lists = params.pps->scalingListDataPresent ? params.pps->scalingLists
										   : params.sps->scalingLists;
		appendControl(out, V4L2_CID_STATELESS_HEVC_SCALING_MATRIX, makeScalingMatrix(lists));
	}

	size_t first = options.mode == HevcDecodeMode::FrameBased ? 0 : sliceIndex;
	size_t last = options.mode == HevcDecodeMode::FrameBased ? params.slices.size() : sliceIndex + 1;
	std::vector<v4l2_ctrl_hevc_slice_params> slices;
	std::vector<uint32_t> entryPoints;
	for (size_t i = first; i < last; i++) {
		slices.push_back(makeSliceParams(params, params.slices[i], options));
		const auto &offsets = params.slices[i].header.entryPointOffsetMinus1;
		entryPoints.insert(entryPoints.end(), offsets.begin(), offsets.end());
	}
	appendArray(out, V4L2_CID_STATELESS_HEVC_SLICE_PARAMS, slices);
	if (options.entryPointOffsets && !entryPoints.empty())
		appendArray(out, V4L2_CID_STATELESS_HEVC_ENTRY_POINT_OFFSETS, entryPoints);
	return 0;
}

void fillHevcModeControls(const HevcControlOptions &options, ControlSet *out)
{
	int32_t mode = options.mode == HevcDecodeMode::FrameBased ? V4L2_STATELESS_HEVC_DECODE_MODE_FRAME_BASED
								  : V4L2_STATELESS_HEVC_DECODE_MODE_SLICE_BASED;
	int32_t startCode = options.startCode == HevcStartCode::AnnexB ? V4L2_STATELESS_HEVC_START_CODE_ANNEX_B
								       : V4L2_STATELESS_HEVC_START_CODE_NONE;
	appendControl(out, V4L2_CID_STATELESS_HEVC_DECODE_MODE, mode);
	appendControl(out, V4L2_CID_STATELESS_HEVC_START_CODE, startCode);
}

} /* namespace sluice */
