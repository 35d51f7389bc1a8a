/* SPDX-License-Identifier: MIT */
#include "vp9_superframe.h"

#include <cerrno>

namespace sluice {

int splitVp9Superframe(std::span<const uint8_t> packet,
		       std::vector<std::span<const uint8_t>> *frames)
{
	frames->clear();
	if (packet.empty())
		return -EINVAL;

	/* B.3: the last byte is superframe_marker (0b110), bytes_per_framesize_minus_1 (2 bits)
	 * and frames_in_superframe_minus_1 (3 bits); the same byte also opens the index. */
	uint8_t marker = packet.back();
	size_t sizeBytes = ((marker >> 3) & 3) + 1;
	size_t count = (marker & 7) + 1;
	size_t indexSize = 2 + sizeBytes * count;
	if ((marker & 0xe0) != 0xc0 || packet.size() < indexSize ||
	    packet[packet.size() - indexSize] != marker) {
		frames->push_back(packet);
		return 0;
	}

	const uint8_t *sizes = packet.data() + packet.size() - indexSize + 1;
	size_t payload = packet.size() - indexSize;
	size_t offset = 0;
	for (size_t i = 0; i < count; i++) {
		size_t size = 0;
		for (size_t b = 0; b < sizeBytes; b++) /* frame_sizes are little-endian */
			size |= static_cast<size_t>(sizes[i * sizeBytes + b]) << (8 * b);
		if (size > payload - offset) {
			frames->clear();
			return -EINVAL;
		}
		/* A zero-sized entry carries nothing to decode. */
		if (size)
			frames->push_back(packet.subspan(offset, size));
		offset += size;
	}
	return 0;
}

} /* namespace sluice */
