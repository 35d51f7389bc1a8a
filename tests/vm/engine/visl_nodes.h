/* SPDX-License-Identifier: MIT */
/*
 * Finds visl's video and media nodes from sysfs, independently of sluice's own discovery,
 * so the engine tests do not depend on the code that --list-devices tests.
 */
#pragma once

#include <string>

namespace sluice::test {

struct VislNodes {
	std::string video;
	std::string media;
};

/* False when visl is not loaded. */
bool findVislNodes(VislNodes *nodes);

} /* namespace sluice::test */
