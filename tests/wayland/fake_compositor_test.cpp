/* SPDX-License-Identifier: MIT */
/*
 * The dmabuf path against FakeCompositor (fake_compositor.h): zero copy, one cached
 * wl_buffer per slot, holds matched by releases, no write into a held buffer, and each
 * branch of the fallback chain driven by a real `failed` answer or a feedback change.
 */
#include <algorithm>
#include <cstdlib>
#include <numeric>
#include <sys/stat.h>

#include <drm_fourcc.h>
#include <gtest/gtest.h>
#include <linux/videodev2.h>

#include "fake_compositor.h"
#include "presenter_session.h"
#include "wayland/compositor_probe.h"

namespace sluice {
namespace {

using test::FakeCompositor;
using test::FakeDecoder;
using test::FakeRules;
using test::kNv12;
using test::Session;

constexpr uint64_t kLinear = DRM_FORMAT_MOD_LINEAR;
constexpr uint64_t kVivante = DRM_FORMAT_MOD_VIVANTE_TILED;
const ProducibleFormat kNv12Tiled{ V4L2_PIX_FMT_NV12_4L4, DRM_FORMAT_NV12, kVivante };

class FakeCompositorTest : public ::testing::Test
{
protected:
	void start(const FakeRules &rules)
	{
		char tmpl[] = "/tmp/sluice-fake-XXXXXX";
		ASSERT_NE(mkdtemp(tmpl), nullptr);
		dir_ = tmpl;
		chmod(tmpl, 0700);
		socket_ = "sluice-fake-" + std::to_string(getpid());
		ASSERT_EQ(fake_.start(dir_, socket_, rules), 0);
		setenv("WAYLAND_DISPLAY", socket_.c_str(), 1);
	}
	void TearDown() override
	{
		fake_.stop();
		if (!dir_.empty())
			std::system(("rm -rf '" + dir_ + "'").c_str());
	}
	int heldNow(const Session &s) const
	{
		return std::accumulate(s.holds.begin(), s.holds.end(), 0);
	}

