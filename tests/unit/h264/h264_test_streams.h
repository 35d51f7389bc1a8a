/* SPDX-License-Identifier: MIT */
/*
 * Streams for the H.264 tests, made at test time by ffmpeg + libx264 from lavfi's testsrc
 * (single-threaded, so every run makes the same bytes).
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

struct H264StreamCase {
	const char *name;
	const char *x264opts;
	const char *pixFmt = "yuv420p";
	unsigned frames = 40;
	const char *size = "176x144";
};

/* A per-process scratch directory, removed by nobody: /tmp is the test machine's. */
inline const std::string &scratchDir()
{
	static std::string dir = [] {
		char tmpl[] = "/tmp/sluice-h264-test-XXXXXX";
		const char *made = mkdtemp(tmpl);
		return std::string(made ? made : "/tmp");
	}();
	return dir;
}

/* Encodes the case to <scratch>/<name>.h264 (Annex B); returns the path, or "" on failure. */
inline std::string generateH264(const H264StreamCase &c)
{
	std::string path = scratchDir() + "/" + c.name + ".h264";
	std::string command = std::string("ffmpeg -hide_banner -loglevel error -nostats -y -f lavfi -i "
					  "testsrc=size=") + c.size + ":rate=25 -frames:v " +
			      std::to_string(c.frames) + " -pix_fmt " + c.pixFmt +
			      " -c:v libx264 -threads 1 -x264opts '" + c.x264opts + "' -f h264 '" +
			      path + "' 2>&1";
	std::string output;
	if (runCommand(command, &output) != 0)
		return {};
	return path;
}

#ifdef SLUICE_H264_PAFF_WRITER
/* Field-picture streams, which libx264 cannot make, from tests/corpus/h264_paff.py: writes
 * stream `name` to <scratch>/<name>.h264; returns the path, or "" on failure. */
inline std::string generatePaffH264(const std::string &name)
{
	std::string path = scratchDir() + "/" + name + ".h264";
	std::string output;
	if (runCommand("python3 '" SLUICE_H264_PAFF_WRITER "' " + name + " '" + path + "' 2>&1",
		       &output) != 0)
		return {};
	return path;
}
#endif

inline std::vector<uint8_t> readFile(const std::string &path)
{
	std::ifstream in(path, std::ios::binary);
	return { std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>() };
}

} /* namespace sluice::test */
