/* SPDX-License-Identifier: MIT */
#include "h264_pps.h"

#include <bit>
#include <cerrno>

#include "h264_log.h"

namespace sluice {

/* Ceil(Log2(x)) for x >= 1, the width of the u(v) fields of slice groups (7.4.2.2). */
static unsigned ceilLog2(uint32_t x)
{
	return x <= 1 ? 0 : std::bit_width(x - 1);
}

/* 7.3.2.2: read the slice group map so that the fields after it line up. */
static void parseSliceGroups(SyntaxReader &reader, H264Pps *pps)
{
	unsigned groups = pps->numSliceGroupsMinus1 + 1u;
	pps->sliceGroupMapType = reader.ueMax("slice_group_map_type", 6);
	if (reader.failed())
		return;
	switch (pps->sliceGroupMapType) {
	case 0:
		for (unsigned i = 0; i < groups && !reader.failed(); i++)
			reader.ue("run_length_minus1", static_cast<int>(i));
		break;
	case 2:
		for (unsigned i = 0; i + 1 < groups && !reader.failed(); i++) {
			reader.ue("top_left", static_cast<int>(i));
			reader.ue("bottom_right", static_cast<int>(i));
		}
		break;
	case 3:
	case 4:
	case 5:
		reader.flag("slice_group_change_direction_flag");
		pps->sliceGroupChangeRateMinus1 = reader.ue("slice_group_change_rate_minus1");
		break;
	case 6: {
		/* 139264 map units is level 6.2's largest frame; past it the loop would be a
		 * denial of service rather than a picture. */
		uint32_t mapUnits = reader.ueMax("pic_size_in_map_units_minus1", 139263) + 1;
		unsigned bits = ceilLog2(groups);
		for (uint32_t i = 0; i < mapUnits && !reader.failed(); i++)
			reader.u(bits, "slice_group_id", static_cast<int>(i));
		break;
	}
	default:
		break;
	}
}

int parsePps(SyntaxReader &reader, const H264Sps *const *spsById, H264Pps *pps)
{
	*pps = H264Pps{};
	uint32_t id = reader.ue("pic_parameter_set_id");
	uint32_t spsId = reader.ue("seq_parameter_set_id");
	if (reader.failed() || id >= kH264MaxPpsCount || spsId >= kH264MaxSpsCount) {
		LOG(H264, Error) << "PPS id " << id << " / SPS id " << spsId << " out of range";
		return -EINVAL;
	}
	const H264Sps *sps = spsById[spsId];
	if (!sps) {
		LOG(H264, Error) << "PPS " << id << " refers to SPS " << spsId << ", not received";
		return -ENOENT;
	}
	pps->id = id;
	pps->spsId = spsId;
	pps->entropyCodingMode = reader.flag("entropy_coding_mode_flag");
	pps->bottomFieldPicOrderInFramePresent =
		reader.flag("bottom_field_pic_order_in_frame_present_flag");
	pps->numSliceGroupsMinus1 = reader.ueMax("num_slice_groups_minus1", kH264MaxSliceGroups - 1);
	if (pps->numSliceGroupsMinus1 > 0 && !reader.failed())
		parseSliceGroups(reader, pps);
	pps->numRefIdxL0DefaultActiveMinus1 = reader.ueMax("num_ref_idx_l0_default_active_minus1", 31);
	pps->numRefIdxL1DefaultActiveMinus1 = reader.ueMax("num_ref_idx_l1_default_active_minus1", 31);
	pps->weightedPred = reader.flag("weighted_pred_flag");
	pps->weightedBipredIdc = reader.u(2, "weighted_bipred_idc");
	if (pps->weightedBipredIdc > 2)
		reader.fail();
	/* 7.4.2.2: QP offsets are bounded by the luma bit depth; chroma offsets by +-12. */
	int qpRange = 26 + 6 * sps->bitDepthLumaMinus8;
	pps->picInitQpMinus26 = reader.seRange("pic_init_qp_minus26", -qpRange, 25);
	pps->picInitQsMinus26 = reader.seRange("pic_init_qs_minus26", -26, 25);
	pps->chromaQpIndexOffset = reader.seRange("chroma_qp_index_offset", -12, 12);
	pps->deblockingFilterControlPresent = reader.flag("deblocking_filter_control_present_flag");
	pps->constrainedIntraPred = reader.flag("constrained_intra_pred_flag");
	pps->redundantPicCntPresent = reader.flag("redundant_pic_cnt_present_flag");

	pps->scalingLists = sps->scalingLists;
	pps->secondChromaQpIndexOffset = pps->chromaQpIndexOffset;
	if (!reader.failed() && reader.bits().moreRbspData()) {
		pps->transform8x8Mode = reader.flag("transform_8x8_mode_flag");
		pps->scalingMatrixPresent = reader.flag("pic_scaling_matrix_present_flag");
		if (pps->scalingMatrixPresent) {
			unsigned lists = 6 + (pps->transform8x8Mode ? (sps->chromaFormatIdc != 3 ? 2 : 6) : 0);
			/* Fall-back rule B applies when the SPS sent a matrix, rule A otherwise. */
			parseScalingMatrix(reader, "pic", lists,
					   sps->scalingMatrixPresent ? &sps->scalingLists : nullptr,
					   &pps->scalingLists);
		}
		pps->secondChromaQpIndexOffset = reader.seRange("second_chroma_qp_index_offset", -12, 12);
	}
	if (reader.failed()) {
		LOG(H264, Error) << "PPS " << id << " is truncated or has an out-of-range field";
		return -EINVAL;
	}
	return 0;
}

} /* namespace sluice */
