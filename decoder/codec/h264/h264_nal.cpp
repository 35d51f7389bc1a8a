/* SPDX-License-Identifier: MIT */
#include "h264_nal.h"

#include <cerrno>
#include <cstdint>
#include <cstring>

#include "h264_log.h"

namespace sluice {

int parseNalHeader(SyntaxReader &reader, H264NalHeader *header)
{
	uint32_t forbidden = reader.u(1, "forbidden_zero_bit");
	header->nalRefIdc = reader.u(2, "nal_ref_idc");
	header->type = static_cast<H264NalType>(reader.u(5, "nal_unit_type"));
	header->headerBytes = 1;
	if (reader.failed() || forbidden) {
		LOG(H264, Warn) << "invalid NAL unit header";
		return -EINVAL;
	}
	/* 7.3.1: SVC/MVC NAL units carry three more header bytes; nothing here decodes them,
	 * the caller only needs to know where their payload would start. */
	H264NalType type = header->type;
	if (type == H264NalType::Prefix || type == H264NalType::SliceExtension ||
	    type == H264NalType::SliceExtensionDepth) {
		reader.bits().skipBits(24);
		header->headerBytes = 4;
	}
	return reader.failed() ? -EINVAL : 0;
}

static void splitAnnexB(std::span<const uint8_t> data, std::vector<std::span<const uint8_t>> *units)
{
	const size_t size = data.size();
	/*
	 * Index of the first byte after the next 0x000001 at or after `from`, or kNone. The
	 * 0x01 bytes are found with memchr, which covers a slice's payload many bytes per
	 * step, and only they are checked for the two zeros before them.
	 */
	constexpr size_t kNone = SIZE_MAX;
	auto nextStart = [&](size_t from) {
		for (size_t i = from + 2; i < size; i++) {
			const void *one = std::memchr(data.data() + i, 1, size - i);
			if (!one)
				return kNone;
			i = static_cast<size_t>(static_cast<const uint8_t *>(one) - data.data());
			if (data[i - 1] == 0 && data[i - 2] == 0)
				return i + 1;
		}
		return kNone;
	};

	size_t start = nextStart(0);
	while (start != kNone && start < size) {
		size_t next = nextStart(start);
		size_t end = next == kNone ? size : next - 3;
		/* B.2: zero bytes before a start code belong to no NAL unit (a 4-byte start code's
		 * leading zero, or trailing_zero_8bits). */
		while (end > start && data[end - 1] == 0)
			end--;
		if (end > start)
			units->push_back(data.subspan(start, end - start));
		start = next;
	}
}

int splitNalUnits(std::span<const uint8_t> data, NalFraming framing, unsigned lengthSize,
		  std::vector<std::span<const uint8_t>> *units)
{
	if (framing == NalFraming::AnnexB) {
		splitAnnexB(data, units);
		return 0;
	}
	if (lengthSize != 1 && lengthSize != 2 && lengthSize != 4) {
		LOG(H264, Error) << "NAL length size " << lengthSize << " is not 1, 2 or 4";
		return -EINVAL;
	}
	size_t pos = 0;
	while (pos < data.size()) {
		if (data.size() - pos < lengthSize) {
			LOG(H264, Error) << "truncated NAL length prefix at byte " << pos;
			return -EINVAL;
		}
		size_t length = 0;
		for (unsigned i = 0; i < lengthSize; i++)
			length = (length << 8) | data[pos + i];
		pos += lengthSize;
		if (length > data.size() - pos) {
			LOG(H264, Error) << "NAL length " << length << " at byte " << pos - lengthSize
					 << " runs past the end (" << data.size() - pos << " left)";
			return -EINVAL;
		}
		if (length > 0)
			units->push_back(data.subspan(pos, length));
		pos += length;
	}
	return 0;
}

} /* namespace sluice */
