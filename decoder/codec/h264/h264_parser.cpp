/* SPDX-License-Identifier: MIT */
#include "h264_parser.h"

#include <cerrno>

#include "h264_log.h"

namespace sluice {

H264Parser::H264Parser() = default;

int H264Parser::parseNal(std::span<const uint8_t> nal, H264ParsedNal *out, SyntaxTrace *trace)
{
	BitReader bits(nal, BitReader::Mode::Rbsp);
	SyntaxReader reader(bits, trace);
	out->data = nal;
	int ret = parseNalHeader(reader, &out->header);
	if (ret)
		return ret;

	switch (out->header.type) {
	case H264NalType::Sps: {
		auto sps = std::make_unique<H264Sps>();
		ret = parseSps(reader, sps.get());
		if (ret)
			return ret;
		out->parameterSetId = sps->id;
		spsById_[sps->id] = sps.get();
		spsStore_[sps->id] = std::move(sps);
		return 0;
	}
	case H264NalType::Pps: {
		auto pps = std::make_unique<H264Pps>();
		ret = parsePps(reader, spsById_.data(), pps.get());
		if (ret)
			return ret;
		out->parameterSetId = pps->id;
		ppsById_[pps->id] = pps.get();
		ppsStore_[pps->id] = std::move(pps);
		return 0;
	}
	case H264NalType::Slice:
	case H264NalType::IdrSlice:
		return parseSliceHeader(reader, out->header, ppsById_.data(), spsById_.data(), &out->slice);
	case H264NalType::SliceDataA:
	case H264NalType::SliceDataB:
	case H264NalType::SliceDataC:
		/* Data partitioning is Extended profile only; no stateless driver takes it. */
		LOG(H264, Error) << "data-partitioned slices (Extended profile) are not supported";
		return -ENOTSUP;
	default:
		return 0;
	}
}

} /* namespace sluice */
