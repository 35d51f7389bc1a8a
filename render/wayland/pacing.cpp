/* SPDX-License-Identifier: MIT */
#include "pacing.h"

namespace sluice {

namespace {
constexpr uint64_t kDefaultRefreshNs = 16666667;
}

uint64_t predictNextRefresh(uint64_t lastPresentedNs, uint64_t refreshNs, uint64_t nowNs)
{
	if (!refreshNs)
		refreshNs = kDefaultRefreshNs;
	if (!lastPresentedNs || lastPresentedNs > nowNs + refreshNs)
		return nowNs + refreshNs;
	uint64_t periods = (nowNs - lastPresentedNs) / refreshNs + 1;
	return lastPresentedNs + periods * refreshNs;
}

PacingDecision paceFrames(const PacingInput &in)
{
	PacingDecision d;
	const uint64_t refresh = in.refreshNs ? in.refreshNs : kDefaultRefreshNs;
	d.nextRefreshNs = predictNextRefresh(in.lastPresentedNs, refresh, in.nowNs);
	if (in.targetNs.empty())
		return d;

	/* A frame is due on the next refresh when its target lies before the middle of the
	 * period after it: shown there, it is less than half a period early. */
	const uint64_t dueBy = d.nextRefreshNs + refresh / 2;
	size_t due = 0;
	while (due < in.targetNs.size() && in.targetNs[due] < dueBy)
		due++;

	if (due == 0) {
		/* Nothing due yet: wake up one period before the first frame's refresh, so its
		 * commit reaches the compositor in time. */
		uint64_t wake = in.targetNs[0] > refresh ? in.targetNs[0] - refresh : 0;
		d.deadlineNs = wake > in.nowNs ? wake : in.nowNs;
		return d;
	}
	d.drop = due - 1;
	d.presentNow = true;
	d.deadlineNs = d.nextRefreshNs;
	return d;
}

} /* namespace sluice */
