/* SPDX-License-Identifier: MIT */
/*
 * The presenter against a real headless weston on the host. Frames are synthetic NV12 in
 * memfds (the decoder is not involved); a small holder model stands in for the engine's slot
 * pool and checks the contract: a slot is reused only after its onRelease, and every
 * successful present() is answered by exactly one onRelease.
 */
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <poll.h>
#include <sys/mman.h>
#include <unistd.h>
#include <vector>

#include <drm_fourcc.h>
#include <gtest/gtest.h>
#include <linux/videodev2.h>

#include "wayland/compositor_probe.h"
#include "wayland/dmabuf_alloc.h"
#include "wayland/presenter.h"
#include "presenter_session.h"
#include "weston_fixture.h"

namespace sluice {
namespace {

using test::FakeDecoder;
using test::kNv12;
using test::Session;
using test::Weston;
using test::WestonOptions;

class WestonTest : public ::testing::Test
{
protected:
	void startOrSkip(const WestonOptions &options)
	{
		std::string why;
		if (weston_.start(options, &why) < 0) {
			if (options.gl)
				GTEST_SKIP() << "weston with the GL renderer did not start here: " << why;
			GTEST_SKIP() << "no headless weston: " << why;
		}
		weston_.exportEnvironment();
	}
	void TearDown() override
	{
		if (HasFailure())
			std::fprintf(stderr, "--- weston log ---\n%s\n", weston_.log().c_str());
	}
	Weston weston_;
};

TEST_F(WestonTest, PixmanShmPathPresentsAndReleasesEveryFrame)
{
	startOrSkip({ .gl = false });
	PresenterConfig pc;
	pc.producible = { kNv12 };
	pc.allowEgl = false;
	Session s;
	std::string why;
	ASSERT_TRUE(s.open({ .fullscreen = true }, pc, 4, &why)) << why;
	EXPECT_EQ(s.window->width(), 640u);
	EXPECT_EQ(s.window->height(), 480u);

	FakeDecoder dec(4, 320, 240, 320);
	s.run(dec, 60, 8000);
	s.drain(1000);

	const Presenter &p = *s.presenter;
	EXPECT_EQ(p.path(), PresentationPath::Shm);
	EXPECT_NE(p.pathReason().find("compositor has no linux-dmabuf"), std::string::npos)
		<< p.pathReason();
	EXPECT_GE(s.presented, 60u);
	EXPECT_LE(s.presented + s.discarded, s.commits);
	EXPECT_EQ(s.zeroCopy, 0u) << "a copied frame cannot be zero copy";
	EXPECT_TRUE(s.timestampsMonotonic);
	EXPECT_GT(p.presentationStats().refreshNs, 0u);
	EXPECT_FALSE(s.releasedUnheld) << "a release for a slot nobody held";
	EXPECT_EQ(s.releases, s.commits) << "every present() is answered by one release";
	/* Bytes per frame: the XRGB8888 conversion writes 4 bytes per visible pixel; pixman
	 * weston lists no NV12 shm format. */
	if (p.decision().fourcc == DRM_FORMAT_XRGB8888)
		EXPECT_EQ(p.stats().bytesCopiedLastFrame, 320u * 240 * 4);
	else
		EXPECT_EQ(p.stats().bytesCopiedLastFrame, 320u * 240 * 3 / 2);
	ASSERT_FALSE(s.decisions.empty());
	std::printf("pixman: %llu commits, %llu presented, %llu discarded, refresh %llu ns, %s\n",
		    (unsigned long long)s.commits, (unsigned long long)s.presented,
		    (unsigned long long)s.discarded,
		    (unsigned long long)p.presentationStats().refreshNs, p.pathReason().c_str());
}

TEST_F(WestonTest, ScreenshotShowsLetterboxedVideoOnBlack)
{
	startOrSkip({ .gl = false, .debug = true });
	PresenterConfig pc;
	pc.producible = { kNv12 };
	pc.allowEgl = false;
	Session s;
	std::string why;
	ASSERT_TRUE(s.open({ .fullscreen = true }, pc, 2, &why)) << why;

	/* 16:9 video in a 4:3 output: 640x360 at y=60, black bars above and below. */
	FakeDecoder dec(2, 320, 180, 320);
	dec.paint(0, 63, 102, 240); /* BT.709 limited-range red */
	dec.paint(1, 63, 102, 240);
	uint64_t before = s.presented;
	for (int i = 0; i < 200 && s.presented < before + 3; i++) {
		int slot = s.freeSlot();
		if (slot >= 0 && s.presenter->present(dec.frame(uint32_t(slot))) == 0) {
			s.holds[size_t(slot)]++;
			s.commits++;
		}
		s.pump(20);
	}
	ASSERT_GE(s.presented, before + 3);
	EXPECT_EQ(s.plane->destination(), (Rect{ 0, 60, 640, 360 }));

	std::string shot = weston_.screenshot(&why);
	if (shot.empty())
		GTEST_SKIP() << "no screenshot: " << why;
	int w = 0, h = 0;
	long bright = test::countBrightPixels(shot, 40, &w, &h);
	ASSERT_GT(bright, 0) << "the screenshot is black: " << shot;
	uint8_t centre[3], bar[3];
	ASSERT_TRUE(test::pixelAt(shot, 320, 240, centre));
	ASSERT_TRUE(test::pixelAt(shot, 320, 20, bar));
	EXPECT_GT(centre[0], 200) << "red expected in the video area";
	EXPECT_LT(centre[1], 50);
	EXPECT_LT(centre[2], 50);
	EXPECT_LT(bar[0] + bar[1] + bar[2], 30) << "letterbox bars must be black";
	/* About 640x360 red pixels, none in the bars. */
	EXPECT_NEAR(double(bright), 640.0 * 360.0, 640.0 * 8);
	std::printf("screenshot %s: %dx%d, %ld bright pixels, centre %d,%d,%d\n", shot.c_str(), w, h,
		    bright, centre[0], centre[1], centre[2]);
}

TEST_F(WestonTest, WindowedUsesTheRequestedSize)
{
	startOrSkip({ .gl = false });
	Session s;
	std::string why;
	PresenterConfig pc;
	pc.allowEgl = false;
	ASSERT_TRUE(s.open({ .fullscreen = false, .width = 400, .height = 300 }, pc, 1, &why)) << why;
	EXPECT_FALSE(s.window->fullscreen());
	EXPECT_EQ(s.window->width(), 400u);
	EXPECT_EQ(s.window->height(), 300u);
	EXPECT_STRNE(s.window->backgroundKind(), "");
}

TEST_F(WestonTest, OverlaySubsurfaceIsAccepted)
{
	startOrSkip({ .gl = false });
	Session s;
	std::string why;
	PresenterConfig pc;
	pc.allowEgl = false;
	ASSERT_TRUE(s.open({ .fullscreen = true }, pc, 1, &why)) << why;
	WlPtr<wl_surface> overlay(wl_compositor_create_surface(s.display->globals().compositor.get()));
	WlPtr<wl_subsurface> sub = s.plane->createOverlaySubsurface(overlay.get());
	ASSERT_NE(sub, nullptr);
	EXPECT_EQ(s.display->roundtrip(), 0) << "the compositor raised a protocol error";
}

/*
 * Regression: weston 10 never repainted a desync subsurface whose first buffer came a while
 * after the window was mapped (no frame callback, every feedback discarded) until the
 * parent was committed again. The player's first frame is routinely that late.
 */
TEST_F(WestonTest, LateFirstFrameStillPresents)
{
	startOrSkip({ .gl = true });
	PresenterConfig pc;
	pc.producible = { kNv12 };
	pc.allowEgl = false;
	Session s;
	std::string why;
	ASSERT_TRUE(s.open({ .fullscreen = true }, pc, 4, &why)) << why;
	usleep(300 * 1000);
	FakeDecoder dec(4, 320, 240, 320);
	s.run(dec, 10, 5000);
	EXPECT_GE(s.presented, 10u);
	EXPECT_LE(s.discarded, 1u);
}

TEST_F(WestonTest, GlShmPathPresents)
{
	startOrSkip({ .gl = true });
	PresenterConfig pc;
	pc.producible = { kNv12 };
	pc.allowEgl = false;
	Session s;
	std::string why;
	ASSERT_TRUE(s.open({ .fullscreen = true }, pc, 4, &why)) << why;
	FakeDecoder dec(4, 320, 240, 320);
	s.run(dec, 30, 15000);
	s.drain(1000);

	const Presenter &p = *s.presenter;
	std::printf("gl: dmabuf %s, %llu commits, %llu presented, %s\n",
		    s.display->globals().dmabuf ? "advertised" : "absent",
		    (unsigned long long)s.commits, (unsigned long long)s.presented, p.pathReason().c_str());
	if (s.display->globals().dmabuf)
		GTEST_SKIP() << "this weston GL advertises linux-dmabuf; the dmabuf test covers it";
	EXPECT_EQ(p.path(), PresentationPath::Shm);
	EXPECT_NE(p.pathReason().find("compositor has no linux-dmabuf"), std::string::npos);
	if (s.display->hasShmFormat(DRM_FORMAT_NV12)) {
		EXPECT_EQ(p.decision().fourcc, uint32_t(DRM_FORMAT_NV12)) << "a copy, not a conversion";
	}
	EXPECT_GE(s.presented, 30u);
	EXPECT_EQ(s.releases, s.commits);
	EXPECT_FALSE(s.releasedUnheld);
}

TEST_F(WestonTest, EglFallbackWithoutUsableDmabufEndsOnShm)
{
	/* memfds are not dmabufs: if the client's EGL offers dmabuf import at all, importing
	 * one fails, and the chain must move on to shm instead of stalling. */
	startOrSkip({ .gl = true });
	PresenterConfig pc;
	pc.producible = { kNv12 };
	pc.allowEgl = true;
	pc.allowDmabuf = false;
	Session s;
	std::string why;
	ASSERT_TRUE(s.open({ .fullscreen = true }, pc, 4, &why)) << why;
	FakeDecoder dec(4, 320, 240, 320);
	s.run(dec, 10, 15000);
	s.drain(1000);
	std::printf("egl attempt: %s; %llu commits, %llu not ready, display error %d\n", s.presenter->pathReason().c_str(), (unsigned long long)s.commits, (unsigned long long)s.presenter->stats().notReady, s.display->error());
	EXPECT_EQ(s.presenter->path(), PresentationPath::Shm);
	EXPECT_GE(s.presented, 10u);
	EXPECT_EQ(s.releases, s.commits);
}

TEST_F(WestonTest, ProbeReportsNoDmabufOnPixman)
{
	startOrSkip({ .gl = false });
	int err = 0;
	auto display = Display::connect(nullptr, &err);
	ASSERT_NE(display, nullptr);
	const ProducibleFormat producible[] = { kNv12 };
	ProbeReport report;
	ASSERT_EQ(probeCompositor(*display, producible, &report), 0);
	std::printf("%s", formatProbeReport(report).c_str());
	if (report.hasDmabuf)
		GTEST_SKIP() << "this pixman weston advertises linux-dmabuf";
	ASSERT_EQ(report.results.size(), 1u);
	EXPECT_EQ(report.results[0].outcome, ProbeOutcome::NotAdvertised);
	EXPECT_EQ(report.results[0].detail, "compositor has no linux-dmabuf");
}

/*
 * The dmabuf path's `failed` answer drives the chain: an import the compositor lists but
 * cannot take (a stride shorter than a line) must end on another path, never on a stall.
 */
TEST_F(WestonTest, DmabufFailedAnswerDrivesTheFallbackChain)
{
	startOrSkip({ .gl = true });
	int err = 0;
	{
		auto probe = Display::connect(nullptr, &err);
		ASSERT_NE(probe, nullptr);
		if (!probe->globals().dmabuf)
			GTEST_SKIP() << "weston GL here advertises no linux-dmabuf (Mesa without a "
					"dmabuf-capable EGL); the chain's no-dmabuf branch is covered above";
	}
	TestDmabuf buf;
	std::string why;
	if (allocateDmabuf(320 * 240 * 3 / 2, &buf, &why) < 0)
		GTEST_SKIP() << why;

	PresenterConfig pc;
	pc.producible = { kNv12 };
	pc.allowEgl = false;
	Session s;
	ASSERT_TRUE(s.open({ .fullscreen = true }, pc, 1, &why)) << why;
	FakeDecoder dec(1, 320, 240, 320);
	VideoFrame f = dec.frame(0);
	f.planes = { { buf.fd.get(), 0, 16 }, { buf.fd.get(), 16 * 240, 16 } }; /* stride < width */
	for (int i = 0; i < 200 && s.presented == 0; i++) {
		if (s.freeSlot() == 0 && s.presenter->present(f) == 0) {
			s.holds[0]++;
			s.commits++;
		}
		s.pump(20);
	}
	EXPECT_GE(s.presenter->stats().decisions, 2u);
	EXPECT_NE(s.presenter->path(), PresentationPath::DmaBuf) << s.presenter->pathReason();
	std::printf("after failed: %s\n", s.presenter->pathReason().c_str());
}

} /* namespace */
} /* namespace sluice */
