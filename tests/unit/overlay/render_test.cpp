/* SPDX-License-Identifier: MIT */
/*
 * The overlay drawn for real: headless EGL (Mesa's llvmpipe here), the stock ImGui backend
 * built in ES2 mode, an FBO read back with glReadPixels. Once on a GLES 3 context and once
 * on a GLES 2.0 one (Mesa reports 2.0 under MESA_GLES_VERSION_OVERRIDE=2.0, which it reads
 * when the display is initialised). Skips when EGL gives no context.
 */
#include <cstdlib>
#include <set>

#include <GLES2/gl2.h>
#include <gtest/gtest.h>

#include "overlay/debug_overlay.h"
#include "overlay/imgui_gles_renderer.h"
#include "overlay/offscreen_target.h"
#include "overlay/overlay_egl.h"
#include "overlay/overlay_tick.h"
#include "overlay_scene.h"

namespace sluice {
namespace {

using namespace test;

constexpr uint32_t kWidth = 800;
constexpr uint32_t kHeight = 800;

struct Pixel {
	uint8_t r, g, b, a;
};

/* The FBO as an OverlayTarget, counting what tickOverlay() asks of it. */
class FboTarget : public OverlayTarget
{
public:
	explicit FboTarget(OffscreenTarget &fbo) : fbo_(fbo) {}
	int beginFrame(uint32_t *width, uint32_t *height) override
	{
		fbo_.bind();
		*width = fbo_.width();
		*height = fbo_.height();
		return 0;
	}
	int present() override
	{
		glFinish();
		presents++;
		return 0;
	}
	void detachBuffer() override { detaches++; }

	int presents = 0;
	int detaches = 0;

private:
	OffscreenTarget &fbo_;
};

enum class Gles { V2, V3 };

class OverlayRenderTest : public ::testing::TestWithParam<Gles>
{
protected:
	void SetUp() override
	{
		std::string why;
		if (GetParam() == Gles::V2) {
			setenv("MESA_GLES_VERSION_OVERRIDE", "2.0", 1);
			egl_ = OverlayEgl::headless(2, &why);
			unsetenv("MESA_GLES_VERSION_OVERRIDE");
		} else {
			egl_ = OverlayEgl::headless(3, &why);
		}
		if (!egl_)
			GTEST_SKIP() << "no headless EGL context: " << why;
		ASSERT_EQ(egl_->makeCurrent(), 0);
		const char *version = reinterpret_cast<const char *>(glGetString(GL_VERSION));
		const std::string prefix = GetParam() == Gles::V2 ? "OpenGL ES 2." : "OpenGL ES 3.";
		if (!version || std::string(version).rfind(prefix, 0) != 0)
			GTEST_SKIP() << "wanted " << prefix << "x, the driver gave " << version;

		overlay_ = std::make_unique<DebugOverlay>();
		overlay_->setSurfaceSize(kWidth, kHeight, 1.0f);
		renderer_ = ImGuiGlesRenderer::create(overlay_->context(), &why);
		ASSERT_TRUE(renderer_) << why;
		fbo_ = OffscreenTarget::create(kWidth, kHeight);
		ASSERT_TRUE(fbo_);
		target_ = std::make_unique<FboTarget>(*fbo_);
	}

	void TearDown() override
	{
		target_.reset();
		fbo_.reset();
		renderer_.reset();
		overlay_.reset();
		egl_.reset();
	}

	OverlayAction tick(const OverlayModel &model, uint64_t nowNs)
	{
		OverlayAction done = OverlayAction::Idle;
		EXPECT_EQ(tickOverlay(*overlay_, *renderer_, *target_, model, nowNs, &done), 0);
		EXPECT_EQ(glGetError(), static_cast<GLenum>(GL_NO_ERROR));
		return done;
	}

	Pixel at(const std::vector<uint8_t> &pixels, int x, int y)
	{
		const uint8_t *p = &pixels[(static_cast<size_t>(y) * kWidth + x) * 4];
		return { p[0], p[1], p[2], p[3] };
	}

