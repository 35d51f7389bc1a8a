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
#include "wayland/buffer_cache.h"
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

/* Weston GL with a Mesa whose llvmpipe gives linux-dmabuf (see fetch-mesa.sh), or a skip. */
bool startDmabufWestonOrSkip(Weston &weston, bool debug, std::string *skip)
{
	WestonOptions options{ .gl = true, .debug = debug, .mesaRoot = test::testMesaRoot() };
	if (options.mesaRoot.empty()) {
		*skip = "weston GL with the system's Mesa 22 has no linux-dmabuf here; set "
			"SLUICE_TEST_MESA_ROOT (tests/wayland/fetch-mesa.sh) to test the dmabuf path "
			"on a real weston";
		return false;
	}
	std::string why;
	if (weston.start(options, &why) < 0) {
		*skip = "weston GL with " + options.mesaRoot + " did not start: " + why;
		return false;
	}
	weston.exportEnvironment();
	int err = 0;
	auto probe = Display::connect(nullptr, &err);
	if (!probe || !probe->globals().dmabuf) {
		*skip = "weston GL with " + options.mesaRoot + " advertises no linux-dmabuf";
		return false;
	}
	return true;
}

/*
 * The zero-copy path on a real compositor. The "dmabufs" are memfds: llvmpipe imports a
 * dmabuf by mapping its fd, so a memfd stands in for one here (a hardware driver would
 * refuse it). What this shows: weston accepts the import (`created`), shows the frame, and
 * releases buffers so that every hold is matched.
 */
TEST_F(WestonTest, GlDmabufPathShowsTheFrame)
{
	std::string skip;
	if (!startDmabufWestonOrSkip(weston_, true, &skip))
		GTEST_SKIP() << skip;
	PresenterConfig pc;
	pc.producible = { kNv12 };
	pc.allowEgl = false;
	Session s;
	std::string why;
	ASSERT_TRUE(s.open({ .fullscreen = true }, pc, 4, &why)) << why;

	FakeDecoder dec(4, 320, 180, 320);
	s.run(dec, 30, 15000);
	const Presenter &p = *s.presenter;
	EXPECT_EQ(p.path(), PresentationPath::DmaBuf) << p.pathReason();
	EXPECT_GE(s.presented, 30u);
	EXPECT_EQ(p.stats().bytesCopiedTotal, 0u);
	EXPECT_EQ(s.zeroCopy, 0u) << "GL composition is not a scanout";

	/* Red frames, painted only into slots nobody holds, then a screenshot. */
	const uint64_t before = s.presented;
	for (int i = 0; i < 300 && s.presented < before + 3; i++) {
		int idx = s.freeIndex(dec);
		if (idx >= 0) {
			dec.paint(uint32_t(idx), 63, 102, 240);
			if (s.presenter->present(dec.frame(uint32_t(idx))) == 0) {
				s.holds[size_t(idx)]++;
				s.commits++;
			}
		}
		s.pump(20);
	}
	ASSERT_GE(s.presented, before + 3);
	s.drain(500);
	EXPECT_FALSE(s.releasedUnheld);
	EXPECT_EQ(s.releases, s.commits - 1) << "all but the frame on screen are released";

	std::string shot = weston_.screenshot(&why);
	if (shot.empty())
		GTEST_SKIP() << "no screenshot: " << why;
	uint8_t centre[3], bar[3];
	ASSERT_TRUE(test::pixelAt(shot, 320, 240, centre));
	ASSERT_TRUE(test::pixelAt(shot, 320, 20, bar));
	std::printf("gl dmabuf: %llu presented, screenshot centre %d,%d,%d bar %d,%d,%d (%s)\n",
		    (unsigned long long)s.presented, centre[0], centre[1], centre[2], bar[0], bar[1],
		    bar[2], shot.c_str());
	EXPECT_GT(centre[0], 200) << "red expected in the video area";
	EXPECT_LT(centre[1], 50);
	EXPECT_LT(centre[2], 50);
	EXPECT_LT(bar[0] + bar[1] + bar[2], 30) << "letterbox bars must be black";
}

TEST_F(WestonTest, ProbeOnADmabufWeston)
{
	std::string skip;
	if (!startDmabufWestonOrSkip(weston_, false, &skip))
		GTEST_SKIP() << skip;
	int err = 0;
	auto display = Display::connect(nullptr, &err);
	ASSERT_NE(display, nullptr);
	const ProducibleFormat producible[] = {
		kNv12,
		{ V4L2_PIX_FMT_NV12_4L4, DRM_FORMAT_NV12, DRM_FORMAT_MOD_VIVANTE_TILED },
		{ V4L2_PIX_FMT_P010, DRM_FORMAT_P010, DRM_FORMAT_MOD_LINEAR },
	};
	ProbeReport report;
	/* memfds stand in for dmabufs: llvmpipe maps any fd (see GlDmabufPathShowsTheFrame). */
	ASSERT_EQ(probeCompositor(*display, producible, &report, true), 0);
	std::printf("%s", formatProbeReport(report).c_str());
	ASSERT_EQ(report.results.size(), 3u);
	EXPECT_EQ(report.results[0].outcome, ProbeOutcome::Accepted);
	EXPECT_EQ(report.results[1].outcome, ProbeOutcome::NotAdvertised);
	EXPECT_NE(report.results[2].outcome, ProbeOutcome::Skipped);
	EXPECT_EQ(display->error(), 0);
}

