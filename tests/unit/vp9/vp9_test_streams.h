/* SPDX-License-Identifier: MIT */
/*
 * Streams for the VP9 tests, made at test time by ffmpeg + libvpx-vp9 from lavfi's testsrc
 * (single-threaded, so every run makes the same bytes), and a minimal IVF reader so that the
 * tests see the packets exactly as the file stores them.
 */
#pragma once

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <stdlib.h>

#include "trace_headers.h"

namespace sluice::test {

struct Vp9StreamCase {
	const char *name;
	const char *encoderOptions;  /* libvpx-vp9 options */
	const char *pixFmt = "yuv420p";
	unsigned frames = 30;
	const char *size = "176x144";
	bool twoPass = false;
	/* Appended as a second IVF stream of this size (a keyframe resolution change). */
	const char *secondSize = nullptr;
};

inline const std::string &vp9ScratchDir()
{
	static std::string dir = [] {
		char tmpl[] = "/tmp/sluice-vp9-test-XXXXXX";
		const char *made = mkdtemp(tmpl);
		return std::string(made ? made : "/tmp");
	}();
	return dir;
}

inline std::vector<uint8_t> readVp9File(const std::string &path)
{
	std::ifstream in(path, std::ios::binary);
	return { std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>() };
}

/* The packets of an IVF file (32-byte file header, then a 12-byte header per frame). */
inline std::vector<std::vector<uint8_t>> readIvfPackets(const std::vector<uint8_t> &file)
{
	std::vector<std::vector<uint8_t>> packets;
	if (file.size() < 32 || std::memcmp(file.data(), "DKIF", 4) != 0)
		return packets;
	size_t headerSize = file[6] | (file[7] << 8);
	for (size_t pos = headerSize; pos + 12 <= file.size();) {
		size_t size = file[pos] | (file[pos + 1] << 8) | (file[pos + 2] << 16) |
			      (static_cast<size_t>(file[pos + 3]) << 24);
		pos += 12;
		if (size > file.size() - pos)
			break;
		packets.emplace_back(file.begin() + pos, file.begin() + pos + size);
		pos += size;
	}
	return packets;
}

inline std::string encodeVp9Ivf(const Vp9StreamCase &c, const char *size, const std::string &path)
{
	std::string input = std::string("-f lavfi -i testsrc=size=") + size + ":rate=25 -frames:v " +
			    std::to_string(c.frames) + " -pix_fmt " + c.pixFmt;
	std::string codec = std::string(" -c:v libvpx-vp9 -threads 1 -speed 4 ") + c.encoderOptions;
	std::string base = "ffmpeg -hide_banner -loglevel error -nostats -y ";
	std::string output;
	if (c.twoPass) {
		std::string log = " -passlogfile '" + path + ".log'";
		if (runCommand(base + input + codec + " -pass 1" + log + " -f null - 2>&1", &output))
			return {};
		if (runCommand(base + input + codec + " -pass 2" + log + " '" + path + "' 2>&1", &output))
			return {};
		return path;
	}
	if (runCommand(base + input + codec + " '" + path + "' 2>&1", &output))
		return {};
	return path;
}

/* Encodes the case to <scratch>/<name>.ivf; returns the path, or "" on failure. */
inline std::string generateVp9(const Vp9StreamCase &c)
{
	std::string path = vp9ScratchDir() + "/" + c.name + ".ivf";
	if (encodeVp9Ivf(c, c.size, path).empty())
		return {};
	if (!c.secondSize)
		return path;
	/* A second stream of another size, its frames appended after the first's: the decoder
	 * sees a keyframe of the new size in the middle of one file. */
	std::string second = path + ".second.ivf";
	if (encodeVp9Ivf(c, c.secondSize, second).empty())
		return {};
	std::vector<uint8_t> a = readVp9File(path), b = readVp9File(second);
	if (a.size() < 32 || b.size() < 32)
		return {};
	std::ofstream out(path, std::ios::binary | std::ios::app);
	out.write(reinterpret_cast<const char *>(b.data()) + 32, static_cast<std::streamsize>(b.size() - 32));
	return out ? path : std::string();
}

/* The corpus every VP9 test shares: the features of the issue, one stream each. */
inline const std::vector<Vp9StreamCase> &vp9Corpus()
{
	static const std::vector<Vp9StreamCase> cases = {
		{ "basic", "-b:v 200k" },
		{ "altref_2pass", "-b:v 300k -auto-alt-ref 1 -lag-in-frames 16", "yuv420p", 40,
		  "176x144", true },
		{ "tile_columns", "-b:v 400k -tile-columns 2 -tile-rows 1", "yuv420p", 6, "1024x96" },
		{ "lossless", "-lossless 1", "yuv420p", 6 },
		{ "aq_variance", "-b:v 200k -aq-mode 1" },
		{ "aq_cyclic", "-b:v 200k -aq-mode 3 -deadline realtime" },
		{ "error_resilient", "-b:v 200k -error-resilient 1" },
		{ "frame_parallel_on", "-b:v 200k -frame-parallel 1" },
		{ "frame_parallel_off", "-b:v 200k -frame-parallel 0" },
		{ "resize_on_keyframe", "-b:v 200k", "yuv420p", 10, "176x144", false, "96x64" },
		{ "profile2_10bit", "-b:v 200k", "yuv420p10le", 10 },
		{ "profile1_444", "-b:v 200k", "yuv444p", 10 },
		{ "profile1_rgb", "-b:v 200k", "gbrp", 6 },
	};
	return cases;
}

} /* namespace sluice::test */
