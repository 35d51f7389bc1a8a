/* SPDX-License-Identifier: MIT */
#include <cstdio>

#include "commands.h"

namespace sluice {

int runProbe(const Options &)
{
	std::fprintf(stderr, "sluice: this command needs the demuxers, which is not built yet\n");
	return 1;
}

} /* namespace sluice */
