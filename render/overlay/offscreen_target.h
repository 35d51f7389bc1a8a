/* SPDX-License-Identifier: MIT */
/*
 * OffscreenTarget: an RGBA framebuffer object to draw the overlay into without a surface,
 * and the pixels read back top row first (as ImGui's coordinates run), for tests and for
 * screenshots of the overlay.
 */
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <GLES2/gl2.h>

namespace sluice {

class OffscreenTarget
{
public:
	/* Needs a current GLES context; null when the FBO is incomplete. */
	static std::unique_ptr<OffscreenTarget> create(uint32_t width, uint32_t height);
	~OffscreenTarget();
	OffscreenTarget(const OffscreenTarget &) = delete;
	OffscreenTarget &operator=(const OffscreenTarget &) = delete;

	/* Binds the FBO and sets the viewport to all of it. */
	void bind();
	/* Fills it with one colour (components 0..1). */
	void clear(float r, float g, float b, float a);
	/* RGBA8, width*height*4 bytes, row 0 at the top. */
	std::vector<uint8_t> readPixels();

	uint32_t width() const { return width_; }
	uint32_t height() const { return height_; }

private:
	OffscreenTarget() = default;

	uint32_t width_ = 0;
	uint32_t height_ = 0;
	GLuint framebuffer_ = 0;
	GLuint texture_ = 0;
};

} /* namespace sluice */
