/* SPDX-License-Identifier: MIT */
/*
 * The boolean entropy *encoder* of RFC 6386 section 7.3, for building VP8 and VP9 (which uses
 * the same arithmetic) bitstreams with chosen values. It is the specification's encoder,
 * written for the tests and kept deliberately plain (one bit at a time, with explicit carry
 * propagation): it shares no code with the decoder under test, so what round-trips checks the
 * decoder and parsers against the specification rather than against themselves.
 */
#pragma once

#include <cstdint>
#include <vector>

namespace sluice::test {

class BoolEncoder
{
public:
	void write(bool bit, uint8_t probability = 128)
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
	/* MSB first at probability 128, as both formats' literals are read. */
	void literal(unsigned bits, uint32_t value)
	{
		while (bits--)
			write((value >> bits) & 1);
	}
	void flag(bool value) { write(value); }
	/* A VP8 optional signed field of 19.2: flag, magnitude, sign. */
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
			write(false);
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
