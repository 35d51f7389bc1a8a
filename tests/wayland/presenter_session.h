/* SPDX-License-Identifier: MIT */
/*
 * Test scaffolding shared by the compositor tests: fake CAPTURE slots (NV12 in memfds,
 * mapped) and a Session that stands in for the player, with a holder model of the engine's
 * slot pool: a slot is repainted only when no one holds it, and every onRelease must match
 * a hold.
 */
#pragma once

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <poll.h>
#include <set>
#include <string>
#include <sys/mman.h>
#include <unistd.h>
#include <vector>

#include <drm_fourcc.h>
#include <gtest/gtest.h>
#include <linux/videodev2.h>

#include "wayland/presenter.h"

namespace sluice::test {

inline const ProducibleFormat kNv12{ V4L2_PIX_FMT_NV12, DRM_FORMAT_NV12, DRM_FORMAT_MOD_LINEAR };

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
	/* Pool index of slots[0]: a re-allocated pool gets new identities, as in the engine. */
	uint32_t slotBase = 0;
	/* What the slots claim to hold; a tiled claim over linear bytes is fine for tests. */
	ProducibleFormat format{ V4L2_PIX_FMT_NV12, DRM_FORMAT_NV12, DRM_FORMAT_MOD_LINEAR };

	FakeDecoder(unsigned count, uint32_t w, uint32_t h, uint32_t s, uint32_t base = 0)
		: width(w), height(h), stride(s), slotBase(base)
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
		f.slot = slotBase + slot;
		f.v4l2Fourcc = format.v4l2Fourcc;
		f.drmFourcc = format.drmFourcc;
		f.modifier = format.modifier;
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

/* Everything a test needs, connected to one compositor. */
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

	/* A slot of dec that nobody holds, as an index into dec.slots; -1 when all are held. */
	int freeIndex(const FakeDecoder &dec)
	{
		if (holds.size() < dec.slotBase + dec.slots.size())
			holds.resize(dec.slotBase + dec.slots.size(), 0);
		for (size_t i = 0; i < dec.slots.size(); i++) {
			if (holds[dec.slotBase + i] == 0)
				return int(i);
		}
		return -1;
	}

	/*
	 * Presents until `target` more frames were presented, timeoutMs passes or stop()
	 * says so. Returns 0, or the first error other than -EAGAIN (the frame not shown).
	 */
	template<typename Stop>
	int runUntil(FakeDecoder &dec, uint64_t target, int timeoutMs, Stop stop)
	{
		const uint64_t start = display->nowNs();
		const uint64_t goal = presented + target;
		while (presented < goal && display->nowNs() - start < uint64_t(timeoutMs) * 1000000) {
			if (stop())
				return 0;
			int i = freeIndex(dec);
			if (i >= 0) {
				/* A moving grey level, so every frame differs. */
				dec.paint(uint32_t(i), uint8_t(64 + (painted++ * 7) % 128), 128, 128);
				int ret = presenter->present(dec.frame(uint32_t(i)));
				if (ret == 0) {
					holds[dec.slotBase + size_t(i)]++;
					slotsUsed.insert(dec.slotBase + uint32_t(i));
					commits++;
				} else if (ret != -EAGAIN) {
					return ret;
				}
			}
			pump(10);
		}
		return 0;
	}

	void run(FakeDecoder &dec, uint64_t target, int timeoutMs)
	{
		int ret = runUntil(dec, target, timeoutMs, [] { return false; });
		ASSERT_EQ(ret, 0) << presenter->pathReason();
	}

	uint64_t painted = 0;
	std::set<uint32_t> slotsUsed;

	void drain(int timeoutMs)
	{
		for (int i = 0; i < timeoutMs / 20; i++) {
			pump(20);
			if (std::all_of(holds.begin(), holds.end(), [](int h) { return h == 0; }))
				break;
		}
	}
};

} /* namespace sluice::test */
