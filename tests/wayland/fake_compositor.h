/* SPDX-License-Identifier: MIT */
/*
 * FakeCompositor: a small libwayland-server compositor for deterministic tests of the
 * dmabuf path, which no compositor on the build host offers (weston's pixman renderer has no
 * linux-dmabuf, and Mesa 22's EGL here cannot import).
 *
 * It speaks just enough of wl_compositor, wl_subcompositor, wl_shm, xdg-shell, viewporter,
 * presentation-time and linux-dmabuf v4 (per-surface feedback with a scanout tranche). It
 * accepts memfds as dmabufs, maps them, and checks what a real compositor cannot: that the
 * client never writes into a buffer it holds (a checksum taken when a buffer is latched must
 * still match when it is released). A timer "repaints" at 60 Hz: frame callbacks,
 * presentation feedback (ZERO_COPY for dmabufs on a scanout tranche), and the release of the
 * buffer the new one replaced.
 *
 * Rules make it refuse imports: pairs it does not list, strides that miss an alignment.
 * Proofs made with it are about sluice's client logic, not about any real compositor.
 */
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sluice::test {

struct FakePair {
	uint32_t fourcc;
	uint64_t modifier;
	bool scanout;
};

struct FakeRules {
	std::vector<FakePair> pairs;     /* in tranche order: scanout ones form the first tranche */
	uint32_t strideAlign = 1;        /* imports whose stride misses it are `failed` */
	uint32_t holdExtraMs = 0;        /* keep replaced buffers this much longer */
	bool frameDoneAtCommit = false;  /* misbehave: frame callbacks at once (causes discards) */
	std::vector<uint32_t> shmFormats; /* besides ARGB/XRGB8888 */
	/* 4: per-surface feedback; 3: only the `modifier` events at bind (older compositors). */
	uint32_t dmabufVersion = 4;
};

struct FakeStats {
	std::atomic<uint64_t> imported{ 0 };
	std::atomic<uint64_t> importFailed{ 0 };
	std::atomic<uint64_t> commits{ 0 };
	std::atomic<uint64_t> presented{ 0 };
	std::atomic<uint64_t> presentedZeroCopy{ 0 };
	std::atomic<uint64_t> discarded{ 0 };
	std::atomic<uint64_t> released{ 0 };
	/* A buffer whose content changed between latch and release: the client wrote into a
	 * buffer the compositor was still reading. Must stay 0. */
	std::atomic<uint64_t> modifiedWhileHeld{ 0 };
	std::atomic<uint64_t> surfaceFeedbacks{ 0 };
	std::atomic<uint64_t> protocolErrors{ 0 };
	/* The last wp_viewport.set_destination a client sent (-1 x -1 unsets it). */
	std::atomic<int32_t> viewportWidth{ 0 };
	std::atomic<int32_t> viewportHeight{ 0 };
};

class FakeCompositor
{
public:
	FakeCompositor();
	~FakeCompositor();

	/* Creates the socket in runtimeDir (which must exist, 0700) and starts the thread. */
	int start(const std::string &runtimeDir, const std::string &socket, const FakeRules &rules);
	void stop();

	/* Replaces the rules and re-sends every surface feedback (a scanout change). */
	void updateRules(const FakeRules &rules);
	/* Sends every toplevel a new configure (a resize) at the next repaint. */
	void reconfigure(int32_t width, int32_t height);
	/* Sends every toplevel xdg_toplevel.close at the next repaint. */
	void requestClose();

	FakeStats &stats() { return stats_; }

	struct Impl;

private:
	std::unique_ptr<Impl> impl_;
	FakeStats stats_;
};

} /* namespace sluice::test */
