/* SPDX-License-Identifier: MIT */
/*
 * The figures of one run, as --stats-json writes them at exit and the overlay shows them.
 * The schema is documented in docs/stats-json.md; every name there is built here.
 */
#pragma once

#include <string>

#include "engine/stateless_engine.h"
#include "video_output.h"

namespace sluice {

struct RunFacts {
	std::string file;
	std::string codec;
	std::string decoder;      /* driver name and video node */
	std::string captureFormat;
	uint32_t width = 0, height = 0;
	double wallSeconds = 0;
	std::string exitReason;   /* "end of stream", "frame limit", "quit", or the error */
	uint64_t corruptPacketsDropped = 0;
	uint64_t captureLayoutSwitches = 0; /* CAPTURE reallocated for the presentation */
};

/* The stats document for a finished (or running) playback. */
std::string statsJson(const RunFacts &facts, const StatelessEngine &engine,
		      const VideoOutput &output);

} /* namespace sluice */
