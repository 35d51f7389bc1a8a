/* SPDX-License-Identifier: MIT */
#include "slice_layout.h"

#include <algorithm>
#include <cstdlib>

#include "v4l2/decoder_probe.h"

namespace sluice {

bool menuOffers(const std::vector<std::string> &menu, std::string_view name)
{
	return std::any_of(menu.begin(), menu.end(), [&](const std::string &entry) {
		return entry.find(name) != std::string::npos;
	});
}

SliceLayout chooseSliceLayout(const CodecSupport *codec, const char *forceSliceVariable)
{
	SliceLayout layout;
	if (codec) {
		/* Frame-based decoding takes one request per picture: fewer ioctls, and what
		 * rkvdec and hantro require. Slice-based where it is all the device offers. */
		if (!codec->decodeModes.empty() && !menuOffers(codec->decodeModes, "Frame"))
			layout.frameBased = false;
		if (!codec->startCodes.empty() && !menuOffers(codec->startCodes, "Annex B"))
			layout.annexB = false;
	}
	/* A frame-based device needs start codes to find the slices in one buffer. */
	if (layout.frameBased && !layout.annexB)
		layout.frameBased = false;
	/* Forcing slice-based mode lets the controls be compared with a peer that decodes
	 * slice by slice. */
	if (const char *forced = std::getenv(forceSliceVariable);
	    forced && std::string_view(forced) == "slice" && codec &&
	    (codec->decodeModes.empty() || menuOffers(codec->decodeModes, "Slice")))
		layout.frameBased = false;
	return layout;
}

void appendNal(std::vector<uint8_t> &bitstream, std::span<const uint8_t> nal, bool annexB)
{
	if (annexB)
		bitstream.insert(bitstream.end(), { 0x00, 0x00, 0x01 });
	bitstream.insert(bitstream.end(), nal.begin(), nal.end());
}

} /* namespace sluice */
