/* SPDX-License-Identifier: MIT */
/*
 * H264Parser: the bitstream layer. Keeps the SPS and PPS tables and turns one NAL unit at a
 * time into its parsed form; it keeps no picture state (that is H264Decoder's job).
 */
#pragma once

#include <cstdint>
#include <span>

#include "codec/parameter_set_table.h"
#include "h264_nal.h"
#include "h264_pps.h"
#include "h264_slice_header.h"
#include "h264_sps.h"
#include "codec/syntax_reader.h"

namespace sluice {

struct H264ParsedNal {
	H264NalHeader header;
	std::span<const uint8_t> data; /* the whole NAL unit, header and escapes included */
	/* Valid when header.isSlice(). */
	H264SliceHeader slice;
	/* Valid for Sps / Pps units: which id was (re)defined. */
	unsigned parameterSetId = 0;
};

class H264Parser
{
public:
	H264Parser();

	/*
	 * Parses one NAL unit (no start code). SPS and PPS units update the tables; slices get
	 * their header parsed; SEI and every other type are only identified, never read (7.4.1:
	 * decoders may ignore what they do not use). With `trace`, every syntax element read is
	 * appended to it. Returns 0, -EINVAL (malformed), -ENOENT (missing parameter set),
	 * -ENOTSUP (an extension this front-end does not handle).
	 */
	int parseNal(std::span<const uint8_t> nal, H264ParsedNal *out, SyntaxTrace *trace = nullptr);

	const H264Sps *sps(unsigned id) const { return sps_.get(id); }
	const H264Pps *pps(unsigned id) const { return pps_.get(id); }

private:
	ParameterSetTable<H264Sps, kH264MaxSpsCount> sps_;
	ParameterSetTable<H264Pps, kH264MaxPpsCount> pps_;
};

} /* namespace sluice */
