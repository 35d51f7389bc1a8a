/* SPDX-License-Identifier: MIT */
#include <cstdio>
#include <string>
#include <vector>

#include "commands.h"
#include "options.h"
#include "player.h"
#include "sluice-config.h"

using namespace sluice;

int main(int argc, char **argv)
{
	std::vector<std::string> args(argv + 1, argv + argc);
	ParseResult parsed = parseOptions(args);
	if (!parsed.error.empty()) {
		std::fprintf(stderr, "sluice: %s\n", parsed.error.c_str());
		return 2;
	}

	const Options &options = parsed.options;
	switch (options.action) {
	case Options::Action::Help:
		std::fputs(usageText(), stdout);
		return 0;
	case Options::Action::Version:
		std::printf("sluice %s\n", SLUICE_VERSION);
		return 0;
	case Options::Action::ListDevices:
		return runListDevices(options);
	case Options::Action::Probe:
		return runProbe(options);
	case Options::Action::ProbeCompositor:
		return runProbeCompositor(options);
	case Options::Action::Play:
		break;
	}

	Player player(options);
	return player.run();
}
