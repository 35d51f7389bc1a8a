/* SPDX-License-Identifier: MIT */
#include "h264_scaling_list.h"

#include <string>

namespace sluice {

const std::array<uint8_t, 16> kDefault4x4Intra = {
	6, 13, 13, 20, 20, 20, 28, 28, 28, 28, 32, 32, 32, 37, 37, 42,
};

const std::array<uint8_t, 16> kDefault4x4Inter = {
	10, 14, 14, 20, 20, 20, 24, 24, 24, 24, 27, 27, 27, 30, 30, 34,
};

const std::array<uint8_t, 64> kDefault8x8Intra = {
	6, 10, 10, 13, 11, 13, 16, 16, 16, 16, 18, 18, 18, 18, 18, 23,
	23, 23, 23, 23, 23, 25, 25, 25, 25, 25, 25, 25, 27, 27, 27, 27,
	27, 27, 27, 27, 29, 29, 29, 29, 29, 29, 29, 31, 31, 31, 31, 31,
	31, 33, 33, 33, 33, 33, 36, 36, 36, 36, 38, 38, 38, 40, 40, 42,
};

const std::array<uint8_t, 64> kDefault8x8Inter = {
	9, 13, 13, 15, 13, 15, 17, 17, 17, 17, 19, 19, 19, 19, 19, 21,
	21, 21, 21, 21, 21, 22, 22, 22, 22, 22, 22, 22, 24, 24, 24, 24,
	24, 24, 24, 24, 25, 25, 25, 25, 25, 25, 25, 27, 27, 27, 27, 27,
	27, 28, 28, 28, 28, 28, 30, 30, 30, 30, 32, 32, 32, 33, 33, 35,
};

const std::array<uint8_t, 16> kZigzag4x4ToRaster = {
	0, 1, 4, 8, 5, 2, 3, 6, 9, 12, 13, 10, 7, 11, 14, 15,
};

const std::array<uint8_t, 64> kZigzag8x8ToRaster = {
	0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
	12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
	35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
	58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
};

std::array<uint8_t, 16> scalingListToRaster(const std::array<uint8_t, 16> &zigzag)
{
	std::array<uint8_t, 16> raster;
	for (size_t k = 0; k < zigzag.size(); k++)
		raster[kZigzag4x4ToRaster[k]] = zigzag[k];
	return raster;
}

std::array<uint8_t, 64> scalingListToRaster(const std::array<uint8_t, 64> &zigzag)
{
	std::array<uint8_t, 64> raster;
	for (size_t k = 0; k < zigzag.size(); k++)
		raster[kZigzag8x8ToRaster[k]] = zigzag[k];
	return raster;
}

H264ScalingLists flatScalingLists()
{
	H264ScalingLists lists;
	for (auto &list : lists.list4x4)
		list.fill(16);
	for (auto &list : lists.list8x8)
		list.fill(16);
	return lists;
}

/* 7.3.2.1.1.1; returns useDefaultScalingMatrixFlag. */
template<size_t N>
static bool parseScalingList(SyntaxReader &reader, std::array<uint8_t, N> *list)
{
	int lastScale = 8;
	int nextScale = 8;
	for (size_t j = 0; j < N; j++) {
		if (nextScale != 0) {
			int delta = reader.seRange("delta_scale", -128, 127, static_cast<int>(j));
			if (reader.failed())
				return false;
			nextScale = (lastScale + delta + 256) % 256;
			if (j == 0 && nextScale == 0)
				return true;
		}
		(*list)[j] = static_cast<uint8_t>(nextScale == 0 ? lastScale : nextScale);
		lastScale = (*list)[j];
	}
	return false;
}

void parseScalingMatrix(SyntaxReader &reader, const char *prefix, unsigned listCount,
			const H264ScalingLists *fallback, H264ScalingLists *out)
{
	const std::string flagName = std::string(prefix) + "_scaling_list_present_flag";

	for (unsigned i = 0; i < 12; i++) {
		/* Lists past listCount are not sent (4:2:0 has no chroma 8x8 lists; no 8x8 lists
		 * without transform_8x8_mode_flag); they take their fall-back like absent ones. */
		bool present = i < listCount && reader.flag(flagName.c_str(), static_cast<int>(i));
		if (reader.failed())
			return;
		bool intra = i < 6 ? i < 3 : (i - 6) % 2 == 0;

		if (i < 6) {
			auto &list = out->list4x4[i];
			const auto &byDefault = intra ? kDefault4x4Intra : kDefault4x4Inter;
			if (present) {
				if (parseScalingList(reader, &list))
					list = byDefault;
			} else if (i == 0 || i == 3) {
				/* Table 7-2: first list of each kind falls back to the default (rule A)
				 * or the SPS list (rule B); the others to the previous list. */
				list = fallback ? fallback->list4x4[i] : byDefault;
			} else {
				list = out->list4x4[i - 1];
			}
		} else {
			unsigned k = i - 6;
			auto &list = out->list8x8[k];
			const auto &byDefault = intra ? kDefault8x8Intra : kDefault8x8Inter;
			if (present) {
				if (parseScalingList(reader, &list))
					list = byDefault;
			} else if (k < 2) {
				list = fallback ? fallback->list8x8[k] : byDefault;
			} else {
				/* Cb falls back to Y, Cr to Cb, of the same prediction kind. */
				list = out->list8x8[k - 2];
			}
		}
	}
}

} /* namespace sluice */
