/* SPDX-License-Identifier: MIT */
#include "fake_compositor.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <list>
#include <map>
#include <sys/mman.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <wayland-server.h>

#include "linux-dmabuf-v1-server-protocol.h"
#include "presentation-time-server-protocol.h"
#include "viewporter-server-protocol.h"
#include "xdg-shell-server-protocol.h"

namespace sluice::test {

namespace {

uint64_t monotonicNs()
{
	timespec ts{};
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return uint64_t(ts.tv_sec) * 1000000000ull + uint64_t(ts.tv_nsec);
}

constexpr uint64_t kRefreshNs = 16666667;

} /* namespace */

/* A buffer the client created: shm (handled by libwayland) or one of our memfd "dmabufs". */
struct Buffer {
	wl_resource *resource = nullptr;
	bool dmabuf = false;
	bool scanout = false;
	uint8_t *map = nullptr;
	size_t mapSize = 0;
	uint64_t latchedSum = 0;
	bool latched = false;
	wl_listener destroyListener{};
};

struct Surface {
	FakeCompositor::Impl *comp = nullptr;
	wl_resource *resource = nullptr;
	Buffer *pending = nullptr;
	bool pendingAttached = false;
	Buffer *current = nullptr;
	std::vector<wl_resource *> pendingFrames;
	std::vector<wl_resource *> frames;
	std::vector<wl_resource *> pendingFeedbacks;
	std::vector<wl_resource *> feedbacks; /* waiting for the next repaint */
	bool dirty = false;
	wl_resource *xdgSurface = nullptr;
	wl_resource *toplevel = nullptr;
	bool configured = false;
	std::vector<wl_resource *> dmabufFeedbacks;
};

struct Release {
	Buffer *buffer;
	uint64_t atNs;
};

struct FakeCompositor::Impl {
	FakeCompositor *owner = nullptr;
	wl_display *display = nullptr;
	wl_event_loop *loop = nullptr;
	wl_event_source *timer = nullptr;
	std::thread thread;
	std::atomic<bool> quit{ false };
	std::atomic<bool> resend{ false };
	std::atomic<uint64_t> reconfigureSize{ 0 }; /* w << 32 | h; 0: none */
	std::atomic<bool> closeRequested{ false };
	std::mutex mutex;
	FakeRules rules;
	std::list<Surface *> surfaces;
	std::map<wl_resource *, Buffer *> buffers;
	std::vector<Release> releases;
	std::vector<wl_resource *> defaultFeedbacks;
	uint32_t serial = 1;

	FakeStats &stats() { return owner->stats(); }

	FakeRules currentRules()
	{
		std::lock_guard<std::mutex> lock(mutex);
		return rules;
	}

	/* --- buffers --- */

	static uint64_t checksum(const Buffer *b)
	{
		uint64_t h = 1469598103934665603ull;
		for (size_t i = 0; i < b->mapSize; i += 61)
			h = (h ^ b->map[i]) * 1099511628211ull;
		return h;
	}

	static void buffer_destroyed(wl_listener *listener, void *)
	{
		Buffer *b = wl_container_of(listener, b, destroyListener);
		Impl *self = nullptr;
		/* Find the compositor through any surface; buffers are few. */
		for (auto *impl : instances()) {
			if (impl->buffers.count(b->resource))
				self = impl;
		}
		if (self) {
			for (Surface *s : self->surfaces) {
				if (s->pending == b)
					s->pending = nullptr;
				if (s->current == b)
					s->current = nullptr;
			}
			std::erase_if(self->releases, [b](const Release &r) { return r.buffer == b; });
			self->buffers.erase(b->resource);
		}
		if (b->map)
			munmap(b->map, b->mapSize);
		delete b;
	}

	static std::vector<Impl *> &instances()
	{
		static std::vector<Impl *> list;
		return list;
	}

