/* SPDX-License-Identifier: MIT */
/*
 * Test helpers: where make-streams put its streams, ffprobe's view of a file (the
 * independent peer the demuxers are compared with), and demuxing a whole input.
 */
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "container/demuxer.h"

namespace sluice::test {

/* The path of a generated stream, or "" when it was not generated (no ffmpeg, no encoder). */
std::string streamPath(const std::string &name);
bool haveFfprobe();

struct ProbePacket {
	std::optional<int64_t> ptsNs;
	uint64_t size = 0;
	uint64_t pos = 0;
	bool keyframe = false;
};

struct ProbeStream {
	unsigned width = 0, height = 0;
	std::string frameRate; /* "25/1" */
	std::string colourSpace, colourRange, colourPrimaries, colourTransfer;
	std::string profile;
	double durationSeconds = -1;
};

/* ffprobe -show_packets of the first video stream. */
std::vector<ProbePacket> ffprobePackets(const std::string &path);
ProbeStream ffprobeStream(const std::string &path);

/* Runs a shell command, returning its standard output and exit status. */
int runCommand(const std::string &command, std::string *output);

std::vector<uint8_t> readFile(const std::string &path);

/*
 * Re-writes a run of start-code units the way the demuxers emit them: each unit behind a
 * start code of startCodeSize bytes, trailing zero bytes dropped. Bytes before the first
 * start code are dropped.
 */
std::vector<uint8_t> normaliseStartCodes(const uint8_t *data, size_t size, unsigned startCodeSize);

/* Every packet until the end or an error (bounded: stops after `limit` packets). */
std::vector<Packet> demuxAll(Demuxer &demuxer, DemuxStatus *last = nullptr, size_t limit = 1000000);

} /* namespace sluice::test */
