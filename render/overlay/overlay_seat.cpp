/* SPDX-License-Identifier: MIT */
#include "overlay_seat.h"

#include <cerrno>
#include <cstring>

#include <wayland-client.h>

#include "imgui_platform.h"
#include "overlay_log.h"

namespace sluice {

namespace {

/* Version 5 adds the pointer frame and discrete axis events; nothing newer is needed. */
constexpr uint32_t kSeatMaxVersion = 5;

} /* namespace */

std::unique_ptr<OverlaySeat> OverlaySeat::create(wl_display *display, ImGuiPlatform *platform,
						 KeyHandler onKey, int *error)
{
	static const wl_registry_listener registryListener = {
		.global = registryGlobal,
		.global_remove = registryGlobalRemove,
	};
	std::unique_ptr<OverlaySeat> seat(new OverlaySeat(platform, std::move(onKey)));
	seat->registry_ = wl_display_get_registry(display);
	if (!seat->registry_) {
		*error = -ENOMEM;
		return nullptr;
	}
	wl_registry_add_listener(seat->registry_, &registryListener, seat.get());
	*error = 0;
	return seat;
}

OverlaySeat::~OverlaySeat()
{
	releaseDevices();
	if (seat_) {
		if (seatVersion_ >= WL_SEAT_RELEASE_SINCE_VERSION)
			wl_seat_release(seat_);
		else
			wl_seat_destroy(seat_);
	}
	if (registry_)
		wl_registry_destroy(registry_);
}

void OverlaySeat::releaseDevices()
{
	if (pointer_) {
		if (wl_pointer_get_version(pointer_) >= WL_POINTER_RELEASE_SINCE_VERSION)
			wl_pointer_release(pointer_);
		else
			wl_pointer_destroy(pointer_);
		pointer_ = nullptr;
	}
	if (keyboard_) {
		if (wl_keyboard_get_version(keyboard_) >= WL_KEYBOARD_RELEASE_SINCE_VERSION)
			wl_keyboard_release(keyboard_);
		else
			wl_keyboard_destroy(keyboard_);
		keyboard_ = nullptr;
	}
}

void OverlaySeat::registryGlobal(void *data, wl_registry *registry, uint32_t name,
				 const char *interface, uint32_t version)
{
	auto *self = static_cast<OverlaySeat *>(data);
	/* The first seat is the user's; multi-seat setups are not a video player's concern. */
	if (self->seat_ || strcmp(interface, wl_seat_interface.name) != 0)
		return;
	static const wl_seat_listener seatListener = {
		.capabilities = seatCapabilities,
		.name = seatName,
	};
	self->seatVersion_ = version < kSeatMaxVersion ? version : kSeatMaxVersion;
	self->seatName_ = name;
	self->seat_ = static_cast<wl_seat *>(
		wl_registry_bind(registry, name, &wl_seat_interface, self->seatVersion_));
	wl_seat_add_listener(self->seat_, &seatListener, self);
}

void OverlaySeat::registryGlobalRemove(void *data, wl_registry *, uint32_t name)
{
	auto *self = static_cast<OverlaySeat *>(data);
	if (self->seat_ && name == self->seatName_) {
		self->releaseDevices();
		wl_seat_destroy(self->seat_);
		self->seat_ = nullptr;
	}
}

void OverlaySeat::seatCapabilities(void *data, wl_seat *seat, uint32_t capabilities)
{
	static const wl_pointer_listener pointerListener = {
		.enter = pointerEnter,
		.leave = pointerLeave,
		.motion = pointerMotion,
		.button = pointerButton,
		.axis = pointerAxis,
		.frame = pointerFrame,
		.axis_source = pointerAxisSource,
		.axis_stop = pointerAxisStop,
		.axis_discrete = pointerAxisDiscrete,
	};
	static const wl_keyboard_listener keyboardListener = {
		.keymap = keyboardKeymap,
		.enter = keyboardEnter,
		.leave = keyboardLeave,
		.key = keyboardKey,
		.modifiers = keyboardModifiers,
		.repeat_info = keyboardRepeatInfo,
	};
	auto *self = static_cast<OverlaySeat *>(data);
	const bool wantPointer = capabilities & WL_SEAT_CAPABILITY_POINTER;
	const bool wantKeyboard = capabilities & WL_SEAT_CAPABILITY_KEYBOARD;
	if (wantPointer && !self->pointer_) {
		self->pointer_ = wl_seat_get_pointer(seat);
		wl_pointer_add_listener(self->pointer_, &pointerListener, self);
	}
	if (wantKeyboard && !self->keyboard_) {
		self->keyboard_ = wl_seat_get_keyboard(seat);
		wl_keyboard_add_listener(self->keyboard_, &keyboardListener, self);
	}
	/* A device unplugged: drop it (and re-get what remains, which is harmless). */
	if ((!wantPointer && self->pointer_) || (!wantKeyboard && self->keyboard_)) {
		self->releaseDevices();
		seatCapabilities(data, seat, capabilities);
	}
}

void OverlaySeat::seatName(void *, wl_seat *, const char *) {}

void OverlaySeat::pointerEnter(void *data, wl_pointer *, uint32_t, wl_surface *surface,
			       int32_t x, int32_t y)
{
	auto *self = static_cast<OverlaySeat *>(data);
	self->pointerOverOverlay_ = self->platform_ && surface && surface == self->overlaySurface_;
	if (self->pointerOverOverlay_)
		self->platform_->pointerEnter(wl_fixed_to_double(x), wl_fixed_to_double(y));
}

void OverlaySeat::pointerLeave(void *data, wl_pointer *, uint32_t, wl_surface *)
{
	auto *self = static_cast<OverlaySeat *>(data);
	if (self->pointerOverOverlay_)
		self->platform_->pointerLeave();
	self->pointerOverOverlay_ = false;
}

void OverlaySeat::pointerMotion(void *data, wl_pointer *, uint32_t, int32_t x, int32_t y)
{
	auto *self = static_cast<OverlaySeat *>(data);
	if (self->pointerOverOverlay_)
		self->platform_->pointerMotion(wl_fixed_to_double(x), wl_fixed_to_double(y));
}

void OverlaySeat::pointerButton(void *data, wl_pointer *, uint32_t, uint32_t, uint32_t button,
				uint32_t state)
{
	auto *self = static_cast<OverlaySeat *>(data);
	if (self->pointerOverOverlay_)
		self->platform_->pointerButton(button, state == WL_POINTER_BUTTON_STATE_PRESSED);
}

void OverlaySeat::pointerAxis(void *data, wl_pointer *, uint32_t, uint32_t axis, int32_t value)
{
	auto *self = static_cast<OverlaySeat *>(data);
	if (self->pointerOverOverlay_)
		self->platform_->pointerAxis(axis == WL_POINTER_AXIS_VERTICAL_SCROLL,
					    wl_fixed_to_double(value));
}

/* The continuous axis values carry everything ImGui needs; the rest only groups them. */
void OverlaySeat::pointerFrame(void *, wl_pointer *) {}
void OverlaySeat::pointerAxisSource(void *, wl_pointer *, uint32_t) {}
void OverlaySeat::pointerAxisStop(void *, wl_pointer *, uint32_t, uint32_t) {}
void OverlaySeat::pointerAxisDiscrete(void *, wl_pointer *, uint32_t, int32_t) {}

void OverlaySeat::keyboardKeymap(void *data, wl_keyboard *, uint32_t format, int32_t fd,
				 uint32_t size)
{
	auto *self = static_cast<OverlaySeat *>(data);
	UniqueFD keymapFd(fd);
	if (format != WL_KEYBOARD_KEYMAP_FORMAT_XKB_V1) {
		LOG(Overlay, Warn) << "keymap format " << format << " is not XKB; keys ignored";
		self->xkb_.reset();
		return;
	}
	int error = 0;
	std::unique_ptr<XkbKeyboard> keyboard =
		XkbKeyboard::fromKeymapFd(std::move(keymapFd), size, &error);
	if (!keyboard) {
		LOG(Overlay, Warn) << "could not compile the compositor's keymap: "
				   << strerror(-error);
		return;
	}
	self->xkb_ = std::move(keyboard);
}

void OverlaySeat::keyboardEnter(void *data, wl_keyboard *, uint32_t, wl_surface *, wl_array *)
{
	auto *self = static_cast<OverlaySeat *>(data);
	if (self->platform_)
		self->platform_->keyboardFocus(true);
}

void OverlaySeat::keyboardLeave(void *data, wl_keyboard *, uint32_t, wl_surface *)
{
	auto *self = static_cast<OverlaySeat *>(data);
	if (self->platform_)
		self->platform_->keyboardFocus(false);
}

void OverlaySeat::keyboardKey(void *data, wl_keyboard *, uint32_t, uint32_t, uint32_t key,
			      uint32_t state)
{
	auto *self = static_cast<OverlaySeat *>(data);
	if (!self->xkb_)
		return;
	const bool pressed = state == WL_KEYBOARD_KEY_STATE_PRESSED;
	const TranslatedKey translated = self->xkb_->translate(key, pressed);
	if (self->platform_) {
		self->platform_->key(translated.keysym, translated.baseKeysym, pressed);
		self->platform_->text(translated.text);
	}
	if (pressed && self->onKey_) {
		const KeyAction action = mapKey(translated.keysym);
		if (action != KeyAction::None)
			self->onKey_(action);
	}
}

void OverlaySeat::keyboardModifiers(void *data, wl_keyboard *, uint32_t, uint32_t depressed,
				    uint32_t latched, uint32_t locked, uint32_t group)
{
	auto *self = static_cast<OverlaySeat *>(data);
	if (!self->xkb_)
		return;
	self->xkb_->updateModifiers(depressed, latched, locked, group);
	if (self->platform_)
		self->platform_->modifiers(self->xkb_->modifiers());
}

/* No key repeat yet: see docs/overlay.md. */
void OverlaySeat::keyboardRepeatInfo(void *, wl_keyboard *, int32_t, int32_t) {}

} /* namespace sluice */
