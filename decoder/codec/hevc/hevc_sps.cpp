/* SPDX-License-Identifier: MIT */
#include "hevc_sps.h"

#include <algorithm>
#include <cerrno>

#include "hevc_hrd.h"
#include "hevc_log.h"

namespace sluice {

static void parseVui(SyntaxReader &reader, const HevcSps &sps, HevcVui *vui)
{
	parseVuiSignal(reader, vui);
	reader.flag("neutral_chroma_indication_flag");
	vui->fieldSeq = reader.flag("field_seq_flag");
	reader.flag("frame_field_info_present_flag");
	if (reader.flag("default_display_window_flag")) {
		reader.ue("def_disp_win_left_offset");
		reader.ue("def_disp_win_right_offset");
		reader.ue("def_disp_win_top_offset");
		reader.ue("def_disp_win_bottom_offset");
	}
	vui->timingInfoPresent = reader.flag("vui_timing_info_present_flag");
	if (vui->timingInfoPresent) {
		vui->numUnitsInTick = reader.u(32, "vui_num_units_in_tick");
		vui->timeScale = reader.u(32, "vui_time_scale");
		if (reader.flag("vui_poc_proportional_to_timing_flag"))
			reader.ue("vui_num_ticks_poc_diff_one_minus1");
		if (reader.flag("vui_hrd_parameters_present_flag"))
			parseHrdParameters(reader, true, sps.maxSubLayersMinus1);
	}
	if (reader.flag("bitstream_restriction_flag")) {
		reader.flag("tiles_fixed_structure_flag");
		reader.flag("motion_vectors_over_pic_boundaries_flag");
		reader.flag("restricted_ref_pic_lists_flag");
		reader.ueMax("min_spatial_segmentation_idc", 4095);
		reader.ueMax("max_bytes_per_pic_denom", 16);
		reader.ueMax("max_bits_per_min_cu_denom", 16);
		reader.ueMax("log2_max_mv_length_horizontal", 15);
		reader.ueMax("log2_max_mv_length_vertical", 15);
	}
}

static void parseRangeExtension(SyntaxReader &reader, HevcSpsRangeExtension *ext)
{
	ext->transformSkipRotation = reader.flag("transform_skip_rotation_enabled_flag");
	ext->transformSkipContext = reader.flag("transform_skip_context_enabled_flag");
	ext->implicitRdpcm = reader.flag("implicit_rdpcm_enabled_flag");
	ext->explicitRdpcm = reader.flag("explicit_rdpcm_enabled_flag");
	ext->extendedPrecisionProcessing = reader.flag("extended_precision_processing_flag");
	ext->intraSmoothingDisabled = reader.flag("intra_smoothing_disabled_flag");
	ext->highPrecisionOffsets = reader.flag("high_precision_offsets_enabled_flag");
	ext->persistentRiceAdaptation = reader.flag("persistent_rice_adaptation_enabled_flag");
	ext->cabacBypassAlignment = reader.flag("cabac_bypass_alignment_enabled_flag");
}

/* Everything from log2_min_luma_coding_block_size_minus3 to the PCM parameters. */
static void parseBlockSizes(SyntaxReader &reader, HevcSps *sps)
{
	/* 7.4.3.2.1 and A.4 (CtbLog2SizeY in 4..6, MinCbLog2SizeY >= 3). */
	sps->log2MinLumaCodingBlockSizeMinus3 = reader.ueMax("log2_min_luma_coding_block_size_minus3", 3);
	sps->log2DiffMaxMinLumaCodingBlockSize = reader.ueMax("log2_diff_max_min_luma_coding_block_size", 3);
	if (sps->ctbLog2SizeY() > 6)
		reader.fail();
	unsigned minTbMax = sps->minCbLog2SizeY() - 1; /* MinTbLog2SizeY < MinCbLog2SizeY */
	sps->log2MinLumaTransformBlockSizeMinus2 =
		reader.ueMax("log2_min_luma_transform_block_size_minus2", minTbMax - 2);
	unsigned minTb = sps->log2MinLumaTransformBlockSizeMinus2 + 2u;
	/* MaxTbLog2SizeY <= Min(CtbLog2SizeY, 5). */
	unsigned maxTb = std::min(sps->ctbLog2SizeY(), 5u);
	sps->log2DiffMaxMinLumaTransformBlockSize =
		reader.ueMax("log2_diff_max_min_luma_transform_block_size", maxTb >= minTb ? maxTb - minTb : 0);
	unsigned depthMax = sps->ctbLog2SizeY() >= minTb ? sps->ctbLog2SizeY() - minTb : 0;
	sps->maxTransformHierarchyDepthInter = reader.ueMax("max_transform_hierarchy_depth_inter", depthMax);
	sps->maxTransformHierarchyDepthIntra = reader.ueMax("max_transform_hierarchy_depth_intra", depthMax);

	sps->scalingListEnabled = reader.flag("scaling_list_enabled_flag");
	sps->scalingLists = defaultHevcScalingLists();
	if (sps->scalingListEnabled) {
		sps->scalingListDataPresent = reader.flag("sps_scaling_list_data_present_flag");
		if (sps->scalingListDataPresent)
			parseHevcScalingListData(reader, &sps->scalingLists);
	}
	sps->ampEnabled = reader.flag("amp_enabled_flag");
	sps->sampleAdaptiveOffsetEnabled = reader.flag("sample_adaptive_offset_enabled_flag");
	sps->pcmEnabled = reader.flag("pcm_enabled_flag");
	if (sps->pcmEnabled) {
		sps->pcmSampleBitDepthLumaMinus1 = reader.u(4, "pcm_sample_bit_depth_luma_minus1");
		sps->pcmSampleBitDepthChromaMinus1 = reader.u(4, "pcm_sample_bit_depth_chroma_minus1");
		/* 7.4.3.2.1: PCM bit depths do not exceed the sample bit depths. */
		if (sps->pcmSampleBitDepthLumaMinus1 + 1u > sps->bitDepthLuma() ||
		    sps->pcmSampleBitDepthChromaMinus1 + 1u > sps->bitDepthChroma())
			reader.fail();
		sps->log2MinPcmLumaCodingBlockSizeMinus3 = reader.ueMax("log2_min_pcm_luma_coding_block_size_minus3", 2);
		sps->log2DiffMaxMinPcmLumaCodingBlockSize =
			reader.ueMax("log2_diff_max_min_pcm_luma_coding_block_size",
				     2 - sps->log2MinPcmLumaCodingBlockSizeMinus3);
		sps->pcmLoopFilterDisabled = reader.flag("pcm_loop_filter_disabled_flag");
	}
}

int parseHevcSps(SyntaxReader &reader, HevcSps *sps)
{
	*sps = HevcSps{};
	sps->vpsId = reader.u(4, "sps_video_parameter_set_id");
	sps->maxSubLayersMinus1 = reader.u(3, "sps_max_sub_layers_minus1");
	if (sps->maxSubLayersMinus1 >= kHevcMaxSubLayers)
		reader.fail();
	reader.flag("sps_temporal_id_nesting_flag");
	if (reader.failed()) {
		LOG(HEVC, Error) << "SPS is truncated or has more than 7 sub-layers";
		return -EINVAL;
	}
	parseProfileTierLevel(reader, sps->maxSubLayersMinus1, &sps->profileTierLevel);
	uint32_t id = reader.ue("sps_seq_parameter_set_id");
	if (reader.failed() || id >= kHevcMaxSpsCount) {
		LOG(HEVC, Error) << "SPS id " << id << " out of range (max " << kHevcMaxSpsCount - 1 << ")";
		return -EINVAL;
	}
	sps->id = id;

	sps->chromaFormatIdc = reader.ueMax("chroma_format_idc", 3);
	if (sps->chromaFormatIdc == 3)
		sps->separateColourPlane = reader.flag("separate_colour_plane_flag");
	sps->picWidthInLumaSamples = reader.ueMax("pic_width_in_luma_samples", kHevcMaxPictureDimension);
	sps->picHeightInLumaSamples = reader.ueMax("pic_height_in_luma_samples", kHevcMaxPictureDimension);
	sps->conformanceWindow = reader.flag("conformance_window_flag");
	if (sps->conformanceWindow) {
		sps->confWinLeftOffset = reader.ueMax("conf_win_left_offset", kHevcMaxPictureDimension);
		sps->confWinRightOffset = reader.ueMax("conf_win_right_offset", kHevcMaxPictureDimension);
		sps->confWinTopOffset = reader.ueMax("conf_win_top_offset", kHevcMaxPictureDimension);
		sps->confWinBottomOffset = reader.ueMax("conf_win_bottom_offset", kHevcMaxPictureDimension);
	}
	/* 7.4.3.2.1: bit depths 8..16. */
	sps->bitDepthLumaMinus8 = reader.ueMax("bit_depth_luma_minus8", 8);
	sps->bitDepthChromaMinus8 = reader.ueMax("bit_depth_chroma_minus8", 8);
	sps->log2MaxPicOrderCntLsbMinus4 = reader.ueMax("log2_max_pic_order_cnt_lsb_minus4", 12);

	bool orderingInfo = reader.flag("sps_sub_layer_ordering_info_present_flag");
	for (unsigned i = orderingInfo ? 0 : sps->maxSubLayersMinus1; i <= sps->maxSubLayersMinus1; i++) {
		int index = static_cast<int>(i);
		sps->maxDecPicBufferingMinus1[i] =
			reader.ueMax("sps_max_dec_pic_buffering_minus1", kHevcMaxDpbSize - 1, index);
		sps->maxNumReorderPics[i] =
			reader.ueMax("sps_max_num_reorder_pics", sps->maxDecPicBufferingMinus1[i], index);
		sps->maxLatencyIncreasePlus1[i] = reader.ue("sps_max_latency_increase_plus1", index);
	}
	/* 7.4.3.2.1: without ordering info every sub-layer takes the highest one's values. */
	if (!orderingInfo)
		for (unsigned i = 0; i < sps->maxSubLayersMinus1; i++) {
			sps->maxDecPicBufferingMinus1[i] = sps->maxDecPicBufferingMinus1[sps->maxSubLayersMinus1];
			sps->maxNumReorderPics[i] = sps->maxNumReorderPics[sps->maxSubLayersMinus1];
			sps->maxLatencyIncreasePlus1[i] = sps->maxLatencyIncreasePlus1[sps->maxSubLayersMinus1];
		}

	parseBlockSizes(reader, sps);
	if (reader.failed()) {
		LOG(HEVC, Error) << "SPS " << id << ": block sizes or PCM parameters out of range";
		return -EINVAL;
	}
	/* 7.4.3.2.1: the picture size is a multiple of MinCbSizeY, and not zero. */
	unsigned minCb = 1u << sps->minCbLog2SizeY();
	if (sps->picWidthInLumaSamples == 0 || sps->picHeightInLumaSamples == 0 ||
	    sps->picWidthInLumaSamples % minCb || sps->picHeightInLumaSamples % minCb) {
		LOG(HEVC, Error) << "SPS " << id << ": size " << sps->picWidthInLumaSamples << "x"
				 << sps->picHeightInLumaSamples << " is not a multiple of MinCbSizeY " << minCb;
		return -EINVAL;
	}

	sps->numShortTermRefPicSets = reader.ueMax("num_short_term_ref_pic_sets", kHevcMaxShortTermRpsSets);
	for (unsigned i = 0; i < sps->numShortTermRefPicSets && !reader.failed(); i++)
		parseShortTermRps(reader, i, sps->numShortTermRefPicSets, sps->shortTermRps.data(),
				  sps->maxDecPicBufferingMinus1[sps->maxSubLayersMinus1], &sps->shortTermRps[i]);
	sps->longTermRefPicsPresent = reader.flag("long_term_ref_pics_present_flag");
	if (sps->longTermRefPicsPresent) {
		sps->numLongTermRefPicsSps = reader.ueMax("num_long_term_ref_pics_sps", kHevcMaxLongTermRefPicsSps);
		for (unsigned i = 0; i < sps->numLongTermRefPicsSps && !reader.failed(); i++) {
			sps->ltRefPicPocLsbSps[i] = reader.u(sps->log2MaxPicOrderCntLsbMinus4 + 4, "lt_ref_pic_poc_lsb_sps", i);
			sps->usedByCurrPicLtSps[i] = reader.flag("used_by_curr_pic_lt_sps_flag", i);
		}
	}
	sps->temporalMvpEnabled = reader.flag("sps_temporal_mvp_enabled_flag");
	sps->strongIntraSmoothingEnabled = reader.flag("strong_intra_smoothing_enabled_flag");
	sps->vuiPresent = reader.flag("vui_parameters_present_flag");
	if (sps->vuiPresent)
		parseVui(reader, *sps, &sps->vui);

	bool multilayer = false, threeD = false, scc = false;
	unsigned extension4Bits = 0;
	if (reader.flag("sps_extension_present_flag")) {
		sps->rangeExtensionPresent = reader.flag("sps_range_extension_flag");
		multilayer = reader.flag("sps_multilayer_extension_flag");
		threeD = reader.flag("sps_3d_extension_flag");
		scc = reader.flag("sps_scc_extension_flag");
		extension4Bits = reader.u(4, "sps_extension_4bits");
	}
	if (sps->rangeExtensionPresent)
		parseRangeExtension(reader, &sps->rangeExtension);
	if (multilayer)
		reader.flag("inter_view_mv_vert_constraint_flag");
	if (reader.failed()) {
		LOG(HEVC, Error) << "SPS " << id << " is truncated or has an out-of-range field";
		return -EINVAL;
	}
	if (threeD || scc) {
		LOG(HEVC, Error) << "SPS " << id << " carries a " << (threeD ? "3D" : "screen content coding")
				 << " extension, which no stateless decoder takes";
		return -ENOTSUP;
	}
	/* sps_extension_4bits: sps_extension_data_flag until the trailing bits; 7.4.3.2.1 has
	 * decoders ignore them. */
	(void)extension4Bits;
	return 0;
}

} /* namespace sluice */
