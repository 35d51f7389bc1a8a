/* SPDX-License-Identifier: MIT */
/*
 * IVF: a 32-byte file header ("DKIF", fourcc, size, timebase) then frames, each behind a
 * 12-byte header (little-endian 32-bit size, 64-bit timestamp in timebase units). IVF has
 * no keyframe flag, so it is read from each frame's first bytes (keyframe_sniff.h).
 */
#pragma once

#include "demuxer.h"

namespace sluice {

class IvfDemuxer : public Demuxer
{
public:
	using Demuxer::Demuxer;

	DemuxStatus open(int trackNumber) override;
	ContainerType containerType() const override { return ContainerType::Ivf; }
	DemuxStatus readPacket(Packet *packet) override;
	DemuxStatus seek(int64_t timestampNs) override;

private:
	struct FrameHeader {
		uint64_t offset; /* of the 12-byte header */
		uint32_t size;
		int64_t ptsNs;
	};

	/* 1: a header read, 0: clean end of file, -1: error (already reported). */
	int readFrameHeader(uint64_t offset, FrameHeader *header);
	bool sniffKeyframe(std::span<const uint8_t> frame) const;
	int64_t toNs(uint64_t timestamp) const;

	uint64_t firstFrameOffset_ = 32;
	uint64_t next_ = 32;
	uint32_t timebaseNum_ = 1; /* seconds per tick = num / den */
	uint32_t timebaseDen_ = 1;
};

} /* namespace sluice */