	FakeCompositor fake_;
	std::string dir_;
	std::string socket_;
};

TEST_F(FakeCompositorTest, DmabufIsZeroCopyWithOneBufferPerSlot)
{
	start({ .pairs = { { DRM_FORMAT_NV12, kLinear, true } } });
	PresenterConfig pc;
	pc.producible = { kNv12 };
	pc.allowEgl = false;
	Session s;
	std::string why;
	ASSERT_TRUE(s.open({ .fullscreen = true }, pc, 4, &why)) << why;
	FakeDecoder dec(4, 320, 240, 320);
	s.run(dec, 60, 10000);
	s.drain(300);

	const Presenter &p = *s.presenter;
	EXPECT_EQ(p.path(), PresentationPath::DmaBuf);
	EXPECT_EQ(p.pathReason(), "dmabuf NV12:LINEAR (scanout tranche)");
	EXPECT_GE(s.presented, 60u);
	EXPECT_EQ(s.zeroCopy, s.presented) << "scanout-tranche dmabufs are presented zero copy";
	EXPECT_EQ(p.stats().bytesCopiedTotal, 0u);
	/* A prompt compositor releases fast, so the player may cycle fewer than 4 slots. */
	EXPECT_EQ(fake_.stats().imported.load(), s.slotsUsed.size())
		<< "one wl_buffer per slot, created once";
	EXPECT_GE(s.slotsUsed.size(), 2u);
	EXPECT_EQ(fake_.stats().surfaceFeedbacks.load(), 1u) << "per-surface feedback on the video";
	EXPECT_EQ(fake_.stats().modifiedWhileHeld.load(), 0u);
	EXPECT_FALSE(s.releasedUnheld);
	/* The last frame stays on screen, held by the compositor, until replaced. */
	EXPECT_EQ(heldNow(s), 1);
	EXPECT_EQ(s.releases, s.commits - 1);

	/* The pool is reallocated (a resolution change): the old slots die. The one on screen
	 * must still be released, after the new pool's first frame replaces it. */
	for (uint32_t slot = 0; slot < 4; slot++)
		s.presenter->forgetSlot(slot);
	FakeDecoder next(4, 320, 240, 320, 16);
	s.run(next, 5, 5000);
	s.drain(300);
	EXPECT_EQ(std::accumulate(s.holds.begin(), s.holds.begin() + 4, 0), 0)
		<< "a forgotten slot lost its release";
	EXPECT_FALSE(s.releasedUnheld);
	EXPECT_EQ(fake_.stats().modifiedWhileHeld.load(), 0u);
}

TEST_F(FakeCompositorTest, Version3ModifierEventsStillGiveZeroCopy)
{
	/* No per-surface feedback: the `modifier` list is one tranche without scanout. */
	start({ .pairs = { { DRM_FORMAT_NV12, kVivante, false }, { DRM_FORMAT_NV12, kLinear, false } },
		.dmabufVersion = 3 });
	PresenterConfig pc;
	pc.producible = { kNv12 };
	pc.allowEgl = false;
	Session s;
	std::string why;
	ASSERT_TRUE(s.open({ .fullscreen = true }, pc, 4, &why)) << why;
	EXPECT_EQ(s.display->globals().dmabufVersion, 3u);
	EXPECT_EQ(s.display->globals().dmabufModifiers.size(), 2u);
	FakeDecoder dec(4, 320, 240, 320);
	s.run(dec, 20, 10000);
	EXPECT_EQ(s.presenter->path(), PresentationPath::DmaBuf);
	EXPECT_EQ(s.presenter->pathReason(), "dmabuf NV12:LINEAR (tranche 0)");
	EXPECT_EQ(fake_.stats().surfaceFeedbacks.load(), 0u);
	EXPECT_EQ(s.presenter->stats().bytesCopiedTotal, 0u);
	EXPECT_FALSE(s.releasedUnheld);
}

TEST_F(FakeCompositorTest, SlowReleasesNeverLetTheClientRepaintAHeldBuffer)
{
	/* A compositor that keeps replaced buffers 80 ms: with 3 slots, the player waits. */
	start({ .pairs = { { DRM_FORMAT_NV12, kLinear, false } }, .holdExtraMs = 80 });
	PresenterConfig pc;
	pc.producible = { kNv12 };
	pc.allowEgl = false;
	Session s;
	std::string why;
	ASSERT_TRUE(s.open({ .fullscreen = true }, pc, 3, &why)) << why;
	FakeDecoder dec(3, 320, 240, 320);
	s.run(dec, 30, 10000);
	EXPECT_GE(s.presented, 30u);
	EXPECT_EQ(fake_.stats().modifiedWhileHeld.load(), 0u);
	EXPECT_FALSE(s.releasedUnheld);
	EXPECT_EQ(s.zeroCopy, 0u) << "not a scanout tranche";

	/* Control: the detector must see a write into a held buffer. */
	int held = -1;
	for (size_t i = 0; i < s.holds.size(); i++) {
		if (s.holds[i] > 0)
			held = int(i);
	}
	ASSERT_GE(held, 0);
	dec.paint(uint32_t(held), 1, 2, 3);
	/* More frames replace it, so the compositor releases it and compares. */
	s.holds[size_t(held)] += 1000; /* keep the session from painting it again */
	s.run(dec, 5, 3000);
	EXPECT_GE(fake_.stats().modifiedWhileHeld.load(), 1u) << "the hold check is not blind";
}

TEST_F(FakeCompositorTest, FailedImportAsksForAStrideAndRecoversZeroCopy)
{
	start({ .pairs = { { DRM_FORMAT_NV12, kLinear, false } }, .strideAlign = 64,
		.shmFormats = { DRM_FORMAT_NV12 } });
	PresenterConfig pc;
	pc.producible = { kNv12 };
	pc.allowEgl = false;
	Session s;
	std::string why;
	ASSERT_TRUE(s.open({ .fullscreen = true }, pc, 4, &why)) << why;

	/* 864-wide NV12 with 864-byte lines: 32-aligned, not 64. */
	FakeDecoder dec(4, 864, 480, 864);
	s.run(dec, 10, 10000);
	EXPECT_EQ(fake_.stats().importFailed.load(), 1u);
	EXPECT_EQ(s.presenter->path(), PresentationPath::Shm) << "frames keep coming, copied";
	ASSERT_FALSE(s.decisions.empty());
	const PathDecision &asked = s.decisions.back();
	EXPECT_EQ(asked.request, PlayerRequest::StrideAlignment);
	EXPECT_EQ(asked.strideAlignment, 64u);
	EXPECT_NE(asked.reason.find("need stride aligned to 64"), std::string::npos) << asked.reason;
	EXPECT_EQ(s.presenter->stats().bytesCopiedLastFrame, 864u * 480 * 3 / 2);

	/* The player re-pitches at a safe point: a new pool with 896-byte lines. */
	FakeDecoder repitched(4, 864, 480, 896, 16);
	s.run(repitched, 20, 10000);
	EXPECT_EQ(s.presenter->path(), PresentationPath::DmaBuf) << s.presenter->pathReason();
	EXPECT_EQ(s.presenter->stats().bytesCopiedLastFrame, 0u);
	const size_t repitchedSlots = size_t(std::count_if(s.slotsUsed.begin(), s.slotsUsed.end(),
							  [](uint32_t slot) { return slot >= 16; }));
	EXPECT_EQ(fake_.stats().imported.load(), repitchedSlots)
		<< "the 864-stride pool imported nothing after its one failure";
	EXPECT_EQ(fake_.stats().modifiedWhileHeld.load(), 0u);
	EXPECT_FALSE(s.releasedUnheld);
}

TEST_F(FakeCompositorTest, UnlistedTiledPairAsksForAnotherCaptureFormat)
{
	start({ .pairs = { { DRM_FORMAT_NV12, kLinear, false } } });
	PresenterConfig pc;
	pc.producible = { kNv12Tiled, kNv12 };
	pc.allowEgl = false;
	Session s;
	std::string why;
	ASSERT_TRUE(s.open({ .fullscreen = true }, pc, 4, &why)) << why;

	FakeDecoder tiled(4, 320, 240, 320);
	tiled.format = kNv12Tiled;
	int ret = s.runUntil(tiled, 1, 3000, [] { return false; });
	EXPECT_EQ(ret, -ENOTSUP) << "a tiled frame has no copy path";
	EXPECT_EQ(s.presenter->path(), PresentationPath::None);
	ASSERT_FALSE(s.decisions.empty());
	EXPECT_EQ(s.decisions.back().request, PlayerRequest::OtherCaptureFormat);
	EXPECT_EQ(s.decisions.back().wanted, kNv12);
	EXPECT_EQ(fake_.stats().imported.load() + fake_.stats().importFailed.load(), 0u)
		<< "an unlisted pair is never sent";

	FakeDecoder linear(4, 320, 240, 320, 16);
	s.run(linear, 10, 10000);
	EXPECT_EQ(s.presenter->path(), PresentationPath::DmaBuf);
}

TEST_F(FakeCompositorTest, FeedbackChangeAsksForTheNewScanoutPair)
{
	FakeRules rules{ .pairs = { { DRM_FORMAT_NV12, kLinear, false } } };
	start(rules);
	PresenterConfig pc;
	pc.producible = { kNv12, kNv12Tiled };
	pc.allowEgl = false;
	Session s;
	std::string why;
	ASSERT_TRUE(s.open({ .fullscreen = true }, pc, 4, &why)) << why;
	FakeDecoder dec(4, 320, 240, 320);
	s.run(dec, 10, 10000);
	ASSERT_EQ(s.presenter->path(), PresentationPath::DmaBuf);
	EXPECT_EQ(s.decisions.back().request, PlayerRequest::None);
	const size_t before = s.decisions.size();

	/* The compositor can now put the video on a plane, but only tiled. */
	rules.pairs = { { DRM_FORMAT_NV12, kVivante, true }, { DRM_FORMAT_NV12, kLinear, false } };
	fake_.updateRules(rules);
	s.runUntil(dec, 1000, 3000, [&] { return s.decisions.size() > before; });
	ASSERT_GT(s.decisions.size(), before) << "no decision after the feedback changed";
	const PathDecision &d = s.decisions.back();
	EXPECT_EQ(d.path, PresentationPath::DmaBuf) << "keeps showing linear meanwhile";
	EXPECT_EQ(d.request, PlayerRequest::OtherCaptureFormat);
	EXPECT_EQ(d.wanted, kNv12Tiled);
	EXPECT_NE(d.reason.find("scanout tranche lists NV12:VIVANTE_TILED"), std::string::npos)
		<< d.reason;
}

TEST_F(FakeCompositorTest, DiscardedFramesAreCountedAndStillReleased)
{
	/* Frame callbacks at commit time let the client commit several times per refresh. */
	start({ .pairs = { { DRM_FORMAT_NV12, kLinear, true } }, .frameDoneAtCommit = true });
	PresenterConfig pc;
	pc.producible = { kNv12 };
	pc.allowEgl = false;
	Session s;
	std::string why;
	ASSERT_TRUE(s.open({ .fullscreen = true }, pc, 4, &why)) << why;
	FakeDecoder dec(4, 320, 240, 320);
	s.run(dec, 20, 10000);
	s.drain(300);
	EXPECT_GT(s.discarded, 0u);
	EXPECT_EQ(s.discarded, fake_.stats().discarded.load());
	EXPECT_EQ(s.presenter->presentationStats().discarded, s.discarded);
	EXPECT_FALSE(s.releasedUnheld);
	EXPECT_EQ(fake_.stats().modifiedWhileHeld.load(), 0u);
}

TEST_F(FakeCompositorTest, AnamorphicVideoGetsItsDisplayAspect)
{
	start({ .pairs = { { DRM_FORMAT_NV12, kLinear, true } } });
	PresenterConfig pc;
	pc.producible = { kNv12 };
	pc.allowEgl = false;
	Session s;
	std::string why;
	ASSERT_TRUE(s.open({ .fullscreen = true }, pc, 4, &why)) << why;
	fake_.reconfigure(1280, 720);
	FakeDecoder dec(4, 720, 576, 720);
	s.runUntil(dec, 1000, 3000, [&] { return s.window->width() == 1280; });
	ASSERT_EQ(s.window->width(), 1280u);

	/* 720x576 flagged 16:9 (64:45 samples) fills 1280x720; square samples would give
	 * 900x720. What the compositor was asked for is what it scales to. */
	s.plane->setSampleAspect(64, 45);
	s.run(dec, 5, 5000);
	EXPECT_EQ(s.plane->destination(), (Rect{ 0, 0, 1280, 720 }));
	EXPECT_EQ(fake_.stats().viewportWidth.load(), 1280);
	EXPECT_EQ(fake_.stats().viewportHeight.load(), 720);

	s.plane->setSampleAspect(1, 1);
	s.run(dec, 5, 5000);
	EXPECT_EQ(s.plane->destination(), (Rect{ 190, 0, 900, 720 }));
	EXPECT_EQ(fake_.stats().viewportWidth.load(), 900);
}

TEST_F(FakeCompositorTest, ResizeRefitsTheLetterboxAndCloseIsReported)
{
	start({ .pairs = { { DRM_FORMAT_NV12, kLinear, true } } });
	PresenterConfig pc;
	pc.producible = { kNv12 };
	pc.allowEgl = false;
	Session s;
	std::string why;
	ASSERT_TRUE(s.open({ .fullscreen = true }, pc, 4, &why)) << why;
	bool appResized = false;
	s.window->setResizeCallback([&](uint32_t, uint32_t) { appResized = true; });
	bool closed = false;
	s.window->setCloseCallback([&] { closed = true; });

	/* 16:9 in 640x480: bars above and below. */
	FakeDecoder dec(4, 320, 180, 320);
	s.run(dec, 5, 5000);
	EXPECT_EQ(s.plane->destination(), (Rect{ 0, 60, 640, 360 }));

	/* 2:1 output: bars left and right; the plane re-fits without the app's help. */
	fake_.reconfigure(1000, 500);
	s.runUntil(dec, 1000, 3000, [&] { return s.window->width() == 1000; });
	EXPECT_EQ(s.window->width(), 1000u);
	EXPECT_EQ(s.plane->destination(), (Rect{ 55, 0, 889, 500 }));
	EXPECT_TRUE(appResized);

	fake_.requestClose();
	s.runUntil(dec, 1000, 3000, [&] { return closed; });
	EXPECT_TRUE(closed);
	EXPECT_TRUE(s.window->closeRequested());
}

TEST_F(FakeCompositorTest, ProbeImportsEveryAdvertisedPair)
{
	start({ .pairs = { { DRM_FORMAT_NV12, kLinear, true }, { DRM_FORMAT_NV12, kVivante, false } } });
	int err = 0;
	auto display = Display::connect(nullptr, &err);
	ASSERT_NE(display, nullptr);
	const ProducibleFormat producible[] = {
		kNv12, kNv12Tiled, { V4L2_PIX_FMT_P010, DRM_FORMAT_P010, kLinear } };
	ProbeReport report;
	ASSERT_EQ(probeCompositor(*display, producible, &report, true), 0);
	std::printf("%s", formatProbeReport(report).c_str());
	EXPECT_TRUE(report.hasDmabuf);
	EXPECT_EQ(report.dmabufVersion, 4u);
	ASSERT_EQ(report.results.size(), 3u);
	EXPECT_EQ(report.results[0].outcome, ProbeOutcome::Accepted);
	EXPECT_TRUE(report.results[0].scanout);
	EXPECT_EQ(report.results[1].outcome, ProbeOutcome::Accepted);
	EXPECT_EQ(report.results[2].outcome, ProbeOutcome::NotAdvertised);
	EXPECT_EQ(fake_.stats().imported.load(), 2u);

	/* A compositor that wants 128-byte strides refuses the 64-byte test buffers. */
	FakeRules strict{ .pairs = { { DRM_FORMAT_NV12, kLinear, true } }, .strideAlign = 128 };
	fake_.updateRules(strict);
	ProbeReport again;
	const ProducibleFormat justNv12[] = { kNv12 };
	ASSERT_EQ(probeCompositor(*display, justNv12, &again, true), 0);
	ASSERT_EQ(again.results.size(), 1u);
	EXPECT_EQ(again.results[0].outcome, ProbeOutcome::Failed);
}

} /* namespace */
} /* namespace sluice */
