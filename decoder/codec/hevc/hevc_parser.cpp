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
	case HevcNalType::Vps: {
		auto vps = std::make_unique<HevcVps>();
		ret = parseHevcVps(reader, vps.get());
		if (ret)
			return ret;
		out->parameterSetId = vps->id;
		vpsStore_[vps->id] = std::move(vps);
		return 0;
	}
	case HevcNalType::Sps: {
		auto sps = std::make_unique<HevcSps>();
		ret = parseHevcSps(reader, sps.get());
		if (ret)
			return ret;
		out->parameterSetId = sps->id;
		spsById_[sps->id] = sps.get();
		spsStore_[sps->id] = std::move(sps);
		return 0;
	}
	case HevcNalType::Pps: {
		auto pps = std::make_unique<HevcPps>();
		ret = parseHevcPps(reader, spsById_.data(), pps.get());
		if (ret)
			return ret;
		out->parameterSetId = pps->id;
		ppsById_[pps->id] = pps.get();
		ppsStore_[pps->id] = std::move(pps);
		/* A slice segment header only makes sense with the PPS it was read with. */
		hasLastIndependent_ = false;
		return 0;
	}
	default:
		break;
	}
	if (!out->header.isSlice())
		return 0;
	ret = parseHevcSliceHeader(reader, out->header, nal.size(), ppsById_.data(), spsById_.data(),
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
