/* SPDX-License-Identifier: MIT */
#include "mpeg2_demuxer.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "base/bit_reader.h"

namespace sluice {

namespace {

constexpr uint8_t kPictureStart = 0x00;
constexpr uint8_t kSequenceHeader = 0xb3;
constexpr uint8_t kExtension = 0xb5;
constexpr uint8_t kGroupStart = 0xb8;
constexpr unsigned kFrameStructure = 3;

/* Table 6-4, frame_rate_code → frames per second. */
constexpr Rational kFrameRates[16] = {
	{}, { 24000, 1001 }, { 24, 1 }, { 25, 1 }, { 30000, 1001 }, { 30, 1 }, { 50, 1 }, { 60000, 1001 }, { 60, 1 },
};

} /* namespace */

Mpeg2Demuxer::Mpeg2Demuxer(std::unique_ptr<ByteSource> source)
	: Demuxer(std::move(source)), reader_(*source_, kMaxAccessUnitSize)
{
}

DemuxStatus Mpeg2Demuxer::open(int trackNumber)
{
	if (trackNumber != -1 && trackNumber != 1)
		return fail("an elementary stream has one track, numbered 1; there is no track " +
			    std::to_string(trackNumber));
	TrackInfo info;
	info.number = 1;
	info.isVideo = true;
	info.codec = Codec::MPEG2;
	info.codecId = "mpeg2video";
	tracks_ = { info };
	selected_ = 0;

	DemuxStatus status = assemble(&first_);
	if (status == DemuxStatus::Error)
		return status;
	if (status == DemuxStatus::EndOfStream)
		return fail("no picture found in the MPEG-2 stream");
	if (tracks_[0].codedWidth == 0 || tracks_[0].codedHeight == 0)
		return fail("the MPEG-2 stream has no valid sequence header before its first picture");
	firstPending_ = true;
	return DemuxStatus::Ok;
}

bool Mpeg2Demuxer::parseSequenceHeader(std::span<const uint8_t> payload)
{
	BitReader bits(payload.subspan(1));
	unsigned width = bits.readBits(12);
	unsigned height = bits.readBits(12);
	bits.skipBits(4); /* aspect_ratio_information */
	unsigned rateCode = bits.readBits(4);
	if (bits.hasError() || width == 0 || height == 0)
		return false;
	TrackInfo &track = tracks_[0];
	track.codedWidth = width;
	track.codedHeight = height;
	if (kFrameRates[rateCode].isKnown()) {
		track.frameRate = kFrameRates[rateCode];
		frameDurationNs_ = static_cast<int64_t>(uint64_t{ track.frameRate.den } * 1000000000 /
							track.frameRate.num);
	}
	return true;
}

void Mpeg2Demuxer::parseExtension(std::span<const uint8_t> payload)
{
	if (payload.size() < 2)
		return;
	BitReader bits(payload.subspan(1));
	unsigned id = bits.readBits(4);
	if (id == 2) { /* sequence_display_extension: colour description */
		bits.skipBits(3); /* video_format */
		if (bits.readFlag()) {
			ColourDescription colour;
			colour.primaries = bits.readBits(8);
			colour.transfer = bits.readBits(8);
			colour.matrix = bits.readBits(8);
			if (!bits.hasError())
				tracks_[0].colour = colour;
		}
	} else if (id == 8 && currentHasPicture_) { /* picture_coding_extension */
		bits.skipBits(16 + 2); /* f_code[2][2], intra_dc_precision */
		unsigned structure = bits.readBits(2);
		if (bits.hasError() || structure == 0)
			return;
		if (structure == kFrameStructure) {
			pendingFieldParity_ = 0;
		} else if (pendingFieldParity_ != 0 && pendingFieldParity_ != structure) {
			current_.secondField = true;
			pendingFieldParity_ = 0;
		} else {
			pendingFieldParity_ = structure;
		}
	}
}

void Mpeg2Demuxer::finishPicture(Packet *packet)
{
	std::swap(*packet, current_);
	finishedStart_ = currentStart_;
	uint64_t frame;
	if (timing_.sawGop) {
		frame = timing_.gopBase + temporalReference_;
	} else {
		frame = timing_.decodeIndex;
	}
	if (!packet->secondField)
		timing_.decodeIndex++;
	else if (!timing_.sawGop && frame > 0)
		frame--; /* the second field shows with the first */
	packet->ptsNs = clampToInt64(static_cast<__int128>(frame) * frameDurationNs_);
	remember(*packet);
	current_.data.clear();
	current_.secondField = false;
	current_.keyframe = false;
	currentHasPicture_ = false;
}

DemuxStatus Mpeg2Demuxer::assemble(Packet *packet)
{
	for (;;) {
		StartCodeReader::Unit unit;
		StartCodeReader::Result result = reader_.next(&unit);
		if (result == StartCodeReader::Result::TooLarge)
			return fail("MPEG-2 unit after offset " + std::to_string(reader_.position()) +
				    " is larger than 32 MiB");
		if (result == StartCodeReader::Result::IoError)
			return fail("read error after offset " + std::to_string(reader_.position()));
		if (result == StartCodeReader::Result::End) {
			if (!currentHasPicture_) {
				endSeen_ = true;
				return DemuxStatus::EndOfStream;
			}
			finishPicture(packet);
			return DemuxStatus::Ok;
		}
		if (unit.payload.empty())
			continue;

		uint8_t code = unit.payload[0];
		bool startsUnit = code == kSequenceHeader || code == kGroupStart || code == kPictureStart;
		bool emit = startsUnit && currentHasPicture_;
		/* Finish the picture before this unit's header can change the timing. */
		if (emit)
			finishPicture(packet);
		if (current_.data.empty()) {
			current_.offset = unit.offset;
			currentStart_ = timing_;
		}

		if (code == kSequenceHeader) {
			if (!parseSequenceHeader(unit.payload))
				return fail("invalid MPEG-2 sequence header at offset " + std::to_string(unit.offset));
		} else if (code == kGroupStart) {
			/* The frames of the previous GOP all precede this one in display order. */
			if (timing_.sawGop)
				timing_.gopBase += timing_.framesInGop;
			else
				timing_.gopBase = timing_.decodeIndex;
			timing_.framesInGop = 0;
			timing_.sawGop = true;
		} else if (code == kPictureStart) {
			BitReader bits(unit.payload.subspan(1));
			temporalReference_ = bits.readBits(10);
			unsigned codingType = bits.readBits(3);
			current_.keyframe = codingType == 1;
			currentHasPicture_ = true;
			timing_.framesInGop = std::max<uint64_t>(timing_.framesInGop, temporalReference_ + 1);
		} else if (code == kExtension) {
			parseExtension(unit.payload);
		}

		if (current_.data.size() + 3 + unit.payload.size() > kMaxAccessUnitSize)
			return fail("MPEG-2 picture at offset " + std::to_string(current_.offset) +
				    " is larger than 32 MiB");
		static constexpr uint8_t startCode[3] = { 0, 0, 1 };
		current_.data.insert(current_.data.end(), std::begin(startCode), std::end(startCode));
		current_.data.insert(current_.data.end(), unit.payload.begin(), unit.payload.end());
		if (emit)
			return DemuxStatus::Ok;
	}
}

DemuxStatus Mpeg2Demuxer::readPacket(Packet *packet)
{
	if (failed())
		return DemuxStatus::Error;
	if (firstPending_) {
		firstPending_ = false;
		std::swap(*packet, first_);
		return DemuxStatus::Ok;
	}
	return assemble(packet);
}

void Mpeg2Demuxer::resetTiming()
{
	timing_ = {};
	temporalReference_ = 0;
	pendingFieldParity_ = 0;
	current_.data.clear();
	current_.secondField = false;
	current_.keyframe = false;
	currentHasPicture_ = false;
	firstPending_ = false;
}

void Mpeg2Demuxer::remember(const Packet &packet)
{
	if (!packet.keyframe || packet.secondField)
		return;
	latestKeyframePtsNs_ = std::max(latestKeyframePtsNs_, packet.ptsNs);
	if ((keyframes_.empty() || packet.offset > keyframes_.back().offset) && keyframes_.size() < kMaxIndexEntries)
		keyframes_.push_back({ packet.ptsNs, packet.offset, finishedStart_ });
}

void Mpeg2Demuxer::restartAt(const IndexEntry &entry)
{
	reader_.rewind(entry.offset);
	resetTiming();
	timing_ = entry.timing;
}

DemuxStatus Mpeg2Demuxer::seek(int64_t timestampNs)
{
	if (failed())
		return DemuxStatus::Error;
	/*
	 * No index in the stream: I pictures met while reading are noted with the timing state
	 * where their packet begins. A target past the last one is reached by cutting pictures
	 * onward from there until an I picture beyond the target shows up.
	 */
	if (latestKeyframePtsNs_ <= timestampNs && !endSeen_) {
		restartAt(keyframes_.empty() ? IndexEntry{} : keyframes_.back());
		Packet scratch;
		for (;;) {
			DemuxStatus status = assemble(&scratch);
			if (status == DemuxStatus::Error)
				return status;
			if (status == DemuxStatus::EndOfStream)
				break;
			if (scratch.keyframe && scratch.ptsNs > timestampNs)
				break;
		}
	}

	IndexEntry best;
	bool found = false;
	/* The last I picture at or before the target; the first one when the target precedes it. */
	for (const IndexEntry &entry : keyframes_) {
		if (entry.ptsNs <= timestampNs || !found) {
			best = entry;
			found = true;
		}
	}
	restartAt(best);
	return DemuxStatus::Ok;
}

} /* namespace sluice */
