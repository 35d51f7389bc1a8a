/* SPDX-License-Identifier: MIT */
/*
 * HevcParser: the bitstream layer. Keeps the VPS, SPS and PPS tables and turns one NAL unit
 * at a time into its parsed form; it keeps no picture state (that is HevcDecoder's job),
 * except the last independent slice segment header, which dependent segments inherit.
 */
#pragma once

#include <cstdint>
#include <span>

#include "codec/parameter_set_table.h"
#include "hevc_nal.h"
#include "hevc_pps.h"
#include "hevc_slice_header.h"
#include "hevc_sps.h"
#include "hevc_vps.h"

namespace sluice {

struct HevcParsedNal {
	HevcNalHeader header;
	std::span<const uint8_t> data; /* the whole NAL unit, header and escapes included */
	/* Valid when header.isSlice() and the parse succeeded. */
	HevcSliceHeader slice;
	/* Valid for VPS / SPS / PPS units: which id was (re)defined. */
	unsigned parameterSetId = 0;
};

class HevcParser
{
public:
	HevcParser();

	/*
	 * Parses one NAL unit (no start code). Parameter sets update the tables; slices get their
	 * header parsed; SEI and every other type are only identified. NAL units of layers other
	 * than the base layer are only identified (F.7.4.2.2: a single-layer decoder ignores
	 * them). With `trace`, every syntax element read is appended to it. Returns 0, -EINVAL
	 * (malformed), -ENOENT (missing parameter set), -ENOTSUP (an extension not handled).
	 */
	int parseNal(std::span<const uint8_t> nal, HevcParsedNal *out, SyntaxTrace *trace = nullptr);

	const HevcSps *sps(unsigned id) const { return sps_.get(id); }
	const HevcPps *pps(unsigned id) const { return pps_.get(id); }

private:
	ParameterSetTable<HevcVps, kHevcMaxVpsCount> vps_;
	ParameterSetTable<HevcSps, kHevcMaxSpsCount> sps_;
	ParameterSetTable<HevcPps, kHevcMaxPpsCount> pps_;
	HevcSliceHeader lastIndependent_;
	bool hasLastIndependent_ = false;
};

} /* namespace sluice */
