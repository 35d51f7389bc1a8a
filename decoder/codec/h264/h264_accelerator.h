/* SPDX-License-Identifier: MIT */
/*
 * The narrow interface between the H.264 state machine and whatever decodes samples (the
 * V4L2 stateless engine, or a test double). Everything the accelerator needs for one
 * picture arrives in H264PictureParams, in decoding order; outputs arrive in display order.
 * No kernel types: the engine calls fillH264Controls() to turn the params into controls.
 */
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "h264_dpb.h"
#include "h264_pps.h"
#include "h264_ref_lists.h"
#include "h264_slice_header.h"
#include "h264_sps.h"

namespace sluice {

struct H264SliceParams {
	H264SliceHeader header;
	std::span<const uint8_t> nal;  /* the NAL unit, escaped, without start code */
	H264RefList list0;             /* after modification, num_ref_idx_l0_active entries */
	H264RefList list1;
};

struct H264PictureParams {
	const H264Sps *sps = nullptr;
	const H264Pps *pps = nullptr;
	H264CurrentPicture picture;    /* timestampNs: the CAPTURE buffer this picture fills */
	const H264Dpb *dpb = nullptr;  /* references as they stand before this picture */
	std::vector<H264SliceParams> slices;
};

class H264Accelerator
{
public:
	virtual ~H264Accelerator() = default;

	/* Decode one picture (a frame or one field) from all its slices. 0 or -errno. */
	virtual int submitPicture(const H264PictureParams &params) = 0;
	/* The picture decoded into the buffer tagged timestampNs is next in display order. */
	virtual void outputPicture(uint64_t timestampNs) = 0;
};

} /* namespace sluice */
