/* SPDX-License-Identifier: MIT */
#include "start_code_reader.h"

#include <algorithm>
#include <cstring>

namespace sluice {

namespace {

constexpr size_t kChunkSize = 256 * 1024;

} /* namespace */

StartCodeReader::StartCodeReader(ByteSource &source, size_t maxUnitSize)
	: source_(source), maxUnitSize_(maxUnitSize)
{
}

void StartCodeReader::rewind(uint64_t offset)
{
	buffer_.clear();
	bufferStart_ = offset;
	pos_ = 0;
	eof_ = false;
	ioError_ = false;
}

bool StartCodeReader::fill()
{
	if (eof_)
		return false;
	uint64_t readOffset = bufferStart_ + buffer_.size();
	uint64_t size = source_.size();
	/* Never more than the input holds: small inputs (fuzzing, tests) stay cheap. */
	size_t chunk = readOffset < size ? static_cast<size_t>(std::min<uint64_t>(kChunkSize, size - readOffset)) : 0;
	if (chunk == 0) {
		eof_ = true;
		return false;
	}
	size_t old = buffer_.size();
	buffer_.resize(old + chunk);
	int64_t ret = source_.readAt(readOffset, std::span(buffer_).subspan(old));
	if (ret <= 0) {
		buffer_.resize(old);
		eof_ = true;
		ioError_ = ret < 0;
		return false;
	}
	buffer_.resize(old + static_cast<size_t>(ret));
	return true;
}

size_t StartCodeReader::findStartCode(size_t from) const
{
	const uint8_t *data = buffer_.data();
	size_t size = buffer_.size();
	size_t i = from + 2;
	while (i < size) {
		const void *one = std::memchr(data + i, 1, size - i);
		if (!one)
			return size;
		i = static_cast<const uint8_t *>(one) - data;
		if (data[i - 1] == 0 && data[i - 2] == 0)
			return i - 2;
		i++;
	}
	return size;
}

StartCodeReader::Result StartCodeReader::next(Unit *unit)
{
	/* The start code of this unit. */
	size_t start = findStartCode(pos_);
	while (start == buffer_.size()) {
		/* Keep two bytes: they may be the 00 00 of a start code split across chunks. */
		pos_ = 0;
		size_t keep = std::min<size_t>(buffer_.size(), 2);
		size_t drop = buffer_.size() - keep;
		buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<ptrdiff_t>(drop));
		bufferStart_ += drop;
		if (!fill())
			return ioError_ ? Result::IoError : Result::End;
		start = findStartCode(0);
	}
	pos_ = start;

	/* Its end: the next start code, or the end of input. */
	size_t payload = start + 3;
	size_t searched = payload;
	size_t end;
	for (;;) {
		end = findStartCode(searched > 2 ? searched - 2 : 0);
		if (end < payload)
			end = findStartCode(payload);
		if (end != buffer_.size())
			break;
		if (buffer_.size() - payload > maxUnitSize_)
			return Result::TooLarge;
		searched = buffer_.size();
		/*
		 * Before reading more, drop what earlier units used, so the buffer holds one unit
		 * and a chunk. Only this unit's start is moved down: done when the buffer is used
		 * up, rather than as soon as a chunk is passed, that is all that is still live.
		 */
		if (start > 0) {
			buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<ptrdiff_t>(start));
			bufferStart_ += start;
			payload -= start;
			searched -= start;
			start = 0;
			pos_ = 0;
		}
		if (!fill()) {
			if (ioError_)
				return Result::IoError;
			end = buffer_.size();
			break;
		}
	}
	if (end - payload > maxUnitSize_)
		return Result::TooLarge;

	pos_ = end;
	/* Trailing zeros are trailing_zero_8bits or the leading zero of a 4-byte start code. */
	while (end > payload && buffer_[end - 1] == 0)
		end--;
	unit->offset = bufferStart_ + start;
	unit->payload = std::span<const uint8_t>(buffer_).subspan(payload, end - payload);
	return Result::Unit;
}

} /* namespace sluice */
