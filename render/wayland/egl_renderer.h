/* SPDX-License-Identifier: MIT */
/*
 * EglRenderer: the GPU path. When the compositor will not take a dmabuf (or --present gpu
 * asks for it), the client's own GPU may still read it: EGL imports the slot's dmabuf
 * (EGL_EXT_image_dma_buf_import, with _modifiers for tiled layouts) as one YUV image sampled
 * as GL_TEXTURE_EXTERNAL_OES, or, where the driver refuses that, one image per plane
 * converted by our shader (egl_frame_image.h). The result goes to a wl_egl_window on the
 * video surface, drawn at the picture's size; the viewport scales it like a dmabuf.
 *
 * One copy on the GPU instead of a CPU conversion. Swap interval 0, so eglSwapBuffers never
 * waits for a frame callback inside the frame path; pacing is the presenter's job.
 */
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "video_frame.h"
#include "wl_ptr.h"

struct wl_egl_window;

namespace sluice {

class EglRenderer
{
public:
	/* Null, with *why, when EGL cannot import dmabufs here. */
	static std::unique_ptr<EglRenderer> create(wl_display *display, std::string *why);
	~EglRenderer();
	EglRenderer(const EglRenderer &) = delete;
	EglRenderer &operator=(const EglRenderer &) = delete;

	/* Whether EGL says it can import the pair (without the modifiers extension: only
	 * LINEAR, sent as an implicit layout). */
	bool canImport(uint32_t fourcc, uint64_t modifier) const;

	/*
	 * Draws frame's visible rect scaled to destW x destH on surface and swaps, which
	 * commits the surface. Waits for the GPU to finish reading (glFinish), so the slot may
	 * be released right after. -errno when the import or drawing failed.
	 */
	int draw(wl_surface *surface, const VideoFrame &frame, uint32_t destW, uint32_t destH);
	void forgetSlot(uint32_t slot);
	/* What the last failing draw() failed at, with the EGL or GL error, for the log. */
	const std::string &lastError() const;
	/* Drops the EGL window surface, before the video surface takes wl_buffers again. */
	void detach();

private:
	EglRenderer() = default;
	struct Impl;
	std::unique_ptr<Impl> impl_;
};

} /* namespace sluice */
