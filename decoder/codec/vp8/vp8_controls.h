/* SPDX-License-Identifier: MIT */
/*
 * Turns a parsed VP8 frame header into V4L2_CID_STATELESS_VP8_FRAME (kernel uAPI
 * ext-ctrls-codec-stateless, "VP8"). Only vp8_controls.cpp sees the kernel structs.
 */
#pragma once

#include "codec/control_set.h"
#include "vp8_frame_header.h"

namespace sluice {

/* The reference buffers as V4L2 reference keys (ns timestamps); 0 where empty. */
struct Vp8ReferenceKeys {
	uint64_t last = 0;
	uint64_t golden = 0;
	uint64_t alternate = 0;
};

void fillVp8Controls(const Vp8FrameHeader &header, const Vp8ReferenceKeys &references,
		     ControlSet *out);

} /* namespace sluice */
