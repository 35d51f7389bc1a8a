/* SPDX-License-Identifier: MIT */
#include "annexb_demuxer.h"

#include <algorithm>
#include <utility>

namespace sluice {

namespace {

constexpr uint8_t kStartCode[4] = { 0, 0, 0, 1 };
constexpr int64_t kDefaultFrameDurationNs = 40000000; /* 25 fps */

} /* namespace */

AnnexBDemuxer::AnnexBDemuxer(std::unique_ptr<ByteSource> source, Codec codec)
	: Demuxer(std::move(source)), codec_(codec),
	  rules_(codec == Codec::HEVC ? makeHevcAccessUnitRules() : makeH264AccessUnitRules()),
	  reader_(*source_, kMaxAccessUnitSize)
{
}

ContainerType AnnexBDemuxer::containerType() const
{
	return codec_ == Codec::HEVC ? ContainerType::AnnexBHevc : ContainerType::AnnexBH264;
}

DemuxStatus AnnexBDemuxer::open(int trackNumber)
{
	if (trackNumber != -1 && trackNumber != 1)
		return fail("an elementary stream has one track, numbered 1; there is no track " +
			    std::to_string(trackNumber));

	TrackInfo info;
	info.number = 1;
	info.isVideo = true;
	info.codec = codec_;
	info.codecId = codec_ == Codec::HEVC ? "hevc" : "h264";
	tracks_ = { info };
	selected_ = 0;

	/* Read the first access unit: its parameter sets give the size and frame rate. */
	DemuxStatus status = assemble(&first_);
	if (status == DemuxStatus::Error)
		return status;
	if (status == DemuxStatus::EndOfStream)
		return fail("no coded picture found in the " + std::string(codecName(codec_)) + " stream");
	firstPending_ = true;

	rules_->describe(&tracks_[0]);
	TrackInfo &track = tracks_[0];
	if (track.codedWidth > kMaxDimension || track.codedHeight > kMaxDimension)
		return fail("picture size exceeds 16384");
	if (!isPlausibleFrameRate(track.frameRate))
		track.frameRate = {};
	if (track.frameRate.isKnown())
		frameDurationNs_ = static_cast<int64_t>(uint64_t{ track.frameRate.den } * 1000000000 /
							track.frameRate.num);
	if (frameDurationNs_ <= 0)
		frameDurationNs_ = kDefaultFrameDurationNs;
	first_.ptsNs = 0;
	return DemuxStatus::Ok;
}

int64_t AnnexBDemuxer::ptsOf(uint64_t index) const
{
	return clampToInt64(static_cast<__int128>(index) * frameDurationNs_);
}

void AnnexBDemuxer::startUnit(const StartCodeReader::Unit &unit)
{
	current_.data.clear();
	current_.offset = unit.offset;
	current_.keyframe = false;
	current_.secondField = false;
	currentHasPicture_ = false;
}

bool AnnexBDemuxer::append(std::span<const uint8_t> nal)
{
	if (current_.data.size() + sizeof(kStartCode) + nal.size() > kMaxAccessUnitSize)
		return false;
	current_.data.insert(current_.data.end(), std::begin(kStartCode), std::end(kStartCode));
	current_.data.insert(current_.data.end(), nal.begin(), nal.end());
	return true;
}

DemuxStatus AnnexBDemuxer::assemble(Packet *packet)
{
	for (;;) {
		StartCodeReader::Unit unit;
		StartCodeReader::Result result = reader_.next(&unit);
		if (result == StartCodeReader::Result::TooLarge)
			return fail("NAL unit after offset " + std::to_string(reader_.position()) +
				    " is larger than 32 MiB");
		if (result == StartCodeReader::Result::IoError)
			return fail("read error after offset " + std::to_string(reader_.position()));
		if (result == StartCodeReader::Result::End) {
			/* Trailing parameter sets or SEI without a picture are not a frame. */
			if (!currentHasPicture_) {
				endSeen_ = true;
				return DemuxStatus::EndOfStream;
			}
			std::swap(*packet, current_);
			current_.data.clear();
			currentHasPicture_ = false;
			remember(*packet, frameIndex_);
			packet->ptsNs = ptsOf(frameIndex_++);
			return DemuxStatus::Ok;
		}
		if (unit.payload.empty())
			continue;

		AccessUnitRules::Verdict verdict = rules_->examine(unit.payload);
		bool emit = verdict.startsAccessUnit && currentHasPicture_;
		if (emit) {
			std::swap(*packet, current_);
			remember(*packet, frameIndex_);
			packet->ptsNs = ptsOf(frameIndex_++);
		}
		if (emit || current_.data.empty())
			startUnit(unit);
		if (!append(unit.payload))
			return fail("access unit at offset " + std::to_string(current_.offset) +
				    " is larger than 32 MiB");
		if (verdict.vcl)
			currentHasPicture_ = true;
		if (verdict.randomAccess)
			current_.keyframe = true;
		if (emit)
			return DemuxStatus::Ok;
	}
}

DemuxStatus AnnexBDemuxer::readPacket(Packet *packet)
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

void AnnexBDemuxer::remember(const Packet &packet, uint64_t index)
{
	framesSeen_ = std::max(framesSeen_, index + 1);
	if (packet.keyframe && (keyframes_.empty() || index > keyframes_.back().index) &&
	    keyframes_.size() < kMaxIndexEntries)
		keyframes_.push_back({ index, packet.offset });
}

void AnnexBDemuxer::restartAt(const IndexEntry &entry)
{
	reader_.rewind(entry.offset);
	current_.data.clear();
	currentHasPicture_ = false;
	frameIndex_ = entry.index;
	firstPending_ = false;
}

DemuxStatus AnnexBDemuxer::seek(int64_t timestampNs)
{
	if (failed())
		return DemuxStatus::Error;
	uint64_t target = timestampNs <= 0 ? 0 : static_cast<uint64_t>(timestampNs / frameDurationNs_);

	/*
	 * A raw stream has no index: the random access points met while reading are noted, and
	 * a target beyond them is reached by cutting access units onward from the last one.
	 */
	if (target >= framesSeen_ && !endSeen_) {
		restartAt(keyframes_.empty() ? IndexEntry{ 0, 0 } : keyframes_.back());
		Packet scratch;
		while (frameIndex_ <= target) {
			DemuxStatus status = assemble(&scratch);
			if (status == DemuxStatus::Error)
				return status;
			if (status == DemuxStatus::EndOfStream)
				break;
		}
	}

	IndexEntry best{ 0, 0 };
	for (const IndexEntry &entry : keyframes_) {
		if (entry.index > target && &entry != &keyframes_.front())
			break;
		best = entry;
	}
	restartAt(best);
	return DemuxStatus::Ok;
}

} /* namespace sluice */
