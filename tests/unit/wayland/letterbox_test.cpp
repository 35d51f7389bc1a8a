/* SPDX-License-Identifier: MIT */
#include "wayland/letterbox.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

TEST(Letterbox, SameAspectFillsTheWindow)
{
	EXPECT_EQ(fitLetterbox(1920, 1080, 1, 1, 1280, 720), (Rect{ 0, 0, 1280, 720 }));
}

TEST(Letterbox, WideVideoGetsBarsAboveAndBelow)
{
	/* 2.39:1 in 16:9 */
	EXPECT_EQ(fitLetterbox(1920, 804, 1, 1, 1920, 1080), (Rect{ 0, 138, 1920, 804 }));
}

TEST(Letterbox, NarrowVideoGetsBarsLeftAndRight)
{
	/* 4:3 in 16:9 */
	EXPECT_EQ(fitLetterbox(640, 480, 1, 1, 1920, 1080), (Rect{ 240, 0, 1440, 1080 }));
}

TEST(Letterbox, SampleAspectRatioIsApplied)
{
	/* DVD PAL 16:9 anamorphic: 720x576 with 64:45 pixels displays as 1024x576. */
	EXPECT_EQ(fitLetterbox(720, 576, 64, 45, 1024, 576), (Rect{ 0, 0, 1024, 576 }));
	EXPECT_EQ(fitLetterbox(720, 576, 0, 0, 1024, 576), (Rect{ 152, 0, 720, 576 }));
}

TEST(Letterbox, AnamorphicFillsAWindowOfItsDisplayAspect)
{
	/* 720x576 at 16:9 (64:45 samples) fills a 1280x720 window, where square samples
	 * would leave bars (900x720). */
	EXPECT_EQ(fitLetterbox(720, 576, 64, 45, 1280, 720), (Rect{ 0, 0, 1280, 720 }));
	EXPECT_EQ(fitLetterbox(720, 576, 1, 1, 1280, 720), (Rect{ 190, 0, 900, 720 }));
	/* 4:3 (16:15 samples) in the same window: pillarboxed to 960x720. */
	EXPECT_EQ(fitLetterbox(720, 576, 16, 15, 1280, 720), (Rect{ 160, 0, 960, 720 }));
	/* The bounds a stated ratio is held to, at their extremes: still inside the window. */
	Rect wide = fitLetterbox(16384, 16384, 16, 1, 1920, 1080);
	EXPECT_EQ(wide.w, 1920);
	EXPECT_EQ(wide.h, 120);
	Rect tall = fitLetterbox(16384, 16384, 1, 16, 1920, 1080);
	EXPECT_EQ(tall.h, 1080);
	EXPECT_EQ(tall.w, 68); /* 1080 / 16 = 67.5, rounded */
}

TEST(Letterbox, OddSizesStayInsideAndCentred)
{
	Rect r = fitLetterbox(864, 480, 1, 1, 801, 601);
	EXPECT_EQ(r.w, 801);
	EXPECT_EQ(r.h, 445); /* 801 * 480 / 864 = 445.0 */
	EXPECT_EQ(r.x, 0);
	EXPECT_EQ(r.y, 78);
}

TEST(Letterbox, DegenerateInputs)
{
	EXPECT_EQ(fitLetterbox(0, 480, 1, 1, 800, 600), Rect{});
	EXPECT_EQ(fitLetterbox(640, 480, 1, 1, 0, 600), Rect{});
	/* An extreme aspect still gives at least one pixel. */
	Rect r = fitLetterbox(10000, 1, 1, 1, 100, 100);
	EXPECT_EQ(r.h, 1);
	EXPECT_EQ(r.w, 100);
}

} /* namespace */
} /* namespace sluice */
