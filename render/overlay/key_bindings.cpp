/* SPDX-License-Identifier: MIT */
#include "key_bindings.h"

namespace sluice {

KeyAction mapKey(xkb_keysym_t keysym)
{
	/* Caps Lock or Shift turn 'f' into 'F'; the command should not depend on either. */
	switch (xkb_keysym_to_lower(keysym)) {
	case XKB_KEY_space:
		return KeyAction::TogglePause;
	case XKB_KEY_Left:
		return KeyAction::SeekBackward5s;
	case XKB_KEY_Right:
		return KeyAction::SeekForward5s;
	case XKB_KEY_Down:
		return KeyAction::SeekBackward60s;
	case XKB_KEY_Up:
		return KeyAction::SeekForward60s;
	case XKB_KEY_period:
		return KeyAction::StepFrame;
	case XKB_KEY_f:
		return KeyAction::ToggleFullscreen;
	case XKB_KEY_o:
	case XKB_KEY_F12:
		return KeyAction::ToggleOverlay;
	case XKB_KEY_q:
	case XKB_KEY_Escape:
		return KeyAction::Quit;
	default:
		return KeyAction::None;
	}
}

int seekSeconds(KeyAction action)
{
	switch (action) {
	case KeyAction::SeekBackward5s:
		return -5;
	case KeyAction::SeekForward5s:
		return 5;
	case KeyAction::SeekBackward60s:
		return -60;
	case KeyAction::SeekForward60s:
		return 60;
	default:
		return 0;
	}
}

const char *keyActionName(KeyAction action)
{
	switch (action) {
	case KeyAction::None:
		return "none";
	case KeyAction::TogglePause:
		return "toggle pause";
	case KeyAction::SeekBackward5s:
		return "seek -5 s";
	case KeyAction::SeekForward5s:
		return "seek +5 s";
	case KeyAction::SeekBackward60s:
		return "seek -60 s";
	case KeyAction::SeekForward60s:
		return "seek +60 s";
	case KeyAction::StepFrame:
		return "step frame";
	case KeyAction::ToggleFullscreen:
		return "toggle fullscreen";
	case KeyAction::ToggleOverlay:
		return "toggle overlay";
	case KeyAction::Quit:
		return "quit";
	}
	return "?";
}

} /* namespace sluice */
