/* SPDX-License-Identifier: MIT */
#include <cinttypes>

#include <imgui.h>

#include "overlay_panels.h"

namespace sluice {

void drawCountersPanel(const OverlayModel &model)
{
	ImGui::TextUnformatted("Counters");
	ImGui::Separator();
	const ImVec4 warning(1.0f, 0.45f, 0.3f, 1.0f);
	auto row = [&](const char *name, uint64_t value, bool badWhenNonZero) {
		/* Anything that should stay at zero turns red when it does not. */
		if (badWhenNonZero && value != 0)
			ImGui::TextColored(warning, "%-20s %12" PRIu64, name, value);
		else
			ImGui::Text("%-20s %12" PRIu64, name, value);
	};
	row("decoded", model.decoded, false);
	row("presented", model.presented, false);
	row("late drops", model.droppedLate, true);
	row("compositor discards", model.discardedByCompositor, true);
	row("decoder errors", model.decoderErrors, true);
	row("watchdog resets", model.watchdogResets, true);
}

} /* namespace sluice */
