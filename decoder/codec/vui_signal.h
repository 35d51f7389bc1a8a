/* SPDX-License-Identifier: MIT */
/*
 * The start of the VUI that H.264 (E.1.1) and HEVC (E.2.1) share to the letter: sample
 * aspect ratio, overscan, video signal type with the colour description, chroma sample
 * location. Each codec's VUI extends VuiSignal with what follows, which differs.
 */
#pragma once

#include <cstdint>

#include "codec/syntax_reader.h"

namespace sluice {

struct VuiSignal {
	bool aspectRatioInfoPresent = false;
	uint8_t aspectRatioIdc = 0;
	uint16_t sarWidth = 0;
	uint16_t sarHeight = 0;
	bool videoSignalTypePresent = false;
	uint8_t videoFormat = 5;
	bool videoFullRange = false;
	uint8_t colourPrimaries = 2;
	uint8_t transferCharacteristics = 2;
	uint8_t matrixCoefficients = 2;
};

/*
 * Reads aspect_ratio_info_present_flag up to the chroma sample location into *vui. Returns
 * colour_description_present_flag (false when the video signal type is absent).
 */
inline bool parseVuiSignal(SyntaxReader &reader, VuiSignal *vui)
{
	/* Table E-1 (both specifications): aspect_ratio_idc 255 is Extended_SAR. */
	constexpr uint32_t kExtendedSar = 255;

	bool colourDescriptionPresent = false;
	vui->aspectRatioInfoPresent = reader.flag("aspect_ratio_info_present_flag");
	if (vui->aspectRatioInfoPresent) {
		vui->aspectRatioIdc = reader.u(8, "aspect_ratio_idc");
		if (vui->aspectRatioIdc == kExtendedSar) {
			vui->sarWidth = reader.u(16, "sar_width");
			vui->sarHeight = reader.u(16, "sar_height");
		}
	}
	if (reader.flag("overscan_info_present_flag"))
		reader.flag("overscan_appropriate_flag");
	vui->videoSignalTypePresent = reader.flag("video_signal_type_present_flag");
	if (vui->videoSignalTypePresent) {
		vui->videoFormat = reader.u(3, "video_format");
		vui->videoFullRange = reader.flag("video_full_range_flag");
		colourDescriptionPresent = reader.flag("colour_description_present_flag");
		if (colourDescriptionPresent) {
			vui->colourPrimaries = reader.u(8, "colour_primaries");
			vui->transferCharacteristics = reader.u(8, "transfer_characteristics");
			vui->matrixCoefficients = reader.u(8, "matrix_coefficients");
		}
	}
	if (reader.flag("chroma_loc_info_present_flag")) {
		reader.ueMax("chroma_sample_loc_type_top_field", 5);
		reader.ueMax("chroma_sample_loc_type_bottom_field", 5);
	}
	return colourDescriptionPresent;
}

} /* namespace sluice */
