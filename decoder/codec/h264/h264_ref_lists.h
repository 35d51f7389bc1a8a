/* SPDX-License-Identifier: MIT */
/* Reference picture lists: initialisation (8.2.4.2) and modification (8.2.4.3), for frames
 * and fields. Entries name a DPB frame store and the field(s) referenced. */
#pragma once

#include <cstdint>
#include <vector>

#include "h264_dpb.h"
#include "h264_slice_header.h"

namespace sluice {

struct H264RefEntry {
	int store;      /* index into H264Dpb::stores(); -1: "no reference picture" */
	uint8_t fields; /* kH264TopField, kH264BottomField or kH264BothFields */

	bool operator==(const H264RefEntry &) const = default;
};

using H264RefList = std::vector<H264RefEntry>;

/*
 * Builds RefPicList0/1 for one slice of `pic` (beginPicture() already called): the initial
 * lists, truncated or padded to num_ref_idx_lX_active_minus1 + 1, then the slice's
 * modifications. Returns 0, or -EINVAL when a modification names a missing picture (the
 * entry is left as "no reference picture").
 */
int buildRefLists(const H264Dpb &dpb, const H264CurrentPicture &pic, const H264SliceHeader &slice,
		  H264RefList *list0, H264RefList *list1);

/* The initial lists alone, untruncated (tests, and frame-based drivers' cross-checks). */
void initialRefLists(const H264Dpb &dpb, const H264CurrentPicture &pic, bool bSlice,
		     H264RefList *list0, H264RefList *list1);

} /* namespace sluice */
