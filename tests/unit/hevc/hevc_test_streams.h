/* SPDX-License-Identifier: MIT */
/*
 * Streams for the HEVC tests, made at test time by ffmpeg + libx265 from lavfi's testsrc
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

struct HevcStreamCase {
	const char *name;
	const char *x265params;
	const char *pixFmt = "yuv420p";
	unsigned frames = 30;
	const char *size = "176x144";
	/* Extra -vf filters (a fade makes x265 send prediction weights), or "". */
	const char *filter = "";
};

/* A per-process scratch directory; /tmp is the test machine's. */
inline const std::string &hevcScratchDir()
{
	static std::string dir = [] {
		char tmpl[] = "/tmp/sluice-hevc-test-XXXXXX";
		const char *made = mkdtemp(tmpl);
		return std::string(made ? made : "/tmp");
	}();
	return dir;
}

/* Encodes the case to <scratch>/<name>.hevc (Annex B); returns the path, or "" on failure
 * (with the encoder's complaint in *log when given). */
inline std::string generateHevc(const HevcStreamCase &c, std::string *log = nullptr)
{
	std::string path = hevcScratchDir() + "/" + c.name + ".hevc";
	/* "@SCRATCH@" in the parameters names files the test wrote to the scratch directory. */
	std::string params = c.x265params;
	for (size_t at; (at = params.find("@SCRATCH@")) != std::string::npos;)
		params.replace(at, 9, hevcScratchDir());
	std::string filter = *c.filter ? std::string(" -vf '") + c.filter + "'" : "";
	std::string command = std::string("ffmpeg -hide_banner -loglevel error -nostats -y -f lavfi -i "
					  "testsrc=size=") + c.size + ":rate=25 -frames:v " +
			      std::to_string(c.frames) + filter + " -pix_fmt " + c.pixFmt +
			      " -c:v libx265 -threads 1 -x265-params 'log-level=error:frame-threads=1:" +
			      params + "' -f hevc '" + path + "' 2>&1";
	std::string output;
	if (runCommand(command, &output) != 0) {
		if (log)
			*log = output;
		return {};
	}
	return path;
}

/*
 * Writes an x265 scaling-list file (HM's format) to <scratch>/scaling.txt with lists made so
 * that x265 codes every way the syntax allows: explicit lists with DC values, lists equal
 * to an earlier one (predicted by matrix id delta), and lists equal to the default (delta 0).
 */
inline void writeScalingListFile()
{
	static const char *const kinds[] = { "INTRA", "INTER" };
	static const char *const planes[] = { "LUMA", "CHROMAU", "CHROMAV" };
	static const char *const sizes[] = { "4X4", "8X8", "16X16", "32X32" };
	std::ofstream out(hevcScratchDir() + "/scaling.txt");
	for (unsigned size = 0; size < 4; size++) {
		unsigned count = size == 0 ? 16 : 64;
		for (unsigned kind = 0; kind < 2; kind++)
			for (unsigned plane = 0; plane < (size == 3 ? 1u : 3u); plane++) {
				out << kinds[kind] << sizes[size] << "_" << planes[plane] << " =\n";
				for (unsigned i = 0; i < count; i++) {
					/* Cr copies Cb; inter 4x4 chroma is the flat default. */
					unsigned seed = plane == 2 ? 1 : plane;
					unsigned value = 16 + (i * (3 + seed + kind) + size * 7) % 50;
					if (size == 0 && kind == 1 && plane > 0)
						value = 16;
					out << value << (i + 1 < count ? "," : "\n");
				}
				if (size > 1)
					out << kinds[kind] << sizes[size] << "_" << planes[plane]
					    << "_DC =\n" << 10 + size * 3 + kind + plane << "\n";
			}
	}
}

inline std::vector<uint8_t> readHevcFile(const std::string &path)
{
	std::ifstream in(path, std::ios::binary);
	return { std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>() };
}

} /* namespace sluice::test */
