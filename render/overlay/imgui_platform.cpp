/* SPDX-License-Identifier: MIT */
#include "imgui_platform.h"

#include <cfloat>
#include <linux/input-event-codes.h>

#include <imgui.h>

#include "imgui_keys.h"

namespace sluice {

namespace {

/* Surface units per wheel notch: what weston and wlroots send for one click of a wheel. */
constexpr double kAxisUnitsPerNotch = 10.0;
/* The first frame has no previous one; any positive delta will do. */
constexpr float kFirstFrameDelta = 1.0f / 60.0f;

int imguiMouseButton(uint32_t button)
{
	switch (button) {
	case BTN_LEFT:
		return 0;
	case BTN_RIGHT:
		return 1;
	case BTN_MIDDLE:
		return 2;
	case BTN_SIDE:
		return 3;
	case BTN_EXTRA:
		return 4;
	default:
		return -1;
	}
}

} /* namespace */

ImGuiPlatform::ImGuiPlatform(ImGuiContext *context) : context_(context)
{
	ImGui::SetCurrentContext(context_);
	ImGuiIO &io = ImGui::GetIO();
	io.BackendPlatformName = "sluice-wayland";
	/* The overlay's layout is fixed by code; a file in the working directory would only
	 * carry state from one run into the next. */
	io.IniFilename = nullptr;
	/* Our KeysDown[] index is the ImGuiKey_ value itself (imgui_keys.h). */
	for (int key = 0; key < ImGuiKey_COUNT; key++)
		io.KeyMap[key] = key;
	io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
}

void ImGuiPlatform::setDisplaySize(uint32_t width, uint32_t height, float scale)
{
	width_ = width;
	height_ = height;
	scale_ = scale > 0 ? scale : 1.0f;
}

void ImGuiPlatform::push(Event event)
{
	queue_.push_back(std::move(event));
	inputSerial_++;
}

void ImGuiPlatform::pointerEnter(double x, double y)
{
	pointerMotion(x, y);
}

void ImGuiPlatform::pointerLeave()
{
	push({ .kind = EventKind::MousePos, .x = -FLT_MAX, .y = -FLT_MAX });
}

void ImGuiPlatform::pointerMotion(double x, double y)
{
	push({ .kind = EventKind::MousePos, .x = static_cast<float>(x),
	       .y = static_cast<float>(y) });
}

void ImGuiPlatform::pointerButton(uint32_t button, bool pressed)
{
	const int index = imguiMouseButton(button);
	if (index < 0)
		return;
	push({ .kind = EventKind::MouseButton, .index = index, .down = pressed });
}

void ImGuiPlatform::pointerAxis(bool vertical, double value)
{
	/* Wayland's positive vertical axis scrolls down; ImGui's positive wheel scrolls up. */
	const float notches = static_cast<float>(value / kAxisUnitsPerNotch);
	if (vertical)
		push({ .kind = EventKind::Wheel, .y = -notches });
	else
		push({ .kind = EventKind::Wheel, .x = notches });
}

void ImGuiPlatform::key(xkb_keysym_t keysym, xkb_keysym_t baseKeysym, bool pressed)
{
	const int index = imguiKeyFor(keysym, baseKeysym);
	if (index == kNoImGuiKey)
		return;
	push({ .kind = EventKind::Key, .index = index, .down = pressed });
}

void ImGuiPlatform::modifiers(const ModifierState &mods)
{
	push({ .kind = EventKind::Mods, .mods = mods });
}

void ImGuiPlatform::text(std::string_view utf8)
{
	if (utf8.empty())
		return;
	push({ .kind = EventKind::Text, .text = std::string(utf8) });
}

void ImGuiPlatform::keyboardFocus(bool focused)
{
	push({ .kind = EventKind::Focus, .down = focused });
}

void ImGuiPlatform::apply(const Event &event)
{
	ImGuiIO &io = ImGui::GetIO();
	switch (event.kind) {
	case EventKind::MousePos:
		io.MousePos = ImVec2(event.x, event.y);
		break;
	case EventKind::MouseButton:
		io.MouseDown[event.index] = event.down;
		break;
	case EventKind::Wheel:
		io.MouseWheelH += event.x;
		io.MouseWheel += event.y;
		break;
	case EventKind::Key:
		io.KeysDown[event.index] = event.down;
		break;
	case EventKind::Mods:
		io.KeyCtrl = event.mods.ctrl;
		io.KeyShift = event.mods.shift;
		io.KeyAlt = event.mods.alt;
		io.KeySuper = event.mods.super;
		break;
	case EventKind::Text:
		io.AddInputCharactersUTF8(event.text.c_str());
		break;
	case EventKind::Focus:
		io.AddFocusEvent(event.down);
		break;
	}
}

void ImGuiPlatform::newFrame(uint64_t nowNs)
{
	ImGui::SetCurrentContext(context_);
	ImGuiIO &io = ImGui::GetIO();
	io.DisplaySize = ImVec2(static_cast<float>(width_), static_cast<float>(height_));
	io.DisplayFramebufferScale = ImVec2(scale_, scale_);
	if (lastFrameNs_ != 0 && nowNs > lastFrameNs_)
		io.DeltaTime = static_cast<float>(static_cast<double>(nowNs - lastFrameNs_) * 1e-9);
	else
		io.DeltaTime = kFirstFrameDelta;
	lastFrameNs_ = nowNs;

	/* Trickle: one change per button or key per frame (see the header). */
	bool buttonChanged[5] = {};
	bool keyChanged[ImGuiKey_COUNT] = {};
	bool anyButtonChanged = false;
	size_t applied = 0;
	for (; applied < queue_.size(); applied++) {
		const Event &event = queue_[applied];
		if (event.kind == EventKind::MouseButton) {
			if (buttonChanged[event.index])
				break;
			buttonChanged[event.index] = true;
			anyButtonChanged = true;
		} else if (event.kind == EventKind::Key) {
			if (keyChanged[event.index])
				break;
			keyChanged[event.index] = true;
		} else if (event.kind == EventKind::MousePos && anyButtonChanged) {
			break;
		}
		apply(event);
	}
	queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(applied));
}

} /* namespace sluice */
