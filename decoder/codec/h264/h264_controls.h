/* SPDX-License-Identifier: MIT */
/*
 * Turns an H264PictureParams into the V4L2 stateless H.264 controls (kernel uAPI
 * ext-ctrls-codec-stateless). Only h264_controls.cpp sees the kernel structs.
 */
#pragma once

#include "codec/control_set.h"
#include "h264_accelerator.h"

namespace sluice {

enum class H264DecodeMode { SliceBased, FrameBased };
enum class H264StartCode { None, AnnexB };

/*
 * Frame-based: SPS, PPS, SCALING_MATRIX, DECODE_PARAMS for the whole picture (sliceIndex
 * ignored). Slice-based: the same plus SLICE_PARAMS and PRED_WEIGHTS of slice `sliceIndex`
 * (one request per slice). Returns 0, or -EINVAL when the params are incomplete or a
 * reference list names a picture absent from the DPB array.
 */
int fillH264Controls(const H264PictureParams &params, unsigned sliceIndex, H264DecodeMode mode,
		     H264StartCode startCode, ControlSet *out);

/* DECODE_MODE and START_CODE, set once per stream on the device. */
void fillH264ModeControls(H264DecodeMode mode, H264StartCode startCode, ControlSet *out);

/* Which DPB frame stores become dpb[] entries, in entry order (references, not the
 * non-existing frames of frame_num gaps, at most 16). */
std::vector<int> h264DpbEntryStores(const H264Dpb &dpb);

/* The dpb[] entries of the picture being decoded: none for an IDR picture, whose decoding
 * starts by marking every earlier reference unused (C.4.4 step 1, before the picture is
 * decoded; our DPB applies that marking only after the picture), h264DpbEntryStores()
 * otherwise. */
std::vector<int> h264DpbEntryStores(const H264PictureParams &params);

} /* namespace sluice */
