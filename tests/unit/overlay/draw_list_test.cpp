/* SPDX-License-Identifier: MIT */
/*
 * The overlay built without any GPU: ImGui's draw lists inspected directly. This is the
 * fallback for machines where EGL gives no context, and a check of the geometry that does
 * not depend on a rasteriser.
 */
#include <gtest/gtest.h>
#include <imgui.h>

#include "overlay/debug_overlay.h"
#include "overlay_scene.h"

namespace sluice {
namespace {

using namespace test;

ImU32 colourOf(OverlaySlotState state)
{
	const Rgb rgb = slotStateColour(state);
	return IM_COL32(rgb.r, rgb.g, rgb.b, 255);
}

/* Bounding boxes of the vertices of one colour (each filled rect is 4 vertices). */
std::vector<RectF> rectsOfColour(ImDrawData *drawData, ImU32 colour)
{
	std::vector<RectF> rects;
	for (int l = 0; l < drawData->CmdListsCount; l++) {
		const ImDrawList *list = drawData->CmdLists[l];
		for (int v = 0; v + 3 < list->VtxBuffer.Size; v++) {
			const ImDrawVert *vert = &list->VtxBuffer[v];
			if (vert[0].col != colour || vert[1].col != colour || vert[2].col != colour ||
			    vert[3].col != colour)
				continue;
			RectF rect = { vert[0].pos.x, vert[0].pos.y, vert[0].pos.x, vert[0].pos.y };
			for (int i = 1; i < 4; i++) {
				rect.x0 = std::min(rect.x0, vert[i].pos.x);
				rect.y0 = std::min(rect.y0, vert[i].pos.y);
				rect.x1 = std::max(rect.x1, vert[i].pos.x);
				rect.y1 = std::max(rect.y1, vert[i].pos.y);
			}
			rects.push_back(rect);
			v += 3;
		}
	}
	return rects;
}

TEST(OverlayDrawLists, CompositorSpanIsWhereTheLayoutSays)
{
	DebugOverlay overlay;
	overlay.setSurfaceSize(800, 800, 1.0f);
	overlay.setModel(knownModel());
	overlay.show();
	ASSERT_EQ(overlay.next(kNow), OverlayAction::Draw);
	ImDrawData *drawData = overlay.buildFrame(kNow, nullptr);
	ASSERT_TRUE(drawData && drawData->Valid);
	EXPECT_GT(drawData->TotalVtxCount, 1000) << "text and panels make many vertices";

	const std::vector<RectF> magenta =
		rectsOfColour(drawData, colourOf(OverlaySlotState::HeldByCompositor));
	/* The timeline span, and the legend's square. */
	ASSERT_EQ(magenta.size(), 2u);
	const RectF expected = overlay.timelineLayout().spanRect(
		kNow, { kCompositorSlot, OverlaySlotState::HeldByCompositor, kCompositorSince, kNow });
	EXPECT_FLOAT_EQ(magenta[0].x0, expected.x0);
	EXPECT_FLOAT_EQ(magenta[0].y0, expected.y0);
	EXPECT_FLOAT_EQ(magenta[0].x1, expected.x1);
	EXPECT_FLOAT_EQ(magenta[0].y1, expected.y1);
	/* Half the 4 s window is 2 s: half the plot's width. */
	EXPECT_FLOAT_EQ(magenta[0].x1 - magenta[0].x0, TimelineLayout::kPlotWidth / 2);

	/* Red: the dead span of slot 1 (its last second) and the legend. */
	const std::vector<RectF> red = rectsOfColour(drawData, colourOf(OverlaySlotState::Dead));
	ASSERT_EQ(red.size(), 2u);
	EXPECT_FLOAT_EQ(red[0].x1 - red[0].x0, TimelineLayout::kPlotWidth / 4);
}

TEST(OverlayDrawLists, HiddenBuildsNoFrame)
{
	DebugOverlay overlay;
	overlay.setSurfaceSize(800, 800, 1.0f);
	OverlayModel model = knownModel();
	for (int i = 0; i < 10; i++) {
		model.decoded++;
		overlay.setModel(model);
		overlay.platform().pointerMotion(i, i);
		EXPECT_EQ(overlay.next(kNow + i * 200 * kMs), OverlayAction::Idle);
	}
	EXPECT_EQ(overlay.framesBuilt(), 0u);
}

} /* namespace */
} /* namespace sluice */
