/* SPDX-License-Identifier: MIT */
#include "fourcc.h"

#include <cstdio>

namespace sluice {

std::string fourccToString(uint32_t fourcc)
{
	bool bigEndian = fourcc & (1u << 31);
	fourcc &= ~(1u << 31);

	std::string out;
	for (int i = 0; i < 4; i++) {
		char c = static_cast<char>((fourcc >> (8 * i)) & 0xff);
		if (c < 0x20 || c > 0x7e) {
			char hex[16];
			std::snprintf(hex, sizeof(hex), "0x%08x", fourcc);
			return hex;
		}
		out += c;
	}
	/* Drivers pad short names with spaces ("Y10 "); they are noise in listings. */
	while (!out.empty() && out.back() == ' ')
		out.pop_back();
	if (bigEndian)
		out += "-BE";
	return out;
}

} /* namespace sluice */
