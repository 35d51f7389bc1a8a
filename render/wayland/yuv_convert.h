/* SPDX-License-Identifier: MIT */
/*
 * CPU copies for the shm fallback: NV12 -> NV12 (re-pitched) and NV12 -> XRGB8888.
 *
 * This is the last resort of the fallback chain, so it is plain and predictable rather than
 * fast: integer fixed-point, limited-range BT.601 or BT.709 as the stream's colour info says,
 * the same matrices the dmabuf path's compositor would use, so colours do not shift when the
 * path changes.
 */
#pragma once

#include <cstddef>
#include <cstdint>

namespace sluice {

enum class YuvMatrix : uint8_t { Bt601, Bt709 };

struct Nv12View {
	const uint8_t *y = nullptr;
	uint32_t yStride = 0;
	const uint8_t *uv = nullptr;
	uint32_t uvStride = 0;
	uint32_t width = 0;  /* visible pixels to convert, even */
	uint32_t height = 0;
};

/* Returns the bytes written. */
size_t copyNv12(const Nv12View &src, uint8_t *dstY, uint32_t dstYStride, uint8_t *dstUV,
		uint32_t dstUVStride);
size_t convertNv12ToXrgb(const Nv12View &src, YuvMatrix matrix, bool fullRange, uint8_t *dst,
			 uint32_t dstStride);

} /* namespace sluice */
