/* SPDX-License-Identifier: MIT */
#include <cstdio>

#include <imgui.h>

#include "overlay_panels.h"

namespace sluice {

namespace {

ImU32 toImColour(Rgb colour)
{
	return IM_COL32(colour.r, colour.g, colour.b, 255);
}

void drawLegend()
{
	const OverlaySlotState states[] = {
		OverlaySlotState::Free,
		OverlaySlotState::Queued,
		OverlaySlotState::HeldByReferences,
		OverlaySlotState::HeldByDisplayQueue,
		OverlaySlotState::HeldByCompositor,
		OverlaySlotState::FieldPending,
		OverlaySlotState::Dead,
	};
	const float square = ImGui::GetTextLineHeight() * 0.7f;
	int onLine = 0;
	for (OverlaySlotState state : states) {
		if (onLine++ % 4 != 0)
			ImGui::SameLine();
		const ImVec2 at = ImGui::GetCursorScreenPos();
		const float inset = (ImGui::GetTextLineHeight() - square) / 2;
		ImGui::GetWindowDrawList()->AddRectFilled(
			ImVec2(at.x, at.y + inset), ImVec2(at.x + square, at.y + inset + square),
			toImColour(slotStateColour(state)));
		ImGui::Dummy(ImVec2(square, square));
		ImGui::SameLine();
		ImGui::TextUnformatted(overlaySlotStateName(state));
	}
}

} /* namespace */

TimelineLayout drawTimelinePanel(const OverlayModel &model)
{
	ImGui::Spacing();
	ImGui::Text("Slot states, last %.0f s", TimelineLayout::kWindowNs / 1e9);
	ImGui::Separator();

	const uint32_t slots = static_cast<uint32_t>(model.slotNow.size());
	TimelineLayout layout;
	const ImVec2 origin = ImGui::GetCursorScreenPos();
	layout.originX = origin.x;
	layout.originY = origin.y;
	/* Reserve the area first, so ImGui lays out what follows below it. */
	ImGui::Dummy(ImVec2(kPanelWidth, layout.height(slots)));

	ImDrawList *drawList = ImGui::GetWindowDrawList();
	const float fontSize = TimelineLayout::kRowHeight + TimelineLayout::kRowGap;
	for (uint32_t slot = 0; slot < slots; slot++) {
		char label[12];
		snprintf(label, sizeof(label), "%u", slot);
		drawList->AddText(nullptr, fontSize,
				  ImVec2(layout.originX, layout.originY + slot * fontSize - 1),
				  ImGui::GetColorU32(ImGuiCol_TextDisabled), label);
	}
	for (const TimelineSpan &span : timelineSpans(model)) {
		const RectF rect = layout.spanRect(model.nowNs, span);
		drawList->AddRectFilled(ImVec2(rect.x0, rect.y0), ImVec2(rect.x1, rect.y1),
					toImColour(slotStateColour(span.state)));
	}
	drawLegend();
	return layout;
}

} /* namespace sluice */
