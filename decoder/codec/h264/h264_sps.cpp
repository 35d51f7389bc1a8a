/* SPDX-License-Identifier: MIT */
#include "h264_sps.h"

#include <algorithm>
#include <cerrno>

#include "h264_log.h"

namespace sluice {

/* E.1.2: read to skip; nothing here models the HRD. */
static void parseHrd(SyntaxReader &reader)
{
	uint32_t cpbCntMinus1 = reader.ueMax("cpb_cnt_minus1", 31);
	reader.u(4, "bit_rate_scale");
	reader.u(4, "cpb_size_scale");
	for (uint32_t i = 0; i <= cpbCntMinus1 && !reader.failed(); i++) {
		int index = static_cast<int>(i);
		reader.ue("bit_rate_value_minus1", index);
		reader.ue("cpb_size_value_minus1", index);
		reader.flag("cbr_flag", index);
	}
	reader.u(5, "initial_cpb_removal_delay_length_minus1");
	reader.u(5, "cpb_removal_delay_length_minus1");
	reader.u(5, "dpb_output_delay_length_minus1");
	reader.u(5, "time_offset_length");
}

static void parseVui(SyntaxReader &reader, H264Vui *vui)
{
	vui->colourDescriptionPresent = parseVuiSignal(reader, vui);
	vui->timingInfoPresent = reader.flag("timing_info_present_flag");
	if (vui->timingInfoPresent) {
		vui->numUnitsInTick = reader.u(32, "num_units_in_tick");
		vui->timeScale = reader.u(32, "time_scale");
		vui->fixedFrameRate = reader.flag("fixed_frame_rate_flag");
	}
	vui->nalHrdPresent = reader.flag("nal_hrd_parameters_present_flag");
	if (vui->nalHrdPresent)
		parseHrd(reader);
	vui->vclHrdPresent = reader.flag("vcl_hrd_parameters_present_flag");
	if (vui->vclHrdPresent)
		parseHrd(reader);
	if (vui->nalHrdPresent || vui->vclHrdPresent)
		reader.flag("low_delay_hrd_flag");
	vui->picStructPresent = reader.flag("pic_struct_present_flag");
	vui->bitstreamRestriction = reader.flag("bitstream_restriction_flag");
	if (vui->bitstreamRestriction) {
		reader.flag("motion_vectors_over_pic_boundaries_flag");
		reader.ueMax("max_bytes_per_pic_denom", 16);
		reader.ueMax("max_bits_per_mb_denom", 16);
		reader.ueMax("log2_max_mv_length_horizontal", 15);
		reader.ueMax("log2_max_mv_length_vertical", 15);
		vui->maxNumReorderFrames = reader.ueMax("max_num_reorder_frames", kH264MaxRefFrames);
		vui->maxDecFrameBuffering = reader.ueMax("max_dec_frame_buffering", kH264MaxRefFrames);
	}
}

/* 7.3.2.1.1: profiles whose SPS carries chroma format, bit depths and scaling matrices. */
static bool hasChromaInfo(unsigned profileIdc)
{
	switch (profileIdc) {
	case 100: case 110: case 122: case 244: case 44: case 83: case 86:
	case 118: case 128: case 138: case 139: case 134: case 135:
		return true;
	default:
		return false;
	}
}

int parseSps(SyntaxReader &reader, H264Sps *sps)
{
	*sps = H264Sps{};
	sps->profileIdc = reader.u(8, "profile_idc");
	for (int i = 0; i < 6; i++) {
		static const char *const names[] = {
			"constraint_set0_flag", "constraint_set1_flag", "constraint_set2_flag",
			"constraint_set3_flag", "constraint_set4_flag", "constraint_set5_flag",
		};
		if (reader.flag(names[i]))
			sps->constraintFlags |= 1u << i;
	}
	reader.u(2, "reserved_zero_2bits");
	sps->levelIdc = reader.u(8, "level_idc");
	uint32_t id = reader.ue("seq_parameter_set_id");
	if (id >= kH264MaxSpsCount) {
		LOG(H264, Error) << "SPS id " << id << " out of range (max " << kH264MaxSpsCount - 1 << ")";
		return -EINVAL;
	}
	sps->id = id;

	sps->scalingLists = flatScalingLists();
	if (hasChromaInfo(sps->profileIdc)) {
		sps->chromaFormatIdc = reader.ueMax("chroma_format_idc", 3);
		if (sps->chromaFormatIdc == 3)
			sps->separateColourPlane = reader.flag("separate_colour_plane_flag");
		sps->bitDepthLumaMinus8 = reader.ueMax("bit_depth_luma_minus8", 6);
		sps->bitDepthChromaMinus8 = reader.ueMax("bit_depth_chroma_minus8", 6);
		sps->qpprimeYZeroTransformBypass = reader.flag("qpprime_y_zero_transform_bypass_flag");
		sps->scalingMatrixPresent = reader.flag("seq_scaling_matrix_present_flag");
		if (sps->scalingMatrixPresent)
			parseScalingMatrix(reader, "seq", sps->chromaFormatIdc != 3 ? 8 : 12, nullptr,
					   &sps->scalingLists);
	}

	sps->log2MaxFrameNumMinus4 = reader.ueMax("log2_max_frame_num_minus4", 12);
	sps->picOrderCntType = reader.ueMax("pic_order_cnt_type", 2);
	if (sps->picOrderCntType == 0) {
		sps->log2MaxPicOrderCntLsbMinus4 = reader.ueMax("log2_max_pic_order_cnt_lsb_minus4", 12);
	} else if (sps->picOrderCntType == 1) {
		sps->deltaPicOrderAlwaysZero = reader.flag("delta_pic_order_always_zero_flag");
		sps->offsetForNonRefPic = reader.se("offset_for_non_ref_pic");
		sps->offsetForTopToBottomField = reader.se("offset_for_top_to_bottom_field");
		sps->numRefFramesInPicOrderCntCycle =
			reader.ueMax("num_ref_frames_in_pic_order_cnt_cycle", kH264MaxPocCycle);
		for (unsigned i = 0; i < sps->numRefFramesInPicOrderCntCycle && !reader.failed(); i++)
			sps->offsetForRefFrame[i] = reader.se("offset_for_ref_frame", static_cast<int>(i));
	}
	uint32_t maxNumRefFrames = reader.ue("max_num_ref_frames");
	if (!reader.failed() && maxNumRefFrames > kH264MaxRefFrames) {
		LOG(H264, Error) << "SPS " << id << ": max_num_ref_frames " << maxNumRefFrames
				 << " exceeds " << kH264MaxRefFrames;
		return -EINVAL;
	}
	sps->maxNumRefFrames = maxNumRefFrames;
	sps->gapsInFrameNumAllowed = reader.flag("gaps_in_frame_num_allowed_flag");
	/* 1024 macroblocks is 16384 pixels, past every level's limit; it keeps size products
	 * far from overflow. */
	sps->picWidthInMbsMinus1 = reader.ueMax("pic_width_in_mbs_minus1", 1023);
	sps->picHeightInMapUnitsMinus1 = reader.ueMax("pic_height_in_map_units_minus1", 1023);
	sps->frameMbsOnly = reader.flag("frame_mbs_only_flag");
	if (!sps->frameMbsOnly)
		sps->mbAdaptiveFrameField = reader.flag("mb_adaptive_frame_field_flag");
	sps->direct8x8Inference = reader.flag("direct_8x8_inference_flag");
	sps->frameCropping = reader.flag("frame_cropping_flag");
	if (sps->frameCropping) {
		sps->frameCropLeft = reader.ue("frame_crop_left_offset");
		sps->frameCropRight = reader.ue("frame_crop_right_offset");
		sps->frameCropTop = reader.ue("frame_crop_top_offset");
		sps->frameCropBottom = reader.ue("frame_crop_bottom_offset");
	}
	sps->vuiPresent = reader.flag("vui_parameters_present_flag");
	if (sps->vuiPresent)
		parseVui(reader, &sps->vui);

	if (reader.failed()) {
		LOG(H264, Error) << "SPS " << id << " is truncated or has an out-of-range field";
		return -EINVAL;
	}
	return 0;
}

unsigned h264MaxDpbFramesForLevel(const H264Sps &sps)
{
	/* Table A-1 MaxDpbMbs per level_idc; level 1b is level_idc 11 with constraint_set3
	 * in Baseline/Main/Extended, or level_idc 9. */
	struct LevelLimit {
		uint8_t levelIdc;
		uint32_t maxDpbMbs;
	};
	static constexpr LevelLimit limits[] = {
		{ 9, 396 }, { 10, 396 }, { 11, 900 }, { 12, 2376 }, { 13, 2376 },
		{ 20, 2376 }, { 21, 4752 }, { 22, 8100 }, { 30, 8100 }, { 31, 18000 },
		{ 32, 20480 }, { 40, 32768 }, { 41, 32768 }, { 42, 34816 }, { 50, 110400 },
		{ 51, 184320 }, { 52, 184320 }, { 60, 696320 }, { 61, 696320 }, { 62, 696320 },
	};
	uint32_t maxDpbMbs = 0;
	bool level1b = sps.levelIdc == 11 && (sps.constraintFlags & (1u << 3)) &&
		       (sps.profileIdc == 66 || sps.profileIdc == 77 || sps.profileIdc == 88);
	for (const LevelLimit &limit : limits)
		if (limit.levelIdc == (level1b ? 9 : sps.levelIdc))
			maxDpbMbs = limit.maxDpbMbs;
	unsigned frameMbs = sps.widthInMbs() * sps.frameHeightInMbs();
	unsigned frames = maxDpbMbs ? maxDpbMbs / frameMbs : kH264MaxRefFrames;
	/* A.3.1 item h caps max_dec_frame_buffering at 16 frames. */
	return std::clamp<unsigned>(frames, 1, kH264MaxRefFrames);
}

} /* namespace sluice */
