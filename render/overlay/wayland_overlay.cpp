/* SPDX-License-Identifier: MIT */
#include "wayland_overlay.h"

#include <cmath>

#include <GLES2/gl2.h>

#include "imgui_gles_renderer.h"
#include "overlay_egl.h"
#include "overlay_log.h"
#include "overlay_surface.h"

namespace sluice {

namespace {

uint32_t toPixels(uint32_t units, float scale)
{
	return static_cast<uint32_t>(std::lround(units * scale));
}

} /* namespace */

std::unique_ptr<WaylandOverlay> WaylandOverlay::create(wl_display *display, wl_surface *surface,
						       uint32_t width, uint32_t height,
						       float scale, OverlaySeat::KeyHandler onKey,
						       std::string *why)
{
	std::unique_ptr<WaylandOverlay> overlay(new WaylandOverlay());
	overlay->egl_ = OverlayEgl::forWayland(display, 3, why);
	if (!overlay->egl_)
		return nullptr;
	overlay->surface_ = OverlaySurface::create(*overlay->egl_, surface, toPixels(width, scale),
						   toPixels(height, scale), why);
	if (!overlay->surface_)
		return nullptr;
	overlay->renderer_ = ImGuiGlesRenderer::create(overlay->overlay_.context(), why);
	if (!overlay->renderer_)
		return nullptr;
	int error = 0;
	overlay->seat_ = OverlaySeat::create(display, overlay->overlay_.platform(), std::move(onKey),
					     &error);
	if (!overlay->seat_) {
		*why = "could not listen for a wl_seat";
		return nullptr;
	}
	overlay->seat_->setOverlaySurface(surface);
	overlay->overlay_.setSurfaceSize(width, height, scale);
	LOG(Overlay, Info) << "debug overlay: " << overlay->describe();
	return overlay;
}

WaylandOverlay::~WaylandOverlay()
{
	/* The backend's GL objects must go while its context is current. */
	if (surface_)
		surface_->makeCurrent();
	renderer_.reset();
	surface_.reset();
}

std::string WaylandOverlay::describe() const
{
	return "GLES " + std::to_string(egl_->requestedMajor()) + " context, " +
	       renderer_->glVersion() + ", GLSL " + renderer_->glslVersion();
}

void WaylandOverlay::resize(uint32_t width, uint32_t height, float scale)
{
	overlay_.setSurfaceSize(width, height, scale);
	surface_->resize(toPixels(width, scale), toPixels(height, scale));
}

int WaylandOverlay::tick(const OverlayModel &model, uint64_t nowNs)
{
	overlay_.setModel(model);
	switch (overlay_.next(nowNs)) {
	case OverlayAction::Idle:
		return 0;
	case OverlayAction::DetachBuffer:
		surface_->detachBuffer();
		overlay_.detached();
		return 0;
	case OverlayAction::Draw:
		break;
	}
	int ret = surface_->makeCurrent();
	if (ret < 0)
		return ret;
	ImDrawData *drawData = overlay_.buildFrame(nowNs, renderer_.get());
	glViewport(0, 0, static_cast<GLsizei>(surface_->width()),
		   static_cast<GLsizei>(surface_->height()));
	/* Transparent where there is no panel: the video shows through. */
	glClearColor(0, 0, 0, 0);
	glClear(GL_COLOR_BUFFER_BIT);
	renderer_->render(drawData);
	ret = surface_->present();
	if (ret < 0)
		return ret;
	overlay_.drawn(nowNs);
	return 0;
}

} /* namespace sluice */
