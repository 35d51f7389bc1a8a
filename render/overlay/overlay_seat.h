/* SPDX-License-Identifier: MIT */
/*
 * OverlaySeat: the Wayland listener glue for input. It binds wl_seat through a registry of
 * its own on the player's wl_display (a client may hold several registries, so the
 * presentation layer's Display need not know about seats), and forwards:
 *
 *  - wl_pointer events over the overlay's surface to ImGuiPlatform;
 *  - wl_keyboard events through XkbKeyboard, as keysyms to ImGuiPlatform and as player
 *    commands (key_bindings.h) to the KeyHandler, on press only.
 *
 * Without a platform (no overlay: EGL is missing) it still turns keys into player
 * commands, so pause, seek and quit never depend on the overlay.
 *
 * All the logic sits in ImGuiPlatform, XkbKeyboard and mapKey(), which tests drive without
 * a compositor; this file only translates listener arguments.
 */
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "key_bindings.h"
#include "xkb_keyboard.h"

struct wl_display;
struct wl_registry;
struct wl_seat;
struct wl_pointer;
struct wl_keyboard;
struct wl_surface;
struct wl_array;

namespace sluice {

class ImGuiPlatform;

class OverlaySeat
{
public:
	using KeyHandler = std::function<void(KeyAction action)>;

	/* Starts listening; the seat arrives with the next roundtrip or dispatch. */
	static std::unique_ptr<OverlaySeat> create(wl_display *display, ImGuiPlatform *platform,
						   KeyHandler onKey, int *error);
	~OverlaySeat();
	OverlaySeat(const OverlaySeat &) = delete;
	OverlaySeat &operator=(const OverlaySeat &) = delete;

	/* Pointer events count only over this surface (the overlay's subsurface). */
	void setOverlaySurface(wl_surface *surface) { overlaySurface_ = surface; }
	bool hasKeyboard() const { return keyboard_ != nullptr; }
	bool hasPointer() const { return pointer_ != nullptr; }

private:
	OverlaySeat(ImGuiPlatform *platform, KeyHandler onKey)
		: platform_(platform), onKey_(std::move(onKey))
	{
	}

	static void registryGlobal(void *data, wl_registry *registry, uint32_t name,
				   const char *interface, uint32_t version);
	static void registryGlobalRemove(void *data, wl_registry *registry, uint32_t name);
	static void seatCapabilities(void *data, wl_seat *seat, uint32_t capabilities);
	static void seatName(void *data, wl_seat *seat, const char *name);

	static void pointerEnter(void *data, wl_pointer *pointer, uint32_t serial,
				 wl_surface *surface, int32_t x, int32_t y);
	static void pointerLeave(void *data, wl_pointer *pointer, uint32_t serial,
				 wl_surface *surface);
	static void pointerMotion(void *data, wl_pointer *pointer, uint32_t time, int32_t x,
				  int32_t y);
	static void pointerButton(void *data, wl_pointer *pointer, uint32_t serial, uint32_t time,
				  uint32_t button, uint32_t state);
	static void pointerAxis(void *data, wl_pointer *pointer, uint32_t time, uint32_t axis,
				int32_t value);
	static void pointerFrame(void *data, wl_pointer *pointer);
	static void pointerAxisSource(void *data, wl_pointer *pointer, uint32_t source);
	static void pointerAxisStop(void *data, wl_pointer *pointer, uint32_t time, uint32_t axis);
	static void pointerAxisDiscrete(void *data, wl_pointer *pointer, uint32_t axis,
					int32_t discrete);

	static void keyboardKeymap(void *data, wl_keyboard *keyboard, uint32_t format, int32_t fd,
				   uint32_t size);
	static void keyboardEnter(void *data, wl_keyboard *keyboard, uint32_t serial,
				  wl_surface *surface, wl_array *keys);
	static void keyboardLeave(void *data, wl_keyboard *keyboard, uint32_t serial,
				  wl_surface *surface);
	static void keyboardKey(void *data, wl_keyboard *keyboard, uint32_t serial, uint32_t time,
				uint32_t key, uint32_t state);
	static void keyboardModifiers(void *data, wl_keyboard *keyboard, uint32_t serial,
				      uint32_t depressed, uint32_t latched, uint32_t locked,
				      uint32_t group);
	static void keyboardRepeatInfo(void *data, wl_keyboard *keyboard, int32_t rate,
				       int32_t delay);

	void releaseDevices();

	ImGuiPlatform *platform_; /* null: keys only, no overlay */
	KeyHandler onKey_;
	wl_registry *registry_ = nullptr;
	wl_seat *seat_ = nullptr;
	uint32_t seatName_ = 0;
	uint32_t seatVersion_ = 0;
	wl_pointer *pointer_ = nullptr;
	wl_keyboard *keyboard_ = nullptr;
	wl_surface *overlaySurface_ = nullptr;
	bool pointerOverOverlay_ = false;
	std::unique_ptr<XkbKeyboard> xkb_;
};

} /* namespace sluice */
