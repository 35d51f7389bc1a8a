/* SPDX-License-Identifier: MIT */
#include <cinttypes>

#include <imgui.h>

#include "overlay_panels.h"

namespace sluice {

void drawPresentationPanel(const PresentationPath &path)
{
	ImGui::Spacing();
	ImGui::TextUnformatted("Presentation");
	ImGui::Separator();
	/* Green only for the path that costs neither a GPU pass nor a copy. */
	const ImVec4 colour = path.kind == PresentationKind::Scanout
				      ? ImVec4(0.4f, 1.0f, 0.4f, 1.0f)
				      : ImVec4(1.0f, 0.85f, 0.4f, 1.0f);
	ImGui::TextColored(colour, "%s", presentationKindName(path.kind));
	ImGui::SameLine();
	ImGui::Text("%s  modifier 0x%016" PRIx64, path.format.empty() ? "?" : path.format.c_str(),
		    path.modifier);
	if (!path.reason.empty()) {
		/* A fixed wrap width: TextWrapped() wraps at the window's width, which an
		 * auto-resizing window takes from its contents, and the two chase each other. */
		ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + kPanelWidth);
		ImGui::TextUnformatted(path.reason.c_str());
		ImGui::PopTextWrapPos();
	}
}

void drawDecodePanel(const OverlayModel &model)
{
	ImGui::Spacing();
	ImGui::TextUnformatted("Decode");
	ImGui::Separator();
	ImGui::Text("%.1f fps decoded   %.1f fps presented", model.decodedFps, model.presentedFps);
	const DurationSummary &latency = model.decodeLatency;
	if (latency.count == 0)
		ImGui::TextDisabled("latency: no samples yet");
	else
		ImGui::Text("latency min %.1f   median %.1f   max %.1f ms", latency.minNs / 1e6,
			    latency.medianNs / 1e6, latency.maxNs / 1e6);
}

} /* namespace sluice */
