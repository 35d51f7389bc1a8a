/* SPDX-License-Identifier: MIT */
/* The log category shared by the device layer: SLUICE_LOG=v4l2=debug. */
#pragma once

#include "base/log.h"

SLUICE_LOG_CATEGORY(V4L2)
