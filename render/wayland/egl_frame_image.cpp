/* SPDX-License-Identifier: MIT */
#include "egl_frame_image.h"

#include <cstdio>
#include <utility>

#include <drm_fourcc.h>

#include "fallback_chain.h"

namespace sluice {

namespace {

constexpr EGLint kFd[] = { EGL_DMA_BUF_PLANE0_FD_EXT, EGL_DMA_BUF_PLANE1_FD_EXT,
			   EGL_DMA_BUF_PLANE2_FD_EXT };
constexpr EGLint kOffset[] = { EGL_DMA_BUF_PLANE0_OFFSET_EXT, EGL_DMA_BUF_PLANE1_OFFSET_EXT,
			       EGL_DMA_BUF_PLANE2_OFFSET_EXT };
constexpr EGLint kPitch[] = { EGL_DMA_BUF_PLANE0_PITCH_EXT, EGL_DMA_BUF_PLANE1_PITCH_EXT,
			      EGL_DMA_BUF_PLANE2_PITCH_EXT };
constexpr EGLint kModLo[] = { EGL_DMA_BUF_PLANE0_MODIFIER_LO_EXT,
			      EGL_DMA_BUF_PLANE1_MODIFIER_LO_EXT,
			      EGL_DMA_BUF_PLANE2_MODIFIER_LO_EXT };
constexpr EGLint kModHi[] = { EGL_DMA_BUF_PLANE0_MODIFIER_HI_EXT,
			      EGL_DMA_BUF_PLANE1_MODIFIER_HI_EXT,
			      EGL_DMA_BUF_PLANE2_MODIFIER_HI_EXT };

/* Appends plane i's fd, offset, pitch and (when the layout is explicit) modifier as
 * attribute index slot. */
void addPlane(std::vector<EGLint> *a, const EglImageFunctions &egl, unsigned slot,
	      const FramePlane &plane, uint64_t modifier)
{
	a->insert(a->end(), { kFd[slot], plane.fd, kOffset[slot], EGLint(plane.offset),
			      kPitch[slot], EGLint(plane.stride) });
	if (egl.modifiers && modifier != DRM_FORMAT_MOD_INVALID)
		a->insert(a->end(), { kModLo[slot], EGLint(modifier & 0xffffffff), kModHi[slot],
				      EGLint(modifier >> 32) });
}

} /* namespace */

std::string eglErrorName(EGLint error)
{
	switch (error) {
	case EGL_SUCCESS: return "EGL_SUCCESS";
	case EGL_NOT_INITIALIZED: return "EGL_NOT_INITIALIZED";
	case EGL_BAD_ACCESS: return "EGL_BAD_ACCESS";
	case EGL_BAD_ALLOC: return "EGL_BAD_ALLOC";
	case EGL_BAD_ATTRIBUTE: return "EGL_BAD_ATTRIBUTE";
	case EGL_BAD_CONFIG: return "EGL_BAD_CONFIG";
	case EGL_BAD_CONTEXT: return "EGL_BAD_CONTEXT";
	case EGL_BAD_CURRENT_SURFACE: return "EGL_BAD_CURRENT_SURFACE";
	case EGL_BAD_DISPLAY: return "EGL_BAD_DISPLAY";
	case EGL_BAD_MATCH: return "EGL_BAD_MATCH";
	case EGL_BAD_NATIVE_PIXMAP: return "EGL_BAD_NATIVE_PIXMAP";
	case EGL_BAD_NATIVE_WINDOW: return "EGL_BAD_NATIVE_WINDOW";
	case EGL_BAD_PARAMETER: return "EGL_BAD_PARAMETER";
	case EGL_BAD_SURFACE: return "EGL_BAD_SURFACE";
	default: break;
	}
	char hex[32];
	std::snprintf(hex, sizeof(hex), "EGL error 0x%x", unsigned(error));
	return hex;
}

EglFrameImage::~EglFrameImage()
{
	reset();
}

EglFrameImage::EglFrameImage(EglFrameImage &&other) noexcept
{
	*this = std::move(other);
}

EglFrameImage &EglFrameImage::operator=(EglFrameImage &&other) noexcept
{
	if (this == &other)
		return *this;
	reset();
	egl_ = other.egl_;
	sampling_ = other.sampling_;
	images_ = other.images_;
	count_ = other.count_;
	planes_ = std::move(other.planes_);
	fourcc_ = other.fourcc_;
	modifier_ = other.modifier_;
	width_ = other.width_;
	height_ = other.height_;
	other.count_ = 0;
	other.images_.fill(EGL_NO_IMAGE_KHR);
	return *this;
}

void EglFrameImage::reset()
{
	for (unsigned i = 0; i < count_; i++)
		if (images_[i] != EGL_NO_IMAGE_KHR)
			egl_->destroyImage(egl_->display, images_[i]);
	images_.fill(EGL_NO_IMAGE_KHR);
	count_ = 0;
}

std::vector<uint32_t> EglFrameImage::planeFormats(uint32_t fourcc)
{
	switch (fourcc) {
	case DRM_FORMAT_NV12:
		/* GR88 keeps the byte order: R = the first byte (Cb), G = the second (Cr). */
		return { DRM_FORMAT_R8, DRM_FORMAT_GR88 };
	case DRM_FORMAT_YUV420:
		return { DRM_FORMAT_R8, DRM_FORMAT_R8, DRM_FORMAT_R8 };
	default:
		return {};
	}
}

bool EglFrameImage::sameBuffer(const VideoFrame &f) const
{
	if (fourcc_ != f.drmFourcc || modifier_ != f.modifier || width_ != f.width ||
	    height_ != f.height || planes_.size() != f.planes.size())
		return false;
	for (size_t i = 0; i < f.planes.size(); i++)
		if (planes_[i].fd != f.planes[i].fd || planes_[i].offset != f.planes[i].offset ||
		    planes_[i].stride != f.planes[i].stride)
			return false;
	return true;
}

bool EglFrameImage::importWhole(const EglImageFunctions &egl, const VideoFrame &f,
				std::string *error)
{
	reset();
	egl_ = &egl;
	std::vector<EGLint> a = {
		EGL_WIDTH, EGLint(f.width), EGL_HEIGHT, EGLint(f.height),
		EGL_LINUX_DRM_FOURCC_EXT, EGLint(f.drmFourcc),
		EGL_YUV_COLOR_SPACE_HINT_EXT,
		f.matrix == YuvMatrix::Bt709 ? EGL_ITU_REC709_EXT : EGL_ITU_REC601_EXT,
		EGL_SAMPLE_RANGE_HINT_EXT,
		f.fullRange ? EGL_YUV_FULL_RANGE_EXT : EGL_YUV_NARROW_RANGE_EXT,
	};
	for (unsigned i = 0; i < f.planes.size() && i < 3; i++)
		addPlane(&a, egl, i, f.planes[i], f.modifier);
	a.push_back(EGL_NONE);
	EGLImageKHR image = egl.createImage(egl.display, EGL_NO_CONTEXT, EGL_LINUX_DMA_BUF_EXT,
					    nullptr, a.data());
	if (image == EGL_NO_IMAGE_KHR) {
		*error = "eglCreateImageKHR(" + pairName(f.drmFourcc, f.modifier) + " as one image, " +
			 std::to_string(f.planes.size()) + " planes): " + eglErrorName(eglGetError());
		return false;
	}
	images_[0] = image;
	count_ = 1;
	imported(f, EglSampling::Whole);
	return true;
}

bool EglFrameImage::importPlanes(const EglImageFunctions &egl, const VideoFrame &f,
				 std::string *error)
{
	reset();
	egl_ = &egl;
	std::vector<uint32_t> formats = planeFormats(f.drmFourcc);
	if (formats.empty() || formats.size() != f.planes.size()) {
		*error = pairName(f.drmFourcc, f.modifier) + " cannot be imported plane by plane";
		return false;
	}
	if (f.modifier != DRM_FORMAT_MOD_LINEAR && f.modifier != DRM_FORMAT_MOD_INVALID) {
		*error = pairName(f.drmFourcc, f.modifier) + " is tiled: its planes are not images";
		return false;
	}
	for (unsigned i = 0; i < formats.size(); i++) {
		/* 4:2:0 chroma planes are half the size, rounded up. */
		uint32_t w = i == 0 ? f.width : (f.width + 1) / 2;
		uint32_t h = i == 0 ? f.height : (f.height + 1) / 2;
		std::vector<EGLint> a = { EGL_WIDTH, EGLint(w), EGL_HEIGHT, EGLint(h),
					  EGL_LINUX_DRM_FOURCC_EXT, EGLint(formats[i]) };
		addPlane(&a, egl, 0, f.planes[i], f.modifier);
		a.push_back(EGL_NONE);
		EGLImageKHR image = egl.createImage(egl.display, EGL_NO_CONTEXT,
						    EGL_LINUX_DMA_BUF_EXT, nullptr, a.data());
		if (image == EGL_NO_IMAGE_KHR) {
			*error = "eglCreateImageKHR(" + pairName(formats[i], f.modifier) + ", plane " +
				 std::to_string(i) + " of " + pairName(f.drmFourcc, f.modifier) +
				 "): " + eglErrorName(eglGetError());
			reset();
			return false;
		}
		images_[i] = image;
		count_ = i + 1;
	}
	imported(f, EglSampling::Planes);
	return true;
}

/* What the images show, so that a later frame of the same slot can be matched to them. */
void EglFrameImage::imported(const VideoFrame &f, EglSampling sampling)
{
	sampling_ = sampling;
	planes_ = f.planes;
	fourcc_ = f.drmFourcc;
	modifier_ = f.modifier;
	width_ = f.width;
	height_ = f.height;
}

} /* namespace sluice */
