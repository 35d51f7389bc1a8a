/* SPDX-License-Identifier: MIT */
/*
 * Player key bindings, fed through a real xkbcommon "us" keymap: evdev key codes (as
 * wl_keyboard.key delivers them) become keysyms, and those become commands.
 */
#include <linux/input-event-codes.h>

#include <gtest/gtest.h>

#include "overlay/key_bindings.h"
#include "overlay/xkb_keyboard.h"

namespace sluice {
namespace {

class KeyBindingsTest : public ::testing::Test
{
protected:
	void SetUp() override
	{
		int error = 0;
		keyboard_ = XkbKeyboard::fromNames("us", "", &error);
		if (!keyboard_)
			GTEST_SKIP() << "no xkb data for the us layout (xkb-data missing?)";
	}

	KeyAction press(uint32_t evdevKey) { return mapKey(keyboard_->translate(evdevKey, true).keysym); }

	void holdShift(bool held)
	{
		keyboard_->updateModifiers(held ? keyboard_->modifierMask(XKB_MOD_NAME_SHIFT) : 0, 0,
					   0, 0);
	}

	std::unique_ptr<XkbKeyboard> keyboard_;
};

TEST_F(KeyBindingsTest, EveryBindingFromItsKey)
{
	EXPECT_EQ(press(KEY_SPACE), KeyAction::TogglePause);
	EXPECT_EQ(press(KEY_LEFT), KeyAction::SeekBackward5s);
	EXPECT_EQ(press(KEY_RIGHT), KeyAction::SeekForward5s);
	EXPECT_EQ(press(KEY_UP), KeyAction::SeekForward60s);
	EXPECT_EQ(press(KEY_DOWN), KeyAction::SeekBackward60s);
	EXPECT_EQ(press(KEY_DOT), KeyAction::StepFrame);
	EXPECT_EQ(press(KEY_F), KeyAction::ToggleFullscreen);
	EXPECT_EQ(press(KEY_O), KeyAction::ToggleOverlay);
	EXPECT_EQ(press(KEY_F12), KeyAction::ToggleOverlay);
	EXPECT_EQ(press(KEY_Q), KeyAction::Quit);
	EXPECT_EQ(press(KEY_ESC), KeyAction::Quit);
}

TEST_F(KeyBindingsTest, UnboundKeysDoNothing)
{
	EXPECT_EQ(press(KEY_A), KeyAction::None);
	EXPECT_EQ(press(KEY_ENTER), KeyAction::None);
	EXPECT_EQ(press(KEY_F11), KeyAction::None);
	EXPECT_EQ(press(KEY_1), KeyAction::None);
}

TEST_F(KeyBindingsTest, ShiftedLettersKeepTheirCommand)
{
	holdShift(true);
	EXPECT_EQ(keyboard_->translate(KEY_F, true).keysym, static_cast<xkb_keysym_t>(XKB_KEY_F));
	EXPECT_EQ(press(KEY_F), KeyAction::ToggleFullscreen);
	EXPECT_EQ(press(KEY_Q), KeyAction::Quit);
}

TEST_F(KeyBindingsTest, ShiftedPeriodIsNotStep)
{
	/* On "us", Shift+. types '>', which is not bound. */
	holdShift(true);
	EXPECT_EQ(keyboard_->translate(KEY_DOT, true).keysym,
		  static_cast<xkb_keysym_t>(XKB_KEY_greater));
	EXPECT_EQ(press(KEY_DOT), KeyAction::None);
}

TEST_F(KeyBindingsTest, LayoutDecidesNotPosition)
{
	/* On French AZERTY the key at Q's position types 'a', and 'q' sits where 'a' is. */
	int error = 0;
	auto azerty = XkbKeyboard::fromNames("fr", "", &error);
	if (!azerty)
		GTEST_SKIP() << "no xkb data for the fr layout";
	EXPECT_EQ(mapKey(azerty->translate(KEY_Q, true).keysym), KeyAction::None);
	EXPECT_EQ(mapKey(azerty->translate(KEY_A, true).keysym), KeyAction::Quit);
}

TEST(SeekSeconds, MatchTheBindings)
{
	EXPECT_EQ(seekSeconds(mapKey(XKB_KEY_Left)), -5);
	EXPECT_EQ(seekSeconds(mapKey(XKB_KEY_Right)), 5);
	EXPECT_EQ(seekSeconds(mapKey(XKB_KEY_Down)), -60);
	EXPECT_EQ(seekSeconds(mapKey(XKB_KEY_Up)), 60);
	EXPECT_EQ(seekSeconds(mapKey(XKB_KEY_space)), 0);
}

} /* namespace */
} /* namespace sluice */