	Buffer *track(wl_resource *resource)
	{
		auto it = buffers.find(resource);
		if (it != buffers.end())
			return it->second;
		auto *b = new Buffer();
		b->resource = resource;
		b->destroyListener.notify = buffer_destroyed;
		wl_resource_add_destroy_listener(resource, &b->destroyListener);
		if (wl_shm_buffer *shm = wl_shm_buffer_get(resource)) {
			/* Checked like a dmabuf: the client must not write while we hold it. */
			b->map = nullptr;
			(void)shm;
		}
		buffers[resource] = b;
		return b;
	}

	/* --- repaint --- */

	static int repaint(void *data)
	{
		auto *self = static_cast<Impl *>(data);
		self->doRepaint();
		wl_event_source_timer_update(self->timer, int(kRefreshNs / 1000000));
		return 0;
	}

	void doRepaint()
	{
		if (resend.exchange(false))
			resendFeedback();
		if (uint64_t size = reconfigureSize.exchange(0)) {
			for (Surface *s : surfaces) {
				if (s->toplevel)
					sendConfigure(s, int32_t(size >> 32), int32_t(size & 0xffffffff));
			}
		}
		if (closeRequested.exchange(false)) {
			for (Surface *s : surfaces) {
				if (s->toplevel)
					xdg_toplevel_send_close(s->toplevel);
			}
		}

		const uint64_t now = monotonicNs();
		const uint32_t ms = uint32_t(now / 1000000);
		for (Surface *s : surfaces) {
			for (wl_resource *cb : s->frames) {
				wl_callback_send_done(cb, ms);
				wl_resource_destroy(cb);
			}
			s->frames.clear();
			const bool zeroCopy = s->current && s->current->dmabuf && s->current->scanout;
			for (wl_resource *fb : s->feedbacks) {
				uint64_t sec = now / 1000000000ull;
				uint32_t flags = WP_PRESENTATION_FEEDBACK_KIND_VSYNC |
						 WP_PRESENTATION_FEEDBACK_KIND_HW_CLOCK |
						 (zeroCopy ? WP_PRESENTATION_FEEDBACK_KIND_ZERO_COPY : 0);
				wp_presentation_feedback_send_presented(fb, uint32_t(sec >> 32), uint32_t(sec),
									uint32_t(now % 1000000000ull),
									uint32_t(kRefreshNs), 0, 0, flags);
				wl_resource_destroy(fb);
				stats().presented++;
				if (zeroCopy)
					stats().presentedZeroCopy++;
			}
			s->feedbacks.clear();
		}
		/* Releases that are due. */
		std::vector<Release> due;
		for (auto it = releases.begin(); it != releases.end();) {
			if (it->atNs <= now) {
				due.push_back(*it);
				it = releases.erase(it);
			} else {
				++it;
			}
		}
		for (const Release &r : due)
			releaseBuffer(r.buffer);
	}

	void releaseBuffer(Buffer *b)
	{
		if (b->latched && b->map && checksum(b) != b->latchedSum)
			stats().modifiedWhileHeld++;
		b->latched = false;
		wl_buffer_send_release(b->resource);
		stats().released++;
	}

	void commit(Surface *s)
	{
		stats().commits++;
		if (s->pendingAttached) {
			Buffer *old = s->current;
			s->current = s->pending;
			s->pendingAttached = false;
			s->pending = nullptr;
			if (s->current) {
				if (s->current->map) {
					s->current->latchedSum = checksum(s->current);
					s->current->latched = true;
				}
				if (!s->current->dmabuf) {
					/* Like weston: shm is copied at once and released. */
					releaseBuffer(s->current);
				}
			}
			if (old && old != s->current && old->dmabuf) {
				uint32_t hold = currentRules().holdExtraMs;
				releases.push_back({ old, monotonicNs() + uint64_t(hold) * 1000000 });
			}
		}
		/* Feedback still waiting from an earlier commit was never shown: discarded. */
		for (wl_resource *fb : s->feedbacks) {
			wp_presentation_feedback_send_discarded(fb);
			wl_resource_destroy(fb);
			stats().discarded++;
		}
		s->feedbacks = std::move(s->pendingFeedbacks);
		s->pendingFeedbacks.clear();
		if (currentRules().frameDoneAtCommit) {
			for (wl_resource *cb : s->pendingFrames) {
				wl_callback_send_done(cb, uint32_t(monotonicNs() / 1000000));
				wl_resource_destroy(cb);
			}
		} else {
			s->frames.insert(s->frames.end(), s->pendingFrames.begin(), s->pendingFrames.end());
		}
		s->pendingFrames.clear();

		if (s->toplevel && !s->configured) {
			s->configured = true;
			sendConfigure(s, 640, 480);
		}
	}

