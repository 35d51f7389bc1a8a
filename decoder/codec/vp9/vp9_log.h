/* SPDX-License-Identifier: MIT */
#pragma once

#include "base/log.h"

SLUICE_LOG_CATEGORY(VP9)
