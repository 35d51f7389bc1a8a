/* SPDX-License-Identifier: MIT */
/*
 * HEVC scaling lists (7.3.4, 7.4.5): parsing with prediction from another list or the
 * default, the default tables (Tables 7-5 and 7-6), and the up-right diagonal scan (6.5.3)
 * that maps coded order to the raster order drivers and the V4L2 uAPI want.
 */
#pragma once

#include <array>
#include <cstdint>

#include "codec/syntax_reader.h"

namespace sluice {

/*
 * Lists by sizeId (0: 4x4, 1: 8x8, 2: 16x16, 3: 32x32) and matrixId (0..5: intra Y, Cb, Cr,
 * inter Y, Cb, Cr; sizeId 3 codes only matrixId 0 and 3). In coded (diagonal) order; 4x4
 * lists use the first 16 entries. dc[sizeId - 2][matrixId] is the DC of 16x16 and 32x32.
 */
struct HevcScalingLists {
	std::array<std::array<std::array<uint8_t, 64>, 6>, 4> lists{};
	std::array<std::array<uint8_t, 6>, 2> dc{};
};

/* Table 7-6, in diagonal order (Table 7-5's 4x4 default is all 16). */
extern const std::array<uint8_t, 64> kHevcDefault8x8Intra;
extern const std::array<uint8_t, 64> kHevcDefault8x8Inter;

/* The lists scaling_list_enabled_flag selects when no data is sent (7.4.3.2.1). */
HevcScalingLists defaultHevcScalingLists();

/* Reads scaling_list_data(); errors (and an out-of-range prediction) stick in `reader`. */
void parseHevcScalingListData(SyntaxReader &reader, HevcScalingLists *out);

/* One list in raster order: 4x4 (16 entries) or the 8x8 coefficients of larger sizes. */
std::array<uint8_t, 16> hevcScalingList4x4ToRaster(const std::array<uint8_t, 64> &diagonal);
std::array<uint8_t, 64> hevcScalingList8x8ToRaster(const std::array<uint8_t, 64> &diagonal);

} /* namespace sluice */
