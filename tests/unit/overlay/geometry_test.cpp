/* SPDX-License-Identifier: MIT */
/* GL_VERSION parsing, histogram buckets and timeline spans: arithmetic worked out by hand. */
#include <gtest/gtest.h>

#include "overlay/duration_histogram.h"
#include "overlay/gles_version.h"
#include "overlay/slot_timeline.h"
#include "overlay_scene.h"

namespace sluice {
namespace {

using namespace test;

TEST(GlesVersion, StringsDriversReport)
{
	const GlVersion es32 = parseGlVersion("OpenGL ES 3.2 Mesa 22.3.6");
	EXPECT_TRUE(es32.es);
	EXPECT_EQ(es32.major, 3);
	EXPECT_EQ(es32.minor, 2);
	EXPECT_STREQ(glslVersionFor(es32), "#version 300 es");

	/* What lima (Mali-400) reports. */
	const GlVersion es20 = parseGlVersion("OpenGL ES 2.0 Mesa 22.3.6");
	EXPECT_EQ(es20.major, 2);
	EXPECT_STREQ(glslVersionFor(es20), "#version 100");

	EXPECT_STREQ(glslVersionFor(parseGlVersion("OpenGL ES 3.0 V@415.0")), "#version 300 es");
	EXPECT_EQ(glslVersionFor(parseGlVersion("OpenGL ES-CM 1.1 Mesa")), nullptr);
	EXPECT_EQ(glslVersionFor(parseGlVersion("4.6 (Core Profile) Mesa 22.3.6")), nullptr);
	EXPECT_EQ(glslVersionFor(parseGlVersion("garbage")), nullptr);
	EXPECT_EQ(glslVersionFor(parseGlVersion(nullptr)), nullptr);
}

TEST(DurationHistogram, RoundBucketWidths)
{
	EXPECT_EQ(roundBucketWidthMs(27.3), 50.0);
	EXPECT_EQ(roundBucketWidthMs(1.6), 2.0);
	EXPECT_EQ(roundBucketWidthMs(3.0), 5.0);
	EXPECT_EQ(roundBucketWidthMs(100.0), 100.0);
	EXPECT_DOUBLE_EQ(roundBucketWidthMs(0.0), 0.1);
}

TEST(DurationHistogram, RequeueAgainstHold)
{
	/* 10 re-queues at 875 ms and 3 at 40 ms; 32 bars: 880/32 = 27.5 -> bars of 50 ms.
	 * 875 ms is in bar 17 ([850, 900)), 40 ms in bar 0. */
	std::vector<uint64_t> samples(10, 875 * kMs);
	samples.insert(samples.end(), { 40 * kMs, 40 * kMs, 40 * kMs, 880 * kMs });
	const DurationHistogram histogram = bucketDurations(samples, 32);
	ASSERT_EQ(histogram.counts.size(), 32u);
	EXPECT_EQ(histogram.bucketMs, 50.0);
	EXPECT_EQ(histogram.counts[17], 11.0f);
	EXPECT_EQ(histogram.counts[0], 3.0f);
	float total = 0;
	for (float count : histogram.counts)
		total += count;
	EXPECT_EQ(total, 14.0f);
}

TEST(DurationHistogram, LargestSampleOnABucketEdgeStaysInside)
{
	/* 1600 ms / 32 = 50 exactly: with 50 ms bars it would sit on the upper edge. */
	const DurationHistogram histogram = bucketDurations({ 1600 * kMs }, 32);
	EXPECT_EQ(histogram.bucketMs, 100.0);
	EXPECT_EQ(histogram.counts[16], 1.0f);
}

TEST(DurationHistogram, EmptyHasNoBars)
{
	const DurationHistogram histogram = bucketDurations({}, 8);
	EXPECT_EQ(histogram.counts.size(), 8u);
	for (float count : histogram.counts)
		EXPECT_EQ(count, 0.0f);
}

TEST(SlotTimeline, SpansOfTheKnownScene)
{
	const OverlayModel model = knownModel();
	const std::vector<TimelineSpan> spans = timelineSpans(model);
	const uint64_t windowStart = kNow - TimelineLayout::kWindowNs;
	auto find = [&](uint32_t slot, OverlaySlotState state) -> const TimelineSpan * {
		for (const TimelineSpan &span : spans)
			if (span.slot == slot && span.state == state)
				return &span;
		return nullptr;
	};
	const TimelineSpan *held = find(kCompositorSlot, OverlaySlotState::HeldByCompositor);
	ASSERT_TRUE(held);
	EXPECT_EQ(held->startNs, kCompositorSince);
	EXPECT_EQ(held->endNs, kNow);
	const TimelineSpan *queued = find(kCompositorSlot, OverlaySlotState::Queued);
	ASSERT_TRUE(queued);
	EXPECT_EQ(queued->startNs, windowStart);
	EXPECT_EQ(queued->endNs, kCompositorSince);
	const TimelineSpan *references = find(kDeadSlot, OverlaySlotState::HeldByReferences);
	ASSERT_TRUE(references);
	EXPECT_EQ(references->endNs, kDeadSince);
	/* 8 slots: 6 with one span, 2 with two. */
	EXPECT_EQ(spans.size(), 10u);
}

TEST(SlotTimeline, ChangesBeforeTheWindowAreClipped)
{
	OverlayModel model;
	model.nowNs = 10'000 * kMs;
	model.slotNow = { OverlaySlotState::Free };
	model.slotChanges = {
		{ 1000 * kMs, 0, OverlaySlotState::Free, OverlaySlotState::Queued },
		{ 5000 * kMs, 0, OverlaySlotState::Queued, OverlaySlotState::HeldByDisplayQueue },
		{ 7000 * kMs, 0, OverlaySlotState::HeldByDisplayQueue, OverlaySlotState::Free },
		{ 8000 * kMs, 7, OverlaySlotState::Free, OverlaySlotState::Queued }, /* no such row */
	};
	const std::vector<TimelineSpan> spans = timelineSpans(model);
	ASSERT_EQ(spans.size(), 2u);
	EXPECT_EQ(spans[0].state, OverlaySlotState::HeldByDisplayQueue);
	EXPECT_EQ(spans[0].startNs, 6000 * kMs); /* the window starts at now - 4 s */
	EXPECT_EQ(spans[0].endNs, 7000 * kMs);
	EXPECT_EQ(spans[1].state, OverlaySlotState::Free);
	EXPECT_EQ(spans[1].startNs, 7000 * kMs);
	EXPECT_EQ(spans[1].endNs, 10'000 * kMs);
}

TEST(SlotTimeline, LayoutMapsTheWindowOntoThePlot)
{
	TimelineLayout layout;
	layout.originX = 100;
	layout.originY = 50;
	const float left = 100 + TimelineLayout::kLabelWidth;
	EXPECT_EQ(layout.xForTime(kNow, kNow - TimelineLayout::kWindowNs), left);
	EXPECT_EQ(layout.xForTime(kNow, kNow), left + TimelineLayout::kPlotWidth);
	EXPECT_EQ(layout.xForTime(kNow, kNow - TimelineLayout::kWindowNs / 4),
		  left + TimelineLayout::kPlotWidth * 3 / 4);
	EXPECT_EQ(layout.xForTime(kNow, 0), left) << "clamped to the plot";
	const RectF rect = layout.spanRect(kNow, { 2, OverlaySlotState::Free, kNow - 1, kNow });
	EXPECT_EQ(rect.y0, 50 + 2 * (TimelineLayout::kRowHeight + TimelineLayout::kRowGap));
	EXPECT_EQ(rect.y1 - rect.y0, TimelineLayout::kRowHeight);
}

} /* namespace */
} /* namespace sluice */
