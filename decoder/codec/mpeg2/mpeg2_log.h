/* SPDX-License-Identifier: MIT */
/* The MPEG-2 front-end's log category, shared by its files. */
#pragma once

#include "base/log.h"

SLUICE_LOG_CATEGORY(Mpeg2)
