/* SPDX-License-Identifier: MIT */
#include "drm_format.h"

#include <array>
#include <cstdio>
#include <drm_fourcc.h>
#include <linux/videodev2.h>

#include "fourcc.h"

namespace sluice {

namespace {

struct Entry {
	uint32_t v4l2;
	DrmFormat drm;
};

/*
 * Tiled formats map to the plain DRM fourcc of the same sample layout plus the vendor
 * modifier that names the tiling: NV12 in Allwinner's 32x32 tiles (cedrus) and in 4x4 tiles
 * (hantro's post-processor-less output, which Vivante's tiling describes).
 */
constexpr std::array kTable{
	Entry{ V4L2_PIX_FMT_NV12, { DRM_FORMAT_NV12, DRM_FORMAT_MOD_LINEAR, 1 } },
	Entry{ V4L2_PIX_FMT_NV12M, { DRM_FORMAT_NV12, DRM_FORMAT_MOD_LINEAR, 2 } },
	Entry{ V4L2_PIX_FMT_NV21, { DRM_FORMAT_NV21, DRM_FORMAT_MOD_LINEAR, 1 } },
	Entry{ V4L2_PIX_FMT_NV16, { DRM_FORMAT_NV16, DRM_FORMAT_MOD_LINEAR, 1 } },
	Entry{ V4L2_PIX_FMT_YUV420, { DRM_FORMAT_YUV420, DRM_FORMAT_MOD_LINEAR, 1 } },
	Entry{ V4L2_PIX_FMT_YUV420M, { DRM_FORMAT_YUV420, DRM_FORMAT_MOD_LINEAR, 3 } },
	Entry{ V4L2_PIX_FMT_YVU420, { DRM_FORMAT_YVU420, DRM_FORMAT_MOD_LINEAR, 1 } },
	Entry{ V4L2_PIX_FMT_NV12_32L32, { DRM_FORMAT_NV12, DRM_FORMAT_MOD_ALLWINNER_TILED, 1 } },
	Entry{ V4L2_PIX_FMT_NV12_4L4, { DRM_FORMAT_NV12, DRM_FORMAT_MOD_VIVANTE_TILED, 1 } },
	Entry{ V4L2_PIX_FMT_NV15, { DRM_FORMAT_NV15, DRM_FORMAT_MOD_LINEAR, 1 } },
	Entry{ V4L2_PIX_FMT_P010, { DRM_FORMAT_P010, DRM_FORMAT_MOD_LINEAR, 1 } },
};

constexpr std::array<uint32_t, kTable.size()> kKnown = [] {
	std::array<uint32_t, kTable.size()> out{};
	for (size_t i = 0; i < kTable.size(); i++)
		out[i] = kTable[i].v4l2;
	return out;
}();

} /* namespace */

std::optional<DrmFormat> drmFormatForV4l2(uint32_t v4l2Fourcc)
{
	for (const Entry &entry : kTable) {
		if (entry.v4l2 == v4l2Fourcc)
			return entry.drm;
	}
	return std::nullopt;
}

std::string drmModifierName(uint64_t modifier)
{
	switch (modifier) {
	case DRM_FORMAT_MOD_LINEAR:
		return "LINEAR";
	case DRM_FORMAT_MOD_ALLWINNER_TILED:
		return "ALLWINNER_TILED";
	case DRM_FORMAT_MOD_VIVANTE_TILED:
		return "VIVANTE_TILED";
	default: {
		char hex[24];
		std::snprintf(hex, sizeof(hex), "0x%016llx", static_cast<unsigned long long>(modifier));
		return hex;
	}
	}
}

std::span<const uint32_t> knownV4l2PixelFormats()
{
	return kKnown;
}

} /* namespace sluice */
