/* SPDX-License-Identifier: MIT */
/*
 * What the libFuzzer target fuzz_vp8.cpp and the corpus replay unit test run on each input: the
 * VP8 front-end below the engine: the input is an IVF file whose frames go, in order, through
 * Vp8HeaderParser (the frame tag, the boolean-coded frame header and the partition table, with
 * segmentation, loop-filter deltas and probabilities carried from frame to frame), then the
 * reference buffers and the control filling, as the front-end drives them. Checks that what a
 * parsed header says about the frame's layout stays inside the frame, and that inter frames
 * read only buffers a decoded frame filled.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <set>

#include "codec/vp8/vp8_controls.h"
#include "codec/vp8/vp8_frame_header.h"
#include "codec/vp8/vp8_references.h"
#include "fuzz_check.h"
#include "ivf_frames.h"

namespace sluice::fuzz::vp8 {

inline void checkLayout(const Vp8FrameHeader &header, std::span<const uint8_t> frame)
{
	FUZZ_CHECK(header.partitions == 1u << header.log2Partitions);
	FUZZ_CHECK(header.partitions <= kVp8MaxPartitions);
	uint64_t end = uint64_t{ header.firstPartOffset } + header.firstPartSize + 3 * (header.partitions - 1);
	for (unsigned i = 0; i < header.partitions; i++)
		end += header.partitionSizes[i];
	FUZZ_CHECK(end == frame.size());
	FUZZ_CHECK(header.headerBits <= uint64_t{ header.firstPartSize } * 8);
	FUZZ_CHECK(header.width && header.height);
}

} /* namespace sluice::fuzz::vp8 */


namespace sluice::fuzz {

/* Runs one input through the VP8 path; a broken invariant aborts. */
inline void driveVp8(std::span<const uint8_t> input)
{
	Vp8HeaderParser parser;
	Vp8References references;
	std::set<uint64_t> decoded;
	uint64_t frameId = 1;
	for (std::span<const uint8_t> frame : fuzz::ivfFrames(input)) {
		Vp8FrameHeader header;
		if (parser.parse(frame, &header) < 0) {
			/* As the front-end: nothing is trusted until the next key frame. */
			references.clear();
			continue;
		}
		vp8::checkLayout(header, frame);
		if (!header.keyFrame && !references.complete())
			continue;
		Vp8ReferenceKeys keys;
		if (!header.keyFrame) {
			for (uint64_t id : references.held())
				FUZZ_CHECK(decoded.count(id));
			keys = { *references.last * 1000, *references.golden * 1000, *references.alternate * 1000 };
		}
		ControlSet controls;
		fillVp8Controls(header, keys, &controls);
		FUZZ_CHECK(controls.size() == 1);
		decoded.insert(frameId);
		references.update(header, frameId);
		FUZZ_CHECK(references.complete());
		frameId++;
	}
}

} /* namespace sluice::fuzz */
