/* SPDX-License-Identifier: MIT */
#include "window.h"

#include <cerrno>
#include <cstring>

#include <drm_fourcc.h>

#include "wayland_log.h"

namespace sluice {

constexpr xdg_surface_listener Window::xdgSurfaceListener = {
	.configure = xdg_surface_configure,
};

constexpr xdg_toplevel_listener Window::toplevelListener = {
	.configure = toplevel_configure,
	.close = toplevel_close,
	.configure_bounds = toplevel_configure_bounds,
	.wm_capabilities = toplevel_wm_capabilities,
};

std::unique_ptr<Window> Window::create(Display &display, const WindowOptions &options, int *error)
{
	std::unique_ptr<Window> self(new Window(display));
	*error = self->init(options);
	if (*error < 0)
		return nullptr;
	return self;
}

int Window::init(const WindowOptions &options)
{
	Globals &g = display_.globals();
	windowedWidth_ = options.width ? options.width : 1280;
	windowedHeight_ = options.height ? options.height : 720;

	surface_.reset(wl_compositor_create_surface(g.compositor.get()));
	xdgSurface_.reset(xdg_wm_base_get_xdg_surface(g.wmBase.get(), surface_.get()));
	xdg_surface_add_listener(xdgSurface_.get(), &xdgSurfaceListener, this);
	toplevel_.reset(xdg_surface_get_toplevel(xdgSurface_.get()));
	xdg_toplevel_add_listener(toplevel_.get(), &toplevelListener, this);
	xdg_toplevel_set_title(toplevel_.get(), options.title.c_str());
	xdg_toplevel_set_app_id(toplevel_.get(), options.appId.c_str());
	if (options.fullscreen) {
		fullscreen_ = true;
		xdg_toplevel_set_fullscreen(toplevel_.get(), nullptr);
	}
	if (g.viewporter)
		viewport_.reset(wp_viewporter_get_viewport(g.viewporter.get(), surface_.get()));

	int ret = createBackground();
	if (ret < 0)
		return ret;

	/* The initial commit carries no buffer: it asks for the first configure. */
	wl_surface_commit(surface_.get());
	return display_.flush();
}

int Window::createBackground()
{
	Globals &g = display_.globals();
	if (g.singlePixel && viewport_) {
		/* Opaque black; the alpha channel at its maximum, not 0. */
		singlePixel_.reset(wp_single_pixel_buffer_manager_v1_create_u32_rgba_buffer(
			g.singlePixel.get(), 0, 0, 0, UINT32_MAX));
		backgroundKind_ = "single-pixel";
		return 0;
	}
	if (viewport_) {
		shmBackground_ = ShmBuffer::create(g.shm.get(), shmLayoutFor(DRM_FORMAT_XRGB8888, 1, 1));
		if (!shmBackground_)
			return -ENOMEM;
		std::memset(shmBackground_->data(), 0, shmBackground_->layout().size);
		backgroundKind_ = "shm 1x1";
		return 0;
	}
	/* No viewporter: a full-size buffer, made in applySize(). */
	backgroundKind_ = "shm full size";
	return 0;
}

Window::~Window()
{
	viewport_.reset();
	toplevel_.reset();
	xdgSurface_.reset();
	surface_.reset();
}

void Window::setFullscreen(bool fullscreen)
{
	fullscreen_ = fullscreen;
	if (fullscreen)
		xdg_toplevel_set_fullscreen(toplevel_.get(), nullptr);
	else
		xdg_toplevel_unset_fullscreen(toplevel_.get());
	display_.flush();
}

unsigned Window::addResizeListener(ResizeCallback cb)
{
	unsigned id = nextListenerId_++;
	resizeListeners_.emplace_back(id, std::move(cb));
	return id;
}

void Window::removeResizeListener(unsigned id)
{
	std::erase_if(resizeListeners_, [id](const auto &l) { return l.first == id; });
}

void Window::commit()
{
	wl_surface_commit(surface_.get());
}

void Window::toplevel_configure(void *data, xdg_toplevel *, int32_t width, int32_t height,
				wl_array *)
{
	auto *self = static_cast<Window *>(data);
	/* 0 means "you choose": keep the windowed size. */
	self->pendingWidth_ = width > 0 ? uint32_t(width) : self->windowedWidth_;
	self->pendingHeight_ = height > 0 ? uint32_t(height) : self->windowedHeight_;
}

void Window::toplevel_close(void *data, xdg_toplevel *)
{
	auto *self = static_cast<Window *>(data);
	self->closeRequested_ = true;
	if (self->onClose_)
		self->onClose_();
}

void Window::toplevel_configure_bounds(void *, xdg_toplevel *, int32_t, int32_t)
{
}

void Window::toplevel_wm_capabilities(void *, xdg_toplevel *, wl_array *)
{
}

void Window::xdg_surface_configure(void *data, xdg_surface *surface, uint32_t serial)
{
	auto *self = static_cast<Window *>(data);
	/* Ack before the commit that applies the new size, as xdg-shell requires. */
	xdg_surface_ack_configure(surface, serial);
	bool first = !self->configured_;
	bool resized = self->pendingWidth_ != self->width_ || self->pendingHeight_ != self->height_;
	self->configured_ = true;
	if (first || resized) {
		self->width_ = self->pendingWidth_;
		self->height_ = self->pendingHeight_;
		self->applySize();
		/* The video plane re-fits and positions itself; its position is applied by the
		 * parent commit below. */
		for (auto &[id, cb] : self->resizeListeners_)
			cb(self->width_, self->height_);
		if (self->onResize_)
			self->onResize_(self->width_, self->height_);
	}
	wl_surface_commit(self->surface_.get());
}

void Window::applySize()
{
	Globals &g = display_.globals();
	wl_surface *s = surface_.get();

	if (singlePixel_) {
		wl_surface_attach(s, singlePixel_.get(), 0, 0);
	} else if (viewport_) {
		wl_surface_attach(s, shmBackground_->buffer(), 0, 0);
	} else {
		/* Rebuilt at each size; the old one may still be read by the compositor but
		 * destroying a wl_buffer it holds is allowed, it keeps its own copy. */
		shmBackground_ = ShmBuffer::create(g.shm.get(),
						   shmLayoutFor(DRM_FORMAT_XRGB8888, width_, height_));
		if (!shmBackground_)
			return;
		std::memset(shmBackground_->data(), 0, shmBackground_->layout().size);
		wl_surface_attach(s, shmBackground_->buffer(), 0, 0);
	}
	if (viewport_)
		wp_viewport_set_destination(viewport_.get(), int32_t(width_), int32_t(height_));
	wl_surface_damage_buffer(s, 0, 0, INT32_MAX, INT32_MAX);

	WlPtr<wl_region> opaque(wl_compositor_create_region(g.compositor.get()));
	wl_region_add(opaque.get(), 0, 0, int32_t(width_), int32_t(height_));
	wl_surface_set_opaque_region(s, opaque.get());

	LOG(Wayland, Debug) << "window " << width_ << "x" << height_
			    << (fullscreen_ ? " fullscreen" : " windowed") << ", background "
			    << backgroundKind_;
}

} /* namespace sluice */
