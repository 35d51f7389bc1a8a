/* SPDX-License-Identifier: MIT */
/*
 * The V4L2 stateless VP9 controls of one frame: V4L2_CID_STATELESS_VP9_FRAME and
 * V4L2_CID_STATELESS_VP9_COMPRESSED_HDR, filled from the parsed headers. The .cpp is the
 * only VP9 file that sees kernel structs.
 */
#pragma once

#include <cstdint>

#include "codec/control_set.h"
#include "vp9_compressed_header.h"
#include "vp9_frame_header.h"

namespace sluice {

/* The reference frames' V4L2 timestamps (u64 ns keys), 0 where the frame reads none. */
struct Vp9ReferenceTimestamps {
	uint64_t last = 0;
	uint64_t golden = 0;
	uint64_t alt = 0;
};

/* The uAPI's reset_frame_context value for the coded one (0 and 1 mean no reset). */
uint8_t vp9V4l2ResetFrameContext(uint8_t coded);

/* Appends both controls. -EINVAL for a show_existing_frame header (nothing to decode). */
int fillVp9Controls(const Vp9FrameHeader &header, const Vp9CompressedHeader &compressed,
		    const Vp9ReferenceTimestamps &references, ControlSet *controls);

} /* namespace sluice */
