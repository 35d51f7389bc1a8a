/* SPDX-License-Identifier: MIT */
/*
 * Letterbox: where the visible video goes inside a window, keeping its display aspect.
 *
 * Pure arithmetic, so it is tested without a compositor. The result feeds wp_viewport
 * (source = the visible rect in buffer pixels, destination = the fitted size) and the video
 * subsurface position (the offset that centres it).
 */
#pragma once

#include <cstdint>

namespace sluice {

struct Rect {
	int32_t x = 0;
	int32_t y = 0;
	int32_t w = 0;
	int32_t h = 0;
	bool operator==(const Rect &) const = default;
};

/*
 * Fits a visible rect of visibleW x visibleH pixels, with a sample (pixel) aspect ratio of
 * sarNum:sarDen (1:1 for square pixels; 0 in either means 1:1), centred in a window of
 * windowW x windowH. The fitted rect touches two opposite window edges and is at least 1x1;
 * an empty window or video gives an empty rect.
 */
Rect fitLetterbox(uint32_t visibleW, uint32_t visibleH, uint32_t sarNum, uint32_t sarDen,
		  uint32_t windowW, uint32_t windowH);

} /* namespace sluice */
