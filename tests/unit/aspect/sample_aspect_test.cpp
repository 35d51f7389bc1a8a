/* SPDX-License-Identifier: MIT */
/*
 * The bounds every sample aspect ratio leaving the codec layer keeps, whatever a stream
 * states: never 0, reduced, within 1/16..16, terms small enough for the letterbox's 64-bit
 * arithmetic. The ratios themselves are checked against FFmpeg in ffprobe_aspect_test.cpp.
 */
#include <gtest/gtest.h>

#include <numeric>
#include <random>

#include "codec/sample_aspect.h"
#include "frontend/stream_aspect.h"
#include "wayland/letterbox.h"

namespace sluice {
namespace {

void expectBounded(const StatedAspect &stated)
{
	const SampleAspect &sar = stated.sar;
	ASSERT_GE(sar.num, 1u);
	ASSERT_GE(sar.den, 1u);
	EXPECT_LE(sar.num, UINT16_MAX);
	EXPECT_LE(sar.den, UINT16_MAX);
	EXPECT_EQ(std::gcd(sar.num, sar.den), 1u);
	EXPECT_LE(uint64_t(sar.num), kMaxSampleAspect * sar.den);
	EXPECT_LE(uint64_t(sar.den), kMaxSampleAspect * sar.num);
	if (stated.rejected) {
		EXPECT_EQ(sar, (SampleAspect{ 1, 1 }));
	}
}

TEST(SampleAspect, ZeroAndAbsurdRatiosAreRejectedAsSquare)
{
	for (auto [num, den] : { std::pair<uint64_t, uint64_t>{ 0, 1 }, { 1, 0 }, { 0, 0 },
				 { 65535, 1 }, { 1, 65535 }, { 17, 1 }, { 1, 17 },
				 { UINT64_MAX, 1 }, { 1, UINT64_MAX } }) {
		StatedAspect stated = boundSampleAspect(num, den);
		EXPECT_TRUE(stated.rejected) << num << ":" << den;
		expectBounded(stated);
	}
}

TEST(SampleAspect, RatiosAtTheLimitAreKeptReduced)
{
	EXPECT_EQ(boundSampleAspect(32, 2), (StatedAspect{ { 16, 1 }, false }));
	EXPECT_EQ(boundSampleAspect(2, 32), (StatedAspect{ { 1, 16 }, false }));
	EXPECT_EQ(boundSampleAspect(128, 90), (StatedAspect{ { 64, 45 }, false }));
}

TEST(SampleAspect, LargeTermsAreShrunkWithoutMovingTheRatioMuch)
{
	/* Coprime terms far beyond 16 bits: kept, approximately. */
	uint64_t num = 4000000007ull, den = 3000000001ull;
	StatedAspect stated = boundSampleAspect(num, den);
	EXPECT_FALSE(stated.rejected);
	expectBounded(stated);
	double want = double(num) / double(den);
	double got = double(stated.sar.num) / stated.sar.den;
	EXPECT_NEAR(got, want, want / 30000);
}

/* Whatever a hostile stream states, through every path a codec takes to a ratio. */
TEST(SampleAspect, RandomHostileFieldsStayBounded)
{
	std::mt19937_64 random(20261123);
	for (int i = 0; i < 20000; i++) {
		uint64_t a = random(), b = random();
		/* Small values too, where the range check rather than the size decides. */
		if (i % 2)
			a %= 70000, b %= 70000;
		expectBounded(boundSampleAspect(a, b));

		VuiSignal vui;
		vui.aspectRatioInfoPresent = true;
		vui.aspectRatioIdc = uint8_t(a);
		vui.sarWidth = uint16_t(a >> 8);
		vui.sarHeight = uint16_t(b >> 8);
		expectBounded(vuiSampleAspect(true, vui));
		vui.aspectRatioIdc = 255;
		expectBounded(vuiSampleAspect(true, vui));

		uint32_t w = uint32_t(b % 16385), h = uint32_t((b >> 20) % 16385);
		expectBounded(mpeg2SampleAspect(uint8_t(a & 15), w, h, uint32_t(a >> 8) & 0x3fff,
						uint32_t(a >> 24) & 0x3fff));
		expectBounded(sampleAspectForDisplaySize(uint32_t(a), uint32_t(a >> 32), w, h));

		TrackInfo track;
		track.displayWidth = uint32_t(a >> 3);
		track.displayHeight = uint32_t(b >> 5);
		VisibleRect visible{ 0, 0, w, h };
		SampleAspect shown = presentedSampleAspect(track, visible, { 1, 1 });
		expectBounded({ shown, false });

		/* The window arithmetic takes any of them: inside the window, never empty. */
		Rect fitted = fitLetterbox(w ? w : 1, h ? h : 1, shown.num, shown.den, 3840, 2160);
		EXPECT_GE(fitted.w, 1);
		EXPECT_GE(fitted.h, 1);
		EXPECT_LE(fitted.x + fitted.w, 3840);
		EXPECT_LE(fitted.y + fitted.h, 2160);
	}
}

TEST(SampleAspect, UnstatedIsSquareAndNotRejected)
{
	VuiSignal vui;
	EXPECT_EQ(vuiSampleAspect(false, vui), StatedAspect{});
	vui.aspectRatioInfoPresent = true;
	vui.aspectRatioIdc = 0; /* Unspecified (Table E-1) */
	EXPECT_EQ(vuiSampleAspect(true, vui), StatedAspect{});
	vui.aspectRatioIdc = 255; /* Extended_SAR with a zero term: unspecified (E.2.1) */
	vui.sarWidth = 0;
	vui.sarHeight = 11;
	EXPECT_EQ(vuiSampleAspect(true, vui), StatedAspect{});
	EXPECT_EQ(mpeg2SampleAspect(0, 720, 576, 0, 0), StatedAspect{}); /* forbidden */
}

} /* namespace */
} /* namespace sluice */
