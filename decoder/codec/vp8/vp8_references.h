/* SPDX-License-Identifier: MIT */
/*
 * The three VP8 reference buffers (RFC 6386 9.7, 9.9): last, golden and altref, each naming
 * the frame (by the caller's id) it holds. A key frame fills all three; an inter frame may
 * refresh each with itself or copy one buffer into another, the copies reading the buffers
 * as they were before this frame.
 */
#pragma once

#include <cstdint>
#include <optional>
#include <set>

#include "vp8_frame_header.h"

namespace sluice {

class Vp8References
{
public:
	std::optional<uint64_t> last, golden, alternate;

	/* Applies the frame's buffer updates after it is decoded as frameId. */
	void update(const Vp8FrameHeader &header, uint64_t frameId);
	/* The frames any buffer holds. */
	std::set<uint64_t> held() const;
	/* Whether every buffer an inter frame may read holds a frame. */
	bool complete() const { return last && golden && alternate; }
	void clear() { last.reset(), golden.reset(), alternate.reset(); }
};

} /* namespace sluice */