	void sendConfigure(Surface *s, int32_t width, int32_t height)
	{
		wl_array states;
		wl_array_init(&states);
		auto *st = static_cast<uint32_t *>(wl_array_add(&states, sizeof(uint32_t)));
		*st = XDG_TOPLEVEL_STATE_FULLSCREEN;
		xdg_toplevel_send_configure(s->toplevel, width, height, &states);
		wl_array_release(&states);
		xdg_surface_send_configure(s->xdgSurface, serial++);
	}

	/* --- dmabuf feedback --- */

	void sendFeedback(wl_resource *fb)
	{
		FakeRules r = currentRules();
		std::vector<uint8_t> table(r.pairs.size() * 16, 0);
		for (size_t i = 0; i < r.pairs.size(); i++) {
			std::memcpy(&table[i * 16], &r.pairs[i].fourcc, 4);
			std::memcpy(&table[i * 16 + 8], &r.pairs[i].modifier, 8);
		}
		int fd = memfd_create("fake-format-table", MFD_CLOEXEC);
		if (::write(fd, table.data(), table.size()) != ssize_t(table.size()))
			stats().protocolErrors++;
		zwp_linux_dmabuf_feedback_v1_send_format_table(fb, fd, uint32_t(table.size()));
		close(fd);

		dev_t dev = makedev(226, 128);
		wl_array devArray;
		wl_array_init(&devArray);
		std::memcpy(wl_array_add(&devArray, sizeof(dev)), &dev, sizeof(dev));
		zwp_linux_dmabuf_feedback_v1_send_main_device(fb, &devArray);

		for (int pass = 0; pass < 2; pass++) {
			const bool scanout = pass == 0;
			wl_array indices;
			wl_array_init(&indices);
			for (size_t i = 0; i < r.pairs.size(); i++) {
				if (r.pairs[i].scanout != scanout)
					continue;
				uint16_t idx = uint16_t(i);
				std::memcpy(wl_array_add(&indices, sizeof(idx)), &idx, sizeof(idx));
			}
			if (indices.size) {
				zwp_linux_dmabuf_feedback_v1_send_tranche_target_device(fb, &devArray);
				zwp_linux_dmabuf_feedback_v1_send_tranche_flags(
					fb, scanout ? ZWP_LINUX_DMABUF_FEEDBACK_V1_TRANCHE_FLAGS_SCANOUT : 0);
				zwp_linux_dmabuf_feedback_v1_send_tranche_formats(fb, &indices);
				zwp_linux_dmabuf_feedback_v1_send_tranche_done(fb);
			}
			wl_array_release(&indices);
		}
		wl_array_release(&devArray);
		zwp_linux_dmabuf_feedback_v1_send_done(fb);
	}

