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
	       "  --probe             print FILE's container, tracks, codec, size, rate, duration, colour\n"
	       "  --track N           play or probe track N instead of the first video track\n"
	       "  --device PATH       use this video node (e.g. /dev/video1)\n"
	       "  --media PATH        use the decoder behind this media node (e.g. /dev/media0)\n"
	       "  --version           print the version and exit\n"
	       "  -h, --help          print this help and exit\n"
	       "\n"
	       "Environment:\n"
	       "  SLUICE_LOG          log levels, e.g. \"v4l2=debug,warn\" (debug, info, warn, error, off)\n";
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
