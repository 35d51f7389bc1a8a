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

} /* namespace sluice */
