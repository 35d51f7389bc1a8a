/* SPDX-License-Identifier: MIT */
#include "wayland/pacing.h"

#include <gtest/gtest.h>
#include <vector>

namespace sluice {
namespace {

constexpr uint64_t kMs = 1000000;
constexpr uint64_t kRefresh = 16666667;

TEST(Pacing, PredictsTheNextRefreshFromTheLastPresentation)
{
	const uint64_t last = 1000 * kMs;
	EXPECT_EQ(predictNextRefresh(last, kRefresh, last + 5 * kMs), last + kRefresh);
	EXPECT_EQ(predictNextRefresh(last, kRefresh, last + kRefresh + 1), last + 2 * kRefresh);
	/* Nothing presented yet: one period from now. */
	EXPECT_EQ(predictNextRefresh(0, kRefresh, 50 * kMs), 50 * kMs + kRefresh);
}

TEST(Pacing, OnTimeFrameIsPresentedWithoutDrops)
{
	const uint64_t last = 1000 * kMs;
	std::vector<uint64_t> q = { last + kRefresh, last + 2 * kRefresh };
	PacingDecision d = paceFrames({ q, last + 2 * kMs, last, kRefresh });
	EXPECT_TRUE(d.presentNow);
	EXPECT_EQ(d.drop, 0u);
	EXPECT_EQ(d.nextRefreshNs, last + kRefresh);
}

TEST(Pacing, LateFramesAreDroppedBeforeAttaching)
{
	const uint64_t last = 1000 * kMs;
	/* The player stalled: three frames are overdue, the fourth is for the next refresh. */
	std::vector<uint64_t> q = { last - 3 * kRefresh, last - 2 * kRefresh, last - kRefresh,
				    last + kRefresh, last + 2 * kRefresh };
	PacingDecision d = paceFrames({ q, last + kMs, last, kRefresh });
	EXPECT_TRUE(d.presentNow);
	EXPECT_EQ(d.drop, 3u);
}

TEST(Pacing, EarlyFrameWaitsAndGivesADeadline)
{
	const uint64_t last = 1000 * kMs;
	std::vector<uint64_t> q = { last + 5 * kRefresh };
	PacingDecision d = paceFrames({ q, last + kMs, last, kRefresh });
	EXPECT_FALSE(d.presentNow);
	EXPECT_EQ(d.drop, 0u);
	EXPECT_EQ(d.deadlineNs, last + 4 * kRefresh);
}

TEST(Pacing, HigherFrameRateThanDisplayShowsEveryOtherFrame)
{
	/* 120 fps content on 60 Hz: of the two frames due per refresh, the later wins. */
	const uint64_t last = 1000 * kMs;
	const uint64_t refresh = 16 * kMs; /* even, so the half periods are exact */
	const uint64_t half = refresh / 2;
	std::vector<uint64_t> q = { last + half, last + 2 * half, last + 3 * half };
	PacingDecision d = paceFrames({ q, last + kMs, last, refresh });
	EXPECT_TRUE(d.presentNow);
	EXPECT_EQ(d.drop, 1u);
}

TEST(Pacing, EmptyQueueHasNoDeadline)
{
	PacingDecision d = paceFrames({ {}, 10 * kMs, 0, 0 });
	EXPECT_FALSE(d.presentNow);
	EXPECT_EQ(d.deadlineNs, 0u);
}

} /* namespace */
} /* namespace sluice */
