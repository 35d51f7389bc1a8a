/* SPDX-License-Identifier: MIT */
/* The log category of the debug overlay: SLUICE_LOG=overlay=debug. */
#pragma once

#include "base/log.h"

SLUICE_LOG_CATEGORY(Overlay)
