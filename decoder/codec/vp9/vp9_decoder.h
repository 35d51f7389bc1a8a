/* SPDX-License-Identifier: MIT */
/*
 * Vp9Decoder: the VP9 state machine between packets and an accelerator.
 *
 * It splits superframes, parses each frame's headers, keeps the eight reference slots (which
 * frame id each holds) and the persistent header state, and tells the accelerator what to
 * decode, what to show and which frames no reference slot holds any more. It knows nothing
 * of V4L2: the accelerator (the front-end's delegate) fills the controls and submits.
 *
 * Reference holds are one per distinct frame: a frame written to three slots is held once,
 * from its submission (isReference when refresh_frame_flags is not 0) until the last slot
 * holding it is overwritten, when releaseReference() is called once.
 */
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "vp9_compressed_header.h"
#include "vp9_uncompressed_header.h"

namespace sluice {

struct Vp9Picture {
	uint64_t frameId = 0;
	std::span<const uint8_t> frame; /* the whole frame: headers and tiles */
	const Vp9FrameHeader *header = nullptr;
	const Vp9CompressedHeader *compressed = nullptr;
	/* Frame ids of LAST, GOLDEN and ALTREF for inter frames; 0 for intra frames. */
	std::array<uint64_t, kVp9RefsPerFrame> references{};
	/* The frame goes to at least one reference slot. */
	bool isReference = false;
};

class Vp9Accelerator
{
public:
	virtual ~Vp9Accelerator() = default;
	/* Decode this frame. 0, or -errno (-ENOTSUP: the stream is beyond the device). */
	virtual int submitFrame(const Vp9Picture &picture) = 0;
	/* A frame is next for display: just decoded with show_frame, or shown again with
	 * show_existing_frame (existing = true, no decode happened). */
	virtual int outputFrame(uint64_t frameId, bool existing) = 0;
	/* No reference slot holds this frame any more. */
	virtual void releaseReference(uint64_t frameId) = 0;
};

struct Vp9DecoderStats {
	uint64_t framesSubmitted = 0;
	uint64_t hiddenFrames = 0;
	uint64_t shownExisting = 0;
	uint64_t framesDropped = 0; /* corrupt, or skipped while waiting for a keyframe */
};

class Vp9Decoder
{
public:
	explicit Vp9Decoder(Vp9Accelerator *accelerator) : accelerator_(accelerator) {}

	/*
	 * Decodes every frame of one container packet. 0 (a corrupt frame is dropped and
	 * decoding resumes at the next keyframe), -ENOTSUP/-errno from the accelerator, with
	 * error() saying why.
	 */
	int decodePacket(std::span<const uint8_t> packet);
	/* Releases every reference (end of stream). */
	void releaseAll();
	/* Seek: forgets the slots (the engine already dropped its holds) and waits for a keyframe. */
	void reset();

	/* Frame ids are handed out from here, in decoding order, starting at 1. */
	void setNextFrameId(uint64_t id) { nextFrameId_ = id; }
	uint64_t nextFrameId() const { return nextFrameId_; }
	const std::array<uint64_t, kVp9NumRefFrames> &slots() const { return slots_; }
	const Vp9PersistentState &state() const { return state_; }
	const Vp9DecoderStats &stats() const { return stats_; }
	const std::string &error() const { return error_; }
	/* Until a keyframe arrives, inter frames are dropped. */
	void requireKeyframe() { waitingForKeyframe_ = true; }

private:
	int decodeFrame(std::span<const uint8_t> frame);
	void refreshSlots(uint8_t refreshFlags, uint64_t frameId);

	Vp9Accelerator *accelerator_;
	Vp9PersistentState state_;
	std::array<uint64_t, kVp9NumRefFrames> slots_{}; /* frame id per slot, 0: empty */
	uint64_t nextFrameId_ = 1;
	bool waitingForKeyframe_ = true;
	Vp9DecoderStats stats_;
	std::string error_;
	Vp9FrameHeader header_;
	Vp9CompressedHeader compressed_;
};

} /* namespace sluice */
