/* SPDX-License-Identifier: MIT */
/*
 * Which GLSL dialect to give Dear ImGui's OpenGL3 backend, chosen from the context we got.
 *
 * The backend is compiled once, in its ES2 mode (docs/overlay.md says why), and that build
 * runs on ES 3.x contexts as well. The shader dialect is the one thing that must follow the
 * context at run time: a Mali-400 (lima) only compiles "#version 100", while ES 3.x drivers
 * take "#version 300 es", the dialect they are most tested with.
 */
#pragma once

namespace sluice {

struct GlVersion {
	bool es = false;
	int major = 0;
	int minor = 0;
};

/* Parses glGetString(GL_VERSION): "OpenGL ES 3.2 Mesa 22.3.6", "OpenGL ES 2.0 …", or a
 * desktop "4.6 (Core Profile) …" (es false). major 0 when the text is not a version. */
GlVersion parseGlVersion(const char *text);

/* The #version line for the backend, or nullptr when the context is not GLES 2 or later. */
const char *glslVersionFor(const GlVersion &version);

} /* namespace sluice */
