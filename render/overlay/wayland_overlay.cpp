/* SPDX-License-Identifier: MIT */
#include "wayland_overlay.h"

#include <cmath>

#include "imgui_gles_renderer.h"
#include "overlay_egl.h"
#include "overlay_log.h"
#include "overlay_surface.h"
#include "overlay_tick.h"

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
	overlay->seat_ = OverlaySeat::create(display, &overlay->overlay_.platform(), std::move(onKey),
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
	/* The subsurface as an OverlayTarget: swap to present, attach NULL to hide. */
	class SurfaceTarget : public OverlayTarget
	{
	public:
		explicit SurfaceTarget(OverlaySurface &surface) : surface_(surface) {}
		int beginFrame(uint32_t *width, uint32_t *height) override
		{
			*width = surface_.width();
			*height = surface_.height();
			return surface_.makeCurrent();
		}
		int present() override { return surface_.present(); }
		void detachBuffer() override { surface_.detachBuffer(); }

	private:
		OverlaySurface &surface_;
	};
	SurfaceTarget target(*surface_);
	return tickOverlay(overlay_, *renderer_, target, model, nowNs, nullptr);
}

} /* namespace sluice */
