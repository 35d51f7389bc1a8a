/* SPDX-License-Identifier: MIT */
#include "keyframe_sniff.h"

#include "base/bit_reader.h"

namespace sluice {

bool isVp8Keyframe(std::span<const uint8_t> frame)
{
	/* A key frame also carries the start code 9d 01 2a after the 3-byte tag. */
	return frame.size() >= 6 && (frame[0] & 1) == 0 && frame[3] == 0x9d && frame[4] == 0x01 &&
	       frame[5] == 0x2a;
}

unsigned splitVp9Superframe(std::span<const uint8_t> packet, std::span<const uint8_t> frames[8])
{
	frames[0] = packet;
	if (packet.empty())
		return 1;
	uint8_t marker = packet.back();
	if ((marker & 0xe0) != 0xc0)
		return 1;
	unsigned count = (marker & 7) + 1;
	unsigned bytesPerSize = ((marker >> 3) & 3) + 1;
	size_t indexSize = 2 + size_t{ bytesPerSize } * count;
	/* The index starts and ends with the same marker byte; otherwise it is frame data. */
	if (packet.size() < indexSize || packet[packet.size() - indexSize] != marker)
		return 1;

	size_t offset = 0;
	size_t dataEnd = packet.size() - indexSize;
	const uint8_t *sizes = &packet[packet.size() - indexSize + 1];
	for (unsigned i = 0; i < count; i++) {
		size_t frameSize = 0;
		for (unsigned b = 0; b < bytesPerSize; b++)
			frameSize |= size_t{ sizes[i * bytesPerSize + b] } << (8 * b);
		if (frameSize > dataEnd - offset) {
			frames[0] = packet;
			return 1;
		}
		frames[i] = packet.subspan(offset, frameSize);
		offset += frameSize;
	}
	return count;
}

bool isVp9Keyframe(std::span<const uint8_t> packet)
{
	std::span<const uint8_t> frames[8];
	splitVp9Superframe(packet, frames);

	BitReader bits(frames[0]);
	if (bits.readBits(2) != 2) /* frame_marker */
		return false;
	unsigned profile = bits.readBits(1);
	profile |= bits.readBits(1) << 1;
	if (profile == 3)
		bits.skipBits(1); /* reserved_zero */
	if (bits.readFlag()) /* show_existing_frame */
		return false;
	bool keyframe = bits.readBits(1) == 0; /* frame_type: KEY_FRAME is 0 */
	return keyframe && !bits.hasError();
}

bool isAv1Keyframe(std::span<const uint8_t> unit)
{
	size_t pos = 0;
	/* Bounded: each OBU consumes at least its header byte. */
	while (pos < unit.size()) {
		uint8_t header = unit[pos++];
		unsigned type = (header >> 3) & 0xf;
		bool hasExtension = header & 4;
		bool hasSize = header & 2;
		if (type == 1) /* OBU_SEQUENCE_HEADER */
			return true;
		if (hasExtension)
			pos++;
		if (!hasSize)
			return false; /* the rest is one OBU */
		uint64_t size = 0;
		for (unsigned i = 0; i < 8; i++) {
			if (pos >= unit.size())
				return false;
			uint8_t byte = unit[pos++];
			size |= uint64_t{ byte & 0x7fu } << (7 * i);
			if (!(byte & 0x80))
				break;
		}
		if (size > unit.size() - pos)
			return false;
		pos += size;
	}
	return false;
}

} /* namespace sluice */
