/* SPDX-License-Identifier: MIT */
#include <gtest/gtest.h>

#include "v4l2/timestamp.h"

using namespace sluice;

TEST(Timestamp, NanosecondsFollowTheKernelFormula)
{
	struct timeval tv = {};
	tv.tv_sec = 3;
	tv.tv_usec = 250;
	/* v4l2_timeval_to_ns(): sec * 1e9 + usec * 1000 */
	EXPECT_EQ(timevalToNs(tv), 3ull * 1000000000ull + 250ull * 1000ull);
}

TEST(Timestamp, FrameIdSplitsIntoSecondsAndMicroseconds)
{
	struct timeval tv = frameIdToTimeval(1234567);
	EXPECT_EQ(tv.tv_sec, 1);
	EXPECT_EQ(tv.tv_usec, 234567);
	EXPECT_GE(tv.tv_usec, 0);
	EXPECT_LT(tv.tv_usec, 1000000);
}

TEST(Timestamp, ZeroIsZero)
{
	EXPECT_EQ(frameIdToNs(0), 0u);
	EXPECT_EQ(frameIdFromTimeval(frameIdToTimeval(0)), 0u);
}

TEST(Timestamp, RoundTripsSmallAndLargeIds)
{
	const uint64_t ids[] = { 1, 2, 999999, 1000000, 1000001, 0xffffffffull, 0x100000000ull,
				 123456789012345ull, kMaxFrameId - 1, kMaxFrameId };
	for (uint64_t id : ids) {
		SCOPED_TRACE(id);
		ASSERT_TRUE(frameIdFits(id));
		struct timeval tv = frameIdToTimeval(id);
		EXPECT_EQ(frameIdFromTimeval(tv), id);
		uint64_t ns = timevalToNs(tv);
		EXPECT_EQ(ns, frameIdToNs(id));
		EXPECT_EQ(frameIdFromNs(ns), id);
	}
}

TEST(Timestamp, DistinctIdsGiveDistinctKeys)
{
	/* Consecutive ids must never collide as reference keys, across the microsecond carry. */
	for (uint64_t id = 999990; id < 1000010; id++)
		EXPECT_LT(frameIdToNs(id), frameIdToNs(id + 1));
}

TEST(Timestamp, LimitIsWhereNanosecondsOverflow)
{
	EXPECT_TRUE(frameIdFits(kMaxFrameId));
	EXPECT_FALSE(frameIdFits(kMaxFrameId + 1));
	/* kMaxFrameId * 1000 fits in a u64, one more does not. */
	EXPECT_LE(kMaxFrameId, UINT64_MAX / 1000);
	EXPECT_GT(kMaxFrameId + 1, UINT64_MAX / 1000);
}
