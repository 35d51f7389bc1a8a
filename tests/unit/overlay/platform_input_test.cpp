/* SPDX-License-Identifier: MIT */
/*
 * The platform layer without a compositor: the handlers the Wayland glue calls, and what
 * ImGui then sees in ImGuiIO and in its own widget logic.
 */
#include <cfloat>
#include <linux/input-event-codes.h>

#include <gtest/gtest.h>
#include <imgui.h>

#include "overlay/imgui_platform.h"
#include "overlay/xkb_keyboard.h"

namespace sluice {
namespace {

constexpr uint64_t kFrameNs = 16'666'667;

class PlatformInputTest : public ::testing::Test
{
protected:
	void SetUp() override
	{
		context_ = ImGui::CreateContext();
		ImGui::SetCurrentContext(context_);
		unsigned char *pixels;
		int width, height;
		ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
		platform_ = std::make_unique<ImGuiPlatform>(context_);
		platform_->setDisplaySize(640, 480, 1.0f);
	}

	void TearDown() override
	{
		platform_.reset();
		ImGui::DestroyContext(context_);
	}

	/* One frame: platform input into io, then ImGui's frame. */
	void frame()
	{
		now_ += kFrameNs;
		platform_->newFrame(now_);
		ImGui::NewFrame();
		ImGui::SetNextWindowPos(ImVec2(0, 0));
		ImGui::SetNextWindowSize(ImVec2(200, 100));
		ImGui::Begin("test", nullptr, ImGuiWindowFlags_NoDecoration);
		clicked_ |= ImGui::Button("button", ImVec2(100, 40));
		ImGui::End();
		ImGui::Render();
	}

