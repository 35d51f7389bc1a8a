/* SPDX-License-Identifier: MIT */
#include "hevc_parser.h"

#include <cerrno>

#include "hevc_log.h"

namespace sluice {

HevcParser::HevcParser() = default;

int HevcParser::parseNal(std::span<const uint8_t> nal, HevcParsedNal *out, SyntaxTrace *trace)
{
	BitReader bits(nal, BitReader::Mode::Rbsp);
	SyntaxReader reader(bits, trace);
	out->data = nal;
	int ret = parseHevcNalHeader(reader, &out->header);
	if (ret)
		return ret;
	if (out->header.layerId != 0)
		return 0;

	switch (out->header.type) {
	case HevcNalType::Vps:
		return vps_.parseAndStore([&](HevcVps *vps) { return parseHevcVps(reader, vps); },
					  &out->parameterSetId);
	case HevcNalType::Sps:
		return sps_.parseAndStore([&](HevcSps *sps) { return parseHevcSps(reader, sps); },
					  &out->parameterSetId);
	case HevcNalType::Pps:
		ret = pps_.parseAndStore(
			[&](HevcPps *pps) { return parseHevcPps(reader, sps_.byId(), pps); },
			&out->parameterSetId);
		if (ret)
			return ret;
		/* A slice segment header only makes sense with the PPS it was read with. */
		hasLastIndependent_ = false;
		return 0;
	default:
		break;
	}
	if (!out->header.isSlice())
		return 0;
	ret = parseHevcSliceHeader(reader, out->header, nal.size(), pps_.byId(), sps_.byId(),
				   hasLastIndependent_ ? &lastIndependent_ : nullptr, &out->slice);
	if (ret) {
		hasLastIndependent_ = false;
		return ret;
	}
	if (!out->slice.dependentSliceSegment) {
		lastIndependent_ = out->slice;
		hasLastIndependent_ = true;
	}
	return 0;
}

} /* namespace sluice */
