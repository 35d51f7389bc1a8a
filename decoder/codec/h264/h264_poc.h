/* SPDX-License-Identifier: MIT */
/* Picture order count, types 0, 1 and 2 (8.2.1), with the state carried between pictures. */
#pragma once

#include <cstdint>

#include "h264_picture.h"
#include "h264_slice_header.h"
#include "h264_sps.h"

namespace sluice {

struct H264PocResult {
	int32_t topFieldOrderCnt = 0;
	int32_t bottomFieldOrderCnt = 0;
	/* Intermediate values the next picture depends on. */
	int32_t picOrderCntMsb = 0;
	uint32_t frameNumOffset = 0;
};

class H264PocState
{
public:
	/* 8.2.1 for the picture whose first slice is `slice`. */
	H264PocResult compute(const H264Sps &sps, const H264SliceHeader &slice) const;

	/*
	 * Records a decoded picture as "the previous picture" for the next compute(). hadMmco5:
	 * its dec_ref_pic_marking held operation 5, which resets POC and frame_num (8.2.1);
	 * `poc` must then hold the values after that reset (tempPicOrderCnt subtracted).
	 */
	void pictureDecoded(const H264SliceHeader &slice, const H264PocResult &poc, bool hadMmco5);

	/* A frame inferred for a frame_num gap counts as a previous picture for types 1, 2. */
	void gapFrame(uint16_t frameNum, uint32_t maxFrameNum);

	void reset() { *this = H264PocState{}; }

private:
	/* Type 0: of the previous reference picture. */
	int32_t prevPicOrderCntMsb_ = 0;
	int32_t prevPicOrderCntLsb_ = 0;
	/* Types 1 and 2: of the previous picture. */
	uint32_t prevFrameNumOffset_ = 0;
	uint16_t prevFrameNum_ = 0;
};

} /* namespace sluice */
