/* SPDX-License-Identifier: MIT */
/*
 * H.264 scaling lists (7.3.2.1.1.1, 7.4.2.1.1.1): parsing, the spec's default tables, the
 * fall-back rules of Table 7-2, and the zig-zag scan that maps coded order to raster order.
 */
#pragma once

#include <array>
#include <cstdint>

#include "codec/syntax_reader.h"

namespace sluice {

/*
 * The six 4x4 and six 8x8 lists, in coded (zig-zag) order as the bitstream sends them.
 * 4x4 order: Intra Y, Intra Cb, Intra Cr, Inter Y, Inter Cb, Inter Cr.
 * 8x8 order: Intra Y, Inter Y, Intra Cb, Inter Cb, Intra Cr, Inter Cr (Table 7-2, i = 6..11).
 */
struct H264ScalingLists {
	std::array<std::array<uint8_t, 16>, 6> list4x4;
	std::array<std::array<uint8_t, 64>, 6> list8x8;
};

/* Table 7-3 and 7-4, in zig-zag index order. */
extern const std::array<uint8_t, 16> kDefault4x4Intra;
extern const std::array<uint8_t, 16> kDefault4x4Inter;
extern const std::array<uint8_t, 64> kDefault8x8Intra;
extern const std::array<uint8_t, 64> kDefault8x8Inter;

/* Raster position of each zig-zag index (Table 8-12 frame scan; 8.5.6 and 8.5.9 use the
 * zig-zag scan for scaling lists even in field macroblocks). */
extern const std::array<uint8_t, 16> kZigzag4x4ToRaster;
extern const std::array<uint8_t, 64> kZigzag8x8ToRaster;

/* Coded (zig-zag) order to raster order, as drivers and the V4L2 uAPI want the lists. */
std::array<uint8_t, 16> scalingListToRaster(const std::array<uint8_t, 16> &zigzag);
std::array<uint8_t, 64> scalingListToRaster(const std::array<uint8_t, 64> &zigzag);

/* All 16: what "no scaling matrix" means (Flat_4x4_16 and Flat_8x8_16). */
H264ScalingLists flatScalingLists();

/*
 * Reads the scaling-list part of an SPS (fallback = nullptr: rule A) or a PPS (fallback =
 * the SPS lists when the SPS carried a matrix: rule B). listCount is 8 or 12 for an SPS, and
 * 6 + transform_8x8_mode_flag * (chroma_format_idc == 3 ? 6 : 2) for a PPS. `prefix` is
 * "seq" or "pic", naming the present flags as the spec does. Errors stick in `reader`.
 */
void parseScalingMatrix(SyntaxReader &reader, const char *prefix, unsigned listCount,
			const H264ScalingLists *fallback, H264ScalingLists *out);

} /* namespace sluice */
