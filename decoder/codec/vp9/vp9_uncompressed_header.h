/* SPDX-License-Identifier: MIT */
/*
 * The VP9 uncompressed header parser (VP9 bitstream specification, section 6.2) and the
 * state that section 7 says persists from one frame to the next: the eight reference
 * slots' sizes and formats, the loop-filter deltas, the segmentation parameters and the
 * colour configuration inter frames inherit.
 *
 * Parsing never changes that state: parseVp9UncompressedHeader() reads it, and
 * Vp9PersistentState::update() applies a frame once the caller decided to decode it, so a
 * frame refused later (by the compressed header or the device) leaves no trace.
 */
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>

#include "vp9_frame_header.h"

namespace sluice {

struct Vp9RefSlotInfo {
	bool valid = false;
	uint32_t width = 0, height = 0;
	uint8_t bitDepth = 8;
	bool subsamplingX = true, subsamplingY = true;
};

struct Vp9PersistentState {
	std::array<Vp9RefSlotInfo, kVp9NumRefFrames> slots{};
	/* The colour configuration of the last frame that coded one (inter frames reuse it). */
	Vp9ColorConfig color;
	bool colorKnown = false;
	Vp9LoopFilterParams loopFilter;
	Vp9SegmentationParams segmentation;

	/* Section 8.10 (reference frame update) and the persistence of sections 7.2.8/7.2.10. */
	void update(const Vp9FrameHeader &header);
	/* Forgets everything: after a seek, decoding restarts at a keyframe. */
	void reset() { *this = Vp9PersistentState{}; }
};

/* literal_to_type of section 7.2 (read_interpolation_filter): the 2-bit literal to the filter. */
Vp9InterpFilter vp9InterpFilterFromLiteral(unsigned literal);

/*
 * Parses the uncompressed header at the start of frame. 0 on success; -EINVAL with *error
 * naming the problem for a malformed header, one that runs past the frame, or an inter frame
 * whose reference slots were never filled.
 */
int parseVp9UncompressedHeader(std::span<const uint8_t> frame, const Vp9PersistentState &state,
			       Vp9FrameHeader *header, std::string *error = nullptr);

} /* namespace sluice */
