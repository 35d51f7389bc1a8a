/* SPDX-License-Identifier: MIT */
/* The log category shared by the container layer. */
#pragma once

#include "base/log.h"

SLUICE_LOG_CATEGORY(Container)
