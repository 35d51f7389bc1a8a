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
#include "weston_fixture.h"

namespace sluice {
namespace {

using test::Weston;
using test::WestonOptions;

const ProducibleFormat kNv12{ V4L2_PIX_FMT_NV12, DRM_FORMAT_NV12, DRM_FORMAT_MOD_LINEAR };

/* One fake CAPTURE slot: an NV12 picture in a memfd, mapped. */
struct FakeSlot {
	int fd = -1;
	uint8_t *map = nullptr;
	size_t size = 0;
	~FakeSlot()
	{
		if (map)
			munmap(map, size);
		if (fd >= 0)
			close(fd);
	}
};

struct FakeDecoder {
	uint32_t width, height, stride;
	std::vector<std::unique_ptr<FakeSlot>> slots;

	FakeDecoder(unsigned count, uint32_t w, uint32_t h, uint32_t s) : width(w), height(h), stride(s)
	{
		for (unsigned i = 0; i < count; i++) {
			auto slot = std::make_unique<FakeSlot>();
			slot->size = size_t(s) * h * 3 / 2;
			slot->fd = memfd_create("fake-slot", MFD_CLOEXEC);
			EXPECT_EQ(ftruncate(slot->fd, off_t(slot->size)), 0);
			slot->map = static_cast<uint8_t *>(mmap(nullptr, slot->size, PROT_READ | PROT_WRITE,
								MAP_SHARED, slot->fd, 0));
			slots.push_back(std::move(slot));
		}
	}

	/* Fills a slot with one colour. */
	void paint(uint32_t slot, uint8_t y, uint8_t u, uint8_t v)
	{
		FakeSlot &s = *slots[slot];
		std::memset(s.map, y, size_t(stride) * height);
		for (size_t i = size_t(stride) * height; i + 1 < s.size; i += 2) {
			s.map[i] = u;
			s.map[i + 1] = v;
		}
	}

	VideoFrame frame(uint32_t slot) const
	{
		const FakeSlot &s = *slots[slot];
		VideoFrame f;
		f.slot = slot;
		f.v4l2Fourcc = V4L2_PIX_FMT_NV12;
		f.drmFourcc = DRM_FORMAT_NV12;
		f.modifier = DRM_FORMAT_MOD_LINEAR;
		f.width = width;
		f.height = height;
		f.visible = { 0, 0, width, height };
		const uint32_t lumaSize = stride * height;
		f.planes = { { s.fd, 0, stride }, { s.fd, lumaSize, stride } };
		f.planeMaps[0] = { s.map, lumaSize };
		f.planeMaps[1] = { s.map + lumaSize, s.size - lumaSize };
		f.matrix = YuvMatrix::Bt709;
		return f;
	}
};

/* Everything a test needs, connected to one weston. */
struct Session {
	std::unique_ptr<Display> display;
	std::unique_ptr<Window> window;
	std::unique_ptr<VideoPlane> plane;
	std::unique_ptr<Presenter> presenter;

	std::vector<int> holds;
	uint64_t commits = 0;
	uint64_t releases = 0;
	uint64_t presented = 0;
	uint64_t discarded = 0;
	uint64_t zeroCopy = 0;
	uint64_t lastPresentedNs = 0;
	bool timestampsMonotonic = true;
	bool releasedUnheld = false;
	std::vector<PathDecision> decisions;

	bool open(const WindowOptions &wo, PresenterConfig pc, unsigned slots, std::string *why)
	{
		int err = 0;
		display = Display::connect(nullptr, &err);
		if (!display) {
			*why = "cannot connect: " + std::string(strerror(-err));
			return false;
		}
		window = Window::create(*display, wo, &err);
		if (!window) {
			*why = "cannot create the window";
			return false;
		}
		plane = std::make_unique<VideoPlane>(*display, *window);
		window->setResizeCallback([this](uint32_t, uint32_t) { plane->windowResized(); });
		presenter = std::make_unique<Presenter>(*display, *plane, std::move(pc));
		holds.assign(slots, 0);
		presenter->setReleaseCallback([this](uint32_t slot) {
			releases++;
			if (slot >= holds.size() || holds[slot] <= 0)
				releasedUnheld = true;
			else
				holds[slot]--;
		});
		presenter->setPresentedCallback([this](uint32_t, uint64_t ns, bool zc) {
			presented++;
			zeroCopy += zc ? 1 : 0;
			if (ns < lastPresentedNs)
				timestampsMonotonic = false;
			lastPresentedNs = ns;
		});
		presenter->setDiscardedCallback([this](uint32_t) { discarded++; });
		presenter->setDecisionCallback([this](const PathDecision &d) { decisions.push_back(d); });
		for (int i = 0; i < 100 && !window->configured(); i++)
			pump(50);
		if (!window->configured()) {
			*why = "no configure from the compositor";
			return false;
		}
		return true;
	}

	void pump(int timeoutMs)
	{
		display->flush();
		pollfd pfd = { presenter ? presenter->fd() : display->fd(), POLLIN, 0 };
		poll(&pfd, 1, timeoutMs);
		if (presenter)
			presenter->dispatch();
		else
			display->dispatch();
	}

	int freeSlot() const
	{
		for (size_t i = 0; i < holds.size(); i++) {
			if (holds[i] == 0)
				return int(i);
		}
		return -1;
	}

	/* Presents until `target` frames were presented or timeoutMs passes. */
	void run(FakeDecoder &dec, uint64_t target, int timeoutMs)
	{
		const uint64_t start = display->nowNs();
		uint64_t n = 0;
		while (presented < target && display->nowNs() - start < uint64_t(timeoutMs) * 1000000) {
			int slot = freeSlot();
			if (slot >= 0) {
				/* A moving grey level, so every frame differs. */
				dec.paint(uint32_t(slot), uint8_t(64 + (n * 7) % 128), 128, 128);
				int ret = presenter->present(dec.frame(uint32_t(slot)));
				if (ret == 0) {
					holds[size_t(slot)]++;
					commits++;
					n++;
				} else {
					ASSERT_EQ(ret, -EAGAIN) << presenter->pathReason();
				}
			}
			pump(20);
		}
	}

	void drain(int timeoutMs)
	{
		for (int i = 0; i < timeoutMs / 20; i++) {
			pump(20);
			if (std::all_of(holds.begin(), holds.end(), [](int h) { return h == 0; }))
				break;
		}
	}
};

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
