/* SPDX-License-Identifier: MIT */
/*
 * The stateless coded formats the engine can feed, and for each the controls that tell what
 * a driver supports: the one control every driver of the codec must have (its parameter
 * struct), and the menus that describe profiles, levels, decode modes and start codes.
 * Only ids and names: which codec to use is decided above this layer.
 */
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace sluice {

struct StatelessFormat {
	uint32_t fourcc;           /* V4L2_PIX_FMT_*, OUTPUT queue */
	std::string_view codec;    /* "H.264" */
	uint32_t requiredControl;  /* the codec's parameter control (0: none checked) */
	uint32_t profileControl;   /* 0 when the uAPI has none */
	uint32_t levelControl;
	uint32_t decodeModeControl;
	uint32_t startCodeControl;
};

std::span<const StatelessFormat> statelessFormats();

/* The entry for fourcc, or null when it is not a stateless coded format. */
const StatelessFormat *findStatelessFormat(uint32_t fourcc);

} /* namespace sluice */
