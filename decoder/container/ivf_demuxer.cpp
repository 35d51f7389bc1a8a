/* SPDX-License-Identifier: MIT */
#include "ivf_demuxer.h"

#include <cstring>

#include "keyframe_sniff.h"

namespace sluice {

namespace {

uint16_t le16(const uint8_t *p) { return uint16_t(p[0] | p[1] << 8); }
uint32_t le32(const uint8_t *p) { return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24; }
uint64_t le64(const uint8_t *p) { return le32(p) | uint64_t{ le32(p + 4) } << 32; }

constexpr size_t kFileHeaderSize = 32;
constexpr size_t kFrameHeaderSize = 12;

} /* namespace */

DemuxStatus IvfDemuxer::open(int trackNumber)
{
	uint8_t header[kFileHeaderSize];
	if (source_->readExact(0, header) < 0)
		return fail("IVF file header is truncated");
	if (std::memcmp(header, "DKIF", 4) != 0)
		return fail("not an IVF file (no DKIF signature)");
	uint16_t headerSize = le16(header + 6);
	if (headerSize < kFileHeaderSize)
		return fail("IVF header size " + std::to_string(headerSize) + " is below 32");

	TrackInfo info;
	info.number = 1;
	info.isVideo = true;
	info.codecId.assign(reinterpret_cast<const char *>(header + 8), 4);
	if (info.codecId == "VP80")
		info.codec = Codec::VP8;
	else if (info.codecId == "VP90")
		info.codec = Codec::VP9;
	else if (info.codecId == "AV01")
		info.codec = Codec::AV1;
	else
		return fail("IVF fourcc '" + info.codecId + "' is not VP8, VP9 or AV1");

	info.codedWidth = le16(header + 12);
	info.codedHeight = le16(header + 14);
	if (info.codedWidth > kMaxDimension || info.codedHeight > kMaxDimension)
		return fail("IVF frame size " + std::to_string(info.codedWidth) + "x" +
			    std::to_string(info.codedHeight) + " exceeds 16384");

	/* The header stores the rate then the scale: one tick lasts scale / rate seconds. */
	uint32_t rate = le32(header + 16);
	uint32_t scale = le32(header + 20);
	if (rate == 0 || scale == 0)
		return fail("IVF timebase " + std::to_string(scale) + "/" + std::to_string(rate) + " is invalid");
	timebaseNum_ = scale;
	timebaseDen_ = rate;
	/*
	 * Writers put the frame rate here when timestamps count frames; ffmpeg writes the
	 * stream timebase instead (1/1000 for WebM-sourced input). Only a plausible rate is
	 * taken as a frame rate.
	 */
	if (isPlausibleFrameRate({ rate, scale }))
		info.frameRate = { rate, scale };
	uint32_t frameCount = le32(header + 24);
	if (frameCount && info.frameRate.isKnown())
		info.durationNs = toNs(frameCount);

	if (trackNumber != -1 && trackNumber != 1)
		return fail("IVF has one track, numbered 1; there is no track " + std::to_string(trackNumber));

	tracks_ = { std::move(info) };
	selected_ = 0;
	firstFrameOffset_ = next_ = headerSize;
	return DemuxStatus::Ok;
}

int64_t IvfDemuxer::toNs(uint64_t timestamp) const
{
	/* 128-bit so a large timestamp with a large scale cannot overflow. */
	__int128 ns = static_cast<__int128>(timestamp) * timebaseNum_ * 1000000000 / timebaseDen_;
	if (ns > INT64_MAX)
		return INT64_MAX;
	return static_cast<int64_t>(ns);
}

int IvfDemuxer::readFrameHeader(uint64_t offset, FrameHeader *header)
{
	if (offset >= source_->size())
		return 0;
	uint8_t bytes[kFrameHeaderSize];
	if (source_->readExact(offset, bytes) < 0) {
		fail("IVF frame header at offset " + std::to_string(offset) + " is truncated");
		return -1;
	}
	header->offset = offset;
	header->size = le32(bytes);
	header->ptsNs = toNs(le64(bytes + 4));
	if (header->size > kMaxFrameSize) {
		fail("IVF frame at offset " + std::to_string(offset) + " claims " +
		     std::to_string(header->size) + " bytes, above the 64 MiB limit");
		return -1;
	}
	if (header->size > source_->size() - offset - kFrameHeaderSize) {
		fail("IVF frame at offset " + std::to_string(offset) + " claims " +
		     std::to_string(header->size) + " bytes, past the end of the file");
		return -1;
	}
	return 1;
}

bool IvfDemuxer::sniffKeyframe(std::span<const uint8_t> frame) const
{
	switch (track().codec) {
	case Codec::VP8: return isVp8Keyframe(frame);
	case Codec::VP9: return isVp9Keyframe(frame);
	case Codec::AV1: return isAv1Keyframe(frame);
	default: return false;
	}
}

DemuxStatus IvfDemuxer::readPacket(Packet *packet)
{
	if (failed())
		return DemuxStatus::Error;
	FrameHeader header;
	int ret = readFrameHeader(next_, &header);
	if (ret < 0)
		return DemuxStatus::Error;
	if (ret == 0)
		return DemuxStatus::EndOfStream;

	packet->data.resize(header.size);
	if (source_->readExact(header.offset + kFrameHeaderSize, packet->data) < 0)
		return fail("cannot read the IVF frame at offset " + std::to_string(header.offset));
	packet->ptsNs = header.ptsNs;
	packet->keyframe = sniffKeyframe(packet->data);
	packet->secondField = false;
	packet->offset = header.offset;
	next_ = header.offset + kFrameHeaderSize + header.size;
	return DemuxStatus::Ok;
}

DemuxStatus IvfDemuxer::seek(int64_t timestampNs)
{
	if (failed())
		return DemuxStatus::Error;
	/*
	 * IVF has no index: walk the frame headers (12 bytes each, plus a few bytes of each
	 * frame to sniff keyframes) and stop past the target.
	 */
	uint64_t offset = firstFrameOffset_;
	uint64_t best = firstFrameOffset_;
	bool found = false;
	for (;;) {
		FrameHeader header;
		int ret = readFrameHeader(offset, &header);
		if (ret < 0)
			return DemuxStatus::Error;
		if (ret == 0 || (found && header.ptsNs > timestampNs))
			break;
		uint8_t head[64];
		size_t headSize = std::min<size_t>(sizeof(head), header.size);
		if (source_->readExact(offset + kFrameHeaderSize, std::span(head, headSize)) < 0)
			return fail("cannot read the IVF frame at offset " + std::to_string(offset));
		/* A superframe's index sits at its end: sniff VP9 on the whole frame. */
		bool keyframe;
		if (track().codec == Codec::VP9 && header.size > headSize) {
			Packet whole;
			whole.data.resize(header.size);
			if (source_->readExact(offset + kFrameHeaderSize, whole.data) < 0)
				return fail("cannot read the IVF frame at offset " + std::to_string(offset));
			keyframe = sniffKeyframe(whole.data);
		} else {
			keyframe = sniffKeyframe(std::span(head, headSize));
		}
		if (keyframe && (header.ptsNs <= timestampNs || !found)) {
			best = offset;
			found = true;
		}
		offset = header.offset + kFrameHeaderSize + header.size;
	}
	next_ = best;
	return DemuxStatus::Ok;
}

} /* namespace sluice */