	void resendFeedback()
	{
		for (Surface *s : surfaces) {
			for (wl_resource *fb : s->dmabufFeedbacks)
				sendFeedback(fb);
		}
	}
};

namespace {

using Impl = FakeCompositor::Impl;

void destroyResource(wl_client *, wl_resource *resource)
{
	wl_resource_destroy(resource);
}

Surface *surfaceOf(wl_resource *r)
{
	return static_cast<Surface *>(wl_resource_get_user_data(r));
}

/* --- wl_region --- */

void region_add(wl_client *, wl_resource *, int32_t, int32_t, int32_t, int32_t) {}

const struct wl_region_interface kRegion = {
	.destroy = destroyResource,
	.add = region_add,
	.subtract = region_add,
};

/* --- wl_surface --- */

void surface_attach(wl_client *, wl_resource *r, wl_resource *buffer, int32_t, int32_t)
{
	Surface *s = surfaceOf(r);
	s->pending = buffer ? s->comp->track(buffer) : nullptr;
	s->pendingAttached = true;
}

void surface_damage(wl_client *, wl_resource *, int32_t, int32_t, int32_t, int32_t) {}

void surface_frame(wl_client *client, wl_resource *r, uint32_t id)
{
	wl_resource *cb = wl_resource_create(client, &wl_callback_interface, 1, id);
	wl_resource_set_implementation(cb, nullptr, nullptr, [](wl_resource *res) {
		/* The client may destroy a callback early: forget it everywhere. */
		for (Impl *impl : Impl::instances()) {
			for (Surface *s : impl->surfaces) {
				std::erase(s->pendingFrames, res);
				std::erase(s->frames, res);
			}
		}
	});
	surfaceOf(r)->pendingFrames.push_back(cb);
}

void surface_region(wl_client *, wl_resource *, wl_resource *) {}

void surface_commit(wl_client *, wl_resource *r)
{
	Surface *s = surfaceOf(r);
	s->comp->commit(s);
}

void surface_int(wl_client *, wl_resource *, int32_t) {}
void surface_offset(wl_client *, wl_resource *, int32_t, int32_t) {}

const struct wl_surface_interface kSurface = {
	.destroy = destroyResource,
	.attach = surface_attach,
	.damage = surface_damage,
	.frame = surface_frame,
	.set_opaque_region = surface_region,
	.set_input_region = surface_region,
	.commit = surface_commit,
	.set_buffer_transform = surface_int,
	.set_buffer_scale = surface_int,
	.damage_buffer = surface_damage,
	.offset = surface_offset,
};

void surface_destroyed(wl_resource *r)
{
	Surface *s = surfaceOf(r);
	Impl *c = s->comp;
	c->surfaces.remove(s);
	for (wl_resource *fb : s->feedbacks)
		wl_resource_destroy(fb);
	for (wl_resource *fb : s->pendingFeedbacks)
		wl_resource_destroy(fb);
	delete s;
}

/* --- wl_compositor --- */

void compositor_create_surface(wl_client *client, wl_resource *r, uint32_t id)
{
	auto *c = static_cast<Impl *>(wl_resource_get_user_data(r));
	auto *s = new Surface();
	s->comp = c;
	s->resource = wl_resource_create(client, &wl_surface_interface, wl_resource_get_version(r), id);
	wl_resource_set_implementation(s->resource, &kSurface, s, surface_destroyed);
	c->surfaces.push_back(s);
}

void compositor_create_region(wl_client *client, wl_resource *r, uint32_t id)
{
	wl_resource *region = wl_resource_create(client, &wl_region_interface, 1, id);
	wl_resource_set_implementation(region, &kRegion, nullptr, nullptr);
	(void)r;
}

const struct wl_compositor_interface kCompositor = {
	.create_surface = compositor_create_surface,
	.create_region = compositor_create_region,
};

void bind_compositor(wl_client *client, void *data, uint32_t version, uint32_t id)
{
	wl_resource *r = wl_resource_create(client, &wl_compositor_interface, int(version), id);
	wl_resource_set_implementation(r, &kCompositor, data, nullptr);
}

/* --- wl_subcompositor / wl_subsurface --- */

void subsurface_position(wl_client *, wl_resource *, int32_t, int32_t) {}
void subsurface_place(wl_client *, wl_resource *, wl_resource *) {}
void subsurface_mode(wl_client *, wl_resource *) {}

const struct wl_subsurface_interface kSubsurface = {
	.destroy = destroyResource,
	.set_position = subsurface_position,
	.place_above = subsurface_place,
	.place_below = subsurface_place,
	.set_sync = subsurface_mode,
	.set_desync = subsurface_mode,
};

void subcompositor_get_subsurface(wl_client *client, wl_resource *, uint32_t id, wl_resource *,
				  wl_resource *)
{
	wl_resource *r = wl_resource_create(client, &wl_subsurface_interface, 1, id);
	wl_resource_set_implementation(r, &kSubsurface, nullptr, nullptr);
}

const struct wl_subcompositor_interface kSubcompositor = {
	.destroy = destroyResource,
	.get_subsurface = subcompositor_get_subsurface,
};

void bind_subcompositor(wl_client *client, void *data, uint32_t version, uint32_t id)
{
	wl_resource *r = wl_resource_create(client, &wl_subcompositor_interface, int(version), id);
	wl_resource_set_implementation(r, &kSubcompositor, data, nullptr);
}

/* --- xdg-shell --- */

void toplevel_str(wl_client *, wl_resource *, const char *) {}
void toplevel_parent(wl_client *, wl_resource *, wl_resource *) {}
void toplevel_menu(wl_client *, wl_resource *, wl_resource *, uint32_t, int32_t, int32_t) {}
void toplevel_move(wl_client *, wl_resource *, wl_resource *, uint32_t) {}
void toplevel_resize(wl_client *, wl_resource *, wl_resource *, uint32_t, uint32_t) {}
void toplevel_size(wl_client *, wl_resource *, int32_t, int32_t) {}
void toplevel_none(wl_client *, wl_resource *) {}
void toplevel_output(wl_client *, wl_resource *, wl_resource *) {}

const struct xdg_toplevel_interface kToplevel = {
	.destroy = destroyResource,
	.set_parent = toplevel_parent,
	.set_title = toplevel_str,
	.set_app_id = toplevel_str,
	.show_window_menu = toplevel_menu,
	.move = toplevel_move,
	.resize = toplevel_resize,
	.set_max_size = toplevel_size,
	.set_min_size = toplevel_size,
	.set_maximized = toplevel_none,
	.unset_maximized = toplevel_none,
	.set_fullscreen = toplevel_output,
	.unset_fullscreen = toplevel_none,
	.set_minimized = toplevel_none,
};

void xdg_surface_get_toplevel(wl_client *client, wl_resource *r, uint32_t id)
{
	Surface *s = static_cast<Surface *>(wl_resource_get_user_data(r));
	s->toplevel = wl_resource_create(client, &xdg_toplevel_interface, wl_resource_get_version(r), id);
	wl_resource_set_implementation(s->toplevel, &kToplevel, s, nullptr);
}

void xdg_surface_get_popup(wl_client *, wl_resource *, uint32_t, wl_resource *, wl_resource *) {}
void xdg_surface_geometry(wl_client *, wl_resource *, int32_t, int32_t, int32_t, int32_t) {}
void xdg_surface_ack(wl_client *, wl_resource *, uint32_t) {}

const struct xdg_surface_interface kXdgSurface = {
	.destroy = destroyResource,
	.get_toplevel = xdg_surface_get_toplevel,
	.get_popup = xdg_surface_get_popup,
	.set_window_geometry = xdg_surface_geometry,
	.ack_configure = xdg_surface_ack,
};

void wm_get_xdg_surface(wl_client *client, wl_resource *r, uint32_t id, wl_resource *surface)
{
	Surface *s = surfaceOf(surface);
	s->xdgSurface = wl_resource_create(client, &xdg_surface_interface, wl_resource_get_version(r), id);
	wl_resource_set_implementation(s->xdgSurface, &kXdgSurface, s, nullptr);
}

void wm_create_positioner(wl_client *client, wl_resource *, uint32_t id)
{
	wl_client_post_implementation_error(client, "positioners are not implemented (id %u)", id);
}

void wm_pong(wl_client *, wl_resource *, uint32_t) {}

const struct xdg_wm_base_interface kWmBase = {
	.destroy = destroyResource,
	.create_positioner = wm_create_positioner,
	.get_xdg_surface = wm_get_xdg_surface,
	.pong = wm_pong,
};

void bind_wm_base(wl_client *client, void *data, uint32_t version, uint32_t id)
{
	wl_resource *r = wl_resource_create(client, &xdg_wm_base_interface, int(version), id);
	wl_resource_set_implementation(r, &kWmBase, data, nullptr);
}

/* --- viewporter --- */

void viewport_fixed4(wl_client *, wl_resource *, wl_fixed_t, wl_fixed_t, wl_fixed_t, wl_fixed_t) {}
void viewport_dest(wl_client *, wl_resource *r, int32_t width, int32_t height)
{
	auto *c = static_cast<Impl *>(wl_resource_get_user_data(r));
	c->stats().viewportWidth = width;
	c->stats().viewportHeight = height;
}

const struct wp_viewport_interface kViewport = {
	.destroy = destroyResource,
	.set_source = viewport_fixed4,
	.set_destination = viewport_dest,
};

void viewporter_get(wl_client *client, wl_resource *viewporter, uint32_t id, wl_resource *)
{
	wl_resource *r = wl_resource_create(client, &wp_viewport_interface, 1, id);
	wl_resource_set_implementation(r, &kViewport, wl_resource_get_user_data(viewporter), nullptr);
}

const struct wp_viewporter_interface kViewporter = {
	.destroy = destroyResource,
	.get_viewport = viewporter_get,
};

void bind_viewporter(wl_client *client, void *data, uint32_t version, uint32_t id)
{
	wl_resource *r = wl_resource_create(client, &wp_viewporter_interface, int(version), id);
	wl_resource_set_implementation(r, &kViewporter, data, nullptr);
}

/* --- presentation-time --- */

void presentation_feedback(wl_client *client, wl_resource *, wl_resource *surface, uint32_t id)
{
	wl_resource *fb = wl_resource_create(client, &wp_presentation_feedback_interface, 1, id);
	wl_resource_set_implementation(fb, nullptr, nullptr, nullptr);
	surfaceOf(surface)->pendingFeedbacks.push_back(fb);
}

const struct wp_presentation_interface kPresentation = {
	.destroy = destroyResource,
	.feedback = presentation_feedback,
};

void bind_presentation(wl_client *client, void *data, uint32_t version, uint32_t id)
{
	wl_resource *r = wl_resource_create(client, &wp_presentation_interface, int(version), id);
	wl_resource_set_implementation(r, &kPresentation, data, nullptr);
	wp_presentation_send_clock_id(r, CLOCK_MONOTONIC);
}

/* --- linux-dmabuf --- */

struct Params {
	Impl *comp = nullptr;
	struct Plane {
		int fd = -1;
		uint32_t offset = 0;
		uint32_t stride = 0;
	};
	std::vector<Plane> planes;
	uint64_t modifier = 0;
	~Params()
	{
		for (Plane &p : planes) {
			if (p.fd >= 0)
				close(p.fd);
		}
	}
};

const struct wl_buffer_interface kDmabufBuffer = {
	.destroy = destroyResource,
};

void params_add(wl_client *, wl_resource *r, int32_t fd, uint32_t idx, uint32_t offset,
		uint32_t stride, uint32_t hi, uint32_t lo)
{
	auto *p = static_cast<Params *>(wl_resource_get_user_data(r));
	if (idx >= 4) {
		close(fd);
		return;
	}
	if (p->planes.size() <= idx)
		p->planes.resize(idx + 1);
	p->planes[idx] = { fd, offset, stride };
	p->modifier = (uint64_t(hi) << 32) | lo;
}

/* Returns a wl_buffer, or null when the rules refuse the import. */
wl_resource *import(wl_client *client, Params *p, uint32_t id, int32_t width, int32_t height,
		    uint32_t format)
{
	Impl *c = p->comp;
	FakeRules rules = c->currentRules();
	const FakePair *pair = nullptr;
	for (const FakePair &fp : rules.pairs) {
		if (fp.fourcc == format && fp.modifier == p->modifier)
			pair = &fp;
	}
	bool ok = pair && !p->planes.empty() && width > 0 && height > 0;
	/* Chroma planes of subsampled formats (YUV420's U and V) have half-width lines. */
	for (size_t i = 0; i < p->planes.size(); i++) {
		const Params::Plane &pl = p->planes[i];
		uint32_t minStride = i == 0 ? uint32_t(width) : uint32_t(width) / 2;
		ok = ok && pl.fd >= 0 && pl.stride % rules.strideAlign == 0 && pl.stride >= minStride;
	}
	off_t size = ok ? lseek(p->planes[0].fd, 0, SEEK_END) : 0;
	if (ok && size < off_t(p->planes[0].offset + size_t(p->planes[0].stride) * uint32_t(height)))
		ok = false;
	if (!ok) {
		c->stats().importFailed++;
		return nullptr;
	}
	wl_resource *res = wl_resource_create(client, &wl_buffer_interface, 1, id);
	wl_resource_set_implementation(res, &kDmabufBuffer, nullptr, nullptr);
	Buffer *b = c->track(res);
	b->dmabuf = true;
	b->scanout = pair->scanout;
	b->mapSize = size_t(size);
	void *m = mmap(nullptr, b->mapSize, PROT_READ, MAP_SHARED, p->planes[0].fd, 0);
	b->map = m == MAP_FAILED ? nullptr : static_cast<uint8_t *>(m);
	c->stats().imported++;
	return res;
}

void params_create(wl_client *client, wl_resource *r, int32_t width, int32_t height,
		   uint32_t format, uint32_t)
{
	auto *p = static_cast<Params *>(wl_resource_get_user_data(r));
	wl_resource *buffer = import(client, p, 0, width, height, format);
	if (buffer)
		zwp_linux_buffer_params_v1_send_created(r, buffer);
	else
		zwp_linux_buffer_params_v1_send_failed(r);
}

void params_create_immed(wl_client *client, wl_resource *r, uint32_t id, int32_t width,
			 int32_t height, uint32_t format, uint32_t)
{
	auto *p = static_cast<Params *>(wl_resource_get_user_data(r));
	if (!import(client, p, id, width, height, format)) {
		p->comp->stats().protocolErrors++;
		wl_resource_post_error(r, ZWP_LINUX_BUFFER_PARAMS_V1_ERROR_INVALID_WL_BUFFER,
				       "import refused");
	}
}

const struct zwp_linux_buffer_params_v1_interface kParams = {
	.destroy = destroyResource,
	.add = params_add,
	.create = params_create,
	.create_immed = params_create_immed,
};

void dmabuf_create_params(wl_client *client, wl_resource *r, uint32_t id)
{
	auto *p = new Params();
	p->comp = static_cast<Impl *>(wl_resource_get_user_data(r));
	wl_resource *res = wl_resource_create(client, &zwp_linux_buffer_params_v1_interface,
					      wl_resource_get_version(r), id);
	wl_resource_set_implementation(res, &kParams, p, [](wl_resource *pr) {
		delete static_cast<Params *>(wl_resource_get_user_data(pr));
	});
}

const struct zwp_linux_dmabuf_feedback_v1_interface kFeedback = {
	.destroy = destroyResource,
};

void dmabuf_default_feedback(wl_client *client, wl_resource *r, uint32_t id)
{
	auto *c = static_cast<Impl *>(wl_resource_get_user_data(r));
	wl_resource *fb = wl_resource_create(client, &zwp_linux_dmabuf_feedback_v1_interface,
					     wl_resource_get_version(r), id);
	wl_resource_set_implementation(fb, &kFeedback, nullptr, nullptr);
	c->sendFeedback(fb);
}

void dmabuf_surface_feedback(wl_client *client, wl_resource *r, uint32_t id, wl_resource *surface)
{
	auto *c = static_cast<Impl *>(wl_resource_get_user_data(r));
	Surface *s = surfaceOf(surface);
	wl_resource *fb = wl_resource_create(client, &zwp_linux_dmabuf_feedback_v1_interface,
					     wl_resource_get_version(r), id);
	wl_resource_set_implementation(fb, &kFeedback, s, [](wl_resource *res) {
		for (Impl *impl : Impl::instances()) {
			for (Surface *sf : impl->surfaces)
				std::erase(sf->dmabufFeedbacks, res);
		}
	});
	s->dmabufFeedbacks.push_back(fb);
	c->stats().surfaceFeedbacks++;
	c->sendFeedback(fb);
}

const struct zwp_linux_dmabuf_v1_interface kDmabuf = {
	.destroy = destroyResource,
	.create_params = dmabuf_create_params,
	.get_default_feedback = dmabuf_default_feedback,
	.get_surface_feedback = dmabuf_surface_feedback,
};

void bind_dmabuf(wl_client *client, void *data, uint32_t version, uint32_t id)
{
	wl_resource *r = wl_resource_create(client, &zwp_linux_dmabuf_v1_interface, int(version), id);
	wl_resource_set_implementation(r, &kDmabuf, data, nullptr);
	if (version >= 4)
		return;
	/* Version 3 announces its pairs at bind, every format once then each modifier. */
	auto *c = static_cast<Impl *>(data);
	FakeRules rules = c->currentRules();
	for (const FakePair &p : rules.pairs) {
		zwp_linux_dmabuf_v1_send_format(r, p.fourcc);
		zwp_linux_dmabuf_v1_send_modifier(r, p.fourcc, uint32_t(p.modifier >> 32),
						  uint32_t(p.modifier));
	}
}

} /* namespace */

FakeCompositor::FakeCompositor() = default;

FakeCompositor::~FakeCompositor()
{
	stop();
}

int FakeCompositor::start(const std::string &runtimeDir, const std::string &socket,
			  const FakeRules &rules)
{
	impl_ = std::make_unique<Impl>();
	Impl &d = *impl_;
	d.owner = this;
	d.rules = rules;
	d.display = wl_display_create();
	setenv("XDG_RUNTIME_DIR", runtimeDir.c_str(), 1);
	if (wl_display_add_socket(d.display, socket.c_str()) < 0)
		return -errno;
	wl_display_init_shm(d.display);
	for (uint32_t f : rules.shmFormats)
		wl_display_add_shm_format(d.display, f);
	wl_global_create(d.display, &wl_compositor_interface, 4, &d, bind_compositor);
	wl_global_create(d.display, &wl_subcompositor_interface, 1, &d, bind_subcompositor);
	wl_global_create(d.display, &xdg_wm_base_interface, 2, &d, bind_wm_base);
	wl_global_create(d.display, &wp_viewporter_interface, 1, &d, bind_viewporter);
	wl_global_create(d.display, &wp_presentation_interface, 1, &d, bind_presentation);
	wl_global_create(d.display, &zwp_linux_dmabuf_v1_interface, int(rules.dmabufVersion), &d,
			 bind_dmabuf);
	Impl::instances().push_back(&d);

	d.loop = wl_display_get_event_loop(d.display);
	d.timer = wl_event_loop_add_timer(d.loop, Impl::repaint, &d);
	wl_event_source_timer_update(d.timer, int(kRefreshNs / 1000000));
	d.thread = std::thread([&d] {
		while (!d.quit) {
			wl_event_loop_dispatch(d.loop, 5);
			wl_display_flush_clients(d.display);
		}
	});
	return 0;
}

void FakeCompositor::stop()
{
	if (!impl_)
		return;
	impl_->quit = true;
	if (impl_->thread.joinable())
		impl_->thread.join();
	wl_display_destroy_clients(impl_->display);
	wl_event_source_remove(impl_->timer);
	wl_display_destroy(impl_->display);
	std::erase(Impl::instances(), impl_.get());
	impl_.reset();
}

void FakeCompositor::reconfigure(int32_t width, int32_t height)
{
	impl_->reconfigureSize = (uint64_t(uint32_t(width)) << 32) | uint32_t(height);
}

void FakeCompositor::requestClose()
{
	impl_->closeRequested = true;
}

void FakeCompositor::updateRules(const FakeRules &rules)
{
	{
		std::lock_guard<std::mutex> lock(impl_->mutex);
		impl_->rules = rules;
	}
	impl_->resend = true;
}

} /* namespace sluice::test */
