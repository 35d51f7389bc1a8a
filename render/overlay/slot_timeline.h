/* SPDX-License-Identifier: MIT */
/*
 * The slot-state timeline: one row per slot, time running left to right over the last
 * kWindowNs, each stretch coloured by what the slot was doing.
 *
 * The geometry lives here, apart from the ImGui drawing, so that a test can compute where a
 * given slot and time must appear and check the pixels there.
 */
#pragma once

#include <cstdint>
#include <vector>

#include "overlay_model.h"

namespace sluice {

struct TimelineSpan {
	uint32_t slot;
	OverlaySlotState state;
	uint64_t startNs;
	uint64_t endNs;
};

struct Rgb {
	uint8_t r, g, b;
};

struct RectF {
	float x0, y0, x1, y1;
};

struct TimelineLayout {
	static constexpr uint64_t kWindowNs = 4'000'000'000;
	static constexpr float kLabelWidth = 28.0f;  /* "12" and a gap, left of the rows */
	static constexpr float kPlotWidth = 360.0f;
	static constexpr float kRowHeight = 8.0f;
	static constexpr float kRowGap = 2.0f;

	/* Top-left of the widget, in ImGui screen coordinates. */
	float originX = 0;
	float originY = 0;

	float height(uint32_t slots) const { return slots * (kRowHeight + kRowGap); }
	/* The x of time t in a window ending at nowNs (clamped to the plot). */
	float xForTime(uint64_t nowNs, uint64_t timeNs) const;
	/* The rectangle a span is drawn as. */
	RectF spanRect(uint64_t nowNs, const TimelineSpan &span) const;
};

/* The colour of each state; distinct enough to tell apart at a glance and in a test. */
Rgb slotStateColour(OverlaySlotState state);

/*
 * The spans of every slot within [nowNs - kWindowNs, nowNs], from the model's current
 * states and its change log. Changes for slots beyond slotNow are ignored.
 */
std::vector<TimelineSpan> timelineSpans(const OverlayModel &model);

} /* namespace sluice */
