/* SPDX-License-Identifier: MIT */
/*
 * DebugOverlay: the ImGui context, its input, the model and the visibility state, and the
 * building of one frame's draw lists. It knows nothing of EGL or Wayland, so the whole
 * of it runs in tests with or without a GPU.
 *
 * Per tick of the player's loop:
 *   overlay.setModel(snapshot);               // dirty only when something changed
 *   switch (overlay.next(now)) {
 *   case OverlayAction::Draw:         build with buildFrame(), render, present, drawn(now)
 *   case OverlayAction::DetachBuffer: attach NULL + commit, detached()
 *   case OverlayAction::Idle:         nothing
 *   }
 */
#pragma once

#include <cstdint>

#include "imgui_platform.h"
#include "overlay_model.h"
#include "overlay_visibility.h"
#include "slot_timeline.h"

struct ImGuiContext;
struct ImDrawData;

namespace sluice {

class ImGuiGlesRenderer;

class DebugOverlay
{
public:
	/* Where the overlay window sits, in surface coordinates. */
	static constexpr float kWindowX = 10.0f;
	static constexpr float kWindowY = 10.0f;

	DebugOverlay();
	~DebugOverlay();
	DebugOverlay(const DebugOverlay &) = delete;
	DebugOverlay &operator=(const DebugOverlay &) = delete;

	ImGuiContext *context() const { return context_; }
	ImGuiPlatform &platform() { return platform_; }
	OverlayVisibility &visibility() { return visibility_; }
	const OverlayModel &model() const { return model_; }

	void show() { visibility_.show(); }
	void hide() { visibility_.hide(); }
	void toggle() { visibility_.toggle(); }
	void setModel(const OverlayModel &model);
	void setSurfaceSize(uint32_t width, uint32_t height, float scale);

	/* What to do now; input that arrived since the last call counts as a change. */
	OverlayAction next(uint64_t nowNs);
	/*
	 * Builds the frame: platform input, NewFrame, the panels, Render. With a renderer, its
	 * newFrame() is called first; without one (tests without a GPU) the font atlas is
	 * built on the CPU. Returns ImGui's draw data, valid until the next call.
	 */
	ImDrawData *buildFrame(uint64_t nowNs, ImGuiGlesRenderer *renderer);
	void drawn(uint64_t nowNs) { visibility_.drawn(nowNs); }
	void detached() { visibility_.detached(); }

	/* The timeline's layout in the last built frame. */
	const TimelineLayout &timelineLayout() const { return timeline_; }
	/* Frames built so far. */
	uint64_t framesBuilt() const { return framesBuilt_; }

private:
	/* NewFrame() and every panel, up to ImGui::End() of the window. */
	void buildPanels();

	ImGuiContext *context_;
	ImGuiPlatform platform_;
	OverlayVisibility visibility_;
	OverlayModel model_;
	TimelineLayout timeline_;
	uint64_t seenInputSerial_ = 0;
	uint64_t framesBuilt_ = 0;
};

} /* namespace sluice */
