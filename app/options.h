/* SPDX-License-Identifier: MIT */
/*
 * Command-line options. Parsing never exits the process: it returns a result the caller acts
 * on, so it can be unit-tested.
 */
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sluice {

struct Options {
	enum class Action { Play, Help, Version, ListDevices, Probe, ProbeCompositor };

	Action action = Action::Play;
	std::string file;
	bool json = false;
	std::string device; /* --device /dev/videoN */
	std::string media;  /* --media /dev/mediaN */
	int track = -1;     /* --track N: the container's track number; -1 picks the first video */

	enum class VideoOutputKind { Wayland, Null };
	VideoOutputKind vo = VideoOutputKind::Wayland;
	/* --present: where the presentation fallback chain starts (Auto: all of it). */
	enum class Present { Auto, DmaBuf, Gpu, Shm };
	Present present = Present::Auto;
	bool loop = false;
	double startSeconds = 0;
	int64_t frames = -1;    /* --frames N: stop after N shown frames; -1: the whole stream */
	std::string statsJson;  /* --stats-json PATH */
	bool md5 = false;
	bool windowed = false;
	bool overlay = false;  /* --overlay: start with the debug overlay shown */
	uint32_t watchdogMs = 1000;
	double seekEverySeconds = 0; /* --seek-every S: a seek to a varying place every S seconds */
};

struct ParseResult {
	Options options;
	std::string error; /* non-empty: one line saying what is wrong */
};

ParseResult parseOptions(const std::vector<std::string> &args);

/* "auto", "dmabuf", "gpu", "shm": the --present value, for logs and the stats. */
const char *presentName(Options::Present present);

/* The --help text. */
const char *usageText();

} /* namespace sluice */
