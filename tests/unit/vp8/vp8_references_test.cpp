/* SPDX-License-Identifier: MIT */
/*
 * The three reference buffers under RFC 6386 9.7 and 9.9, with values worked out by hand:
 * key frames fill all three; refreshes take the new frame; copies read the buffers as they
 * were before the frame, so a swap through copies works.
 */
#include <gtest/gtest.h>

#include "codec/vp8/vp8_references.h"

namespace sluice {
namespace {

Vp8FrameHeader inter(bool golden, bool alt, bool last, uint8_t copyGolden = 0, uint8_t copyAlt = 0)
{
	Vp8FrameHeader h;
	h.keyFrame = false;
	h.refreshGolden = golden;
	h.refreshAlternate = alt;
	h.refreshLast = last;
	h.copyToGolden = copyGolden;
	h.copyToAlternate = copyAlt;
	return h;
}

TEST(Vp8References, KeyFrameFillsAllThree)
{
	Vp8References refs;
	EXPECT_FALSE(refs.complete());
	Vp8FrameHeader key;
	key.keyFrame = true;
	refs.update(key, 1);
	EXPECT_TRUE(refs.complete());
	EXPECT_EQ(*refs.last, 1u);
	EXPECT_EQ(*refs.golden, 1u);
	EXPECT_EQ(*refs.alternate, 1u);
	EXPECT_EQ(refs.held(), std::set<uint64_t>{ 1 });
}

TEST(Vp8References, RefreshesAndCopiesReadTheOldBuffers)
{
	Vp8References refs;
	Vp8FrameHeader key;
	key.keyFrame = true;
	refs.update(key, 1);
	refs.update(inter(false, false, true), 2);      /* last = 2 */
	refs.update(inter(false, true, true), 3);       /* alt = 3, last = 3 */
	EXPECT_EQ(*refs.last, 3u);
	EXPECT_EQ(*refs.golden, 1u);
	EXPECT_EQ(*refs.alternate, 3u);

	/* Golden <- old altref (3), altref <- old golden (1): a swap; last stays. */
	refs.update(inter(false, false, false, 2, 2), 4);
	EXPECT_EQ(*refs.golden, 3u);
	EXPECT_EQ(*refs.alternate, 1u);
	EXPECT_EQ(*refs.last, 3u);

	/* Golden <- old last, while last is refreshed by this frame. */
	refs.update(inter(false, false, true, 1, 0), 5);
	EXPECT_EQ(*refs.golden, 3u);
	EXPECT_EQ(*refs.last, 5u);
	EXPECT_EQ(refs.held(), (std::set<uint64_t>{ 1, 3, 5 }));

	/* A frame that refreshes nothing (a dropped-frame filler) changes nothing. */
	refs.update(inter(false, false, false), 6);
	EXPECT_EQ(refs.held(), (std::set<uint64_t>{ 1, 3, 5 }));
}

} /* namespace */
} /* namespace sluice */
