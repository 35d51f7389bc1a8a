/* SPDX-License-Identifier: MIT */
/*
 * WaylandOverlay: the debug overlay put together on a real Wayland surface. The player
 * creates it with the subsurface the presentation layer placed above the video, feeds it a
 * model every tick, and receives player commands from the keyboard.
 */
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "debug_overlay.h"
#include "overlay_seat.h"

struct wl_display;
struct wl_surface;

namespace sluice {

class OverlayEgl;
class OverlaySurface;
class ImGuiGlesRenderer;

class WaylandOverlay
{
public:
	/* surface: an empty subsurface above the video; width/height in surface units. */
	static std::unique_ptr<WaylandOverlay> create(wl_display *display, wl_surface *surface,
						      uint32_t width, uint32_t height, float scale,
						      OverlaySeat::KeyHandler onKey,
						      std::string *why);
	~WaylandOverlay();
	WaylandOverlay(const WaylandOverlay &) = delete;
	WaylandOverlay &operator=(const WaylandOverlay &) = delete;

	DebugOverlay &overlay() { return overlay_; }
	/* "GLES 3 context, OpenGL ES 3.2 Mesa …, GLSL #version 300 es", for the log. */
	std::string describe() const;

	void resize(uint32_t width, uint32_t height, float scale);
	/* Draws, detaches or does nothing, as OverlayVisibility decides. 0 or -errno. */
	int tick(const OverlayModel &model, uint64_t nowNs);

private:
	WaylandOverlay() = default;

	DebugOverlay overlay_;
	std::unique_ptr<OverlayEgl> egl_;
	std::unique_ptr<OverlaySurface> surface_;
	std::unique_ptr<ImGuiGlesRenderer> renderer_;
	std::unique_ptr<OverlaySeat> seat_;
};

} /* namespace sluice */
