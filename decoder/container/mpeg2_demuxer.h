/* SPDX-License-Identifier: MIT */
/*
 * MPEG-2 video elementary stream (ISO/IEC 13818-2), cut into pictures. A packet runs from a
 * sequence header, GOP header or picture header up to the next of those that follows a
 * picture; so headers travel with the picture after them.
 *
 * Field pictures stay one packet per field; the second field of a frame is flagged
 * secondField and carries the first field's timestamp. Keyframe means an I picture.
 * Timestamps are in display order: the GOP's first frame number plus temporal_reference,
 * at the sequence header's frame rate (decode order when the stream has no GOP headers).
 */
#pragma once

#include <limits>
#include <vector>

#include "demuxer.h"
#include "start_code_reader.h"

namespace sluice {

class Mpeg2Demuxer : public Demuxer
{
public:
	explicit Mpeg2Demuxer(std::unique_ptr<ByteSource> source);

	DemuxStatus open(int trackNumber) override;
	ContainerType containerType() const override { return ContainerType::Mpeg2Es; }
	DemuxStatus readPacket(Packet *packet) override;
	DemuxStatus seek(int64_t timestampNs) override;

private:
	DemuxStatus assemble(Packet *packet);
	bool parseSequenceHeader(std::span<const uint8_t> payload);
	void parseExtension(std::span<const uint8_t> payload);
	void finishPicture(Packet *packet);
	void resetTiming();

	StartCodeReader reader_;
	Packet current_;
	bool currentHasPicture_ = false;

	/* Timing in frames; saved where each packet starts, so seek() can resume there. */
	struct Timing {
		bool sawGop = false;
		uint64_t gopBase = 0;     /* frame number of the current GOP's first frame */
		uint64_t framesInGop = 0; /* highest temporal_reference + 1 seen in the GOP */
		uint64_t decodeIndex = 0; /* frames output, for streams without GOP headers */
	};
	Timing timing_;
	Timing currentStart_;  /* timing_ when current_ began */
	Timing finishedStart_; /* the same for the packet last returned */
	unsigned temporalReference_ = 0;
	int64_t frameDurationNs_ = 40000000;

	/* Field pairing: a first field waits for its opposite-parity partner. */
	unsigned pendingFieldParity_ = 0; /* 1 top, 2 bottom, 0 none */

	Packet first_;
	bool firstPending_ = false;

	/* I pictures met so far, in stream order, for seek(). */
	struct IndexEntry {
		int64_t ptsNs = 0;
		uint64_t offset = 0;
		Timing timing;
	};
	void remember(const Packet &packet);
	void restartAt(const IndexEntry &entry);
	static constexpr size_t kMaxIndexEntries = 1u << 20;
	std::vector<IndexEntry> keyframes_;
	int64_t latestKeyframePtsNs_ = std::numeric_limits<int64_t>::min();
	bool endSeen_ = false;
};

} /* namespace sluice */
