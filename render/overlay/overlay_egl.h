/* SPDX-License-Identifier: MIT */
/*
 * OverlayEgl: the EGL display, config and GLES context the overlay draws with.
 *
 * Two ways to get one:
 *  - forWayland(): on the player's wl_display, with a config that has alpha (the overlay is
 *    a translucent subsurface above the video) and can back a wl_egl_window;
 *  - headless(): no compositor at all (surfaceless Mesa, an EGL device, or the default
 *    display with a pbuffer), for tests that draw into an FBO and read the pixels back.
 *
 * The context is GLES 3 when the driver gives one, else GLES 2 (Mali-400 and other ES2-only
 * GPUs); maxMajor 2 skips the ES3 attempt.
 */
#pragma once

#include <memory>
#include <string>

#include <EGL/egl.h>

struct wl_display;

namespace sluice {

class OverlayEgl
{
public:
	static std::unique_ptr<OverlayEgl> forWayland(wl_display *display, int maxMajor,
						      std::string *why);
	static std::unique_ptr<OverlayEgl> headless(int maxMajor, std::string *why);
	~OverlayEgl();
	OverlayEgl(const OverlayEgl &) = delete;
	OverlayEgl &operator=(const OverlayEgl &) = delete;

	EGLDisplay display() const { return display_; }
	EGLConfig config() const { return config_; }
	EGLContext context() const { return context_; }
	/* The GLES major version asked for and granted (a driver may still report a newer one). */
	int requestedMajor() const { return requestedMajor_; }
	/* How the display was obtained, for logs: "wayland", "surfaceless", "device", "default". */
	const char *platform() const { return platform_; }

	/* Makes the context current on surface, or on nothing/the private pbuffer when none. */
	int makeCurrent(EGLSurface surface = EGL_NO_SURFACE);

private:
	OverlayEgl() = default;
	int chooseConfigAndContext(EGLint surfaceType, int maxMajor, std::string *why);

	EGLDisplay display_ = EGL_NO_DISPLAY;
	EGLConfig config_ = nullptr;
	EGLContext context_ = EGL_NO_CONTEXT;
	/* Only without EGL_KHR_surfaceless_context: a 1x1 pbuffer to be current on. */
	EGLSurface pbuffer_ = EGL_NO_SURFACE;
	int requestedMajor_ = 0;
	const char *platform_ = "";
	/*
	 * Whether we terminate the display. Never on Wayland: an EGLDisplay is one per
	 * wl_display in the whole process, so terminating it would also destroy the
	 * presentation layer's EGL objects.
	 */
	bool ownsDisplay_ = false;
};

} /* namespace sluice */
