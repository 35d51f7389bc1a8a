/* SPDX-License-Identifier: MIT */
/*
 * ImGuiGlesRenderer: Dear ImGui's stock OpenGL3 backend on the current GLES context.
 *
 * The backend is built in its ES2 mode (no vertex array objects, no GLES3-only calls), which
 * runs on GLES 2 and GLES 3 contexts alike; the GLSL dialect is chosen here at run time from
 * GL_VERSION (gles_version.h). See docs/overlay.md.
 */
#pragma once

#include <memory>
#include <string>

struct ImGuiContext;
struct ImDrawData;

namespace sluice {

class ImGuiGlesRenderer
{
public:
	/* The GLES context must be current, here and for every later call. */
	static std::unique_ptr<ImGuiGlesRenderer> create(ImGuiContext *context, std::string *why);
	~ImGuiGlesRenderer();
	ImGuiGlesRenderer(const ImGuiGlesRenderer &) = delete;
	ImGuiGlesRenderer &operator=(const ImGuiGlesRenderer &) = delete;

	/* GL_VERSION as the driver reported it, and the "#version" line given to the backend. */
	const std::string &glVersion() const { return glVersion_; }
	const std::string &glslVersion() const { return glslVersion_; }

	/* Before ImGui::NewFrame(): creates the shaders and font texture on first use. */
	void newFrame();
	/* Draws into the bound framebuffer; returns the number of draw commands issued. */
	int render(ImDrawData *drawData);

private:
	ImGuiGlesRenderer() = default;

	ImGuiContext *context_ = nullptr;
	std::string glVersion_;
	std::string glslVersion_;
};

} /* namespace sluice */
