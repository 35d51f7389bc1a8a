/* SPDX-License-Identifier: MIT */
#include "slot_timeline.h"

#include <algorithm>

namespace sluice {

float TimelineLayout::xForTime(uint64_t nowNs, uint64_t timeNs) const
{
	const uint64_t startNs = nowNs > kWindowNs ? nowNs - kWindowNs : 0;
	timeNs = std::clamp(timeNs, startNs, nowNs);
	const double fraction = static_cast<double>(timeNs - startNs) / static_cast<double>(kWindowNs);
	return originX + kLabelWidth + static_cast<float>(fraction * kPlotWidth);
}

RectF TimelineLayout::spanRect(uint64_t nowNs, const TimelineSpan &span) const
{
	const float top = originY + span.slot * (kRowHeight + kRowGap);
	return { xForTime(nowNs, span.startNs), top, xForTime(nowNs, span.endNs), top + kRowHeight };
}

Rgb slotStateColour(OverlaySlotState state)
{
	switch (state) {
	case OverlaySlotState::Free:
		return { 70, 70, 70 };
	case OverlaySlotState::Queued:
		return { 240, 200, 30 };  /* yellow: the decoder owns it */
	case OverlaySlotState::HeldByReferences:
		return { 40, 110, 240 };  /* blue */
	case OverlaySlotState::HeldByDisplayQueue:
		return { 40, 200, 90 };   /* green */
	case OverlaySlotState::HeldByCompositor:
		return { 230, 50, 200 };  /* magenta: the hold this overlay was built to show */
	case OverlaySlotState::Dead:
		return { 200, 30, 30 };   /* red */
	case OverlaySlotState::FieldPending:
		return { 250, 130, 20 };  /* orange */
	}
	return { 255, 255, 255 };
}

std::vector<TimelineSpan> timelineSpans(const OverlayModel &model)
{
	std::vector<TimelineSpan> spans;
	const uint64_t nowNs = model.nowNs;
	const uint64_t windowStart = nowNs > TimelineLayout::kWindowNs
					     ? nowNs - TimelineLayout::kWindowNs : 0;
	const uint32_t slots = static_cast<uint32_t>(model.slotNow.size());

	/* Per slot: where the current stretch began and in which state, before the next change. */
	struct Cursor {
		bool started = false;
		uint64_t sinceNs = 0;
		OverlaySlotState state = OverlaySlotState::Free;
	};
	std::vector<Cursor> cursors(slots);
	auto emit = [&](uint32_t slot, OverlaySlotState state, uint64_t from, uint64_t to) {
		from = std::max(from, windowStart);
		to = std::min(to, nowNs);
		if (to > from)
			spans.push_back({ slot, state, from, to });
	};
	for (const SlotStateChange &change : model.slotChanges) {
		if (change.slot >= slots || change.timeNs > nowNs)
			continue;
		Cursor &cursor = cursors[change.slot];
		if (!cursor.started) {
			/* Before its first logged change the slot was in the change's from state,
			 * as far back as the window reaches. */
			cursor.started = true;
			cursor.sinceNs = windowStart;
			cursor.state = change.from;
		}
		emit(change.slot, cursor.state, cursor.sinceNs, change.timeNs);
		cursor.sinceNs = change.timeNs;
		cursor.state = change.to;
	}
	for (uint32_t slot = 0; slot < slots; slot++) {
		const uint64_t since = cursors[slot].started ? cursors[slot].sinceNs : windowStart;
		emit(slot, model.slotNow[slot], since, nowNs);
	}
	return spans;
}

} /* namespace sluice */
