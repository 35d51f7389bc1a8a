/* SPDX-License-Identifier: MIT */
#include "overlay_egl.h"

#include <cerrno>
#include <cstring>
#include <string_view>
#include <vector>

#include <EGL/eglext.h>

#include "overlay_log.h"

namespace sluice {

namespace {

bool hasExtension(const char *list, std::string_view name)
{
	if (!list)
		return false;
	std::string_view all(list);
	size_t at = 0;
	while ((at = all.find(name, at)) != std::string_view::npos) {
		const size_t end = at + name.size();
		if ((at == 0 || all[at - 1] == ' ') && (end == all.size() || all[end] == ' '))
			return true;
		at = end;
	}
	return false;
}

bool hasClientExtension(std::string_view name)
{
	return hasExtension(eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS), name);
}

EGLDisplay platformDisplay(EGLenum platform, void *native)
{
	auto getPlatformDisplay = reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(
		eglGetProcAddress("eglGetPlatformDisplayEXT"));
	if (!getPlatformDisplay)
		return EGL_NO_DISPLAY;
	return getPlatformDisplay(platform, native, nullptr);
}

EGLDisplay firstDeviceDisplay()
{
	auto queryDevices = reinterpret_cast<PFNEGLQUERYDEVICESEXTPROC>(
		eglGetProcAddress("eglQueryDevicesEXT"));
	if (!queryDevices)
		return EGL_NO_DISPLAY;
	EGLDeviceEXT device;
	EGLint count = 0;
	if (!queryDevices(1, &device, &count) || count < 1)
		return EGL_NO_DISPLAY;
	return platformDisplay(EGL_PLATFORM_DEVICE_EXT, device);
}

std::string eglErrorText(const char *what)
{
	char text[64];
	snprintf(text, sizeof(text), "%s failed (EGL error 0x%04x)", what, eglGetError());
	return text;
}

} /* namespace */

std::unique_ptr<OverlayEgl> OverlayEgl::forWayland(wl_display *display, int maxMajor,
						   std::string *why)
{
	std::unique_ptr<OverlayEgl> egl(new OverlayEgl());
	if (hasClientExtension("EGL_KHR_platform_wayland") ||
	    hasClientExtension("EGL_EXT_platform_wayland"))
		egl->display_ = platformDisplay(EGL_PLATFORM_WAYLAND_KHR, display);
	else
		egl->display_ = eglGetDisplay(reinterpret_cast<EGLNativeDisplayType>(display));
	egl->platform_ = "wayland";
	if (egl->display_ == EGL_NO_DISPLAY || !eglInitialize(egl->display_, nullptr, nullptr)) {
		*why = eglErrorText("eglInitialize on the Wayland display");
		return nullptr;
	}
	if (egl->chooseConfigAndContext(EGL_WINDOW_BIT, maxMajor, why) < 0)
		return nullptr;
	return egl;
}

std::unique_ptr<OverlayEgl> OverlayEgl::headless(int maxMajor, std::string *why)
{
	std::unique_ptr<OverlayEgl> egl(new OverlayEgl());
	struct Candidate {
		const char *name;
		EGLDisplay (*get)();
	};
	/* Surfaceless first: it needs neither a GPU node nor a window system. */
	const Candidate candidates[] = {
		{ "surfaceless",
		  [] {
			  return hasClientExtension("EGL_MESA_platform_surfaceless")
					 ? platformDisplay(EGL_PLATFORM_SURFACELESS_MESA,
							   EGL_DEFAULT_DISPLAY)
					 : EGL_NO_DISPLAY;
		  } },
		{ "device",
		  [] {
			  return hasClientExtension("EGL_EXT_platform_device") ? firstDeviceDisplay()
									      : EGL_NO_DISPLAY;
		  } },
		{ "default", [] { return eglGetDisplay(EGL_DEFAULT_DISPLAY); } },
	};
	for (const Candidate &candidate : candidates) {
		EGLDisplay display = candidate.get();
		if (display == EGL_NO_DISPLAY || !eglInitialize(display, nullptr, nullptr))
			continue;
		egl->display_ = display;
		egl->platform_ = candidate.name;
		egl->ownsDisplay_ = true;
		if (egl->chooseConfigAndContext(EGL_PBUFFER_BIT, maxMajor, why) == 0)
			return egl;
		eglTerminate(display);
		egl->display_ = EGL_NO_DISPLAY;
	}
	if (why->empty())
		*why = "no EGL display could be initialised without a window system";
	return nullptr;
}

