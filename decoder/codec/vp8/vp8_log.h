/* SPDX-License-Identifier: MIT */
/* The VP8 front-end's log category, shared by its files. */
#pragma once

#include "base/log.h"

SLUICE_LOG_CATEGORY(Vp8)
