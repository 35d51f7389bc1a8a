/* SPDX-License-Identifier: MIT */
/* The HEVC video parameter set (7.3.2.1): read for its id and to check it is well formed;
 * a single-layer decoder needs nothing else from it (the SPS repeats what decoding uses). */
#pragma once

#include <cstdint>

#include "codec/syntax_reader.h"
#include "hevc_profile_tier_level.h"

namespace sluice {

constexpr unsigned kHevcMaxVpsCount = 16;

struct HevcVps {
	uint8_t id = 0;
	uint8_t maxSubLayersMinus1 = 0;
	HevcProfileTierLevel profileTierLevel;
};

/* Reads a VPS RBSP after its NAL header. 0 or -EINVAL (logged). */
int parseHevcVps(SyntaxReader &reader, HevcVps *vps);

} /* namespace sluice */
