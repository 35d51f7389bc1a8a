/* SPDX-License-Identifier: MIT */
/*
 * EglFrameImage: a decoded frame's dmabuf imported into EGL, for the GPU path.
 *
 * Two ways, tried in this order:
 *  - Whole: one EGLImage of the YUV format with all its planes
 *    (EGL_EXT_image_dma_buf_import), sampled as GL_TEXTURE_EXTERNAL_OES; the driver converts
 *    to RGB with the colour hints given at import, and detiles.
 *  - Planes: one EGLImage per colour plane as a plain colour format (NV12: R8 luma and GR88
 *    chroma; YUV420: three R8), sampled as GL_TEXTURE_2D and converted by our own shader.
 *    Drivers without a YUV import (llvmpipe refuses NV12 as one image) still take these,
 *    and compositors do the same (weston's GL renderer).
 * Only linear (or implicit) layouts can be split per plane: a tiled layout's planes are not
 * images of their own.
 */
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <EGL/egl.h>
#include <EGL/eglext.h>

#include "video_frame.h"

namespace sluice {

enum class EglSampling : uint8_t { Whole, Planes };

/* The EGL entry points an import needs (extension functions, looked up once). */
struct EglImageFunctions {
	EGLDisplay display = EGL_NO_DISPLAY;
	PFNEGLCREATEIMAGEKHRPROC createImage = nullptr;
	PFNEGLDESTROYIMAGEKHRPROC destroyImage = nullptr;
	bool modifiers = false; /* EGL_EXT_image_dma_buf_import_modifiers */
};

class EglFrameImage
{
public:
	EglFrameImage() = default;
	~EglFrameImage();
	EglFrameImage(EglFrameImage &&other) noexcept;
	EglFrameImage &operator=(EglFrameImage &&other) noexcept;
	EglFrameImage(const EglFrameImage &) = delete;
	EglFrameImage &operator=(const EglFrameImage &) = delete;

	/* Imports frame as one image; false with *error (the call and the EGL error). */
	bool importWhole(const EglImageFunctions &egl, const VideoFrame &frame, std::string *error);
	/* Imports frame one image per plane; false with *error. */
	bool importPlanes(const EglImageFunctions &egl, const VideoFrame &frame, std::string *error);

	/* Whether this image still describes frame's buffer (same fds, offsets, strides). */
	bool sameBuffer(const VideoFrame &frame) const;

	EglSampling sampling() const { return sampling_; }
	unsigned count() const { return count_; }
	EGLImageKHR image(unsigned i) const { return images_[i]; }

	/* The per-plane colour formats for fourcc; empty when it cannot be split. */
	static std::vector<uint32_t> planeFormats(uint32_t fourcc);

private:
	void reset();
	void imported(const VideoFrame &f, EglSampling sampling);

	const EglImageFunctions *egl_ = nullptr;
	EglSampling sampling_ = EglSampling::Whole;
	std::array<EGLImageKHR, 3> images_{ EGL_NO_IMAGE_KHR, EGL_NO_IMAGE_KHR, EGL_NO_IMAGE_KHR };
	unsigned count_ = 0;
	std::vector<FramePlane> planes_;
	uint32_t fourcc_ = 0;
	uint64_t modifier_ = 0;
	uint32_t width_ = 0, height_ = 0;
};

/* "EGL_BAD_ALLOC", or "EGL error 0x…". */
std::string eglErrorName(EGLint error);

} /* namespace sluice */
