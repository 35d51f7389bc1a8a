/* SPDX-License-Identifier: MIT */
/*
 * One tick of the overlay: hand over the model, ask OverlayVisibility what to do, and do it
 * on a target. The same code drives the Wayland subsurface (WaylandOverlay) and the
 * offscreen target of the tests, so what the tests see is what the player does.
 */
#pragma once

#include <cstdint>

#include "overlay_model.h"
#include "overlay_visibility.h"

namespace sluice {

class DebugOverlay;
class ImGuiGlesRenderer;

/* Where a drawn overlay frame goes. */
class OverlayTarget
{
public:
	virtual ~OverlayTarget() = default;
	/* Makes the GL context current on the target and binds it; gives its size in pixels. */
	virtual int beginFrame(uint32_t *width, uint32_t *height) = 0;
	/* Shows what was drawn (eglSwapBuffers on Wayland). */
	virtual int present() = 0;
	/* Leaves the target without a buffer (attach NULL + commit on Wayland). */
	virtual void detachBuffer() = 0;
};

/* Returns what was done, or -errno from the target. */
int tickOverlay(DebugOverlay &overlay, ImGuiGlesRenderer &renderer, OverlayTarget &target,
		const OverlayModel &model, uint64_t nowNs, OverlayAction *done);

} /* namespace sluice */
