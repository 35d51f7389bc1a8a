/* SPDX-License-Identifier: MIT */
/*
 * The boolean entropy *encoder* of RFC 6386 section 7.3, for building VP8 frame headers with
 * chosen values. It is the specification's encoder, written for the tests: it shares no code
 * with the decoder under test, so a header that round-trips checks the parser against the
 * syntax of section 19.2 rather than against itself.
 */
#pragma once

#include <cstdint>
#include <vector>

namespace sluice::test {

class Vp8BoolEncoder
{
public:
	void write(bool bit, uint8_t probability)
	{
		uint32_t split = 1 + (((range_ - 1) * probability) >> 8);
		if (bit) {
			bottom_ += split;
			range_ -= split;
		} else {
			range_ = split;
		}
		while (range_ < 128) {
			range_ <<= 1;
			if (bottom_ & (1u << 31))
				carry();
			bottom_ <<= 1;
			if (!--bitCount_) {
				out_.push_back(static_cast<uint8_t>(bottom_ >> 24));
				bottom_ &= 0xffffff;
				bitCount_ = 8;
			}
		}
	}
	void literal(unsigned bits, uint32_t value)
	{
		while (bits--)
			write((value >> bits) & 1, 128);
	}
	void flag(bool value) { write(value, 128); }
	/* An optional signed field of 19.2: flag, magnitude, sign. */
	void optionalSigned(unsigned bits, int value)
	{
		flag(value != 0);
		if (value) {
			literal(bits, static_cast<uint32_t>(value < 0 ? -value : value));
			flag(value < 0);
		}
	}
	/* 7.3: pushes the remaining bits of bottom out. */
	std::vector<uint8_t> finish()
	{
		for (int i = 0; i < 32; i++)
			write(false, 128);
		return out_;
	}

private:
	void carry()
	{
		/* 7.3 add_one_to_output: propagate the carry into bytes already written. */
		for (size_t i = out_.size(); i-- > 0;) {
			if (++out_[i] != 0)
				break;
		}
	}

	std::vector<uint8_t> out_;
	uint32_t range_ = 255;
	uint32_t bottom_ = 0;
	int bitCount_ = 24;
};

} /* namespace sluice::test */
