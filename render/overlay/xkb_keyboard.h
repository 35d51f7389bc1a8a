/* SPDX-License-Identifier: MIT */
/*
 * XkbKeyboard: turns Wayland key events into keysyms and text with xkbcommon.
 *
 * The keymap arrives as an fd (wl_keyboard.keymap); the modifier state arrives as masks
 * (wl_keyboard.modifiers), which is why the state is only ever set from masks and never
 * advanced per key: the compositor is the authority on modifiers and locks.
 *
 * Without a compositor (tests, tools) the keymap can be built from RMLVO names.
 */
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <xkbcommon/xkbcommon.h>

#include "base/unique_fd.h"

namespace sluice {

struct TranslatedKey {
	/* The keysym with the current modifiers applied ('F' with Shift). */
	xkb_keysym_t keysym = XKB_KEY_NoSymbol;
	/* The keysym at shift level 0 ('f' whatever the modifiers), for shortcuts such as Ctrl+A. */
	xkb_keysym_t baseKeysym = XKB_KEY_NoSymbol;
	/* UTF-8 the key types on press; empty on release and for keys that type nothing. */
	std::string text;
};

struct ModifierState {
	bool ctrl = false;
	bool shift = false;
	bool alt = false;
	bool super = false;
};

class XkbKeyboard
{
public:
	/* From wl_keyboard.keymap (format XKB_V1): maps size bytes of fd privately. */
	static std::unique_ptr<XkbKeyboard> fromKeymapFd(UniqueFD fd, uint32_t size, int *error);
	/* From names, e.g. layout "us"; empty strings take libxkbcommon's defaults. */
	static std::unique_ptr<XkbKeyboard> fromNames(const char *layout, const char *variant,
						      int *error);
	~XkbKeyboard();
	XkbKeyboard(const XkbKeyboard &) = delete;
	XkbKeyboard &operator=(const XkbKeyboard &) = delete;

	/* wl_keyboard.modifiers. */
	void updateModifiers(uint32_t depressed, uint32_t latched, uint32_t locked, uint32_t group);
	/* A Linux evdev key code (wl_keyboard.key), which xkb numbers 8 higher. */
	TranslatedKey translate(uint32_t evdevKey, bool pressed) const;
	ModifierState modifiers() const;
	/* The mask bit of a named modifier (XKB_MOD_NAME_SHIFT, …), 0 when the keymap lacks it. */
	uint32_t modifierMask(const char *name) const;

private:
	XkbKeyboard() = default;
	int init(xkb_keymap *keymap);

	xkb_context *context_ = nullptr;
	xkb_keymap *keymap_ = nullptr;
	xkb_state *state_ = nullptr;
};

} /* namespace sluice */
