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
	case H264NalType::Sps:
		return sps_.parseAndStore([&](H264Sps *sps) { return parseSps(reader, sps); },
					  &out->parameterSetId);
	case H264NalType::Pps:
		return pps_.parseAndStore(
			[&](H264Pps *pps) { return parsePps(reader, sps_.byId(), pps); },
			&out->parameterSetId);
	case H264NalType::Slice:
	case H264NalType::IdrSlice:
		return parseSliceHeader(reader, out->header, pps_.byId(), sps_.byId(), &out->slice);
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
