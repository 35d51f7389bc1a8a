/* SPDX-License-Identifier: MIT */
/*
 * Display: the connection to the compositor and the globals sluice binds.
 *
 * Every global is bound with a minimum version (below it the feature is treated as absent)
 * and a maximum (the newest version this code understands), so a newer compositor never
 * sends events we have no handler for. Only setup uses roundtrips; the frame path uses
 * dispatch(), which never blocks, driven by the application's poll loop on fd().
 */
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "wl_ptr.h"

namespace sluice {

/* A (fourcc, modifier) pair the compositor advertised through linux-dmabuf version 3. */
struct DmabufPair {
	uint32_t fourcc;
	uint64_t modifier;
	bool operator==(const DmabufPair &) const = default;
};

struct Globals {
	WlPtr<wl_compositor> compositor;
	WlPtr<wl_subcompositor> subcompositor;
	WlPtr<wl_shm> shm;
	WlPtr<xdg_wm_base> wmBase;
	WlPtr<wp_viewporter> viewporter;
	WlPtr<wp_presentation> presentation;
	WlPtr<zwp_linux_dmabuf_v1> dmabuf;
	WlPtr<wp_single_pixel_buffer_manager_v1> singlePixel;
	WlPtr<wp_content_type_manager_v1> contentType;

	uint32_t compositorVersion = 0;
	uint32_t dmabufVersion = 0;
	/* wp_presentation's clock, a clockid_t; CLOCK_MONOTONIC until the compositor says. */
	uint32_t presentationClock = 1;
	/* wl_shm formats (WL_SHM_FORMAT_*, DRM fourccs except ARGB/XRGB8888 which are 0 and 1). */
	std::vector<uint32_t> shmFormats;
	/* linux-dmabuf v3 `modifier` events, in the order sent; empty with v4 (use feedback). */
	std::vector<DmabufPair> dmabufModifiers;
};

class Display
{
public:
	/* Connects (name null: $WAYLAND_DISPLAY) and binds globals; null with *error on failure. */
	static std::unique_ptr<Display> connect(const char *name, int *error);
	~Display();
	Display(const Display &) = delete;
	Display &operator=(const Display &) = delete;

	wl_display *display() const { return display_; }
	Globals &globals() { return globals_; }
	const Globals &globals() const { return globals_; }

	/* Whether the compositor lists this shm format (converting WL_SHM_FORMAT_* for you). */
	bool hasShmFormat(uint32_t drmFourcc) const;

	/* Setup only: blocks until the compositor has answered everything sent so far. */
	int roundtrip();

	int fd() const;
	/*
	 * Reads whatever has arrived and runs the handlers, without blocking. Returns the
	 * number of events dispatched, or -errno when the connection is lost.
	 */
	int dispatch();
	/* Flushes requests; call before polling. -EAGAIN is not an error (socket full). */
	int flush();
	/* Tests and tools: poll up to timeoutMs, then dispatch(). */
	int waitAndDispatch(int timeoutMs);
	/* The protocol or connection error that killed the connection, or 0. */
	int error() const;

	/* Current time on the presentation clock, in ns. */
	uint64_t nowNs() const;

private:
	Display() = default;

	static void registry_global(void *data, wl_registry *registry, uint32_t name,
				    const char *interface, uint32_t version);
	static void registry_global_remove(void *data, wl_registry *registry, uint32_t name);
	static void shm_format(void *data, wl_shm *shm, uint32_t format);
	static void wm_base_ping(void *data, xdg_wm_base *wmBase, uint32_t serial);
	static void presentation_clock_id(void *data, wp_presentation *presentation, uint32_t clock);
	static void dmabuf_format(void *data, zwp_linux_dmabuf_v1 *dmabuf, uint32_t format);
	static void dmabuf_modifier(void *data, zwp_linux_dmabuf_v1 *dmabuf, uint32_t format,
				    uint32_t hi, uint32_t lo);

	static const wl_registry_listener registryListener;
	static const wl_shm_listener shmListener;
	static const xdg_wm_base_listener wmBaseListener;
	static const wp_presentation_listener presentationListener;
	static const zwp_linux_dmabuf_v1_listener dmabufListener;

	wl_display *display_ = nullptr;
	WlPtr<wl_registry> registry_;
	Globals globals_;
};

} /* namespace sluice */
