/* SPDX-License-Identifier: MIT */
/*
 * PresentationCosts: what showing a frame costs on each presentation path, for --stats-json
 * and bench/presentation.
 *
 * Per path (dmabuf, egl, shm), around each successful present(): the frames, the process CPU
 * time and the wall time spent inside it (shm: the CPU copy or conversion; egl: the import,
 * the draw and glFinish, the GL driver's own threads included; dmabuf: the attach and
 * commit), and the bytes the CPU copied. The compositor's share is not in here: it runs in
 * another process. Across paths: decode-to-present latency, from the CAPTURE buffer's
 * completion to the compositor's presentation-time timestamp for it.
 */
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "engine/duration_stats.h"

namespace sluice {

struct PathCost {
	uint64_t frames = 0;
	uint64_t bytesCopied = 0;
	DurationStats cpu;
	DurationStats wall;
};

class PresentationCosts
{
public:
	/* Both clocks at one moment: taken before present(), handed to addFrame() after. */
	struct Mark {
		uint64_t cpuNs = 0;  /* CLOCK_PROCESS_CPUTIME_ID */
		uint64_t wallNs = 0; /* CLOCK_MONOTONIC */
	};
	static Mark mark();

	/* --present as given ("auto", "dmabuf", "gpu", "shm"). */
	void setRequested(std::string requested) { requested_ = std::move(requested); }
	const std::string &requested() const { return requested_; }

	/* A frame went out on path; before was taken right before present(). */
	void addFrame(std::string_view path, const Mark &before, uint64_t bytesCopied);
	/*
	 * The frame committed on slot completed decoding at decodedNs (CLOCK_MONOTONIC);
	 * presentationClockNow is the presentation clock read at about the same time as
	 * monotonicNow, to carry decodedNs over to that clock.
	 */
	void committed(uint32_t slot, uint64_t decodedNs, uint64_t monotonicNow,
		       uint64_t presentationClockNow);
	/* presentation-time said slot's frame was shown at presentedNs (presentation clock). */
	void presented(uint32_t slot, uint64_t presentedNs);
	/* ...or discarded: it never reached the screen. */
	void discarded(uint32_t slot);

	/*
	 * Process CPU time per committed frame since the first frame went out: what playing
	 * costs, without start-up (opening, probing, the overlay's and EGL's shader builds).
	 */
	double playingCpuMsPerFrame() const;

	const std::map<std::string, PathCost, std::less<>> &paths() const { return paths_; }
	const DurationStats &decodeToPresent() const { return decodeToPresent_; }

private:
	std::string requested_;
	std::map<std::string, PathCost, std::less<>> paths_;
	std::map<uint32_t, uint64_t> decodedOnPresentationClock_;
	uint64_t firstFrameCpuNs_ = 0; /* process CPU time when the first frame had gone out */
	uint64_t framesSinceFirst_ = 0;
	DurationStats decodeToPresent_;
};

} /* namespace sluice */
