/* SPDX-License-Identifier: MIT */
#include "bool_decoder.h"

#include <cerrno>

namespace sluice {

namespace {
constexpr int kWindowBits = 64;
} /* namespace */

int BoolDecoder::init(std::span<const uint8_t> data)
{
	if (data.empty())
		return -EINVAL;
	data_ = data;
	pos_ = 0;
	value_ = 0;
	count_ = -8;
	range_ = 255;
	zerosFed_ = 0;
	fill();
	return 0;
}

void BoolDecoder::fill()
{
	/* Load whole bytes below the bits already present, MSB first. */
	int shift = kWindowBits - 8 - (count_ + 8);
	while (shift >= 0) {
		if (pos_ < data_.size()) {
			value_ |= static_cast<uint64_t>(data_[pos_++]) << shift;
		} else {
			zerosFed_ += 8;
		}
		count_ += 8;
		shift -= 8;
	}
}

bool BoolDecoder::readBool(uint8_t probability)
{
	uint32_t split = 1 + (((range_ - 1) * probability) >> 8);
	uint64_t bigSplit = static_cast<uint64_t>(split) << (kWindowBits - 8);
	bool bit;
	if (value_ >= bigSplit) {
		range_ -= split;
		value_ -= bigSplit;
		bit = true;
	} else {
		range_ = split;
		bit = false;
	}

	/* Renormalise so that range is back in [128, 255]. */
	int shift = __builtin_clz(range_) - 24;
	range_ <<= shift;
	value_ <<= shift;
	count_ -= shift;
	if (count_ < 0)
		fill();
	return bit;
}

uint32_t BoolDecoder::readLiteral(unsigned bits)
{
	uint32_t value = 0;
	while (bits--)
		value = (value << 1) | readBool(128);
	return value;
}

size_t BoolDecoder::bitPosition() const
{
	/* Everything loaded, less what waits below the 8-bit comparison window; this counts the
	 * 8 bits the specification's init_bool() reads, as its own bit position does. */
	size_t loaded = 8 * pos_ + zerosFed_;
	return loaded - static_cast<size_t>(count_);
}

BoolDecoder::State BoolDecoder::state() const
{
	return State{
		static_cast<uint8_t>(range_),
		static_cast<uint8_t>(value_ >> (kWindowBits - 8)),
		static_cast<uint8_t>((8 + count_) % 8),
	};
}

bool BoolDecoder::overrun() const
{
	return bitPosition() > 8 * data_.size();
}

} /* namespace sluice */
