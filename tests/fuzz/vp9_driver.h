/* SPDX-License-Identifier: MIT */
/*
 * What the libFuzzer target fuzz_vp9.cpp and the corpus replay unit test run on each input: the
 * VP9 front-end below the engine: the input is an IVF file whose frames go, one container
 * packet at a time, to Vp9Decoder, which splits superframes and parses the uncompressed and
 * compressed headers with the persistent state carried from frame to frame. The accelerator
 * here has no device: it fills the controls as the front-end does and checks the reference
 * bookkeeping: inter frames read only frames still held, each hold is released exactly once,
 * only decoded frames are shown, and nothing stays held after releaseAll().
 */
#pragma once

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <span>
#include <set>

#include "codec/vp9/vp9_controls.h"
#include "codec/vp9/vp9_decoder.h"
#include "fuzz_check.h"
#include "ivf_frames.h"

namespace sluice::fuzz::vp9 {

/* Any one-to-one map from frame ids to buffer timestamps will do. */
inline uint64_t timestampOf(uint64_t frameId) { return frameId * 1000; }

class CheckingAccelerator : public Vp9Accelerator
{
public:
	int submitFrame(const Vp9Picture &picture) override
	{
		FUZZ_CHECK(picture.header && picture.compressed);
		FUZZ_CHECK(!picture.header->showExistingFrame);
		FUZZ_CHECK(!picture.frame.empty());
		FUZZ_CHECK(picture.header->uncompressedHeaderSize + picture.header->compressedHeaderSize <
			   picture.frame.size());
		FUZZ_CHECK(submitted_.insert(picture.frameId).second);

		Vp9ReferenceTimestamps references;
		if (!picture.header->isIntra()) {
			for (uint64_t id : picture.references)
				FUZZ_CHECK(held_.count(id));
			references = { timestampOf(picture.references[0]), timestampOf(picture.references[1]),
				       timestampOf(picture.references[2]) };
		}
		ControlSet controls;
		FUZZ_CHECK(fillVp9Controls(*picture.header, *picture.compressed, references, &controls) == 0);

		if (picture.isReference)
			held_.insert(picture.frameId);
		return 0;
	}

	int outputFrame(uint64_t frameId, bool existing) override
	{
		FUZZ_CHECK(submitted_.count(frameId));
		/* A frame shown again is read from a reference slot, so it must still be held. */
		if (existing)
			FUZZ_CHECK(held_.count(frameId));
		return 0;
	}

	void releaseReference(uint64_t frameId) override { FUZZ_CHECK(held_.erase(frameId) == 1); }

	bool holdsNothing() const { return held_.empty(); }

private:
	std::set<uint64_t> submitted_;
	std::set<uint64_t> held_;
};

} /* namespace sluice::fuzz::vp9 */


namespace sluice::fuzz {

/* Runs one input through the VP9 path; a broken invariant aborts. */
inline void driveVp9(std::span<const uint8_t> input)
{
	vp9::CheckingAccelerator accelerator;
	Vp9Decoder decoder(&accelerator);
	for (std::span<const uint8_t> packet : fuzz::ivfFrames(input))
		FUZZ_CHECK(decoder.decodePacket(packet) == 0);
	decoder.releaseAll();
	FUZZ_CHECK(accelerator.holdsNothing());
}

} /* namespace sluice::fuzz */
