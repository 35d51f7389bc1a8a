/* SPDX-License-Identifier: MIT */
#include "hevc_profile_tier_level.h"

#include <string>

namespace sluice {

namespace {

/*
 * The profile-specific constraint flags after the four source/constraint flags (7.3.3): 43
 * bits in every branch, then one bit that is general_inbld_flag for some profiles. `prefix`
 * is "general" or "sub_layer"; `index` the sub-layer (-1 for general). Reserved runs longer
 * than 32 bits are read in two parts, named alike.
 */
void parseConstraintFlags(SyntaxReader &reader, const std::string &prefix, int index,
			  unsigned profileIdc, uint32_t compatibility)
{
	auto compatible = [&](unsigned profile) {
		return profileIdc == profile || ((compatibility >> profile) & 1);
	};
	auto name = [&](const char *suffix) { return prefix + "_" + suffix; };
	auto flag = [&](const char *suffix) { reader.flag(name(suffix).c_str(), index); };
	/* Reserved runs carry no index in their names: they are not arrays in the spec. */
	auto reserved = [&](const char *suffix, unsigned bits) {
		std::string full = name(suffix);
		while (bits > 0) {
			unsigned part = bits > 24 ? 24 : bits;
			reader.u(part, full.c_str());
			bits -= part;
		}
	};

	bool rangeExtensionFamily = false;
	for (unsigned p = 4; p <= 11; p++)
		rangeExtensionFamily |= compatible(p);
	if (rangeExtensionFamily) {
		flag("max_12bit_constraint_flag");
		flag("max_10bit_constraint_flag");
		flag("max_8bit_constraint_flag");
		flag("max_422chroma_constraint_flag");
		flag("max_420chroma_constraint_flag");
		flag("max_monochrome_constraint_flag");
		flag("intra_constraint_flag");
		flag("one_picture_only_constraint_flag");
		flag("lower_bit_rate_constraint_flag");
		if (compatible(5) || compatible(9) || compatible(10) || compatible(11)) {
			flag("max_14bit_constraint_flag");
			reserved("reserved_zero_33bits", 33);
		} else {
			reserved("reserved_zero_34bits", 34);
		}
	} else if (compatible(2)) {
		reserved("reserved_zero_7bits", 7);
		flag("one_picture_only_constraint_flag");
		reserved("reserved_zero_35bits", 35);
	} else {
		reserved("reserved_zero_43bits", 43);
	}
	if (compatible(1) || compatible(2) || compatible(3) || compatible(4) || compatible(5) ||
	    compatible(9) || compatible(11))
		flag("inbld_flag");
	else
		reserved("reserved_zero_bit", 1);
}

} /* namespace */

void parseProfileTierLevel(SyntaxReader &reader, unsigned maxNumSubLayersMinus1,
			   HevcProfileTierLevel *ptl)
{
	*ptl = HevcProfileTierLevel{};
	ptl->profileSpace = reader.u(2, "general_profile_space");
	ptl->tier = reader.flag("general_tier_flag");
	ptl->profileIdc = reader.u(5, "general_profile_idc");
	for (int j = 0; j < 32; j++)
		if (reader.flag("general_profile_compatibility_flag", j))
			ptl->compatibilityFlags |= 1u << j;
	ptl->progressiveSource = reader.flag("general_progressive_source_flag");
	ptl->interlacedSource = reader.flag("general_interlaced_source_flag");
	reader.flag("general_non_packed_constraint_flag");
	reader.flag("general_frame_only_constraint_flag");
	parseConstraintFlags(reader, "general", -1, ptl->profileIdc, ptl->compatibilityFlags);
	ptl->levelIdc = reader.u(8, "general_level_idc");

	bool profilePresent[kHevcMaxSubLayers] = {};
	bool levelPresent[kHevcMaxSubLayers] = {};
	for (unsigned i = 0; i < maxNumSubLayersMinus1; i++) {
		profilePresent[i] = reader.flag("sub_layer_profile_present_flag", i);
		levelPresent[i] = reader.flag("sub_layer_level_present_flag", i);
	}
	if (maxNumSubLayersMinus1 > 0)
		for (unsigned i = maxNumSubLayersMinus1; i < 8; i++)
			reader.u(2, "reserved_zero_2bits");
	for (unsigned i = 0; i < maxNumSubLayersMinus1 && !reader.failed(); i++) {
		int index = static_cast<int>(i);
		if (profilePresent[i]) {
			reader.u(2, "sub_layer_profile_space", index);
			reader.flag("sub_layer_tier_flag", index);
			unsigned profileIdc = reader.u(5, "sub_layer_profile_idc", index);
			uint32_t compatibility = 0;
			for (int j = 0; j < 32; j++)
				if (reader.flag("sub_layer_profile_compatibility_flag", index, j))
					compatibility |= 1u << j;
			reader.flag("sub_layer_progressive_source_flag", index);
			reader.flag("sub_layer_interlaced_source_flag", index);
			reader.flag("sub_layer_non_packed_constraint_flag", index);
			reader.flag("sub_layer_frame_only_constraint_flag", index);
			parseConstraintFlags(reader, "sub_layer", index, profileIdc, compatibility);
		}
		if (levelPresent[i])
			reader.u(8, "sub_layer_level_idc", index);
	}
}

} /* namespace sluice */
