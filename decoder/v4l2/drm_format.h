/* SPDX-License-Identifier: MIT */
/*
 * The DRM format (fourcc + modifier) that describes a decoder's CAPTURE pixel format, so
 * decoded frames can be imported as dma-bufs by EGL or KMS without a copy.
 */
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace sluice {

struct DrmFormat {
	uint32_t fourcc;   /* DRM_FORMAT_* */
	uint64_t modifier; /* DRM_FORMAT_MOD_* */
	/*
	 * Memory planes of the V4L2 format: 1 when every colour plane lives in one buffer
	 * (NV12), more for the V4L2 "M" variants (NV12M has two), whose planes are separate
	 * dma-bufs.
	 */
	unsigned memoryPlanes;
};

/* The DRM description of a V4L2 pixel format, or nothing when we know of none. */
std::optional<DrmFormat> drmFormatForV4l2(uint32_t v4l2Fourcc);

/* "LINEAR", "ALLWINNER_TILED", …, or the hex value for modifiers we do not name. */
std::string drmModifierName(uint64_t modifier);

/* Every V4L2 pixel format the map knows, for listings and tests. */
std::span<const uint32_t> knownV4l2PixelFormats();

} /* namespace sluice */
