/* SPDX-License-Identifier: MIT */
/*
 * H264Dpb: the decoded picture buffer as reference state and output queue.
 *
 * Reference marking follows 8.2.5 (IDR, sliding window 8.2.5.3, MMCO 1-6 8.2.5.4, frame_num
 * gaps 8.2.5.2); storage and output follow C.4.4/C.4.5 (bumping, C.4.5.3), so frames leave in
 * POC order. Frames and fields share one model: a frame store holds a frame, a field pair or
 * a lone field, and each field is marked on its own. Pictures here are references to frame
 * buffers the engine owns; the DPB only says which timestamps stay referenced or are output.
 */
#pragma once

#include <cstdint>
#include <vector>

#include "h264_picture.h"
#include "h264_slice_header.h"

namespace sluice {

/* The picture being decoded, as the DPB needs it. */
struct H264CurrentPicture {
	uint64_t timestampNs = 0;
	H264PictureStructure structure = H264PictureStructure::Frame;
	uint16_t frameNum = 0;
	bool idr = false;
	bool reference = false;
	int32_t topFieldOrderCnt = 0;
	int32_t bottomFieldOrderCnt = 0;
	const H264DecRefPicMarking *marking = nullptr;
	/* Set by H264Dpb::beginPicture: the store holding this picture's first field, or -1. */
	int firstFieldStore = -1;

	bool isField() const { return structure != H264PictureStructure::Frame; }
	uint8_t mask() const { return fieldMask(structure); }
	/* 8.2.4.1: CurrPicNum. */
	int32_t picNum() const { return isField() ? 2 * frameNum + 1 : frameNum; }
};

struct H264OutputFrame {
	uint64_t timestampNs;
	int32_t picOrderCnt;
	uint8_t fields; /* decoded fields; a lone field is output as it is */
};

class H264Dpb
{
public:
	/*
	 * dpbFrames: frame buffers (max_dec_frame_buffering or the level's limit, 1..16);
	 * maxNumRefFrames from the SPS; maxReorder: frames that may wait for output before the
	 * oldest must leave (max_num_reorder_frames, or dpbFrames when the VUI gives none).
	 */
	void configure(unsigned dpbFrames, unsigned maxNumRefFrames, unsigned maxReorder,
		       uint32_t maxFrameNum);

	/*
	 * Prepares for decoding `pic`: recomputes FrameNumWrap (8.2.4.1) and finds the first
	 * field when `pic` is the second field of a pair (7.4.1.2.4). Call before building
	 * reference lists or filling controls.
	 */
	void beginPicture(H264CurrentPicture *pic);

	/*
	 * After decoding `pic`: marks references (8.2.5) and stores it, outputting what the
	 * bumping process releases into `out`. hadMmco5 tells the caller to reset POC state;
	 * then pic's field order counts are updated to their values after the reset.
	 * Returns 0, or -EINVAL when the marking operations name pictures that do not exist
	 * (the operation is skipped and logged; the state stays usable).
	 */
	int finishPicture(H264CurrentPicture *pic, std::vector<H264OutputFrame> *out, bool *hadMmco5);

	/* 8.2.5.2: a "non-existing" frame for an unused frame_num. */
	void insertGapFrame(uint16_t frameNum, std::vector<H264OutputFrame> *out);

	/* Outputs everything still waiting, in POC order, and empties the DPB (end of stream). */
	void flush(std::vector<H264OutputFrame> *out);
	/* Drops everything without output (seek). */
	void clear();

	const std::vector<H264FrameStore> &stores() const { return stores_; }
	uint32_t maxFrameNum() const { return maxFrameNum_; }
	unsigned dpbFrames() const { return dpbFrames_; }

	/* 8.2.4.1 numbers of a field or frame of store `s` relative to `pic`. */
	static int32_t picNumOf(const H264FrameStore &s, const H264CurrentPicture &pic, uint8_t field);
	static int32_t longTermPicNumOf(const H264FrameStore &s, const H264CurrentPicture &pic,
					uint8_t field);

private:
	void updateFrameNumWrap(uint16_t currentFrameNum);
	void slidingWindow(int exceptStore);
	void limitReferences(int exceptStore, bool currentOutside);
	int applyMmco(const H264Mmco &op, H264CurrentPicture *pic, H264FrameStore *current,
		      int currentIndex, bool *hadMmco5);
	void unmarkAll();
	bool bumpOne(std::vector<H264OutputFrame> *out, bool flushing);
	void removeUnused();
	void store(H264FrameStore frame, std::vector<H264OutputFrame> *out);
	unsigned referenceFrameCount() const;

	std::vector<H264FrameStore> stores_;
	unsigned dpbFrames_ = 16;
	unsigned maxNumRefFrames_ = 16;
	unsigned maxReorder_ = 16;
	uint32_t maxFrameNum_ = 16;
	int32_t maxLongTermFrameIdx_ = -1; /* -1: "no long-term frame indices" */
	uint64_t decodeCounter_ = 0;
	/* The store whose first field waits for its second; not output before then. */
	uint64_t pendingFirstField_ = 0; /* decodeOrder + 1; 0 when none */
};

} /* namespace sluice */
