/* SPDX-License-Identifier: MIT */
#include "vp9_decoder.h"

#include <algorithm>
#include <cerrno>

#include "vp9_log.h"
#include "vp9_superframe.h"

namespace sluice {

namespace {

/* Section 7.2 (frame_size_with_refs semantics): a reference may be at most twice as large
 * and at most 16 times smaller than the frame that predicts from it. */
bool scalable(const Vp9RefSlotInfo &ref, const Vp9FrameHeader &h)
{
	return 2 * h.width >= ref.width && 2 * h.height >= ref.height &&
	       h.width <= 16 * ref.width && h.height <= 16 * ref.height;
}

} /* namespace */

int Vp9Decoder::decodePacket(std::span<const uint8_t> packet)
{
	std::vector<std::span<const uint8_t>> frames;
	if (splitVp9Superframe(packet, &frames) < 0) {
		LOG(VP9, Warn) << "superframe index names more bytes than the packet holds; dropped";
		stats_.framesDropped++;
		return 0;
	}
	for (std::span<const uint8_t> frame : frames) {
		int ret = decodeFrame(frame);
		if (ret < 0)
			return ret;
	}
	return 0;
}

int Vp9Decoder::decodeFrame(std::span<const uint8_t> frame)
{
	std::string why;
	if (parseVp9UncompressedHeader(frame, state_, &header_, &why) < 0) {
		LOG(VP9, Warn) << "corrupt frame dropped (" << why << "); waiting for a keyframe";
		stats_.framesDropped++;
		waitingForKeyframe_ = true;
		return 0;
	}
	const Vp9FrameHeader &h = header_;

	if (h.showExistingFrame) {
		/* Section 6.2: show the slot's frame again; nothing is decoded or refreshed. */
		uint64_t id = slots_[h.frameToShowMapIdx];
		if (waitingForKeyframe_ || id == 0) {
			stats_.framesDropped++;
			return 0;
		}
		stats_.shownExisting++;
		return accelerator_->outputFrame(id, true);
	}

	if (waitingForKeyframe_ && !h.isKeyFrame()) {
		stats_.framesDropped++;
		return 0;
	}

	std::span<const uint8_t> rest = frame.subspan(h.uncompressedHeaderSize);
	if (h.compressedHeaderSize > rest.size() || h.compressedHeaderSize == rest.size()) {
		LOG(VP9, Warn) << "frame of " << frame.size() << " bytes too short for its "
			       << h.compressedHeaderSize << "-byte compressed header and tiles; dropped";
		stats_.framesDropped++;
		waitingForKeyframe_ = true;
		return 0;
	}
	if (parseVp9CompressedHeader(rest.first(h.compressedHeaderSize), h, &compressed_, &why) < 0) {
		LOG(VP9, Warn) << "corrupt compressed header (" << why << "); waiting for a keyframe";
		stats_.framesDropped++;
		waitingForKeyframe_ = true;
		return 0;
	}

	Vp9Picture picture;
	picture.frameId = nextFrameId_++;
	picture.frame = frame;
	picture.header = &header_;
	picture.compressed = &compressed_;
	picture.isReference = h.refreshFrameFlags != 0;
	if (!h.isIntra()) {
		for (unsigned i = 0; i < kVp9RefsPerFrame; i++) {
			uint8_t slot = h.refFrameIdx[i];
			const Vp9RefSlotInfo &ref = state_.slots[slot];
			if (slots_[slot] == 0 || !scalable(ref, h) || ref.bitDepth != h.color.bitDepth ||
			    ref.subsamplingX != h.color.subsamplingX ||
			    ref.subsamplingY != h.color.subsamplingY) {
				LOG(VP9, Warn) << "inter frame with an unusable reference in slot "
					       << unsigned(slot) << "; waiting for a keyframe";
				stats_.framesDropped++;
				waitingForKeyframe_ = true;
				return 0;
			}
			picture.references[i] = slots_[slot];
		}
	}

	int ret = accelerator_->submitFrame(picture);
	if (ret == -EAGAIN || ret == -EINVAL) {
		/* The front-end refused this frame (a size beyond the allocation, say) and said
		 * why: what references it would have refreshed are now stale. */
		stats_.framesDropped++;
		waitingForKeyframe_ = true;
		return 0;
	}
	if (ret < 0) {
		error_ = "the VP9 frame was not decoded";
		return ret;
	}
	stats_.framesSubmitted++;
	waitingForKeyframe_ = false;
	state_.update(h);
	refreshSlots(h.refreshFrameFlags, picture.frameId);
	if (!h.showFrame) {
		stats_.hiddenFrames++;
		return 0;
	}
	return accelerator_->outputFrame(picture.frameId, false);
}

/* Section 8.10: the frame goes to every slot its refresh_frame_flags name. */
void Vp9Decoder::refreshSlots(uint8_t refreshFlags, uint64_t frameId)
{
	std::array<uint64_t, kVp9NumRefFrames> before = slots_;
	for (unsigned i = 0; i < kVp9NumRefFrames; i++)
		if (refreshFlags & (1u << i))
			slots_[i] = frameId;
	/* Each frame that left its last slot loses its one reference hold. */
	for (unsigned i = 0; i < kVp9NumRefFrames; i++) {
		uint64_t id = before[i];
		if (id == 0 || std::find(slots_.begin(), slots_.end(), id) != slots_.end())
			continue;
		if (std::find(before.begin(), before.begin() + i, id) != before.begin() + i)
			continue; /* already released for an earlier slot */
		accelerator_->releaseReference(id);
	}
}

void Vp9Decoder::releaseAll()
{
	std::array<uint64_t, kVp9NumRefFrames> held = slots_;
	slots_.fill(0);
	for (unsigned i = 0; i < kVp9NumRefFrames; i++)
		if (held[i] && std::find(held.begin(), held.begin() + i, held[i]) == held.begin() + i)
			accelerator_->releaseReference(held[i]);
}

void Vp9Decoder::reset()
{
	slots_.fill(0);
	state_.reset();
	waitingForKeyframe_ = true;
}

} /* namespace sluice */
