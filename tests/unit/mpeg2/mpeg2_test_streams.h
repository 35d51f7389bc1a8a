/* SPDX-License-Identifier: MIT */
/*
 * Streams for the MPEG-2 tests, made at test time by FFmpeg's mpeg2video encoder from lavfi's
 * testsrc (single-threaded, so every run makes the same bytes). FFmpeg writes frame pictures
 * only, interlaced or not: field pictures are covered with hand-built units instead.
 */
#pragma once

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <stdlib.h>

#include "trace_headers.h"

namespace sluice::test {

struct Mpeg2StreamCase {
	const char *name;
	const char *options; /* encoder options after -c:v mpeg2video */
	const char *pixFmt = "yuv420p";
	unsigned frames = 24;
};

/* A raster-order matrix for -intra_matrix: a deliberately asymmetric one, so a transposed or
 * unscanned matrix cannot pass for the right one. */
inline constexpr const char *kCustomIntraRaster =
	"8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,"
	"38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,"
	"68,69,70,71";
inline constexpr const char *kCustomInterRaster =
	"16,17,18,19,20,21,22,23,17,18,19,20,21,22,23,24,18,19,20,21,22,23,24,25,19,20,21,22,23,24,"
	"25,26,20,21,22,23,24,25,26,27,21,22,23,24,25,26,27,28,22,23,24,25,26,27,28,29,23,24,25,26,"
	"27,28,29,40";
/* The standard's default intra matrix (ISO/IEC 13818-2 6.3.11) as printed, row by row. */
inline constexpr const char *kDefaultIntraRaster =
	"8,16,19,22,26,27,29,34,16,16,22,24,27,29,34,37,19,22,26,27,29,34,34,38,22,22,26,27,29,34,"
	"37,40,22,26,27,29,32,35,40,48,26,27,29,32,35,40,48,58,26,27,29,34,38,46,56,69,27,29,35,38,"
	"46,56,69,83";

inline std::vector<int> parseMatrixList(const char *list)
{
	std::vector<int> values;
	std::string number;
	for (const char *p = list;; p++) {
		if (*p == ',' || *p == 0) {
			values.push_back(std::stoi(number));
			number.clear();
			if (!*p)
				break;
		} else {
			number += *p;
		}
	}
	return values;
}

inline const std::string &mpeg2ScratchDir()
{
	static std::string dir = [] {
		char tmpl[] = "/tmp/sluice-mpeg2-test-XXXXXX";
		const char *made = mkdtemp(tmpl);
		return std::string(made ? made : "/tmp");
	}();
	return dir;
}

/* Encodes the case to <scratch>/<name>.m2v; returns the path, or "" on failure. */
inline std::string generateMpeg2(const Mpeg2StreamCase &c)
{
	std::string path = mpeg2ScratchDir() + "/" + c.name + ".m2v";
	std::string command = std::string("ffmpeg -hide_banner -loglevel error -nostats -y -f lavfi -i "
					  "testsrc=size=176x144:rate=25 -frames:v ") +
			      std::to_string(c.frames) + " -pix_fmt " + c.pixFmt +
			      " -threads 1 -c:v mpeg2video " + c.options + " -f mpeg2video '" + path +
			      "' 2>&1";
	std::string output;
	if (runCommand(command, &output) != 0)
		return {};
	return path;
}

inline std::vector<uint8_t> readMpeg2File(const std::string &path)
{
	std::ifstream in(path, std::ios::binary);
	return { std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>() };
}

} /* namespace sluice::test */
