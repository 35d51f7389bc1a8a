/* SPDX-License-Identifier: MIT */
/* profile_tier_level() (7.3.3), shared by the VPS and the SPS. */
#pragma once

#include <cstdint>

#include "codec/syntax_reader.h"

namespace sluice {

constexpr unsigned kHevcMaxSubLayers = 7;

/* A.3 general_profile_idc values. */
constexpr uint8_t kHevcProfileMain = 1;
constexpr uint8_t kHevcProfileMain10 = 2;
constexpr uint8_t kHevcProfileMainStillPicture = 3;
constexpr uint8_t kHevcProfileRangeExtensions = 4;

struct HevcProfileTierLevel {
	uint8_t profileSpace = 0;
	bool tier = false;
	uint8_t profileIdc = 0;
	uint32_t compatibilityFlags = 0; /* general_profile_compatibility_flag[j] in bit j */
	bool progressiveSource = false;
	bool interlacedSource = false;
	uint8_t levelIdc = 0;

	/* The profile, or one it declares itself compatible with (A.3: a decoder of profile j
	 * decodes streams that set general_profile_compatibility_flag[j]). */
	bool compatibleWith(unsigned profile) const
	{
		return profileIdc == profile || (profile < 32 && (compatibilityFlags >> profile) & 1);
	}
};

/* Reads profile_tier_level(1, maxNumSubLayersMinus1); errors stick in `reader`. */
void parseProfileTierLevel(SyntaxReader &reader, unsigned maxNumSubLayersMinus1,
			   HevcProfileTierLevel *ptl);

} /* namespace sluice */
