/* SPDX-License-Identifier: MIT */
#include "imgui_gles_renderer.h"

#include <GLES2/gl2.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include "gles_version.h"

namespace sluice {

std::unique_ptr<ImGuiGlesRenderer> ImGuiGlesRenderer::create(ImGuiContext *context,
							     std::string *why)
{
	const char *versionText = reinterpret_cast<const char *>(glGetString(GL_VERSION));
	if (!versionText) {
		*why = "no current GL context (glGetString(GL_VERSION) is null)";
		return nullptr;
	}
	const char *glsl = glslVersionFor(parseGlVersion(versionText));
	if (!glsl) {
		*why = std::string("not a GLES 2 or later context: ") + versionText;
		return nullptr;
	}
	std::unique_ptr<ImGuiGlesRenderer> renderer(new ImGuiGlesRenderer());
	renderer->context_ = context;
	renderer->glVersion_ = versionText;
	renderer->glslVersion_ = glsl;
	ImGui::SetCurrentContext(context);
	if (!ImGui_ImplOpenGL3_Init(glsl)) {
		*why = "the ImGui OpenGL3 backend refused to start";
		renderer->context_ = nullptr;
		return nullptr;
	}
	return renderer;
}

ImGuiGlesRenderer::~ImGuiGlesRenderer()
{
	if (!context_)
		return;
	ImGui::SetCurrentContext(context_);
	ImGui_ImplOpenGL3_Shutdown();
}

void ImGuiGlesRenderer::newFrame()
{
	ImGui::SetCurrentContext(context_);
	ImGui_ImplOpenGL3_NewFrame();
}

int ImGuiGlesRenderer::render(ImDrawData *drawData)
{
	if (!drawData)
		return 0;
	int commands = 0;
	for (int i = 0; i < drawData->CmdListsCount; i++)
		commands += drawData->CmdLists[i]->CmdBuffer.Size;
	ImGui::SetCurrentContext(context_);
	ImGui_ImplOpenGL3_RenderDrawData(drawData);
	return commands;
}

} /* namespace sluice */
