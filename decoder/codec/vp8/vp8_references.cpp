/* SPDX-License-Identifier: MIT */
#include "vp8_references.h"

namespace sluice {

void Vp8References::update(const Vp8FrameHeader &h, uint64_t frameId)
{
	if (h.keyFrame) {
		last = golden = alternate = frameId;
		return;
	}
	std::optional<uint64_t> oldLast = last, oldGolden = golden, oldAlternate = alternate;
	/* 9.7: copy_buffer_to_golden 1 = last frame, 2 = altref; to altref 1 = last, 2 = golden. */
	if (h.refreshGolden)
		golden = frameId;
	else if (h.copyToGolden == 1)
		golden = oldLast;
	else if (h.copyToGolden == 2)
		golden = oldAlternate;
	if (h.refreshAlternate)
		alternate = frameId;
	else if (h.copyToAlternate == 1)
		alternate = oldLast;
	else if (h.copyToAlternate == 2)
		alternate = oldGolden;
	if (h.refreshLast)
		last = frameId;
}

std::set<uint64_t> Vp8References::held() const
{
	std::set<uint64_t> frames;
	for (const auto &ref : { last, golden, alternate })
		if (ref)
			frames.insert(*ref);
	return frames;
}

} /* namespace sluice */
