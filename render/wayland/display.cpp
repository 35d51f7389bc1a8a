/* SPDX-License-Identifier: MIT */
#include "display.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <poll.h>

#include <drm_fourcc.h>

#include "wayland_log.h"

namespace sluice {

namespace {

/*
 * Versions per global. min: below it we behave as if the global were absent. max: the
 * newest version whose events this code handles.
 *  - wl_compositor 4: wl_surface.damage_buffer.
 *  - linux-dmabuf 3: the `modifier` event (v1/v2 give no modifiers, useless for tiled
 *    formats); 4: per-surface feedback.
 */
struct VersionRange {
	const char *interface;
	uint32_t min;
	uint32_t max;
};

constexpr VersionRange kVersions[] = {
	{ "wl_compositor", 4, 5 },
	{ "wl_subcompositor", 1, 1 },
	{ "wl_shm", 1, 1 },
	{ "xdg_wm_base", 1, 4 },
	{ "wp_viewporter", 1, 1 },
	{ "wp_presentation", 1, 1 },
	{ "zwp_linux_dmabuf_v1", 3, 4 },
	{ "wp_single_pixel_buffer_manager_v1", 1, 1 },
	{ "wp_content_type_manager_v1", 1, 1 },
};

template<typename T>
T *bindGlobal(wl_registry *registry, uint32_t name, const wl_interface *iface, uint32_t version)
{
	return static_cast<T *>(wl_registry_bind(registry, name, iface, version));
}

/* wl_shm names two formats by its own enum values instead of their DRM fourccs. */
uint32_t shmToDrm(uint32_t shmFormat)
{
	if (shmFormat == WL_SHM_FORMAT_ARGB8888)
		return DRM_FORMAT_ARGB8888;
	if (shmFormat == WL_SHM_FORMAT_XRGB8888)
		return DRM_FORMAT_XRGB8888;
	return shmFormat;
}

} /* namespace */

constexpr wl_registry_listener Display::registryListener = {
	.global = registry_global,
	.global_remove = registry_global_remove,
};

constexpr wl_shm_listener Display::shmListener = {
	.format = shm_format,
};

constexpr xdg_wm_base_listener Display::wmBaseListener = {
	.ping = wm_base_ping,
};

constexpr wp_presentation_listener Display::presentationListener = {
	.clock_id = presentation_clock_id,
};

constexpr zwp_linux_dmabuf_v1_listener Display::dmabufListener = {
	.format = dmabuf_format,
	.modifier = dmabuf_modifier,
};

std::unique_ptr<Display> Display::connect(const char *name, int *error)
{
	std::unique_ptr<Display> self(new Display());
	self->display_ = wl_display_connect(name);
	if (!self->display_) {
		*error = errno ? -errno : -ECONNREFUSED;
		LOG(Wayland, Warn) << "cannot connect to the Wayland display "
				   << (name ? name : "$WAYLAND_DISPLAY") << ": " << strerror(-*error);
		return nullptr;
	}

	self->registry_.reset(wl_display_get_registry(self->display_));
	wl_registry_add_listener(self->registry_.get(), &registryListener, self.get());

	/* First roundtrip: the globals. Second: the events sent on binding them (shm formats,
	 * dmabuf modifiers, the presentation clock). */
	for (int i = 0; i < 2; i++) {
		int ret = self->roundtrip();
		if (ret < 0) {
			*error = ret;
			return nullptr;
		}
	}

	Globals &g = self->globals_;
	if (!g.compositor || !g.subcompositor || !g.shm || !g.wmBase) {
		LOG(Wayland, Error) << "compositor lacks a required global (wl_compositor 4, "
				       "wl_subcompositor, wl_shm, xdg_wm_base)";
		*error = -ENOTSUP;
		return nullptr;
	}
	*error = 0;
	return self;
}

Display::~Display()
{
	/* Proxies first: they must not outlive the connection they live on. */
	globals_ = Globals();
	registry_.reset();
	if (display_)
		wl_display_disconnect(display_);
}

void Display::registry_global(void *data, wl_registry *registry, uint32_t name,
			      const char *interface, uint32_t version)
{
	auto *self = static_cast<Display *>(data);
	Globals &g = self->globals_;

	const VersionRange *range = nullptr;
	for (const VersionRange &r : kVersions) {
		if (std::strcmp(r.interface, interface) == 0)
			range = &r;
	}
	if (!range)
		return;
	if (version < range->min) {
		LOG(Wayland, Info) << interface << " version " << version << " is older than the "
				   << range->min << " sluice needs; treating it as absent";
		return;
	}
	uint32_t v = std::min(version, range->max);

	if (std::strcmp(interface, "wl_compositor") == 0) {
		g.compositor.reset(bindGlobal<wl_compositor>(registry, name, &wl_compositor_interface, v));
		g.compositorVersion = v;
	} else if (std::strcmp(interface, "wl_subcompositor") == 0) {
		g.subcompositor.reset(bindGlobal<wl_subcompositor>(registry, name, &wl_subcompositor_interface, v));
	} else if (std::strcmp(interface, "wl_shm") == 0) {
		g.shm.reset(bindGlobal<wl_shm>(registry, name, &wl_shm_interface, v));
		wl_shm_add_listener(g.shm.get(), &shmListener, self);
	} else if (std::strcmp(interface, "xdg_wm_base") == 0) {
		g.wmBase.reset(bindGlobal<xdg_wm_base>(registry, name, &xdg_wm_base_interface, v));
		xdg_wm_base_add_listener(g.wmBase.get(), &wmBaseListener, self);
	} else if (std::strcmp(interface, "wp_viewporter") == 0) {
		g.viewporter.reset(bindGlobal<wp_viewporter>(registry, name, &wp_viewporter_interface, v));
	} else if (std::strcmp(interface, "wp_presentation") == 0) {
		g.presentation.reset(bindGlobal<wp_presentation>(registry, name, &wp_presentation_interface, v));
		wp_presentation_add_listener(g.presentation.get(), &presentationListener, self);
	} else if (std::strcmp(interface, "zwp_linux_dmabuf_v1") == 0) {
		g.dmabuf.reset(bindGlobal<zwp_linux_dmabuf_v1>(registry, name, &zwp_linux_dmabuf_v1_interface, v));
		g.dmabufVersion = v;
		zwp_linux_dmabuf_v1_add_listener(g.dmabuf.get(), &dmabufListener, self);
	} else if (std::strcmp(interface, "wp_single_pixel_buffer_manager_v1") == 0) {
		g.singlePixel.reset(bindGlobal<wp_single_pixel_buffer_manager_v1>(
			registry, name, &wp_single_pixel_buffer_manager_v1_interface, v));
	} else if (std::strcmp(interface, "wp_content_type_manager_v1") == 0) {
		g.contentType.reset(bindGlobal<wp_content_type_manager_v1>(
			registry, name, &wp_content_type_manager_v1_interface, v));
	}
	LOG(Wayland, Debug) << "bound " << interface << " version " << v << " (offered " << version << ")";
}

void Display::registry_global_remove(void *, wl_registry *, uint32_t)
{
	/* The globals sluice binds are not hot-unpluggable in practice; outputs are not bound. */
}

void Display::shm_format(void *data, wl_shm *, uint32_t format)
{
	static_cast<Display *>(data)->globals_.shmFormats.push_back(shmToDrm(format));
}

void Display::wm_base_ping(void *, xdg_wm_base *wmBase, uint32_t serial)
{
	xdg_wm_base_pong(wmBase, serial);
}

void Display::presentation_clock_id(void *data, wp_presentation *, uint32_t clock)
{
	static_cast<Display *>(data)->globals_.presentationClock = clock;
}

void Display::dmabuf_format(void *, zwp_linux_dmabuf_v1 *, uint32_t)
{
	/* Version 3 repeats every format in a `modifier` event; that is the one we use. */
}

void Display::dmabuf_modifier(void *data, zwp_linux_dmabuf_v1 *, uint32_t format, uint32_t hi,
			      uint32_t lo)
{
	auto *self = static_cast<Display *>(data);
	self->globals_.dmabufModifiers.push_back({ format, (uint64_t(hi) << 32) | lo });
}

bool Display::hasShmFormat(uint32_t drmFourcc) const
{
	const auto &f = globals_.shmFormats;
	return std::find(f.begin(), f.end(), drmFourcc) != f.end();
}

int Display::roundtrip()
{
	if (wl_display_roundtrip(display_) < 0)
		return error();
	return 0;
}

int Display::fd() const
{
	return wl_display_get_fd(display_);
}

int Display::error() const
{
	int err = wl_display_get_error(display_);
	return err ? -err : 0;
}

int Display::flush()
{
	if (wl_display_flush(display_) < 0 && errno != EAGAIN)
		return -errno;
	return 0;
}

int Display::dispatch()
{
	/* The prepare/read/cancel dance lets us read without blocking and without racing
	 * another reader; anything queued before it is dispatched first. */
	int count = 0;
	while (wl_display_prepare_read(display_) != 0) {
		int n = wl_display_dispatch_pending(display_);
		if (n < 0)
			return error() ? error() : -EPIPE;
		count += n;
	}
	flush();

	pollfd pfd = { .fd = fd(), .events = POLLIN, .revents = 0 };
	if (::poll(&pfd, 1, 0) > 0 && (pfd.revents & POLLIN)) {
		if (wl_display_read_events(display_) < 0)
			return error() ? error() : -errno;
	} else {
		wl_display_cancel_read(display_);
	}

	int n = wl_display_dispatch_pending(display_);
	if (n < 0)
		return error() ? error() : -EPIPE;
	flush();
	return count + n;
}

int Display::waitAndDispatch(int timeoutMs)
{
	flush();
	pollfd pfd = { .fd = fd(), .events = POLLIN, .revents = 0 };
	if (wl_display_dispatch_pending(display_) > 0)
		return dispatch();
	::poll(&pfd, 1, timeoutMs);
	return dispatch();
}

uint64_t Display::nowNs() const
{
	timespec ts{};
	clock_gettime(static_cast<clockid_t>(globals_.presentationClock), &ts);
	return uint64_t(ts.tv_sec) * 1000000000ull + uint64_t(ts.tv_nsec);
}

} /* namespace sluice */
