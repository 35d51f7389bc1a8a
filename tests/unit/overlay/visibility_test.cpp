/* SPDX-License-Identifier: MIT */
/* The overlay's draw/detach state machine, step by step. */
#include <gtest/gtest.h>

#include "overlay/overlay_visibility.h"

namespace sluice {
namespace {

constexpr uint64_t kMs = 1'000'000;

TEST(OverlayVisibility, StartsHiddenWithNothingToDo)
{
	OverlayVisibility visibility;
	EXPECT_FALSE(visibility.shown());
	EXPECT_EQ(visibility.next(0), OverlayAction::Idle);
	visibility.modelChanged();
	visibility.inputArrived();
	EXPECT_EQ(visibility.next(1000 * kMs), OverlayAction::Idle);
}

TEST(OverlayVisibility, ShowDrawsOnceThenIdles)
{
	OverlayVisibility visibility;
	visibility.show();
	EXPECT_EQ(visibility.next(0), OverlayAction::Draw);
	visibility.drawn(0);
	EXPECT_TRUE(visibility.bufferAttached());
	EXPECT_EQ(visibility.next(10 * kMs), OverlayAction::Idle);
	EXPECT_EQ(visibility.next(10000 * kMs), OverlayAction::Idle);
}

TEST(OverlayVisibility, HideDetachesExactlyOnce)
{
	OverlayVisibility visibility;
	visibility.show();
	visibility.drawn(0);
	visibility.hide();
	EXPECT_EQ(visibility.next(1 * kMs), OverlayAction::DetachBuffer);
	visibility.detached();
	EXPECT_FALSE(visibility.bufferAttached());
	EXPECT_EQ(visibility.next(2 * kMs), OverlayAction::Idle);
}

TEST(OverlayVisibility, HiddenBeforeAnyDrawHasNothingToDetach)
{
	OverlayVisibility visibility;
	visibility.show();
	visibility.hide();
	EXPECT_EQ(visibility.next(0), OverlayAction::Idle);
}

TEST(OverlayVisibility, ModelChangesAreRateLimited)
{
	OverlayVisibility visibility(100 * kMs);
	visibility.show();
	visibility.drawn(1000 * kMs);
	visibility.modelChanged();
	EXPECT_EQ(visibility.next(1050 * kMs), OverlayAction::Idle);
	EXPECT_EQ(visibility.next(1100 * kMs), OverlayAction::Draw);
	visibility.drawn(1100 * kMs);
	EXPECT_EQ(visibility.next(1300 * kMs), OverlayAction::Idle) << "nothing changed since";
}

TEST(OverlayVisibility, InputDrawsAtOnceForTheSettleFrames)
{
	OverlayVisibility visibility(100 * kMs);
	visibility.show();
	visibility.drawn(1000 * kMs);
	visibility.inputArrived();
	for (int i = 0; i < OverlayVisibility::kSettleFrames; i++) {
		EXPECT_EQ(visibility.next(1001 * kMs + i), OverlayAction::Draw);
		visibility.drawn(1001 * kMs + i);
	}
	EXPECT_EQ(visibility.next(1002 * kMs), OverlayAction::Idle);
}

TEST(OverlayVisibility, ResizeRedrawsOnlyWhenShown)
{
	OverlayVisibility visibility;
	visibility.resized();
	EXPECT_EQ(visibility.next(0), OverlayAction::Idle);
	visibility.show();
	visibility.drawn(0);
	visibility.resized();
	EXPECT_EQ(visibility.next(1), OverlayAction::Draw);
}

TEST(OverlayVisibility, ShowAgainDrawsEvenWhileTheOldBufferIsAttached)
{
	/* Hidden and shown again before the detach happened: the old frame is stale. */
	OverlayVisibility visibility;
	visibility.show();
	visibility.drawn(0);
	visibility.hide();
	visibility.show();
	EXPECT_EQ(visibility.next(1), OverlayAction::Draw);
}

TEST(OverlayVisibility, ToggleAlternates)
{
	OverlayVisibility visibility;
	visibility.toggle();
	EXPECT_TRUE(visibility.shown());
	visibility.toggle();
	EXPECT_FALSE(visibility.shown());
}

} /* namespace */
} /* namespace sluice */
