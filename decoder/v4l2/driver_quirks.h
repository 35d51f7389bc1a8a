/* SPDX-License-Identifier: MIT */
/*
 * What we know about specific stateless decoder drivers beyond what V4L2 reports: layouts
 * of their native CAPTURE formats, alignment they need, 10-bit output. An unknown driver
 * gets the generic record and is used as reported.
 */
#pragma once

#include <cstdint>
#include <string_view>

namespace sluice {

struct DriverQuirks {
	std::string_view driver;   /* V4L2 driver name, as QUERYCAP reports it; "" if generic */
	bool known = false;
	/* Coded size alignment the hardware needs (pixels); 1 when it takes any size. */
	uint32_t widthAlignment = 1;
	uint32_t heightAlignment = 1;
	/* The CAPTURE format the driver produces natively for 8-bit and for 10-bit content. */
	uint32_t native8BitFormat = 0;
	uint32_t native10BitFormat = 0; /* 0: no 10-bit output */
	/* True when the native 8-bit output is tiled and needs the DRM modifier path. */
	bool tiledOutput = false;
	/* One line for listings. */
	std::string_view note;
};

/* The record for driver (QUERYCAP's driver field); a generic one for unknown drivers. */
const DriverQuirks &driverQuirks(std::string_view driver);

} /* namespace sluice */
