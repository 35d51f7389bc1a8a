/* SPDX-License-Identifier: MIT */
/*
 * The player's keyboard commands, as keysyms (what the key means in the user's layout, not
 * where it sits), so 'f' is fullscreen on AZERTY and Dvorak too.
 *
 * It lives beside the overlay because the overlay's Wayland seat is what receives the keys;
 * the player only sees KeyAction.
 */
#pragma once

#include <xkbcommon/xkbcommon.h>

namespace sluice {

enum class KeyAction {
	None,
	TogglePause,
	SeekBackward5s,
	SeekForward5s,
	SeekBackward60s,
	SeekForward60s,
	StepFrame,
	ToggleFullscreen,
	ToggleOverlay,
	Quit,
};

/* The command bound to keysym, or None. Letters match either case (Shift+F is still 'f'). */
KeyAction mapKey(xkb_keysym_t keysym);

/* Seconds a seek action moves (negative: backward), 0 for every other action. */
int seekSeconds(KeyAction action);

const char *keyActionName(KeyAction action);

} /* namespace sluice */
