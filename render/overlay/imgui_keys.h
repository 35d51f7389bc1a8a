/* SPDX-License-Identifier: MIT */
/*
 * Keysyms to Dear ImGui 1.86 keys. That version knows 22 named keys (navigation, editing
 * and the letters of the editing shortcuts), indexed into io.KeysDown[] through io.KeyMap[];
 * everything else reaches ImGui only as text.
 */
#pragma once

#include <xkbcommon/xkbcommon.h>

namespace sluice {

/* The io.KeysDown[] index sluice uses for a key: its ImGuiKey_ value itself. */
constexpr int kNoImGuiKey = -1;

/*
 * The ImGuiKey_ for a key, or kNoImGuiKey. keysym carries modifiers, baseKeysym does not:
 * letters are taken from baseKeysym so that Ctrl+Shift+Z is still Z.
 */
int imguiKeyFor(xkb_keysym_t keysym, xkb_keysym_t baseKeysym);

} /* namespace sluice */
