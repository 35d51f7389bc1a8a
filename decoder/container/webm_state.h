/* SPDX-License-Identifier: MIT */
/*
 * What the libwebm callback learns while the parser runs, shared by the callback
 * (webm_callback.cpp: fills it) and WebmDemuxer (webm_demuxer.cpp: drives the parser in
 * one of four modes and takes packets from the queue). Internal to the container layer.
 */
#pragma once

#include <deque>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <webm/callback.h>
#include <webm/status.h>

#include "webm_demuxer.h"

namespace sluice {

struct WebmDemuxer::State {
	enum class Mode { Headers, Packets, Scan, Cues };

	Mode mode = Mode::Headers;
	WebmReader *reader = nullptr;
	uint64_t sourceSize = 0;
	std::string error; /* set by the callback; reported by the demuxer */

	/* Headers. */
	uint64_t segmentDataStart = 0;
	bool segmentSizeKnown = false;
	uint64_t segmentEnd = 0;
	uint64_t timecodeScale = 1000000;
	std::optional<double> durationTicks;
	std::vector<TrackInfo> tracks;
	std::vector<uint64_t> encodedTracks; /* tracks with ContentEncodings */
	std::optional<uint64_t> cuesOffset; /* absolute, from the SeekHead */
	bool reachedCluster = false;
	uint64_t firstClusterOffset = 0;

	/* Cues: (track, point) pairs. */
	std::vector<std::pair<uint64_t, CuePoint>> cues;
	bool cuesLoaded = false;
	uint64_t cuesEnd = std::numeric_limits<uint64_t>::max();

	/* Blocks. */
	uint64_t selectedTrack = 0;
	int64_t defaultDurationNs = 0;
	uint64_t clusterTimecode = 0;
	uint64_t clusterOffset = 0;
	int64_t blockPtsNs = 0;
	bool blockKeyframe = false;
	unsigned laceIndex = 0;
	bool inGroup = false;
	bool groupHasTrack = false;
	size_t groupFirst = 0;
	std::deque<Packet> queue;

	/* After a seek: drop packets until a keyframe at or after this time. */
	bool dropping = false;
	int64_t keyframeNotBeforeNs = 0;

	/* Scan mode: the last keyframe at or before the target. */
	int64_t scanTargetNs = 0;
	bool scanFound = false;
	bool scanDone = false;
	uint64_t scanCluster = 0;
	int64_t scanPtsNs = 0;

	int64_t ptsOf(int16_t blockTimecode) const
	{
		__int128 ticks = static_cast<__int128>(clusterTimecode) + blockTimecode;
		__int128 ns = ticks * timecodeScale;
		if (ns > std::numeric_limits<int64_t>::max())
			return std::numeric_limits<int64_t>::max();
		if (ns < std::numeric_limits<int64_t>::min())
			return std::numeric_limits<int64_t>::min();
		return static_cast<int64_t>(ns);
	}

	/* Scan mode: returns false once the scan can stop. */
	bool scanVisit(int64_t pts, bool keyframe)
	{
		if (!keyframe)
			return true;
		if (scanFound && pts > scanTargetNs) {
			scanDone = true;
			return false;
		}
		scanFound = true;
		scanCluster = clusterOffset;
		scanPtsNs = pts;
		return true;
	}
};

/* The callback that fills a State; one per Feed() call is fine, it holds nothing else. */
std::unique_ptr<webm::Callback> makeWebmCallback(WebmDemuxer::State &state);

/* One line for a libwebm status that stopped the parse. */
std::string describeWebmStatus(const webm::Status &status);

} /* namespace sluice */