int OverlayEgl::chooseConfigAndContext(EGLint surfaceType, int maxMajor, std::string *why)
{
	if (!eglBindAPI(EGL_OPENGL_ES_API)) {
		*why = eglErrorText("eglBindAPI(GLES)");
		return -ENODEV;
	}
	for (int major = maxMajor < 3 ? 2 : 3; major >= 2; major--) {
		/* ES3 contexts need a config that says it can render ES3 (EGL_KHR_create_context). */
		const EGLint renderable = major == 3 ? EGL_OPENGL_ES3_BIT_KHR : EGL_OPENGL_ES2_BIT;
		const EGLint attributes[] = {
			EGL_SURFACE_TYPE, surfaceType,
			EGL_RENDERABLE_TYPE, renderable,
			EGL_RED_SIZE, 8, EGL_GREEN_SIZE, 8, EGL_BLUE_SIZE, 8,
			/* The overlay is translucent: without alpha the compositor would draw
			 * it opaque over the video. */
			EGL_ALPHA_SIZE, 8,
			EGL_NONE,
		};
		EGLint count = 0;
		if (!eglChooseConfig(display_, attributes, nullptr, 0, &count) || count == 0)
			continue;
		std::vector<EGLConfig> configs(static_cast<size_t>(count));
		eglChooseConfig(display_, attributes, configs.data(), count, &count);
		/* eglChooseConfig sorts deeper colour first; 10-bit or float configs would not
		 * match the ARGB8888 a compositor composites cheaply. Take an exact 8888. */
		EGLConfig chosen = nullptr;
		for (EGLint i = 0; i < count && !chosen; i++) {
			EGLint r, g, b, a;
			eglGetConfigAttrib(display_, configs[i], EGL_RED_SIZE, &r);
			eglGetConfigAttrib(display_, configs[i], EGL_GREEN_SIZE, &g);
			eglGetConfigAttrib(display_, configs[i], EGL_BLUE_SIZE, &b);
			eglGetConfigAttrib(display_, configs[i], EGL_ALPHA_SIZE, &a);
			if (r == 8 && g == 8 && b == 8 && a == 8)
				chosen = configs[i];
		}
		if (!chosen)
			chosen = configs[0];

		const EGLint contextAttributes[] = { EGL_CONTEXT_CLIENT_VERSION, major, EGL_NONE };
		EGLContext context = eglCreateContext(display_, chosen, EGL_NO_CONTEXT,
						      contextAttributes);
		if (context == EGL_NO_CONTEXT)
			continue;
		config_ = chosen;
		context_ = context;
		requestedMajor_ = major;
		break;
	}
	if (context_ == EGL_NO_CONTEXT) {
		*why = eglErrorText("creating a GLES 2 or 3 context");
		return -ENODEV;
	}
	if (surfaceType == EGL_PBUFFER_BIT &&
	    !hasExtension(eglQueryString(display_, EGL_EXTENSIONS), "EGL_KHR_surfaceless_context")) {
		const EGLint size[] = { EGL_WIDTH, 1, EGL_HEIGHT, 1, EGL_NONE };
		pbuffer_ = eglCreatePbufferSurface(display_, config_, size);
		if (pbuffer_ == EGL_NO_SURFACE) {
			*why = eglErrorText("eglCreatePbufferSurface");
			return -ENODEV;
		}
	}
	LOG(Overlay, Debug) << "EGL on " << platform_ << ": GLES " << requestedMajor_
			    << " context";
	return 0;
}

int OverlayEgl::makeCurrent(EGLSurface surface)
{
	if (surface == EGL_NO_SURFACE)
		surface = pbuffer_;
	if (!eglMakeCurrent(display_, surface, surface, context_))
		return -EIO;
	return 0;
}

OverlayEgl::~OverlayEgl()
{
	if (display_ == EGL_NO_DISPLAY)
		return;
	if (eglGetCurrentContext() == context_)
		eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
	if (pbuffer_ != EGL_NO_SURFACE)
		eglDestroySurface(display_, pbuffer_);
	if (context_ != EGL_NO_CONTEXT)
		eglDestroyContext(display_, context_);
	if (ownsDisplay_)
		eglTerminate(display_);
}

} /* namespace sluice */
