/* SPDX-License-Identifier: MIT */
#include "hevc_pps.h"

#include <algorithm>
#include <cerrno>

#include "hevc_log.h"

namespace sluice {

namespace {

/* 6-3 and 6-4: uniform spacing spreads the CTBs as evenly as integers allow; explicit
 * spacing gives every size but the last, which takes what is left. */
template<size_t N>
std::array<uint16_t, N> tileSizes(bool uniform, unsigned countMinus1, unsigned totalCtbs,
				  const std::array<uint16_t, N> &codedMinus1)
{
	std::array<uint16_t, N> sizes{};
	unsigned count = countMinus1 + 1;
	unsigned used = 0;
	for (unsigned i = 0; i < countMinus1; i++) {
		unsigned size = uniform ? ((i + 1) * totalCtbs) / count - (i * totalCtbs) / count
					: codedMinus1[i] + 1u;
		sizes[i] = static_cast<uint16_t>(size);
		used += size;
	}
	sizes[countMinus1] = static_cast<uint16_t>(used < totalCtbs ? totalCtbs - used : 0);
	return sizes;
}

void parseRangeExtension(SyntaxReader &reader, const HevcSps &sps, HevcPps *pps)
{
	if (pps->transformSkipEnabled)
		pps->log2MaxTransformSkipBlockSizeMinus2 = reader.ueMax("log2_max_transform_skip_block_size_minus2", 3);
	pps->crossComponentPredictionEnabled = reader.flag("cross_component_prediction_enabled_flag");
	pps->chromaQpOffsetListEnabled = reader.flag("chroma_qp_offset_list_enabled_flag");
	if (pps->chromaQpOffsetListEnabled) {
		reader.ueMax("diff_cu_chroma_qp_offset_depth", sps.log2DiffMaxMinLumaCodingBlockSize);
		unsigned lenMinus1 = reader.ueMax("chroma_qp_offset_list_len_minus1", 5);
		for (unsigned i = 0; i <= lenMinus1 && !reader.failed(); i++) {
			reader.seRange("cb_qp_offset_list", -12, 12, i);
			reader.seRange("cr_qp_offset_list", -12, 12, i);
		}
	}
	/* 7.4.3.3.2: at most Max(0, BitDepth - 10). */
	pps->log2SaoOffsetScaleLuma = reader.ueMax("log2_sao_offset_scale_luma",
						   sps.bitDepthLuma() > 10 ? sps.bitDepthLuma() - 10 : 0);
	pps->log2SaoOffsetScaleChroma = reader.ueMax("log2_sao_offset_scale_chroma",
						     sps.bitDepthChroma() > 10 ? sps.bitDepthChroma() - 10 : 0);
}

} /* namespace */

std::array<uint16_t, kHevcMaxTileColumns> HevcPps::tileColumnWidths(const HevcSps &sps) const
{
	return tileSizes(uniformSpacing, numTileColumnsMinus1, sps.picWidthInCtbsY(), columnWidthMinus1);
}

std::array<uint16_t, kHevcMaxTileRows> HevcPps::tileRowHeights(const HevcSps &sps) const
{
	return tileSizes(uniformSpacing, numTileRowsMinus1, sps.picHeightInCtbsY(), rowHeightMinus1);
}

int parseHevcPps(SyntaxReader &reader, const HevcSps *const *spsById, HevcPps *pps)
{
	*pps = HevcPps{};
	uint32_t id = reader.ue("pps_pic_parameter_set_id");
	uint32_t spsId = reader.ue("pps_seq_parameter_set_id");
	if (reader.failed() || id >= kHevcMaxPpsCount || spsId >= kHevcMaxSpsCount) {
		LOG(HEVC, Error) << "PPS id " << id << " or its SPS id " << spsId << " out of range";
		return -EINVAL;
	}
	pps->id = id;
	pps->spsId = spsId;
	/* The ranges of several fields depend on the SPS, so it must come first (7.4.2.4.2
	 * lets it come later, but every encoder sends it before). */
	const HevcSps *sps = spsById[spsId];
	if (!sps) {
		LOG(HEVC, Warn) << "PPS " << id << " refers to SPS " << spsId << ", not received";
		return -ENOENT;
	}

	pps->dependentSliceSegmentsEnabled = reader.flag("dependent_slice_segments_enabled_flag");
	pps->outputFlagPresent = reader.flag("output_flag_present_flag");
	pps->numExtraSliceHeaderBits = reader.u(3, "num_extra_slice_header_bits");
	pps->signDataHidingEnabled = reader.flag("sign_data_hiding_enabled_flag");
	pps->cabacInitPresent = reader.flag("cabac_init_present_flag");
	pps->numRefIdxL0DefaultActiveMinus1 = reader.ueMax("num_ref_idx_l0_default_active_minus1", 14);
	pps->numRefIdxL1DefaultActiveMinus1 = reader.ueMax("num_ref_idx_l1_default_active_minus1", 14);
	/* 7.4.3.3.1: -(26 + QpBdOffsetY) .. 25. */
	pps->initQpMinus26 = reader.seRange("init_qp_minus26", -(26 + 6 * int(sps->bitDepthLumaMinus8)), 25);
	pps->constrainedIntraPred = reader.flag("constrained_intra_pred_flag");
	pps->transformSkipEnabled = reader.flag("transform_skip_enabled_flag");
	pps->cuQpDeltaEnabled = reader.flag("cu_qp_delta_enabled_flag");
	if (pps->cuQpDeltaEnabled)
		pps->diffCuQpDeltaDepth = reader.ueMax("diff_cu_qp_delta_depth", sps->log2DiffMaxMinLumaCodingBlockSize);
	pps->cbQpOffset = reader.seRange("pps_cb_qp_offset", -12, 12);
	pps->crQpOffset = reader.seRange("pps_cr_qp_offset", -12, 12);
	pps->sliceChromaQpOffsetsPresent = reader.flag("pps_slice_chroma_qp_offsets_present_flag");
	pps->weightedPred = reader.flag("weighted_pred_flag");
	pps->weightedBipred = reader.flag("weighted_bipred_flag");
	pps->transquantBypassEnabled = reader.flag("transquant_bypass_enabled_flag");
	pps->tilesEnabled = reader.flag("tiles_enabled_flag");
	pps->entropyCodingSyncEnabled = reader.flag("entropy_coding_sync_enabled_flag");
	if (pps->tilesEnabled) {
		/* 7.4.3.3.1: fewer columns than CTB columns, within Table A-8's limits. */
		unsigned maxColumnsMinus1 = std::min(kHevcMaxTileColumns, sps->picWidthInCtbsY()) - 1;
		unsigned maxRowsMinus1 = std::min(kHevcMaxTileRows, sps->picHeightInCtbsY()) - 1;
		pps->numTileColumnsMinus1 = reader.ueMax("num_tile_columns_minus1", maxColumnsMinus1);
		pps->numTileRowsMinus1 = reader.ueMax("num_tile_rows_minus1", maxRowsMinus1);
		pps->uniformSpacing = reader.flag("uniform_spacing_flag");
		if (!pps->uniformSpacing && !reader.failed()) {
			unsigned used = 0;
			for (unsigned i = 0; i < pps->numTileColumnsMinus1; i++) {
				pps->columnWidthMinus1[i] = reader.ueMax("column_width_minus1", sps->picWidthInCtbsY() - 1, i);
				used += pps->columnWidthMinus1[i] + 1u;
			}
			/* The implied last column must keep at least one CTB. */
			if (used >= sps->picWidthInCtbsY())
				reader.fail();
			used = 0;
			for (unsigned i = 0; i < pps->numTileRowsMinus1; i++) {
				pps->rowHeightMinus1[i] = reader.ueMax("row_height_minus1", sps->picHeightInCtbsY() - 1, i);
				used += pps->rowHeightMinus1[i] + 1u;
			}
			if (used >= sps->picHeightInCtbsY())
				reader.fail();
		}
		pps->loopFilterAcrossTilesEnabled = reader.flag("loop_filter_across_tiles_enabled_flag");
	}
	pps->loopFilterAcrossSlicesEnabled = reader.flag("pps_loop_filter_across_slices_enabled_flag");
	pps->deblockingFilterControlPresent = reader.flag("deblocking_filter_control_present_flag");
	if (pps->deblockingFilterControlPresent) {
		pps->deblockingFilterOverrideEnabled = reader.flag("deblocking_filter_override_enabled_flag");
		pps->deblockingFilterDisabled = reader.flag("pps_deblocking_filter_disabled_flag");
		if (!pps->deblockingFilterDisabled) {
			pps->betaOffsetDiv2 = reader.seRange("pps_beta_offset_div2", -6, 6);
			pps->tcOffsetDiv2 = reader.seRange("pps_tc_offset_div2", -6, 6);
		}
	}
	pps->scalingListDataPresent = reader.flag("pps_scaling_list_data_present_flag");
	if (pps->scalingListDataPresent)
		parseHevcScalingListData(reader, &pps->scalingLists);
	pps->listsModificationPresent = reader.flag("lists_modification_present_flag");
	pps->log2ParallelMergeLevelMinus2 = reader.ueMax("log2_parallel_merge_level_minus2", sps->ctbLog2SizeY() - 2);
	pps->sliceSegmentHeaderExtensionPresent = reader.flag("slice_segment_header_extension_present_flag");

	bool multilayer = false, threeD = false, scc = false;
	if (reader.flag("pps_extension_present_flag")) {
		pps->rangeExtensionPresent = reader.flag("pps_range_extension_flag");
		multilayer = reader.flag("pps_multilayer_extension_flag");
		threeD = reader.flag("pps_3d_extension_flag");
		scc = reader.flag("pps_scc_extension_flag");
		reader.u(4, "pps_extension_4bits");
	}
	if (pps->rangeExtensionPresent && !reader.failed())
		parseRangeExtension(reader, *sps, pps);
	if (reader.failed()) {
		LOG(HEVC, Error) << "PPS " << id << " is truncated or has an out-of-range field";
		return -EINVAL;
	}
	if (multilayer || threeD || scc) {
		LOG(HEVC, Error) << "PPS " << id << " carries a multilayer, 3D or screen content extension, "
				 << "which no stateless decoder takes";
		return -ENOTSUP;
	}
	return 0;
}

} /* namespace sluice */
