/* SPDX-License-Identifier: MIT */
#include "overlay_surface.h"

#include <cerrno>
#include <cstdio>

#include <EGL/eglext.h>
#include <wayland-client.h>
#include <wayland-egl.h>

#include "overlay_egl.h"

namespace sluice {

std::unique_ptr<OverlaySurface> OverlaySurface::create(OverlayEgl &egl, wl_surface *surface,
						       uint32_t width, uint32_t height,
						       std::string *why)
{
	std::unique_ptr<OverlaySurface> overlay(new OverlaySurface(egl, surface));
	overlay->width_ = width;
	overlay->height_ = height;
	overlay->window_ = wl_egl_window_create(surface, static_cast<int>(width),
						static_cast<int>(height));
	if (!overlay->window_) {
		*why = "wl_egl_window_create failed";
		return nullptr;
	}
	auto createPlatformSurface = reinterpret_cast<PFNEGLCREATEPLATFORMWINDOWSURFACEEXTPROC>(
		eglGetProcAddress("eglCreatePlatformWindowSurfaceEXT"));
	if (createPlatformSurface)
		overlay->eglSurface_ = createPlatformSurface(egl.display(), egl.config(),
							     overlay->window_, nullptr);
	else
		overlay->eglSurface_ = eglCreateWindowSurface(
			egl.display(), egl.config(),
			reinterpret_cast<EGLNativeWindowType>(overlay->window_), nullptr);
	if (overlay->eglSurface_ == EGL_NO_SURFACE) {
		char text[64];
		snprintf(text, sizeof(text), "EGL window surface failed (0x%04x)", eglGetError());
		*why = text;
		return nullptr;
	}
	if (overlay->makeCurrent() < 0) {
		*why = "eglMakeCurrent on the overlay surface failed";
		return nullptr;
	}
	/* Swap interval belongs to the surface current at the time of the call. */
	eglSwapInterval(egl.display(), 0);
	return overlay;
}

OverlaySurface::~OverlaySurface()
{
	if (eglSurface_ != EGL_NO_SURFACE) {
		if (eglGetCurrentSurface(EGL_DRAW) == eglSurface_)
			eglMakeCurrent(egl_.display(), EGL_NO_SURFACE, EGL_NO_SURFACE,
				       EGL_NO_CONTEXT);
		eglDestroySurface(egl_.display(), eglSurface_);
	}
	if (window_)
		wl_egl_window_destroy(window_);
}

int OverlaySurface::makeCurrent()
{
	return egl_.makeCurrent(eglSurface_);
}

void OverlaySurface::resize(uint32_t width, uint32_t height)
{
	if (width == width_ && height == height_)
		return;
	width_ = width;
	height_ = height;
	wl_egl_window_resize(window_, static_cast<int>(width), static_cast<int>(height), 0, 0);
}

int OverlaySurface::present()
{
	return eglSwapBuffers(egl_.display(), eglSurface_) ? 0 : -EIO;
}

void OverlaySurface::detachBuffer()
{
	wl_surface_attach(surface_, nullptr, 0, 0);
	wl_surface_commit(surface_);
}

} /* namespace sluice */
