/* SPDX-License-Identifier: MIT */
/*
 * BitReader: MSB-first reader for codec headers, with exp-Golomb codes.
 *
 * In Rbsp mode it drops H.264/HEVC emulation-prevention bytes (the 0x03 in 0x000003) on
 * the fly, and remembers where, because drivers want some header sizes counted in the
 * escaped bitstream (rawBitPosition()) and others in the RBSP (bitPosition()).
 *
 * Errors are sticky and never throw: reading past the end or an over-long exp-Golomb code
 * sets hasError() and returns 0. Parsers read a whole syntax structure, then check once.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace sluice {

class BitReader
{
public:
	enum class Mode { Raw, Rbsp };

	explicit BitReader(std::span<const uint8_t> data, Mode mode = Mode::Raw);

	/* n in [0, 32]. */
	uint32_t readBits(unsigned n);
	bool readFlag() { return readBits(1) != 0; }
	/* ue(v), up to 2^32 - 2. */
	uint32_t readUe();
	/* se(v). */
	int32_t readSe();
	/* Signed n-bit two's complement value (VP9's su(n) is sign-magnitude: see readSignMagnitude). */
	int32_t readSignMagnitude(unsigned n);
	void skipBits(size_t n);
	/* Skips to the next byte boundary of the unescaped stream. */
	void byteAlign();

	bool byteAligned() const { return (consumed_ & 7) == 0; }
	/* Bits read so far, in the unescaped (RBSP) stream. */
	size_t bitPosition() const { return consumed_; }
	/* Bits read so far, counting the emulation-prevention bytes that were dropped. */
	size_t rawBitPosition() const;
	/* Emulation-prevention bytes dropped before the current position. */
	size_t emulationBytesBefore() const;
	/* Whole bits not yet read, in the unescaped stream. */
	size_t bitsLeft() const;
	/* H.264 7.2 / HEVC 7.2 more_rbsp_data(): anything before the rbsp_stop_one_bit? */
	bool moreRbspData() const;

	bool hasError() const { return error_; }
	/* Marks the read as failed: for parsers that find an out-of-range value. */
	void setError() { error_ = true; }

private:
	void refill();

	std::span<const uint8_t> data_;
	Mode mode_;
	size_t pos_ = 0;           /* next input byte to load */
	unsigned zeroRun_ = 0;     /* consecutive 0x00 bytes loaded, for 0x000003 detection */
	uint64_t cache_ = 0;       /* loaded bits, MSB first */
	unsigned cacheBits_ = 0;
	size_t consumed_ = 0;      /* unescaped bits handed out */
	size_t unescapedLoaded_ = 0;
	std::vector<uint32_t> escapes_; /* unescaped byte offsets where a 0x03 was dropped */
	bool error_ = false;
};

} /* namespace sluice */
