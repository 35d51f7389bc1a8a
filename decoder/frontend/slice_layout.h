/* SPDX-License-Identifier: MIT */
/*
 * How an H.264 or HEVC front-end lays slices out for the device: one request per picture
 * (frame-based) or per slice, with or without Annex B start codes, as the device's
 * decode-mode and start-code menus ask.
 */
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {

struct CodecSupport;

struct SliceLayout {
	bool frameBased = true;
	bool annexB = true;
};

/* A menu entry of the device contains name. */
bool menuOffers(const std::vector<std::string> &menu, std::string_view name);

/*
 * The layout the device's menus allow, preferring frame-based with start codes; codec null:
 * the device said nothing, so the preferred one. forceSliceVariable names an environment
 * variable that, set to "slice", forces slice-based mode where the device offers it.
 */
SliceLayout chooseSliceLayout(const CodecSupport *codec, const char *forceSliceVariable);

/* Appends nal to bitstream, behind a 3-byte start code when annexB. */
void appendNal(std::vector<uint8_t> &bitstream, std::span<const uint8_t> nal, bool annexB);

/*
 * Lays out slices (each with a .nal) into bitstream and calls submit(sliceIndex, lastSlice)
 * for each request: once for all slices when frameBased, else once per slice, stopping at
 * the first failure. 0 or submit's -errno.
 */
template<typename Slices, typename Submit>
int submitSlices(const Slices &slices, const SliceLayout &layout, std::vector<uint8_t> &bitstream,
		 Submit submit)
{
	if (layout.frameBased) {
		bitstream.clear();
		for (const auto &slice : slices)
			appendNal(bitstream, slice.nal, layout.annexB);
		return submit(0u, true);
	}
	int ret = 0;
	for (unsigned i = 0; i < slices.size() && ret == 0; i++) {
		bitstream.clear();
		appendNal(bitstream, slices[i].nal, layout.annexB);
		ret = submit(i, i + 1 == slices.size());
	}
	return ret;
}

} /* namespace sluice */
