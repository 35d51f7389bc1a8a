/* SPDX-License-Identifier: MIT */
/*
 * Keyframe detection from a frame's first bytes, for containers that carry no keyframe flag
 * (IVF). Only the few leading header bits are read; nothing is validated beyond them.
 */
#pragma once

#include <cstdint>
#include <span>

namespace sluice {

/* VP8 (RFC 6386, 9.1): bit 0 of the frame tag is 0 on a key frame. */
bool isVp8Keyframe(std::span<const uint8_t> frame);

/*
 * VP9: frame_marker, profile, show_existing_frame and frame_type of the uncompressed header.
 * For a superframe, the first frame of its index decides.
 */
bool isVp9Keyframe(std::span<const uint8_t> frame);

/*
 * AV1 temporal unit: a key frame comes with a sequence header OBU (libaom, SVT-AV1 and rav1e
 * all repeat it there), so its presence is the signal. Parsing the frame header proper needs
 * the sequence header's fields and is the codec layer's business.
 */
bool isAv1Keyframe(std::span<const uint8_t> temporalUnit);

/*
 * The frames of a VP9 superframe (Annex B of the VP9 specification), as spans into the
 * packet; one span (the whole packet) when the packet has no valid superframe index.
 * Returns the number of frames written to frames[] (at most 8).
 */
unsigned splitVp9Superframe(std::span<const uint8_t> packet, std::span<const uint8_t> frames[8]);

} /* namespace sluice */
