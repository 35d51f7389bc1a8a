/* SPDX-License-Identifier: MIT */
/*
 * SyntaxReader: a BitReader that can also record every syntax element it reads.
 *
 * The H.264, HEVC and MPEG-2 parsers read through it so that tests can compare each element,
 * by its spec name and in bitstream order, with an independent parser (FFmpeg's
 * trace_headers). When no trace is attached, recording costs one pointer test and formats
 * nothing.
 */
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/bit_reader.h"

namespace sluice {

struct TracedElement {
	std::string name;      /* spec name, with subscripts like "offset_for_ref_frame[3]" */
	int64_t value;
	size_t bitPosition;    /* RBSP bit offset of the element from the start of the NAL */
};

using SyntaxTrace = std::vector<TracedElement>;

class SyntaxReader
{
public:
	/* bitOffset: RBSP bits already consumed before `reader` starts (the NAL header). */
	SyntaxReader(BitReader &reader, SyntaxTrace *trace, size_t bitOffset = 0)
		: reader_(reader), trace_(trace), bitOffset_(bitOffset)
	{
	}

	uint32_t u(unsigned bits, const char *name, int i = -1, int j = -1)
	{
		size_t at = reader_.bitPosition();
		uint32_t value = reader_.readBits(bits);
		record(name, i, j, value, at);
		return value;
	}
	bool flag(const char *name, int i = -1, int j = -1) { return u(1, name, i, j) != 0; }
	uint32_t ue(const char *name, int i = -1, int j = -1)
	{
		size_t at = reader_.bitPosition();
		uint32_t value = reader_.readUe();
		record(name, i, j, value, at);
		return value;
	}
	int32_t se(const char *name, int i = -1, int j = -1)
	{
		size_t at = reader_.bitPosition();
		int32_t value = reader_.readSe();
		record(name, i, j, value, at);
		return value;
	}

	/* ue(v) that must lie in [0, max]; an out-of-range value marks the read failed. */
	uint32_t ueMax(const char *name, uint32_t max, int i = -1, int j = -1)
	{
		uint32_t value = ue(name, i, j);
		if (value > max)
			reader_.setError();
		return value;
	}
	/* se(v) that must lie in [min, max]. */
	int32_t seRange(const char *name, int32_t min, int32_t max, int i = -1, int j = -1)
	{
		int32_t value = se(name, i, j);
		if (value < min || value > max)
			reader_.setError();
		return value;
	}

	BitReader &bits() { return reader_; }
	bool failed() const { return reader_.hasError(); }
	void fail() { reader_.setError(); }
	/* Position in the NAL unit's RBSP, counting the NAL header. */
	size_t position() const { return bitOffset_ + reader_.bitPosition(); }
	/* Position counting emulation-prevention bytes too (bits of the escaped NAL unit). */
	size_t rawPosition() const { return bitOffset_ + reader_.rawBitPosition(); }

private:
	void record(const char *name, int i, int j, int64_t value, size_t at)
	{
		if (!trace_ || reader_.hasError())
			return;
		std::string full = name;
		if (i >= 0)
			full += "[" + std::to_string(i) + "]";
		if (j >= 0)
			full += "[" + std::to_string(j) + "]";
		trace_->push_back({ std::move(full), value, bitOffset_ + at });
	}

	BitReader &reader_;
	SyntaxTrace *trace_;
	size_t bitOffset_;
};

} /* namespace sluice */
