/* SPDX-License-Identifier: MIT */
/*
 * Frame pacing: which queued frame belongs on the next refresh, which ones are already late,
 * and when the poll loop should wake up next. Pure arithmetic over the presentation clock;
 * nothing here sleeps.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace sluice {

/* The first refresh after nowNs, predicted from the last presentation and the refresh
 * period (refreshNs 0: unknown, 60 Hz assumed). */
uint64_t predictNextRefresh(uint64_t lastPresentedNs, uint64_t refreshNs, uint64_t nowNs);

struct PacingInput {
	/* Presentation-clock times at which the queued frames should appear, in display
	 * order (pts mapped onto the presentation clock by the player). */
	std::span<const uint64_t> targetNs;
	uint64_t nowNs = 0;
	uint64_t lastPresentedNs = 0; /* 0: nothing presented yet */
	uint64_t refreshNs = 0;
};

struct PacingDecision {
	/* Drop this many frames from the front of the queue: a later one also fits the next
	 * refresh, so showing them would only delay it. */
	size_t drop = 0;
	/* Attach queue[drop] now (it belongs on the next refresh). */
	bool presentNow = false;
	/* When to look again (presentation clock); the poll loop's timeout. 0: nothing queued. */
	uint64_t deadlineNs = 0;
	uint64_t nextRefreshNs = 0;
};

PacingDecision paceFrames(const PacingInput &in);

} /* namespace sluice */
