/* SPDX-License-Identifier: MIT */
/*
 * H.264 or HEVC Annex-B elementary stream, cut into access units. Each packet holds one
 * access unit with every NAL unit behind a 4-byte start code (00 00 00 01), whatever the
 * input used, and without trailing zero bytes.
 *
 * Raw streams carry no timestamps: packets are numbered in decode order and timed at the
 * frame rate of the SPS VUI timing, else 25 fps. With B-frames that makes them decode
 * timestamps; the codec layer derives presentation order from picture order counts.
 */
#pragma once

#include <memory>
#include <vector>

#include "access_unit_rules.h"
#include "demuxer.h"
#include "start_code_reader.h"

namespace sluice {

class AnnexBDemuxer : public Demuxer
{
public:
	/* codec: H264 or HEVC, as detectContainer() found. */
	AnnexBDemuxer(std::unique_ptr<ByteSource> source, Codec codec);

	DemuxStatus open(int trackNumber) override;
	ContainerType containerType() const override;
	DemuxStatus readPacket(Packet *packet) override;
	DemuxStatus seek(int64_t timestampNs) override;

private:
	DemuxStatus assemble(Packet *packet);
	void startUnit(const StartCodeReader::Unit &unit);
	bool append(std::span<const uint8_t> nal);
	int64_t ptsOf(uint64_t index) const;

	/* Random access points met so far, in stream order, for seek(). */
	struct IndexEntry {
		uint64_t index;  /* frame number in decode order */
		uint64_t offset; /* where its access unit starts */
	};
	void remember(const Packet &packet, uint64_t index);
	void restartAt(const IndexEntry &entry);
	static constexpr size_t kMaxIndexEntries = 1u << 20;
	std::vector<IndexEntry> keyframes_;
	uint64_t framesSeen_ = 0; /* frames cut so far: the index covers [0, framesSeen_) */
	bool endSeen_ = false;

	Codec codec_;
	std::unique_ptr<AccessUnitRules> rules_;
	StartCodeReader reader_;
	Packet current_;
	bool currentHasPicture_ = false;
	uint64_t frameIndex_ = 0;
	int64_t frameDurationNs_ = 40000000;
	/* The first access unit, read by open() to learn the stream's parameters. */
	Packet first_;
	bool firstPending_ = false;
};

} /* namespace sluice */
