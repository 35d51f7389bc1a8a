/* SPDX-License-Identifier: MIT */
#include "overlay_tick.h"

#include <GLES2/gl2.h>

#include "debug_overlay.h"
#include "imgui_gles_renderer.h"

namespace sluice {

int tickOverlay(DebugOverlay &overlay, ImGuiGlesRenderer &renderer, OverlayTarget &target,
		const OverlayModel &model, uint64_t nowNs, OverlayAction *done)
{
	overlay.setModel(model);
	const OverlayAction action = overlay.next(nowNs);
	if (done)
		*done = action;
	switch (action) {
	case OverlayAction::Idle:
		return 0;
	case OverlayAction::DetachBuffer:
		target.detachBuffer();
		overlay.detached();
		return 0;
	case OverlayAction::Draw:
		break;
	}
	uint32_t width = 0, height = 0;
	int ret = target.beginFrame(&width, &height);
	if (ret < 0)
		return ret;
	ImDrawData *drawData = overlay.buildFrame(nowNs, &renderer);
	glViewport(0, 0, static_cast<GLsizei>(width), static_cast<GLsizei>(height));
	/* Transparent where there is no panel: the video shows through. */
	glClearColor(0, 0, 0, 0);
	glClear(GL_COLOR_BUFFER_BIT);
	renderer.render(drawData);
	ret = target.present();
	if (ret < 0)
		return ret;
	overlay.drawn(nowNs);
	return 0;
}

} /* namespace sluice */
