/* SPDX-License-Identifier: MIT */
#include "offscreen_target.h"

#include <cstring>

namespace sluice {

std::unique_ptr<OffscreenTarget> OffscreenTarget::create(uint32_t width, uint32_t height)
{
	std::unique_ptr<OffscreenTarget> target(new OffscreenTarget());
	target->width_ = width;
	target->height_ = height;
	/* A texture, not an RGBA8 renderbuffer: GLES 2 has no RGBA8 renderbuffer format
	 * without OES_rgb8_rgba8, but every driver renders to RGBA/UNSIGNED_BYTE textures. */
	glGenTextures(1, &target->texture_);
	glBindTexture(GL_TEXTURE_2D, target->texture_);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
	glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, static_cast<GLsizei>(width),
		     static_cast<GLsizei>(height), 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
	glGenFramebuffers(1, &target->framebuffer_);
	glBindFramebuffer(GL_FRAMEBUFFER, target->framebuffer_);
	glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D,
			       target->texture_, 0);
	if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE)
		return nullptr;
	return target;
}

OffscreenTarget::~OffscreenTarget()
{
	glBindFramebuffer(GL_FRAMEBUFFER, 0);
	if (framebuffer_)
		glDeleteFramebuffers(1, &framebuffer_);
	if (texture_)
		glDeleteTextures(1, &texture_);
}

void OffscreenTarget::bind()
{
	glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
	glViewport(0, 0, static_cast<GLsizei>(width_), static_cast<GLsizei>(height_));
}

void OffscreenTarget::clear(float r, float g, float b, float a)
{
	bind();
	glClearColor(r, g, b, a);
	glClear(GL_COLOR_BUFFER_BIT);
}

std::vector<uint8_t> OffscreenTarget::readPixels()
{
	bind();
	const size_t stride = static_cast<size_t>(width_) * 4;
	std::vector<uint8_t> bottomUp(stride * height_);
	/* RGBA/UNSIGNED_BYTE is the one readback format GLES 2 guarantees. */
	glPixelStorei(GL_PACK_ALIGNMENT, 4);
	glReadPixels(0, 0, static_cast<GLsizei>(width_), static_cast<GLsizei>(height_), GL_RGBA,
		     GL_UNSIGNED_BYTE, bottomUp.data());
	/* GL's row 0 is the bottom; ImGui's y grows downwards. */
	std::vector<uint8_t> topDown(bottomUp.size());
	for (uint32_t y = 0; y < height_; y++)
		memcpy(&topDown[y * stride], &bottomUp[(height_ - 1 - y) * stride], stride);
	return topDown;
}

} /* namespace sluice */
