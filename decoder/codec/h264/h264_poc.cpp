/* SPDX-License-Identifier: MIT */
#include "h264_poc.h"

namespace sluice {

H264PocResult H264PocState::compute(const H264Sps &sps, const H264SliceHeader &slice) const
{
	H264PocResult r;
	const bool bottomFieldPic = slice.fieldPic && slice.bottomField;
	const bool topFieldPic = slice.fieldPic && !slice.bottomField;

	if (sps.picOrderCntType == 0) {
		/* 8.2.1.1 */
		int32_t prevMsb = slice.isIdr() ? 0 : prevPicOrderCntMsb_;
		int32_t prevLsb = slice.isIdr() ? 0 : prevPicOrderCntLsb_;
		int32_t maxLsb = static_cast<int32_t>(sps.maxPicOrderCntLsb());
		int32_t lsb = slice.picOrderCntLsb;
		if (lsb < prevLsb && prevLsb - lsb >= maxLsb / 2)
			r.picOrderCntMsb = prevMsb + maxLsb;
		else if (lsb > prevLsb && lsb - prevLsb > maxLsb / 2)
			r.picOrderCntMsb = prevMsb - maxLsb;
		else
			r.picOrderCntMsb = prevMsb;
		if (!bottomFieldPic)
			r.topFieldOrderCnt = r.picOrderCntMsb + lsb;
		if (!slice.fieldPic)
			r.bottomFieldOrderCnt = r.topFieldOrderCnt + slice.deltaPicOrderCntBottom;
		else if (bottomFieldPic)
			r.bottomFieldOrderCnt = r.picOrderCntMsb + lsb;
		return r;
	}

	/* 8.2.1.2 and 8.2.1.3 share FrameNumOffset. */
	if (slice.isIdr())
		r.frameNumOffset = 0;
	else if (prevFrameNum_ > slice.frameNum)
		r.frameNumOffset = prevFrameNumOffset_ + sps.maxFrameNum();
	else
		r.frameNumOffset = prevFrameNumOffset_;

	if (sps.picOrderCntType == 1) {
		const unsigned cycle = sps.numRefFramesInPicOrderCntCycle;
		int64_t absFrameNum = cycle != 0 ? int64_t{ r.frameNumOffset } + slice.frameNum : 0;
		if (!slice.isReference() && absFrameNum > 0)
			absFrameNum--;
		int64_t expected = 0;
		if (absFrameNum > 0) {
			int64_t expectedDeltaPerCycle = 0;
			for (unsigned i = 0; i < cycle; i++)
				expectedDeltaPerCycle += sps.offsetForRefFrame[i];
			int64_t cycleCount = (absFrameNum - 1) / cycle;
			int64_t inCycle = (absFrameNum - 1) % cycle;
			expected = cycleCount * expectedDeltaPerCycle;
			for (int64_t i = 0; i <= inCycle; i++)
				expected += sps.offsetForRefFrame[i];
		}
		if (!slice.isReference())
			expected += sps.offsetForNonRefPic;
		if (!slice.fieldPic) {
			r.topFieldOrderCnt = static_cast<int32_t>(expected + slice.deltaPicOrderCnt[0]);
			r.bottomFieldOrderCnt = r.topFieldOrderCnt + sps.offsetForTopToBottomField +
						slice.deltaPicOrderCnt[1];
		} else if (topFieldPic) {
			r.topFieldOrderCnt = static_cast<int32_t>(expected + slice.deltaPicOrderCnt[0]);
		} else {
			r.bottomFieldOrderCnt = static_cast<int32_t>(expected + sps.offsetForTopToBottomField +
								     slice.deltaPicOrderCnt[0]);
		}
		return r;
	}

	/* 8.2.1.3: output order is decoding order; non-reference pictures come just before
	 * the next reference picture. */
	int64_t temp = 0;
	if (!slice.isIdr()) {
		temp = 2 * (int64_t{ r.frameNumOffset } + slice.frameNum);
		if (!slice.isReference())
			temp--;
	}
	if (!bottomFieldPic)
		r.topFieldOrderCnt = static_cast<int32_t>(temp);
	if (!topFieldPic)
		r.bottomFieldOrderCnt = static_cast<int32_t>(temp);
	return r;
}

void H264PocState::pictureDecoded(const H264SliceHeader &slice, const H264PocResult &poc,
				  bool hadMmco5)
{
	const bool bottomFieldPic = slice.fieldPic && slice.bottomField;
	if (slice.isReference()) {
		if (hadMmco5) {
			/* 8.2.1.1: after operation 5 the next picture sees MSB 0 and, unless this was
			 * a bottom field, this picture's (reset) top field order count as LSB. */
			prevPicOrderCntMsb_ = 0;
			prevPicOrderCntLsb_ = bottomFieldPic ? 0 : poc.topFieldOrderCnt;
		} else {
			prevPicOrderCntMsb_ = poc.picOrderCntMsb;
			prevPicOrderCntLsb_ = slice.picOrderCntLsb;
		}
	}
	/* 8.2.1.2/8.2.1.3: operation 5 makes the picture's frame_num and offset count as 0. */
	prevFrameNumOffset_ = hadMmco5 ? 0 : poc.frameNumOffset;
	prevFrameNum_ = hadMmco5 ? 0 : slice.frameNum;
}

void H264PocState::gapFrame(uint16_t frameNum, uint32_t maxFrameNum)
{
	if (prevFrameNum_ > frameNum)
		prevFrameNumOffset_ += maxFrameNum;
	prevFrameNum_ = frameNum;
}

} /* namespace sluice */
