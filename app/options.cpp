/* SPDX-License-Identifier: MIT */
#include "options.h"

#include <cstdlib>

namespace sluice {

const char *usageText()
{
	return "Usage: sluice [OPTIONS] FILE\n"
	       "       sluice --list-devices [--json]\n"
	       "\n"
	       "Plays FILE full-screen on Wayland, decoding through a V4L2 stateless decoder.\n"
	       "\n"
	       "Options:\n"
	       "  --list-devices      list the stateless decoders found, with codecs and formats\n"
	       "  --json              with --list-devices: print JSON\n"
	       "  --probe-compositor  import a test buffer for every format the decoder and the\n"
	       "                      compositor share, and report which the compositor accepts\n"
	       "  --probe             print FILE's container, tracks, codec, size, rate, duration, colour\n"
	       "  --track N           play or probe track N instead of the first video track\n"
	       "  --vo wayland|null   where frames go (default wayland; null decodes without showing)\n"
	       "  --present auto|dmabuf|gpu|shm\n"
	       "                      how frames reach the compositor: zero-copy dmabuf, drawn by\n"
	       "                      EGL, or copied into shm; a path that fails falls to the next\n"
	       "                      (default auto: dmabuf first)\n"
	       "  --frames N          stop after N shown frames\n"
	       "  --start SEC         start at the keyframe at or before SEC seconds\n"
	       "  --loop              start over at the end\n"
	       "  --window            windowed instead of full-screen\n"
	       "  --overlay           start with the debug overlay shown (o or F12 toggles it)\n"
	       "  --stats-json PATH   write the run's figures as JSON at exit (docs/stats-json.md)\n"
	       "  --md5               print an MD5 per shown frame (FFmpeg framemd5 layout)\n"
	       "  --watchdog-ms MS    reset the decoder when a frame takes longer (default 1000)\n"
	       "  --seek-every SEC    seek somewhere else every SEC seconds (endurance testing)\n"
	       "  --device PATH       use this video node (e.g. /dev/video1)\n"
	       "  --media PATH        use the decoder behind this media node (e.g. /dev/media0)\n"
	       "  --version           print the version and exit\n"
	       "  -h, --help          print this help and exit\n"
	       "\n"
	       "Environment:\n"
	       "  SLUICE_LOG          log levels, e.g. \"v4l2=debug,warn\" (debug, info, warn, error, off)\n";
}

const char *presentName(Options::Present present)
{
	switch (present) {
	case Options::Present::Auto:
		return "auto";
	case Options::Present::DmaBuf:
		return "dmabuf";
	case Options::Present::Gpu:
		return "gpu";
	case Options::Present::Shm:
		return "shm";
	}
	return "?";
}

ParseResult parseOptions(const std::vector<std::string> &args)
{
	ParseResult result;
	Options &o = result.options;

	for (size_t i = 0; i < args.size(); i++) {
		const std::string &arg = args[i];
		/* Options that take a value accept it as the next argument. */
		auto value = [&](std::string *out) {
			if (i + 1 >= args.size()) {
				result.error = "option " + arg + " needs a value";
				return false;
			}
			*out = args[++i];
			return true;
		};

		if (arg == "-h" || arg == "--help") {
			o.action = Options::Action::Help;
		} else if (arg == "--version") {
			o.action = Options::Action::Version;
		} else if (arg == "--list-devices") {
			o.action = Options::Action::ListDevices;
		} else if (arg == "--probe-compositor") {
			o.action = Options::Action::ProbeCompositor;
		} else if (arg == "--probe") {
			o.action = Options::Action::Probe;
		} else if (arg == "--track") {
			std::string text;
			if (!value(&text))
				return result;
			char *end = nullptr;
			long n = std::strtol(text.c_str(), &end, 10);
			if (text.empty() || *end || n < 0 || n > 65535) {
				result.error = "--track needs a track number, not \"" + text + "\"";
				return result;
			}
			o.track = static_cast<int>(n);
		} else if (arg == "--vo") {
			std::string text;
			if (!value(&text))
				return result;
			if (text == "wayland") {
				o.vo = Options::VideoOutputKind::Wayland;
			} else if (text == "null") {
				o.vo = Options::VideoOutputKind::Null;
			} else {
				result.error = "--vo takes wayland or null, not \"" + text + "\"";
				return result;
			}
		} else if (arg == "--present") {
			std::string text;
			if (!value(&text))
				return result;
			bool known = false;
			for (Options::Present p : { Options::Present::Auto, Options::Present::DmaBuf,
						    Options::Present::Gpu, Options::Present::Shm }) {
				if (text == presentName(p)) {
					o.present = p;
					known = true;
				}
			}
			if (!known) {
				result.error = "--present takes auto, dmabuf, gpu or shm, not \"" + text + "\"";
				return result;
			}
		} else if (arg == "--frames" || arg == "--watchdog-ms") {
			std::string text;
			if (!value(&text))
				return result;
			char *end = nullptr;
			long long n = std::strtoll(text.c_str(), &end, 10);
			if (text.empty() || *end || n < 1 || n > (arg == "--frames" ? INT64_MAX : 60000)) {
				result.error = arg + " needs a positive whole number, not \"" + text + "\"";
				return result;
			}
			if (arg == "--frames")
				o.frames = n;
			else
				o.watchdogMs = static_cast<uint32_t>(n);
		} else if (arg == "--start" || arg == "--seek-every") {
			std::string text;
			if (!value(&text))
				return result;
			char *end = nullptr;
			double seconds = std::strtod(text.c_str(), &end);
			if (text.empty() || *end || !(seconds >= 0) || seconds > 1e7) {
				result.error = arg + " needs seconds (0 or more), not \"" + text + "\"";
				return result;
			}
			(arg == "--start" ? o.startSeconds : o.seekEverySeconds) = seconds;
		} else if (arg == "--stats-json") {
			if (!value(&o.statsJson))
				return result;
		} else if (arg == "--loop") {
			o.loop = true;
		} else if (arg == "--md5") {
			o.md5 = true;
		} else if (arg == "--window") {
			o.windowed = true;
		} else if (arg == "--overlay") {
			o.overlay = true;
		} else if (arg == "--json") {
			o.json = true;
		} else if (arg == "--device") {
			if (!value(&o.device))
				return result;
		} else if (arg == "--media") {
			if (!value(&o.media))
				return result;
		} else if (arg.size() > 1 && arg[0] == '-') {
			result.error = "unknown option " + arg + " (see sluice --help)";
			return result;
		} else if (o.file.empty()) {
			o.file = arg;
		} else {
			result.error = "more than one file given: " + o.file + " and " + arg;
			return result;
		}
	}

	bool needsFile = o.action == Options::Action::Play || o.action == Options::Action::Probe;
	if (needsFile && o.file.empty())
		result.error = "no file given (see sluice --help)";
	return result;
}

} /* namespace sluice */
