/* SPDX-License-Identifier: MIT */
#include "engine/duration_stats.h"

#include <gtest/gtest.h>

using sluice::DurationStats;

namespace {

TEST(DurationStats, EmptyIsZero)
{
	DurationStats s;
	EXPECT_EQ(s.count(), 0u);
	EXPECT_EQ(s.minNs(), 0u);
	EXPECT_EQ(s.medianNs(), 0u);
	EXPECT_EQ(s.maxNs(), 0u);
}

TEST(DurationStats, MinMedianMax)
{
	DurationStats s;
	for (uint64_t v : { 50u, 10u, 40u, 20u, 30u })
		s.add(v);
	EXPECT_EQ(s.minNs(), 10u);
	EXPECT_EQ(s.medianNs(), 30u);
	EXPECT_EQ(s.maxNs(), 50u);
	EXPECT_EQ(s.count(), 5u);
}

TEST(DurationStats, NearestRankPercentiles)
{
	DurationStats s;
	EXPECT_EQ(s.percentileNs(95), 0u);
	/* 20 samples 20, 19, ..., 1: the 95th percentile by nearest rank is the 19th smallest. */
	for (uint64_t v = 20; v >= 1; v--)
		s.add(v);
	EXPECT_EQ(s.percentileNs(95), 19u);
	EXPECT_EQ(s.percentileNs(100), 20u);
	EXPECT_EQ(s.percentileNs(1), 1u);
	EXPECT_EQ(s.percentileNs(50), 10u);
}

TEST(DurationStats, WindowKeepsTheRecentSamplesButExtremesAreForever)
{
	DurationStats s;
	s.add(1);
	for (size_t i = 0; i < DurationStats::kWindow; i++)
		s.add(1000);
	EXPECT_EQ(s.minNs(), 1u);
	EXPECT_EQ(s.medianNs(), 1000u);
	std::vector<uint64_t> recent = s.recent();
	ASSERT_EQ(recent.size(), DurationStats::kWindow);
	EXPECT_EQ(recent.front(), 1000u);
	s.add(7);
	EXPECT_EQ(s.recent().back(), 7u);
}

} /* namespace */
