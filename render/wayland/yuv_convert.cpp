/* SPDX-License-Identifier: MIT */
#include "yuv_convert.h"

#include <algorithm>
#include <cstring>

namespace sluice {

namespace {

/* Coefficients * 2^16. Limited range scales Y by 255/219 and chroma by 255/224. */
struct Coeffs {
	int32_t y;  /* luma gain */
	int32_t rv; /* R from V */
	int32_t gu; /* G from U (subtracted) */
	int32_t gv; /* G from V (subtracted) */
	int32_t bu; /* B from U */
};

constexpr Coeffs kBt601Limited = { 76309, 104597, 25675, 53279, 132201 };
constexpr Coeffs kBt709Limited = { 76309, 117489, 13975, 34925, 138438 };
constexpr Coeffs kBt601Full = { 65536, 91881, 22554, 46802, 116130 };
constexpr Coeffs kBt709Full = { 65536, 103206, 12277, 30679, 121609 };

inline uint8_t clamp8(int32_t v)
{
	return uint8_t(std::clamp(v, 0, 255));
}

} /* namespace */

size_t copyNv12(const Nv12View &src, uint8_t *dstY, uint32_t dstYStride, uint8_t *dstUV,
		uint32_t dstUVStride)
{
	size_t bytes = 0;
	for (uint32_t row = 0; row < src.height; row++) {
		std::memcpy(dstY + size_t(row) * dstYStride, src.y + size_t(row) * src.yStride, src.width);
		bytes += src.width;
	}
	const uint32_t chromaRows = (src.height + 1) / 2;
	const uint32_t chromaBytes = (src.width + 1) & ~1u;
	for (uint32_t row = 0; row < chromaRows; row++) {
		std::memcpy(dstUV + size_t(row) * dstUVStride, src.uv + size_t(row) * src.uvStride,
			    chromaBytes);
		bytes += chromaBytes;
	}
	return bytes;
}

size_t convertNv12ToXrgb(const Nv12View &src, YuvMatrix matrix, bool fullRange, uint8_t *dst,
			 uint32_t dstStride)
{
	const Coeffs &c = matrix == YuvMatrix::Bt709 ? (fullRange ? kBt709Full : kBt709Limited)
						      : (fullRange ? kBt601Full : kBt601Limited);
	const int32_t yOffset = fullRange ? 0 : 16;

	for (uint32_t row = 0; row < src.height; row++) {
		const uint8_t *yRow = src.y + size_t(row) * src.yStride;
		const uint8_t *uvRow = src.uv + size_t(row / 2) * src.uvStride;
		uint32_t *out = reinterpret_cast<uint32_t *>(dst + size_t(row) * dstStride);
		for (uint32_t x = 0; x < src.width; x++) {
			const int32_t y = (int32_t(yRow[x]) - yOffset) * c.y;
			const int32_t u = int32_t(uvRow[x & ~1u]) - 128;
			const int32_t v = int32_t(uvRow[(x & ~1u) + 1]) - 128;
			const int32_t r = (y + c.rv * v + 32768) >> 16;
			const int32_t g = (y - c.gu * u - c.gv * v + 32768) >> 16;
			const int32_t b = (y + c.bu * u + 32768) >> 16;
			/* XRGB8888 is a little-endian u32: B in the lowest byte. */
			out[x] = 0xff000000u | uint32_t(clamp8(r)) << 16 | uint32_t(clamp8(g)) << 8 |
				 uint32_t(clamp8(b));
		}
	}
	return size_t(src.width) * src.height * 4;
}

} /* namespace sluice */
