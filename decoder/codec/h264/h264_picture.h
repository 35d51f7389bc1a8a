/* SPDX-License-Identifier: MIT */
/*
 * The reference state of one decoded frame buffer: H264FrameStore holds a frame, a
 * complementary field pair, or a single field (C.4: the DPB stores frame buffers, each field
 * of which may be marked separately). Kernel-independent: the control filler turns these
 * into dpb[] entries keyed by timestampNs, the CAPTURE buffer timestamp the engine assigned.
 */
#pragma once

#include <algorithm>
#include <cstdint>

namespace sluice {

/* Field masks; a frame is both fields. */
constexpr uint8_t kH264TopField = 1;
constexpr uint8_t kH264BottomField = 2;
constexpr uint8_t kH264BothFields = 3;

enum class H264PictureStructure : uint8_t { Frame, TopField, BottomField };

inline uint8_t fieldMask(H264PictureStructure structure)
{
	switch (structure) {
	case H264PictureStructure::TopField:
		return kH264TopField;
	case H264PictureStructure::BottomField:
		return kH264BottomField;
	default:
		return kH264BothFields;
	}
}

struct H264FrameStore {
	uint64_t timestampNs = 0;
	uint64_t decodeOrder = 0;   /* for tests and logs */
	uint16_t frameNum = 0;
	int32_t frameNumWrap = 0;   /* 8.2.4.1, relative to the picture being decoded */
	uint32_t longTermFrameIdx = 0;
	int32_t topFieldOrderCnt = 0;
	int32_t bottomFieldOrderCnt = 0;
	uint8_t decodedFields = 0;  /* which fields hold decoded samples */
	uint8_t shortTermFields = 0;
	uint8_t longTermFields = 0;
	bool codedAsFields = false; /* decoded as field pictures (PAFF), not as a frame */
	uint8_t firstField = 0;     /* of a store codedAsFields: the parity decoded first */
	bool neededForOutput = false;
	bool nonExisting = false;   /* inferred for a frame_num gap (8.2.5.2), never output */
	bool idr = false;

	bool isReference() const { return (shortTermFields | longTermFields) != 0; }
	bool isShortTerm() const { return shortTermFields != 0; }
	bool isLongTerm() const { return longTermFields != 0; }
	bool complete() const { return decodedFields == kH264BothFields; }
	/* 8.2.1: a frame's POC is the smaller of its fields'; a single field's is its own. */
	int32_t picOrderCnt() const
	{
		if (decodedFields == kH264TopField)
			return topFieldOrderCnt;
		if (decodedFields == kH264BottomField)
			return bottomFieldOrderCnt;
		return std::min(topFieldOrderCnt, bottomFieldOrderCnt);
	}
	/* POC over the fields in `mask` only (a pair with one reference field, 8.2.4.2.4). */
	int32_t picOrderCnt(uint8_t mask) const
	{
		if (mask == kH264TopField)
			return topFieldOrderCnt;
		if (mask == kH264BottomField)
			return bottomFieldOrderCnt;
		return picOrderCnt();
	}
};

} /* namespace sluice */
