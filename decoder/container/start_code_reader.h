/* SPDX-License-Identifier: MIT */
/*
 * StartCodeReader: cuts a byte stream into the units between 00 00 01 start codes (H.264 and
 * HEVC Annex B NAL units, MPEG-2 start-code units), reading the source in chunks into a
 * buffer that never holds more than one unit plus one chunk.
 */
#pragma once

#include <cstdint>
#include <memory>
#include <new>
#include <span>
#include <utility>
#include <vector>

#include "byte_source.h"

namespace sluice {

class StartCodeReader
{
public:
	struct Unit {
		uint64_t offset;                 /* of the first 00 of its start code */
		std::span<const uint8_t> payload; /* after the start code, trailing zeros dropped */
	};

	enum class Result { Unit, End, TooLarge, IoError };

	StartCodeReader(ByteSource &source, size_t maxUnitSize);

	/* Restarts at offset, which should be at (or before) a start code. */
	void rewind(uint64_t offset);
	/* The next unit; its payload stays valid until the next call. Bytes before the first start code are skipped. */
	Result next(Unit *unit);
	/* The offset of the start code the next call will return (or the end of the data scanned). */
	uint64_t position() const { return bufferStart_ + pos_; }

private:
	/* Appends a chunk; false at end of input or on error (ioError_ says which). */
	bool fill();
	/* Index of the 00 of the next 00 00 01 at or after from, or buffer_.size() when none yet. */
	size_t findStartCode(size_t from) const;

	/*
	 * Grows without zeroing what it adds: fill() reads over every byte it appends, and
	 * clearing each 256 KiB chunk first cost as many stores as the bytes read.
	 */
	template<typename T>
	struct NoZeroingAllocator : std::allocator<T> {
		template<typename U>
		struct rebind {
			using other = NoZeroingAllocator<U>;
		};
		template<typename U>
		void construct(U *p) noexcept
		{
			::new (static_cast<void *>(p)) U;
		}
		template<typename U, typename... Args>
		void construct(U *p, Args &&...args)
		{
			std::construct_at(p, std::forward<Args>(args)...);
		}
	};

	ByteSource &source_;
	size_t maxUnitSize_;
	std::vector<uint8_t, NoZeroingAllocator<uint8_t>> buffer_;
	uint64_t bufferStart_ = 0; /* input offset of buffer_[0] */
	size_t pos_ = 0;           /* where the next search begins */
	bool eof_ = false;
	bool ioError_ = false;
};

} /* namespace sluice */
