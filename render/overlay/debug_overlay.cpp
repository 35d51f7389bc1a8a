/* SPDX-License-Identifier: MIT */
#include "debug_overlay.h"

#include <imgui.h>

#include "imgui_gles_renderer.h"
#include "overlay_panels.h"

namespace sluice {

namespace {

/* The platform needs a context to configure, so it is created before the member. */
ImGuiContext *createContext()
{
	IMGUI_CHECKVERSION();
	ImGuiContext *previous = ImGui::GetCurrentContext();
	ImGuiContext *context = ImGui::CreateContext();
	ImGui::SetCurrentContext(context);
	ImGui::StyleColorsDark();
	/* Translucent, so the video stays visible behind the figures. */
	ImGui::GetStyle().Colors[ImGuiCol_WindowBg].w = 0.78f;
	if (previous)
		ImGui::SetCurrentContext(previous);
	return context;
}

} /* namespace */

DebugOverlay::DebugOverlay() : context_(createContext()), platform_(context_) {}

DebugOverlay::~DebugOverlay()
{
	ImGui::DestroyContext(context_);
}

void DebugOverlay::setModel(const OverlayModel &model)
{
	if (model == model_)
		return;
	model_ = model;
	visibility_.modelChanged();
}

void DebugOverlay::setSurfaceSize(uint32_t width, uint32_t height, float scale)
{
	if (width == platform_.width() && height == platform_.height() && scale == platform_.scale())
		return;
	platform_.setDisplaySize(width, height, scale);
	visibility_.resized();
}

OverlayAction DebugOverlay::next(uint64_t nowNs)
{
	if (platform_.inputSerial() != seenInputSerial_ || platform_.hasQueuedInput()) {
		seenInputSerial_ = platform_.inputSerial();
		visibility_.inputArrived();
	}
	return visibility_.next(nowNs);
}

ImDrawData *DebugOverlay::buildFrame(uint64_t nowNs, ImGuiGlesRenderer *renderer)
{
	ImGui::SetCurrentContext(context_);
	if (renderer) {
		renderer->newFrame();
	} else if (!ImGui::GetIO().Fonts->IsBuilt()) {
		unsigned char *pixels;
		int width, height;
		ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
	}
	platform_.newFrame(nowNs);
	/* ImGui keeps an auto-resizing window hidden for the first frame it appears in, while
	 * it measures the contents; the overlay draws only when asked, so that empty first
	 * frame could stay on screen. Build it once unseen. */
	if (framesBuilt_ == 0) {
		buildPanels();
		ImGui::EndFrame();
		platform_.newFrame(nowNs);
	}
	buildPanels();
	ImGui::Render();
	framesBuilt_++;
	return ImGui::GetDrawData();
}

void DebugOverlay::buildPanels()
{
	ImGui::NewFrame();

	ImGui::SetNextWindowPos(ImVec2(kWindowX, kWindowY), ImGuiCond_Always);
	ImGui::Begin("sluice", nullptr,
		     ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
			     ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse);
	drawCountersPanel(model_);
	drawDurationPanel("Re-queue interval per slot", "requeue", model_.requeueInterval);
	drawDurationPanel("Compositor hold", "hold", model_.compositorHold);
	drawRequeueExplanation(model_);
	timeline_ = drawTimelinePanel(model_);
	drawPresentationPanel(model_.path);
	drawDecodePanel(model_);
	ImGui::End();
}

} /* namespace sluice */
