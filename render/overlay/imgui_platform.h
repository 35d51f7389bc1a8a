/* SPDX-License-Identifier: MIT */
/*
 * ImGuiPlatform: sluice's own platform layer for Dear ImGui (no GLFW, no SDL).
 *
 * Input arrives as plain method calls (pointerMotion(), key(), …) made by the Wayland
 * listener glue (wayland_seat.h) or by tests, and is queued. newFrame() moves the queue
 * into ImGuiIO together with the display size and the time since the last frame.
 *
 * Dear ImGui 1.86 reads input as state (io.MouseDown[], io.KeysDown[]) sampled once per
 * frame, so a press and a release that arrive between two frames would cancel out and the
 * click would be lost. newFrame() therefore applies events in order and stops before the
 * second change of the same button or key (or a move after a button change, so the click
 * lands where it happened); the rest waits for the next frame.
 */
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <xkbcommon/xkbcommon.h>

#include "xkb_keyboard.h"

struct ImGuiContext;

namespace sluice {

class ImGuiPlatform
{
public:
	/* Sets up io (key map, backend name, no imgui.ini) of context. */
	explicit ImGuiPlatform(ImGuiContext *context);

	/* Surface size in surface-local units, and the buffer scale (wl_surface.set_buffer_scale). */
	void setDisplaySize(uint32_t width, uint32_t height, float scale);
	uint32_t width() const { return width_; }
	uint32_t height() const { return height_; }
	float scale() const { return scale_; }

	/* wl_pointer, in surface-local coordinates. */
	void pointerEnter(double x, double y);
	void pointerLeave();
	void pointerMotion(double x, double y);
	/* button is a Linux evdev code (BTN_LEFT, …). */
	void pointerButton(uint32_t button, bool pressed);
	/* wl_pointer.axis: value in surface units, positive is down (vertical) or right. */
	void pointerAxis(bool vertical, double value);

	/* wl_keyboard, after xkb translation. */
	void key(xkb_keysym_t keysym, xkb_keysym_t baseKeysym, bool pressed);
	void modifiers(const ModifierState &mods);
	void text(std::string_view utf8);
	void keyboardFocus(bool focused);

	/* Bumped by every input event; the overlay redraws when it changes. */
	uint64_t inputSerial() const { return inputSerial_; }
	bool hasQueuedInput() const { return !queue_.empty(); }

	/* Fills io for the coming ImGui::NewFrame(); nowNs is CLOCK_MONOTONIC. */
	void newFrame(uint64_t nowNs);

private:
	enum class EventKind { MousePos, MouseButton, Wheel, Key, Mods, Text, Focus };
	struct Event {
		EventKind kind;
		int index = 0;     /* button or key index */
		bool down = false;
		float x = 0, y = 0;
		ModifierState mods;
		std::string text;
	};

	void push(Event event);
	void apply(const Event &event);

	ImGuiContext *context_;
	uint32_t width_ = 0;
	uint32_t height_ = 0;
	float scale_ = 1.0f;
	uint64_t lastFrameNs_ = 0;
	uint64_t inputSerial_ = 0;
	std::vector<Event> queue_;
};

} /* namespace sluice */
