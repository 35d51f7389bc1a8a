/* SPDX-License-Identifier: MIT */
/*
 * Turns an Mpeg2Picture into the V4L2 stateless MPEG-2 controls (kernel uAPI
 * ext-ctrls-codec-stateless, "MPEG-2"). Only mpeg2_controls.cpp sees the kernel structs.
 */
#pragma once

#include "codec/control_set.h"
#include "mpeg2_parser.h"

namespace sluice {

/* The capture buffers a picture predicts from, as V4L2 reference keys (ns timestamps);
 * 0 where the picture has no such reference (I pictures, P pictures' backward). */
struct Mpeg2ReferenceKeys {
	uint64_t forward = 0;
	uint64_t backward = 0;
};

/* V4L2_CID_STATELESS_MPEG2_SEQUENCE alone: set on the device before CAPTURE formats. */
void fillMpeg2SequenceControl(const Mpeg2Picture &picture, ControlSet *out);

/* SEQUENCE, PICTURE and QUANTISATION for one picture (one request). */
void fillMpeg2Controls(const Mpeg2Picture &picture, const Mpeg2ReferenceKeys &references,
		       ControlSet *out);

} /* namespace sluice */