	ImGuiContext *context_ = nullptr;
	std::unique_ptr<ImGuiPlatform> platform_;
	uint64_t now_ = 1'000'000'000;
	bool clicked_ = false;
};

TEST_F(PlatformInputTest, DisplaySizeScaleAndTime)
{
	platform_->setDisplaySize(1920, 1080, 2.0f);
	frame();
	const ImGuiIO &io = ImGui::GetIO();
	EXPECT_EQ(io.DisplaySize.x, 1920.0f);
	EXPECT_EQ(io.DisplaySize.y, 1080.0f);
	EXPECT_EQ(io.DisplayFramebufferScale.x, 2.0f);
	now_ += 50'000'000; /* a 50 ms gap, then one more frame interval */
	frame();
	EXPECT_NEAR(io.DeltaTime, 0.050 + 1.0 / 60, 1e-6);
}

TEST_F(PlatformInputTest, PointerPositionAndLeave)
{
	/* Checked before ImGui::NewFrame(), which floors the position to whole pixels. */
	platform_->pointerEnter(12.5, 30.25);
	platform_->newFrame(now_ += kFrameNs);
	EXPECT_EQ(ImGui::GetIO().MousePos.x, 12.5f);
	EXPECT_EQ(ImGui::GetIO().MousePos.y, 30.25f);
	platform_->pointerMotion(100, 200);
	frame();
	EXPECT_EQ(ImGui::GetIO().MousePos.x, 100.0f);
	platform_->pointerLeave();
	frame();
	EXPECT_FALSE(ImGui::IsMousePosValid());
}

TEST_F(PlatformInputTest, ClickBetweenTwoFramesIsNotLost)
{
	/* The pointer rests over the button for a frame (ImGui needs to know the window it
	 * hovers); then press and release both arrive before the next frame, as a quick tap does. */
	platform_->pointerMotion(50, 20);
	frame();
	platform_->pointerButton(BTN_LEFT, true);
	platform_->pointerButton(BTN_LEFT, false);
	frame();
	EXPECT_TRUE(ImGui::GetIO().MouseDown[0]);
	frame();
	EXPECT_FALSE(ImGui::GetIO().MouseDown[0]);
	EXPECT_TRUE(clicked_) << "ImGui's button saw no click";
}

TEST_F(PlatformInputTest, ButtonsMapByEvdevCode)
{
	platform_->pointerButton(BTN_RIGHT, true);
	platform_->pointerButton(BTN_MIDDLE, true);
	platform_->pointerButton(BTN_TASK, true); /* no ImGui button: ignored */
	frame();
	EXPECT_FALSE(ImGui::GetIO().MouseDown[0]);
	EXPECT_TRUE(ImGui::GetIO().MouseDown[1]);
	EXPECT_TRUE(ImGui::GetIO().MouseDown[2]);
}

TEST_F(PlatformInputTest, WheelInNotchesWithImGuisSign)
{
	/* Wayland: +10 surface units is one notch down. ImGui: positive is up. */
	platform_->pointerAxis(true, 10.0);
	platform_->pointerAxis(true, 10.0);
	platform_->pointerAxis(false, -10.0);
	platform_->newFrame(now_ += kFrameNs);
	EXPECT_EQ(ImGui::GetIO().MouseWheel, -2.0f);
	EXPECT_EQ(ImGui::GetIO().MouseWheelH, -1.0f);
}

TEST_F(PlatformInputTest, KeysAndTextThroughXkb)
{
	int error = 0;
	auto keyboard = XkbKeyboard::fromNames("us", "", &error);
	if (!keyboard)
		GTEST_SKIP() << "no xkb data for the us layout";

	auto type = [&](uint32_t evdevKey, bool pressed) {
		const TranslatedKey key = keyboard->translate(evdevKey, pressed);
		platform_->key(key.keysym, key.baseKeysym, pressed);
		platform_->text(key.text);
	};
	type(KEY_LEFT, true);
	type(KEY_B, true);
	frame();
	const ImGuiIO &io = ImGui::GetIO();
	EXPECT_TRUE(io.KeysDown[io.KeyMap[ImGuiKey_LeftArrow]]);
	EXPECT_EQ(io.InputQueueCharacters.Size, 0) << "characters are consumed by the frame";
	type(KEY_LEFT, false);
	frame();
	EXPECT_FALSE(io.KeysDown[io.KeyMap[ImGuiKey_LeftArrow]]);

	/* Shift+a types 'A' and is still ImGui's A key (for Ctrl+A style shortcuts). */
	keyboard->updateModifiers(keyboard->modifierMask(XKB_MOD_NAME_SHIFT), 0, 0, 0);
	platform_->modifiers(keyboard->modifiers());
	const TranslatedKey shiftedA = keyboard->translate(KEY_A, true);
	EXPECT_EQ(shiftedA.text, "A");
	platform_->key(shiftedA.keysym, shiftedA.baseKeysym, true);
	platform_->text(shiftedA.text);
	platform_->newFrame(now_ += kFrameNs);
	EXPECT_TRUE(io.KeyShift);
	EXPECT_TRUE(io.KeysDown[io.KeyMap[ImGuiKey_A]]);
	ASSERT_EQ(io.InputQueueCharacters.Size, 1);
	EXPECT_EQ(io.InputQueueCharacters[0], 'A');
}

TEST_F(PlatformInputTest, ControlCharactersAreNotText)
{
	int error = 0;
	auto keyboard = XkbKeyboard::fromNames("us", "", &error);
	if (!keyboard)
		GTEST_SKIP() << "no xkb data for the us layout";
	EXPECT_EQ(keyboard->translate(KEY_ESC, true).text, "");
	EXPECT_EQ(keyboard->translate(KEY_ENTER, true).text, "");
	keyboard->updateModifiers(keyboard->modifierMask(XKB_MOD_NAME_CTRL), 0, 0, 0);
	EXPECT_EQ(keyboard->translate(KEY_C, true).text, "");
	EXPECT_TRUE(keyboard->modifiers().ctrl);
	EXPECT_EQ(keyboard->translate(KEY_C, false).text, "") << "release types nothing";
}

TEST_F(PlatformInputTest, KeymapFromAnFdAsTheCompositorSendsIt)
{
	/* A compositor sends its keymap as text in a file; make one from the "de" layout. */
	int error = 0;
	auto source = XkbKeyboard::fromNames("de", "", &error);
	if (!source)
		GTEST_SKIP() << "no xkb data for the de layout";
	xkb_context *context = xkb_context_new(XKB_CONTEXT_NO_FLAGS);
	xkb_rule_names names = {};
	names.layout = "de";
	xkb_keymap *keymap = xkb_keymap_new_from_names(context, &names, XKB_KEYMAP_COMPILE_NO_FLAGS);
	char *text = xkb_keymap_get_as_string(keymap, XKB_KEYMAP_FORMAT_TEXT_V1);
	FILE *file = tmpfile();
	const size_t size = strlen(text) + 1; /* wl_keyboard.keymap's size counts the NUL */
	ASSERT_EQ(fwrite(text, 1, size, file), size);
	fflush(file);
	UniqueFD fd(dup(fileno(file)));
	fclose(file);
	free(text);
	xkb_keymap_unref(keymap);
	xkb_context_unref(context);

	auto keyboard = XkbKeyboard::fromKeymapFd(std::move(fd), static_cast<uint32_t>(size), &error);
	ASSERT_TRUE(keyboard) << strerror(-error);
	/* German QWERTZ: the key at Y's position types 'z'. */
	EXPECT_EQ(keyboard->translate(KEY_Y, true).keysym, static_cast<xkb_keysym_t>(XKB_KEY_z));
	EXPECT_EQ(keyboard->translate(KEY_Y, true).text, "z");
}

} /* namespace */
} /* namespace sluice */
