/* SPDX-License-Identifier: MIT */
#include "xkb_keyboard.h"

#include <cerrno>
#include <cstring>
#include <sys/mman.h>

namespace sluice {

namespace {

/* xkb numbers keys as X11 did: the evdev code plus 8. */
constexpr uint32_t kEvdevToXkb = 8;

xkb_context *newContext()
{
	return xkb_context_new(XKB_CONTEXT_NO_FLAGS);
}

} /* namespace */

std::unique_ptr<XkbKeyboard> XkbKeyboard::fromKeymapFd(UniqueFD fd, uint32_t size, int *error)
{
	if (!fd || size == 0) {
		*error = -EINVAL;
		return nullptr;
	}
	std::unique_ptr<XkbKeyboard> keyboard(new XkbKeyboard());
	keyboard->context_ = newContext();
	if (!keyboard->context_) {
		*error = -ENOMEM;
		return nullptr;
	}
	/* MAP_PRIVATE: since wl_seat version 7 the compositor may share one read-only fd with
	 * every client, so a shared writable mapping would fail. */
	void *map = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd.get(), 0);
	if (map == MAP_FAILED) {
		*error = -errno;
		return nullptr;
	}
	/* The text is NUL-terminated inside size; stop there rather than trusting it blindly. */
	const char *text = static_cast<const char *>(map);
	xkb_keymap *keymap = xkb_keymap_new_from_buffer(keyboard->context_, text,
							 strnlen(text, size),
							 XKB_KEYMAP_FORMAT_TEXT_V1,
							 XKB_KEYMAP_COMPILE_NO_FLAGS);
	munmap(map, size);
	*error = keyboard->init(keymap);
	return *error ? nullptr : std::move(keyboard);
}

std::unique_ptr<XkbKeyboard> XkbKeyboard::fromNames(const char *layout, const char *variant,
						    int *error)
{
	std::unique_ptr<XkbKeyboard> keyboard(new XkbKeyboard());
	keyboard->context_ = newContext();
	if (!keyboard->context_) {
		*error = -ENOMEM;
		return nullptr;
	}
	xkb_rule_names names = {};
	names.layout = layout;
	names.variant = variant;
	xkb_keymap *keymap = xkb_keymap_new_from_names(keyboard->context_, &names,
						       XKB_KEYMAP_COMPILE_NO_FLAGS);
	*error = keyboard->init(keymap);
	return *error ? nullptr : std::move(keyboard);
}

int XkbKeyboard::init(xkb_keymap *keymap)
{
	if (!keymap)
		return -EINVAL;
	keymap_ = keymap;
	state_ = xkb_state_new(keymap_);
	return state_ ? 0 : -ENOMEM;
}

XkbKeyboard::~XkbKeyboard()
{
	xkb_state_unref(state_);
	xkb_keymap_unref(keymap_);
	xkb_context_unref(context_);
}

void XkbKeyboard::updateModifiers(uint32_t depressed, uint32_t latched, uint32_t locked,
				  uint32_t group)
{
	xkb_state_update_mask(state_, depressed, latched, locked, 0, 0, group);
}

TranslatedKey XkbKeyboard::translate(uint32_t evdevKey, bool pressed) const
{
	TranslatedKey key;
	const xkb_keycode_t code = evdevKey + kEvdevToXkb;
	key.keysym = xkb_state_key_get_one_sym(state_, code);

	const xkb_layout_index_t layout = xkb_state_key_get_layout(state_, code);
	const xkb_keysym_t *syms = nullptr;
	if (layout != XKB_LAYOUT_INVALID &&
	    xkb_keymap_key_get_syms_by_level(keymap_, code, layout, 0, &syms) == 1)
		key.baseKeysym = syms[0];

	if (pressed) {
		char utf8[64];
		const int length = xkb_state_key_get_utf8(state_, code, utf8, sizeof(utf8));
		/* Control characters (Ctrl+letter, Escape, Return) are not text input. */
		if (length > 0 && static_cast<unsigned char>(utf8[0]) >= 0x20 && utf8[0] != 0x7f)
			key.text.assign(utf8, static_cast<size_t>(length));
	}
	return key;
}

ModifierState XkbKeyboard::modifiers() const
{
	auto active = [this](const char *name) {
		return xkb_state_mod_name_is_active(state_, name, XKB_STATE_MODS_EFFECTIVE) > 0;
	};
	ModifierState mods;
	mods.ctrl = active(XKB_MOD_NAME_CTRL);
	mods.shift = active(XKB_MOD_NAME_SHIFT);
	mods.alt = active(XKB_MOD_NAME_ALT);
	mods.super = active(XKB_MOD_NAME_LOGO);
	return mods;
}

uint32_t XkbKeyboard::modifierMask(const char *name) const
{
	const xkb_mod_index_t index = xkb_keymap_mod_get_index(keymap_, name);
	return index == XKB_MOD_INVALID ? 0 : (1u << index);
}

} /* namespace sluice */
