/* SPDX-License-Identifier: MIT */
#include <cinttypes>
#include <cstdio>

#include <imgui.h>

#include "duration_histogram.h"
#include "overlay_panels.h"

namespace sluice {

namespace {

double ms(uint64_t ns)
{
	return static_cast<double>(ns) / 1e6;
}

} /* namespace */

void drawDurationPanel(const char *title, const char *id, const DurationSummary &summary)
{
	ImGui::Spacing();
	ImGui::TextUnformatted(title);
	ImGui::Separator();
	if (summary.count == 0) {
		ImGui::TextDisabled("no samples yet");
		return;
	}
	ImGui::Text("min %.1f ms   median %.1f ms   max %.1f ms   (%" PRIu64 " samples)",
		    ms(summary.minNs), ms(summary.medianNs), ms(summary.maxNs), summary.count);

	const DurationHistogram histogram = bucketDurations(summary.recentNs, kHistogramBuckets);
	char axis[64];
	snprintf(axis, sizeof(axis), "bars of %g ms, 0 to %g ms", histogram.bucketMs,
		 histogram.bucketMs * kHistogramBuckets);
	ImGui::PushID(id);
	ImGui::PlotHistogram("##histogram", histogram.counts.data(),
			     static_cast<int>(histogram.counts.size()), 0, axis, 0.0f, FLT_MAX,
			     ImVec2(kPanelWidth, 48));
	ImGui::PopID();
}

void drawRequeueExplanation(const OverlayModel &model)
{
	size_t slots = 0;
	for (OverlaySlotState state : model.slotNow)
		slots += state != OverlaySlotState::Dead; /* retired slots no longer cycle */
	if (model.requeueInterval.count == 0 || slots == 0 || model.decodedFps <= 0)
		return;
	/* acquire() hands out the least recently freed slot, so with every slot cycling a
	 * given one comes back after all the others: slots / fps. A measured median near that
	 * figure says the interval is the pool size, not a slow release. */
	const double cycleMs = 1000.0 * static_cast<double>(slots) / model.decodedFps;
	ImGui::TextDisabled("%zu slots at %.1f fps cycle in %.0f ms; measured median %.0f ms",
			    slots, model.decodedFps, cycleMs, ms(model.requeueInterval.medianNs));
	if (model.compositorHold.count > 0 && model.compositorHold.medianNs > 0)
		ImGui::TextDisabled("re-queue median is %.1fx the compositor hold median",
				    static_cast<double>(model.requeueInterval.medianNs) /
					    static_cast<double>(model.compositorHold.medianNs));
}

} /* namespace sluice */