	/* Every pixel strictly inside rect has colour (within 2 per channel, opaque). */
	void expectFilled(const std::vector<uint8_t> &pixels, RectF rect, Rgb colour,
			  const char *what)
	{
		int checked = 0, wrong = 0;
		for (int y = static_cast<int>(rect.y0) + 1; y < static_cast<int>(rect.y1) - 1; y++) {
			for (int x = static_cast<int>(rect.x0) + 1; x < static_cast<int>(rect.x1) - 1;
			     x++) {
				const Pixel p = at(pixels, x, y);
				checked++;
				if (std::abs(p.r - colour.r) > 2 || std::abs(p.g - colour.g) > 2 ||
				    std::abs(p.b - colour.b) > 2 || p.a != 255)
					wrong++;
			}
		}
		EXPECT_GT(checked, 50) << what << ": rectangle too small to check";
		EXPECT_EQ(wrong, 0) << what << ": " << wrong << " of " << checked
				    << " pixels not in the expected colour";
	}

	std::unique_ptr<OverlayEgl> egl_;
	std::unique_ptr<DebugOverlay> overlay_;
	std::unique_ptr<ImGuiGlesRenderer> renderer_;
	std::unique_ptr<OffscreenTarget> fbo_;
	std::unique_ptr<FboTarget> target_;
};

TEST_P(OverlayRenderTest, ShaderDialectFollowsTheContext)
{
	EXPECT_EQ(renderer_->glslVersion(),
		  GetParam() == Gles::V2 ? "#version 100" : "#version 300 es");
}

TEST_P(OverlayRenderTest, PanelsAndTimelineReachThePixels)
{
	const OverlayModel model = knownModel();
	overlay_->show();
	ASSERT_EQ(tick(model, kNow), OverlayAction::Draw);
	ASSERT_EQ(target_->presents, 1);
	const std::vector<uint8_t> pixels = fbo_->readPixels();
	if (const char *dump = getenv("SLUICE_OVERLAY_DUMP")) {
		FILE *f = fopen(dump, "wb");
		fwrite(pixels.data(), 1, pixels.size(), f);
		fclose(f);
	}

	/* The counters (top of the window) are text on a translucent background: light text
	 * pixels and darker background ones, several colours, nothing transparent. */
	std::set<uint32_t> colours;
	int textPixels = 0, transparent = 0;
	for (int y = 40; y < 160; y++)
		for (int x = 20; x < 250; x++) {
			const Pixel p = at(pixels, x, y);
			colours.insert(p.r | p.g << 8 | p.b << 16 | static_cast<uint32_t>(p.a) << 24);
			textPixels += p.r > 180 && p.g > 180 && p.b > 180;
			transparent += p.a == 0;
		}
	EXPECT_GE(colours.size(), 3u) << "the counters area is uniform";
	EXPECT_GT(textPixels, 500) << "no text in the counters area";
	EXPECT_EQ(transparent, 0) << "holes in the window background";

	/* Away from the window the surface stays fully transparent (the video shows through). */
	const Pixel corner = at(pixels, kWidth - 2, kHeight - 2);
	EXPECT_EQ(corner.a, 0);
	EXPECT_EQ(corner.r | corner.g | corner.b, 0);

	/* The timeline, computed from the layout the panel drew with. */
	const TimelineLayout &layout = overlay_->timelineLayout();
	ASSERT_GT(layout.originY, DebugOverlay::kWindowY);
	ASSERT_LT(layout.originY + layout.height(8), static_cast<float>(kHeight));
	expectFilled(pixels,
		     layout.spanRect(kNow, { kCompositorSlot, OverlaySlotState::HeldByCompositor,
					     kCompositorSince, kNow }),
		     slotStateColour(OverlaySlotState::HeldByCompositor), "slot 3, compositor");
	expectFilled(pixels,
		     layout.spanRect(kNow, { kCompositorSlot, OverlaySlotState::Queued,
					     kNow - TimelineLayout::kWindowNs, kCompositorSince }),
		     slotStateColour(OverlaySlotState::Queued), "slot 3 before, queued");
	expectFilled(pixels,
		     layout.spanRect(kNow, { kFreeSlot, OverlaySlotState::Free,
					     kNow - TimelineLayout::kWindowNs, kNow }),
		     slotStateColour(OverlaySlotState::Free), "slot 5, free");
	expectFilled(pixels,
		     layout.spanRect(kNow, { kDeadSlot, OverlaySlotState::Dead, kDeadSince, kNow }),
		     slotStateColour(OverlaySlotState::Dead), "slot 1, dead");

	/* Just left of the compositor span on its row, half a pixel's time away, the row
	 * is still queued: the boundary sits where the layout says. */
	const float boundary = layout.xForTime(kNow, kCompositorSince);
	const int rowY = static_cast<int>(layout.originY + kCompositorSlot *
				(TimelineLayout::kRowHeight + TimelineLayout::kRowGap) + 4);
	const Pixel left = at(pixels, static_cast<int>(boundary) - 2, rowY);
	const Pixel right = at(pixels, static_cast<int>(boundary) + 2, rowY);
	const Rgb queued = slotStateColour(OverlaySlotState::Queued);
	const Rgb compositor = slotStateColour(OverlaySlotState::HeldByCompositor);
	EXPECT_EQ(left.r, queued.r);
	EXPECT_EQ(left.b, queued.b);
	EXPECT_EQ(right.r, compositor.r);
	EXPECT_EQ(right.b, compositor.b);
}

TEST_P(OverlayRenderTest, HiddenDrawsNothingAndDropsItsBuffer)
{
	OverlayModel model = knownModel();
	overlay_->show();
	ASSERT_EQ(tick(model, kNow), OverlayAction::Draw);
	overlay_->hide();

	/* Paint a sentinel: if anything is drawn while hidden, it will be overwritten. */
	fbo_->clear(0.2f, 0.4f, 0.6f, 1.0f);
	const int presentsBefore = target_->presents;
	const uint64_t framesBefore = overlay_->framesBuilt();

	EXPECT_EQ(tick(model, kNow + 10 * kMs), OverlayAction::DetachBuffer);
	for (int i = 1; i <= 20; i++) {
		model.decoded++;
		model.nowNs = kNow + i * 50 * kMs;
		overlay_->platform().pointerMotion(100 + i, 100);
		EXPECT_EQ(tick(model, model.nowNs), OverlayAction::Idle);
	}
	EXPECT_EQ(target_->detaches, 1);
	EXPECT_EQ(target_->presents, presentsBefore);
	EXPECT_EQ(overlay_->framesBuilt(), framesBefore);
	const std::vector<uint8_t> pixels = fbo_->readPixels();
	for (int y = 0; y < static_cast<int>(kHeight); y += 7)
		for (int x = 0; x < static_cast<int>(kWidth); x += 7) {
			const Pixel p = at(pixels, x, y);
			ASSERT_TRUE(p.r == 51 && p.g == 102 && p.b == 153 && p.a == 255)
				<< "pixel " << x << "," << y << " changed while hidden";
		}

	/* Shown again, it draws at once. */
	overlay_->show();
	EXPECT_EQ(tick(model, model.nowNs + kMs), OverlayAction::Draw);
	EXPECT_EQ(target_->presents, presentsBefore + 1);
}

TEST_P(OverlayRenderTest, UnchangedModelIsNotRedrawn)
{
	OverlayModel model = knownModel();
	overlay_->show();
	ASSERT_EQ(tick(model, kNow), OverlayAction::Draw);
	for (int i = 1; i <= 10; i++)
		EXPECT_EQ(tick(model, kNow + i * 200 * kMs), OverlayAction::Idle);
	EXPECT_EQ(target_->presents, 1);
	model.presented++;
	EXPECT_EQ(tick(model, kNow + 3000 * kMs), OverlayAction::Draw);
	EXPECT_EQ(target_->presents, 2);
}

INSTANTIATE_TEST_SUITE_P(Gles, OverlayRenderTest, ::testing::Values(Gles::V2, Gles::V3),
			 [](const ::testing::TestParamInfo<Gles> &param) {
				 return param.param == Gles::V2 ? "ES2" : "ES3";
			 });

} /* namespace */
} /* namespace sluice */
