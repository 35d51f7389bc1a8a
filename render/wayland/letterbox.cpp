/* SPDX-License-Identifier: MIT */
#include "letterbox.h"

#include <algorithm>

namespace sluice {

Rect fitLetterbox(uint32_t visibleW, uint32_t visibleH, uint32_t sarNum, uint32_t sarDen,
		  uint32_t windowW, uint32_t windowH)
{
	if (!visibleW || !visibleH || !windowW || !windowH)
		return {};
	if (!sarNum || !sarDen)
		sarNum = sarDen = 1;

	/* Display aspect = (visibleW * sarNum) : (visibleH * sarDen). Compare cross products
	 * in 64 bits so no rounding decides which edge the video touches. */
	const uint64_t dispW = uint64_t(visibleW) * sarNum;
	const uint64_t dispH = uint64_t(visibleH) * sarDen;

	Rect r;
	if (dispW * windowH >= dispH * windowW) {
		/* Wider than the window: full width, bars above and below. */
		r.w = int32_t(windowW);
		r.h = int32_t((uint64_t(windowW) * dispH + dispW / 2) / dispW);
	} else {
		r.h = int32_t(windowH);
		r.w = int32_t((uint64_t(windowH) * dispW + dispH / 2) / dispH);
	}
	r.w = std::clamp<int32_t>(r.w, 1, int32_t(windowW));
	r.h = std::clamp<int32_t>(r.h, 1, int32_t(windowH));
	r.x = (int32_t(windowW) - r.w) / 2;
	r.y = (int32_t(windowH) - r.h) / 2;
	return r;
}

} /* namespace sluice */
