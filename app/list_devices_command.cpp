/* SPDX-License-Identifier: MIT */
#include <cstdio>

#include "commands.h"

namespace sluice {

int runListDevices(const Options &)
{
	std::fprintf(stderr, "sluice: this command needs device discovery, which is not built yet\n");
	return 1;
}

} /* namespace sluice */
