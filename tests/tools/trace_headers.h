/* SPDX-License-Identifier: MIT */
/*
 * Test helper shared by every codec's parser tests: runs FFmpeg's trace_headers bitstream
 * filter (an independent parser) over a stream and returns what it printed, one unit per
 * NAL unit / OBU / header, each a list of syntax elements with their spec names, RBSP bit
 * positions, sizes and values. Also runs ffmpeg/ffprobe commands for stream generation.
 */
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::test {

struct TraceElement {
	std::string name;      /* e.g. "offset_for_ref_frame[0]" */
	int64_t value;
	uint64_t bitPosition;  /* as printed: bits from the start of the unit */
	unsigned bitLength;    /* length of the printed bit string */
};

struct TraceUnit {
	std::string kind;      /* the heading FFmpeg prints, e.g. "Slice Header" */
	std::vector<TraceElement> elements;
};

/* True when `ffmpeg` and `ffprobe` run. */
bool ffmpegAvailable();

/* Runs a shell command; returns its exit status and, with `output`, its stdout. */
int runCommand(const std::string &command, std::string *output = nullptr);

/*
 * Parses trace_headers output (the lines FFmpeg logs). Units printed for extradata (before
 * the first "Packet:" line, when an "Extradata" heading appears) are dropped so that each
 * unit of the stream appears once, in stream order.
 */
std::vector<TraceUnit> parseTraceHeaders(std::string_view log);

/* Runs `ffmpeg -i path -c copy -bsf:v trace_headers -f null -` and parses its log. */
int traceHeaders(const std::string &path, std::vector<TraceUnit> *units);

} /* namespace sluice::test */
