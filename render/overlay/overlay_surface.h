/* SPDX-License-Identifier: MIT */
/*
 * OverlaySurface: the overlay's EGL window on a wl_surface the presentation layer made (a
 * subsurface placed above the video).
 *
 * eglSwapBuffers attaches and commits a buffer; detachBuffer() attaches NULL and commits,
 * which unmaps the subsurface, so the compositor is left with the video alone and may scan
 * it out. Swap interval 0: the player's loop paces itself and must never block in EGL
 * waiting for a frame callback.
 */
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <EGL/egl.h>

struct wl_surface;
struct wl_egl_window;

namespace sluice {

class OverlayEgl;

class OverlaySurface
{
public:
	/* width and height in buffer pixels (surface size times scale). */
	static std::unique_ptr<OverlaySurface> create(OverlayEgl &egl, wl_surface *surface,
						      uint32_t width, uint32_t height,
						      std::string *why);
	~OverlaySurface();
	OverlaySurface(const OverlaySurface &) = delete;
	OverlaySurface &operator=(const OverlaySurface &) = delete;

	EGLSurface eglSurface() const { return eglSurface_; }
	uint32_t width() const { return width_; }
	uint32_t height() const { return height_; }

	/* Makes the overlay's context current on this surface. */
	int makeCurrent();
	/* The next buffer has the new size (the one being drawn keeps the old). */
	void resize(uint32_t width, uint32_t height);
	/* Attaches and commits the drawn buffer. */
	int present();
	/* Attach NULL + commit: no buffer, nothing to composite. */
	void detachBuffer();

private:
	OverlaySurface(OverlayEgl &egl, wl_surface *surface) : egl_(egl), surface_(surface) {}

	OverlayEgl &egl_;
	wl_surface *surface_;
	wl_egl_window *window_ = nullptr;
	EGLSurface eglSurface_ = EGL_NO_SURFACE;
	uint32_t width_ = 0;
	uint32_t height_ = 0;
};

} /* namespace sluice */
