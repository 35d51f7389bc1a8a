/* SPDX-License-Identifier: MIT */
#include "bit_reader.h"

#include <algorithm>

namespace sluice {

BitReader::BitReader(std::span<const uint8_t> data, Mode mode)
	: data_(data), mode_(mode)
{
	refill();
}

void BitReader::refill()
{
	while (cacheBits_ <= 56 && pos_ < data_.size()) {
		uint8_t byte = data_[pos_++];
		if (mode_ == Mode::Rbsp && zeroRun_ >= 2 && byte == 0x03) {
			escapes_.push_back(static_cast<uint32_t>(unescapedLoaded_));
			zeroRun_ = 0;
			continue;
		}
		zeroRun_ = byte == 0 ? zeroRun_ + 1 : 0;
		cache_ |= static_cast<uint64_t>(byte) << (56 - cacheBits_);
		cacheBits_ += 8;
		unescapedLoaded_++;
	}
}

uint32_t BitReader::readBits(unsigned n)
{
	if (n == 0)
		return 0;
	if (n > 32 || error_) {
		error_ = true;
		return 0;
	}
	if (cacheBits_ < n) {
		refill();
		if (cacheBits_ < n) {
			error_ = true;
			return 0;
		}
	}
	uint32_t value = static_cast<uint32_t>(cache_ >> (64 - n));
	cache_ <<= n;
	cacheBits_ -= n;
	consumed_ += n;
	if (cacheBits_ < 32)
		refill();
	return value;
}

void BitReader::skipBits(size_t n)
{
	while (n > 0 && !error_) {
		unsigned step = static_cast<unsigned>(std::min<size_t>(n, 32));
		readBits(step);
		n -= step;
	}
}

void BitReader::byteAlign()
{
	skipBits((8 - (consumed_ & 7)) & 7);
}

uint32_t BitReader::readUe()
{
	unsigned leadingZeros = 0;
	while (!error_ && readBits(1) == 0) {
		if (++leadingZeros > 31) {
			error_ = true;
			return 0;
		}
	}
	if (error_)
		return 0;
	/* 2^lz - 1 + suffix, computed in 64 bits since lz may be 31 with an all-ones suffix. */
	uint64_t value = (uint64_t{ 1 } << leadingZeros) - 1 + readBits(leadingZeros);
	if (value > UINT32_MAX) {
		error_ = true;
		return 0;
	}
	return static_cast<uint32_t>(value);
}

int32_t BitReader::readSe()
{
	uint32_t k = readUe();
	/* k = 2|v| - (v > 0): odd codes are positive. */
	int64_t magnitude = (static_cast<int64_t>(k) + 1) / 2;
	return static_cast<int32_t>((k & 1) ? magnitude : -magnitude);
}

int32_t BitReader::readSignMagnitude(unsigned n)
{
	int32_t value = static_cast<int32_t>(readBits(n));
	return readFlag() ? -value : value;
}

size_t BitReader::emulationBytesBefore() const
{
	/* An escape recorded at offset k sits just before unescaped byte k: it is behind us once
	 * any bit of byte k was read, but not when we stand exactly on k's boundary. */
	size_t started = (consumed_ + 7) / 8;
	return std::lower_bound(escapes_.begin(), escapes_.end(), started) - escapes_.begin();
}

size_t BitReader::rawBitPosition() const
{
	return consumed_ + 8 * emulationBytesBefore();
}

size_t BitReader::bitsLeft() const
{
	/* Bytes still in the input may hide escapes; count them as data, which only overstates
	 * by the escapes that are not yet loaded. Callers use this as a bound, not a size. */
	return cacheBits_ + 8 * (data_.size() - pos_);
}

bool BitReader::moreRbspData() const
{
	if (error_)
		return false;
	/* More data exists unless what is left is exactly one 1 bit followed by zeros. */
	BitReader probe = *this;
	size_t left = probe.bitsLeft();
	if (left == 0)
		return false;
	if (!probe.readFlag())
		return true;
	while (!probe.hasError() && probe.bitsLeft() > 0) {
		unsigned step = static_cast<unsigned>(std::min<size_t>(probe.bitsLeft(), 32));
		if (probe.readBits(step) != 0)
			return true;
	}
	return false;
}

} /* namespace sluice */
