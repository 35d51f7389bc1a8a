/* SPDX-License-Identifier: MIT */
/*
 * The frames of an IVF file, for the VP8 and VP9 fuzz targets: their seeds are IVF files as
 * ffmpeg writes them, so the fuzzer mutates real frame sequences. Deliberately lenient, unlike
 * the IVF demuxer (fuzzed on its own): the header's length field is trusted only within the
 * input, and a frame cut by the end of the input is still returned, cut, so the codec sees
 * truncated frames too.
 */
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace sluice::fuzz {

inline std::vector<std::span<const uint8_t>> ivfFrames(std::span<const uint8_t> file)
{
	std::vector<std::span<const uint8_t>> frames;
	if (file.size() < 32)
		return frames;
	size_t headerBytes = file[6] | (file[7] << 8);
	size_t pos = headerBytes >= 32 && headerBytes <= file.size() ? headerBytes : 32;
	/* Each frame: a 4-byte little-endian size and an 8-byte timestamp, then the frame. */
	while (file.size() - pos >= 12) {
		size_t size = file[pos] | (file[pos + 1] << 8) | (file[pos + 2] << 16) |
			      (size_t{ file[pos + 3] } << 24);
		pos += 12;
		size = std::min(size, file.size() - pos);
		frames.push_back(file.subspan(pos, size));
		pos += size;
	}
	return frames;
}

} /* namespace sluice::fuzz */
