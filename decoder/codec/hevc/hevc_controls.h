/* SPDX-License-Identifier: MIT */
/*
 * Turns an HevcPictureParams into the V4L2 stateless HEVC controls (kernel uAPI
 * ext-ctrls-codec-stateless). Only hevc_controls.cpp sees the kernel structs.
 */
#pragma once

#include "codec/control_set.h"
#include "hevc_accelerator.h"

namespace sluice {

enum class HevcDecodeMode { SliceBased, FrameBased };
enum class HevcStartCode { None, AnnexB };

struct HevcControlOptions {
	HevcDecodeMode mode = HevcDecodeMode::FrameBased;
	HevcStartCode startCode = HevcStartCode::AnnexB;
	/* The device has V4L2_CID_STATELESS_HEVC_ENTRY_POINT_OFFSETS (a dynamic array). */
	bool entryPointOffsets = false;
};

/*
 * SPS, PPS, DECODE_PARAMS, SCALING_MATRIX (when scaling lists are enabled) and SLICE_PARAMS:
 * an array of every slice segment of the picture (frame-based), or slice `sliceIndex` alone
 * (slice-based, one request per segment); ENTRY_POINT_OFFSETS for the same segments where the
 * device takes it. Returns 0, or -EINVAL when the params are incomplete.
 */
int fillHevcControls(const HevcPictureParams &params, unsigned sliceIndex, const HevcControlOptions &options,
		     ControlSet *out);

/* DECODE_MODE and START_CODE, set once per stream on the device. */
void fillHevcModeControls(const HevcControlOptions &options, ControlSet *out);

/* Bytes the start code adds before each NAL unit in the OUTPUT buffer. */
inline unsigned hevcStartCodeBytes(HevcStartCode startCode) { return startCode == HevcStartCode::AnnexB ? 3 : 0; }

} /* namespace sluice */
