/* SPDX-License-Identifier: MIT */
#include "imgui_keys.h"

#include <imgui.h>

namespace sluice {

int imguiKeyFor(xkb_keysym_t keysym, xkb_keysym_t baseKeysym)
{
	switch (keysym) {
	case XKB_KEY_Tab:
	case XKB_KEY_ISO_Left_Tab: /* what Shift+Tab produces */
		return ImGuiKey_Tab;
	case XKB_KEY_Left:
		return ImGuiKey_LeftArrow;
	case XKB_KEY_Right:
		return ImGuiKey_RightArrow;
	case XKB_KEY_Up:
		return ImGuiKey_UpArrow;
	case XKB_KEY_Down:
		return ImGuiKey_DownArrow;
	case XKB_KEY_Page_Up:
		return ImGuiKey_PageUp;
	case XKB_KEY_Page_Down:
		return ImGuiKey_PageDown;
	case XKB_KEY_Home:
		return ImGuiKey_Home;
	case XKB_KEY_End:
		return ImGuiKey_End;
	case XKB_KEY_Insert:
		return ImGuiKey_Insert;
	case XKB_KEY_Delete:
		return ImGuiKey_Delete;
	case XKB_KEY_BackSpace:
		return ImGuiKey_Backspace;
	case XKB_KEY_space:
		return ImGuiKey_Space;
	case XKB_KEY_Return:
		return ImGuiKey_Enter;
	case XKB_KEY_Escape:
		return ImGuiKey_Escape;
	case XKB_KEY_KP_Enter:
		return ImGuiKey_KeyPadEnter;
	default:
		break;
	}
	switch (xkb_keysym_to_lower(baseKeysym)) {
	case XKB_KEY_a:
		return ImGuiKey_A;
	case XKB_KEY_c:
		return ImGuiKey_C;
	case XKB_KEY_v:
		return ImGuiKey_V;
	case XKB_KEY_x:
		return ImGuiKey_X;
	case XKB_KEY_y:
		return ImGuiKey_Y;
	case XKB_KEY_z:
		return ImGuiKey_Z;
	default:
		return kNoImGuiKey;
	}
}

} /* namespace sluice */
