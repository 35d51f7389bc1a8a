/* SPDX-License-Identifier: MIT */
/*
 * The narrow interface between the HEVC state machine and whatever decodes samples (the
 * V4L2 stateless engine, or a test double). Everything one picture needs arrives in
 * HevcPictureParams, in decoding order; outputs arrive in display order. No kernel types:
 * fillHevcControls() turns the params into controls.
 */
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "hevc_pps.h"
#include "hevc_slice_header.h"
#include "hevc_sps.h"

namespace sluice {

/* One reference the picture may use: a dpb[] entry. */
struct HevcReferenceEntry {
	uint64_t timestampNs = 0;
	int32_t poc = 0;
	bool longTerm = false;
};

struct HevcSliceParams {
	HevcSliceHeader header;
	std::span<const uint8_t> nal;  /* the NAL unit, escaped, without start code */
	/* RefPicList0/1 (8.3.4) as indices into HevcPictureParams::dpb. */
	std::vector<uint8_t> refPicList0, refPicList1;
};

struct HevcPictureParams {
	const HevcSps *sps = nullptr;
	const HevcPps *pps = nullptr;
	uint64_t timestampNs = 0;      /* the CAPTURE buffer this picture fills */
	int32_t poc = 0;
	bool irap = false;
	bool idr = false;
	bool noRaslOutputFlag = false;
	/* Every reference in the DPB (the five RPS lists), at most 16. */
	std::vector<HevcReferenceEntry> dpb;
	/* PocStCurrBefore, PocStCurrAfter, PocLtCurr as indices into dpb. */
	std::vector<uint8_t> stCurrBefore, stCurrAfter, ltCurr;
	std::vector<HevcSliceParams> slices;
};

class HevcAccelerator
{
public:
	virtual ~HevcAccelerator() = default;

	/* Decode one picture from all its slice segments. 0 or -errno. */
	virtual int submitPicture(const HevcPictureParams &params) = 0;
	/* The picture decoded into the buffer tagged timestampNs is next in display order. */
	virtual void outputPicture(uint64_t timestampNs) = 0;
};

} /* namespace sluice */