/*
 * A real weston's `failed` answer drives the chain. The presenter never sends a pair the
 * compositor does not list, so the import is made through the BufferCache directly with an
 * unlisted pair (NV12 in Vivante tiles, which llvmpipe cannot sample): weston validates the
 * planes, its renderer refuses the import, and it answers `failed` (not a protocol error).
 * That failure, with the compositor's real advertisement, must lead the chain to shm.
 */
TEST_F(WestonTest, DmabufFailedAnswerDrivesTheFallbackChain)
{
	std::string skip;
	if (!startDmabufWestonOrSkip(weston_, false, &skip))
		GTEST_SKIP() << skip;
	int err = 0;
	auto display = Display::connect(nullptr, &err);
	ASSERT_NE(display, nullptr);

	std::vector<ImportFailure> failures;
	unsigned releases = 0;
	BufferCache cache(*display, [&](uint32_t) { releases++; },
			  [&](uint32_t, const ImportFailure &f) { failures.push_back(f); });
	FakeDecoder dec(1, 320, 240, 320);
	dec.format = { V4L2_PIX_FMT_NV12_4L4, DRM_FORMAT_NV12, DRM_FORMAT_MOD_VIVANTE_TILED };
	VideoFrame f = dec.frame(0);
	ASSERT_FALSE(display->globals().dmabufModifiers.empty());
	for (const DmabufPair &p : display->globals().dmabufModifiers)
		ASSERT_FALSE(p.fourcc == DRM_FORMAT_NV12 && p.modifier == DRM_FORMAT_MOD_VIVANTE_TILED)
			<< "this weston lists the pair; pick another unlisted one";

	BufferCache::State st = cache.lookup(f, f.modifier);
	for (int i = 0; i < 50 && st == BufferCache::State::Pending; i++) {
		display->waitAndDispatch(20);
		st = cache.lookup(f, f.modifier);
	}
	ASSERT_EQ(display->error(), 0) << "weston answered with a protocol error, not `failed`";
	ASSERT_EQ(st, BufferCache::State::Failed);
	ASSERT_EQ(failures.size(), 1u);
	EXPECT_EQ(failures[0].modifier, DRM_FORMAT_MOD_VIVANTE_TILED);

	/* The chain, given weston's real list and this failure, for a decoder that can only
	 * make linear NV12 at a stride weston takes: dmabuf; and one that failed: shm. */
	FeedbackParser parser;
	parser.applyLegacy(display->globals().dmabufModifiers);
	const ProducibleFormat producible[] = { dec.format, kNv12 };
	ChainInput in;
	in.compositorHasDmabuf = true;
	in.feedback = parser.applied();
	in.producible = producible;
	in.current = dec.format;
	in.currentStride = 320;
	in.failures = failures;
	in.strideAlignments = defaultStrideAlignments();
	in.shmFormats = display->globals().shmFormats;
	PathDecision d = choosePresentationPath(in);
	std::printf("after failed: %s\n", d.reason.c_str());
	EXPECT_EQ(d.request, PlayerRequest::OtherCaptureFormat);
	EXPECT_EQ(d.wanted, kNv12);
	EXPECT_EQ(d.path, PresentationPath::None) << "tiled frames cannot be copied meanwhile";

	/* Linear NV12 refused: this weston also lists NV12 with the implicit modifier, tried
	 * next; both refused: shm. */
	const bool listsImplicit = parser.applied().advertises({ DRM_FORMAT_NV12, DRM_FORMAT_MOD_INVALID });
	std::vector<ImportFailure> linearFailed = { { DRM_FORMAT_NV12, DRM_FORMAT_MOD_LINEAR, 320 } };
	in.current = kNv12;
	in.producible = std::span<const ProducibleFormat>(producible + 1, 1);
	in.failures = linearFailed;
	in.strideAlignments = {};
	d = choosePresentationPath(in);
	if (listsImplicit) {
		EXPECT_EQ(d.path, PresentationPath::DmaBuf) << d.reason;
		EXPECT_EQ(d.modifier, DRM_FORMAT_MOD_INVALID);
		linearFailed.push_back({ DRM_FORMAT_NV12, DRM_FORMAT_MOD_INVALID, 320 });
		in.failures = linearFailed;
		d = choosePresentationPath(in);
	}
	EXPECT_EQ(d.path, PresentationPath::Shm) << d.reason;
	EXPECT_TRUE(weston_.running());
}

} /* namespace */
} /* namespace sluice */
