/* SPDX-License-Identifier: MIT */
/* The HEVC front-end's log category, shared by its files. */
#pragma once

#include "base/log.h"

SLUICE_LOG_CATEGORY(HEVC)
