/* SPDX-License-Identifier: MIT */
#include "hevc_scaling_list.h"

#include <algorithm>
#include <string>

namespace sluice {

const std::array<uint8_t, 64> kHevcDefault8x8Intra = {
	16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 17, 16, 17, 16, 17, 18,
	17, 18, 18, 17, 18, 21, 19, 20, 21, 20, 19, 21, 24, 22, 22, 24,
	24, 22, 22, 24, 25, 25, 27, 30, 27, 25, 25, 29, 31, 35, 35, 31,
	29, 36, 41, 44, 41, 36, 47, 54, 54, 47, 65, 70, 65, 88, 88, 115,
};

const std::array<uint8_t, 64> kHevcDefault8x8Inter = {
	16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 17, 17, 17, 17, 17, 18,
	18, 18, 18, 18, 18, 20, 20, 20, 20, 20, 20, 20, 24, 24, 24, 24,
	24, 24, 24, 24, 25, 25, 25, 25, 25, 25, 25, 28, 28, 28, 28, 28,
	28, 33, 33, 33, 33, 33, 41, 41, 41, 41, 54, 54, 54, 71, 71, 91,
};

namespace {

/* Table 7-5/7-6: the default list of (sizeId, matrixId). */
std::array<uint8_t, 64> defaultList(unsigned sizeId, unsigned matrixId)
{
	std::array<uint8_t, 64> list;
	if (sizeId == 0)
		list.fill(16);
	else
		list = matrixId < 3 ? kHevcDefault8x8Intra : kHevcDefault8x8Inter;
	return list;
}

/* 6.5.3: the up-right diagonal scan of a blkSize x blkSize block, as raster positions. */
template<unsigned BlkSize>
std::array<uint8_t, BlkSize * BlkSize> diagonalScanToRaster()
{
	std::array<uint8_t, BlkSize * BlkSize> raster{};
	unsigned i = 0;
	int x = 0, y = 0;
	while (i < BlkSize * BlkSize) {
		while (y >= 0) {
			if (x < static_cast<int>(BlkSize) && y < static_cast<int>(BlkSize))
				raster[i++] = static_cast<uint8_t>(y * BlkSize + x);
			y--;
			x++;
		}
		y = x;
		x = 0;
	}
	return raster;
}

} /* namespace */

HevcScalingLists defaultHevcScalingLists()
{
	HevcScalingLists lists;
	for (unsigned sizeId = 0; sizeId < 4; sizeId++)
		for (unsigned matrixId = 0; matrixId < 6; matrixId++)
			lists.lists[sizeId][matrixId] = defaultList(sizeId, matrixId);
	for (auto &dc : lists.dc)
		dc.fill(16);
	return lists;
}

void parseHevcScalingListData(SyntaxReader &reader, HevcScalingLists *out)
{
	*out = defaultHevcScalingLists();
	for (unsigned sizeId = 0; sizeId < 4 && !reader.failed(); sizeId++) {
		/* 7.3.4: 32x32 lists are coded for luma only (matrixId 0 and 3). */
		unsigned step = sizeId == 3 ? 3 : 1;
		for (unsigned matrixId = 0; matrixId < 6 && !reader.failed(); matrixId += step) {
			int s = static_cast<int>(sizeId), m = static_cast<int>(matrixId);
			auto &list = out->lists[sizeId][matrixId];
			if (!reader.flag("scaling_list_pred_mode_flag", s, m)) {
				unsigned delta = reader.ueMax("scaling_list_pred_matrix_id_delta",
							      sizeId == 3 ? matrixId / 3 : matrixId, s, m);
				if (reader.failed())
					return;
				/* 7.4.5: delta 0 takes the default list; otherwise an earlier list of
				 * the same size, DC included. */
				if (delta == 0) {
					list = defaultList(sizeId, matrixId);
					if (sizeId > 1)
						out->dc[sizeId - 2][matrixId] = 16;
				} else {
					unsigned ref = matrixId - delta * step;
					list = out->lists[sizeId][ref];
					if (sizeId > 1)
						out->dc[sizeId - 2][matrixId] = out->dc[sizeId - 2][ref];
				}
				continue;
			}
			int nextCoef = 8;
			unsigned coefNum = std::min(64u, 1u << (4 + (sizeId << 1)));
			if (sizeId > 1) {
				int dc = reader.seRange("scaling_list_dc_coef_minus8", -7, 247, s - 2, m);
				nextCoef = dc + 8;
				out->dc[sizeId - 2][matrixId] = static_cast<uint8_t>(nextCoef);
			}
			/* The coefficient name has three subscripts; the reader adds the last. */
			std::string name = "scaling_list_delta_coeff[" + std::to_string(sizeId) + "][" +
					   std::to_string(matrixId) + "]";
			for (unsigned i = 0; i < coefNum && !reader.failed(); i++) {
				int delta = reader.seRange(name.c_str(), -128, 127, static_cast<int>(i));
				nextCoef = (nextCoef + delta + 256) % 256;
				/* 7.4.5: ScalingList values are greater than 0. */
				if (nextCoef == 0)
					reader.fail();
				list[i] = static_cast<uint8_t>(nextCoef);
			}
		}
	}
	/* 7.3.4 (chroma 32x32, used only when ChromaArrayType is 3): inferred from 16x16. */
	for (unsigned matrixId : { 1u, 2u, 4u, 5u }) {
		out->lists[3][matrixId] = out->lists[2][matrixId];
		out->dc[1][matrixId] = out->dc[0][matrixId];
	}
}

std::array<uint8_t, 16> hevcScalingList4x4ToRaster(const std::array<uint8_t, 64> &diagonal)
{
	static const auto scan = diagonalScanToRaster<4>();
	std::array<uint8_t, 16> raster{};
	for (unsigned i = 0; i < 16; i++)
		raster[scan[i]] = diagonal[i];
	return raster;
}

std::array<uint8_t, 64> hevcScalingList8x8ToRaster(const std::array<uint8_t, 64> &diagonal)
{
	static const auto scan = diagonalScanToRaster<8>();
	std::array<uint8_t, 64> raster{};
	for (unsigned i = 0; i < 64; i++)
		raster[scan[i]] = diagonal[i];
	return raster;
}

} /* namespace sluice */
