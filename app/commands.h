/* SPDX-License-Identifier: MIT */
/*
 * The one-shot commands beside playback. Each returns the process exit status and prints
 * one clear line on failure.
 */
#pragma once

#include "options.h"

namespace sluice {

/* sluice --list-devices [--json] */
int runListDevices(const Options &options);

/* sluice --probe-compositor */
int runProbeCompositor(const Options &options);

/* sluice --probe FILE */
int runProbe(const Options &options);

} /* namespace sluice */
