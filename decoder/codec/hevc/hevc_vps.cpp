/* SPDX-License-Identifier: MIT */
#include "hevc_vps.h"

#include <cerrno>

#include "hevc_hrd.h"
#include "hevc_log.h"

namespace sluice {

int parseHevcVps(SyntaxReader &reader, HevcVps *vps)
{
	*vps = HevcVps{};
	vps->id = reader.u(4, "vps_video_parameter_set_id");
	reader.flag("vps_base_layer_internal_flag");
	reader.flag("vps_base_layer_available_flag");
	reader.u(6, "vps_max_layers_minus1");
	vps->maxSubLayersMinus1 = reader.u(3, "vps_max_sub_layers_minus1");
	/* 7.4.3.1: at most 7 sub-layers. */
	if (vps->maxSubLayersMinus1 >= kHevcMaxSubLayers)
		reader.fail();
	reader.flag("vps_temporal_id_nesting_flag");
	reader.u(16, "vps_reserved_0xffff_16bits");
	if (reader.failed()) {
		LOG(HEVC, Error) << "VPS is truncated or has an out-of-range field";
		return -EINVAL;
	}
	parseProfileTierLevel(reader, vps->maxSubLayersMinus1, &vps->profileTierLevel);

	bool orderingInfo = reader.flag("vps_sub_layer_ordering_info_present_flag");
	for (unsigned i = orderingInfo ? 0 : vps->maxSubLayersMinus1; i <= vps->maxSubLayersMinus1; i++) {
		int index = static_cast<int>(i);
		reader.ueMax("vps_max_dec_pic_buffering_minus1", 15, index);
		reader.ueMax("vps_max_num_reorder_pics", 15, index);
		reader.ue("vps_max_latency_increase_plus1", index);
	}
	unsigned maxLayerId = reader.u(6, "vps_max_layer_id");
	/* 7.4.3.1: vps_num_layer_sets_minus1 is at most 1023. */
	unsigned numLayerSetsMinus1 = reader.ueMax("vps_num_layer_sets_minus1", 1023);
	for (unsigned i = 1; i <= numLayerSetsMinus1 && !reader.failed(); i++)
		for (unsigned j = 0; j <= maxLayerId; j++)
			reader.flag("layer_id_included_flag", i, j);
	if (reader.flag("vps_timing_info_present_flag")) {
		reader.u(32, "vps_num_units_in_tick");
		reader.u(32, "vps_time_scale");
		if (reader.flag("vps_poc_proportional_to_timing_flag"))
			reader.ue("vps_num_ticks_poc_diff_one_minus1");
		unsigned numHrd = reader.ueMax("vps_num_hrd_parameters", numLayerSetsMinus1 + 1);
		for (unsigned i = 0; i < numHrd && !reader.failed(); i++) {
			reader.ueMax("hrd_layer_set_idx", numLayerSetsMinus1, i);
			bool commonInf = i == 0 || reader.flag("cprms_present_flag", i);
			parseHrdParameters(reader, commonInf, vps->maxSubLayersMinus1);
		}
	}
	/* vps_extension_flag: the extension data (multi-layer) is not read; a single-layer
	 * decoder ignores it (F.7.4.3.1). */
	reader.flag("vps_extension_flag");
	if (reader.failed()) {
		LOG(HEVC, Error) << "VPS " << unsigned(vps->id) << " is truncated or has an out-of-range field";
		return -EINVAL;
	}
	return 0;
}

} /* namespace sluice */
