/* SPDX-License-Identifier: MIT */
/* The log category of the presentation side: SLUICE_LOG=wayland=debug. */
#pragma once

#include "base/log.h"

SLUICE_LOG_CATEGORY(Wayland)
