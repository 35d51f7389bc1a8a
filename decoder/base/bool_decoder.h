/* SPDX-License-Identifier: MIT */
/*
 * BoolDecoder: the binary arithmetic decoder of VP8 (RFC 6386, section 7) and VP9
 * (VP9 bitstream specification, section 9.2).
 *
 * The arithmetic is the specification's, run on a 64-bit window so that refills happen
 * once per several bytes. Running past the end feeds zeros, as both specifications say;
 * overrun() tells whether a header did that, which in a header means a corrupt frame.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace sluice {

class BoolDecoder
{
public:
	/* The coder state as V4L2's VP8 frame control describes it (see state()). */
	struct State {
		uint8_t range;
		uint8_t value;
		uint8_t bitCount;
	};

	/* Fails with -EINVAL on an empty buffer. */
	int init(std::span<const uint8_t> data);

	bool readBool(uint8_t probability);
	bool readBit() { return readBool(128); }
	/* An unsigned n-bit literal, most significant bit first, each bit at probability 128. */
	uint32_t readLiteral(unsigned bits);

	/*
	 * The specification's bit position: bits taken from the buffer into BoolValue so far,
	 * starting at 8 after init.
	 */
	size_t bitPosition() const;
	/* range (128..255), the top byte of value, and the bits consumed from that byte (0..7). */
	State state() const;
	/* True once the decoder read zeros past the end of its buffer. */
	bool overrun() const;

private:
	void fill();

	std::span<const uint8_t> data_;
	size_t pos_ = 0;     /* next byte to load */
	uint64_t value_ = 0; /* window; the specification's BoolValue is its top bits */
	int count_ = 0;      /* bits loaded in value_ beyond the 8 being compared */
	uint32_t range_ = 255;
	size_t zerosFed_ = 0; /* bits of zero padding fed past the end */
};

} /* namespace sluice */
