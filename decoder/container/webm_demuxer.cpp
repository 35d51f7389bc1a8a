/* SPDX-License-Identifier: MIT */
#include "webm_demuxer.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "codec_private.h"
#include "container_log.h"
#include "webm_state.h"

namespace sluice {

WebmDemuxer::WebmDemuxer(std::unique_ptr<ByteSource> source)
	: Demuxer(std::move(source)), reader_(*source_), parser_(std::make_unique<webm::WebmParser>()),
	  state_(std::make_unique<State>())
{
	state_->reader = &reader_;
	state_->sourceSize = source_->size();
}

WebmDemuxer::~WebmDemuxer() = default;

DemuxStatus WebmDemuxer::parserFailure(const webm::Status &status)
{
	if (!state_->error.empty())
		return fail(state_->error);
	if (reader_.ioError())
		return fail("read error at offset " + std::to_string(reader_.Position()));
	return fail(describeWebmStatus(status) + " at offset " + std::to_string(reader_.Position()));
}

DemuxStatus WebmDemuxer::open(int trackNumber)
{
	State &s = *state_;
	std::unique_ptr<webm::Callback> callback = makeWebmCallback(s);
	s.mode = State::Mode::Headers;
	reader_.setPosition(0);
	webm::Status status = parser_->Feed(callback.get(), &reader_);
	if (!s.error.empty())
		return fail(s.error);
	if (!s.reachedCluster && !status.completed_ok() && status.code != webm::Status::kEndOfFile)
		return parserFailure(status);
	if (s.tracks.empty())
		return fail(status.code == webm::Status::kEndOfFile ? "the file ends before its track list"
								    : "no track list");

	const TrackInfo *chosen = nullptr;
	for (const TrackInfo &track : s.tracks) {
		if (trackNumber < 0 ? track.isVideo : track.number == static_cast<uint64_t>(trackNumber)) {
			chosen = &track;
			break;
		}
	}
	if (!chosen)
		return fail(trackNumber < 0 ? "no video track" : "no track number " + std::to_string(trackNumber));
	if (!chosen->isVideo)
		return fail("track " + std::to_string(chosen->number) + " is not a video track");
	if (chosen->codec == Codec::Unknown)
		return fail("track " + std::to_string(chosen->number) + " has codec " + chosen->codecId +
			    ", which is not supported");
	if (std::find(s.encodedTracks.begin(), s.encodedTracks.end(), chosen->number) != s.encodedTracks.end())
		return fail("track " + std::to_string(chosen->number) +
			    " is compressed or encrypted (ContentEncodings), which is not supported");
	if (chosen->codedWidth > kMaxDimension || chosen->codedHeight > kMaxDimension)
		return fail("track " + std::to_string(chosen->number) + " frame size " +
			    std::to_string(chosen->codedWidth) + "x" + std::to_string(chosen->codedHeight) +
			    " exceeds 16384");

	tracks_ = s.tracks;
	selected_ = static_cast<size_t>(chosen - s.tracks.data());
	TrackInfo &track = tracks_[selected_];
	if (s.durationTicks) {
		double ns = *s.durationTicks * static_cast<double>(s.timecodeScale);
		if (ns < 9.2e18)
			for (TrackInfo &t : tracks_)
				t.durationNs = static_cast<int64_t>(ns);
	}

	const char *error = nullptr;
	ParameterSets sets;
	if (track.codec == Codec::H264 || track.codec == Codec::HEVC) {
		if (track.codecPrivate.empty())
			return fail("track " + std::to_string(track.number) + " (" + track.codecId +
				    ") has no CodecPrivate");
		int ret = track.codec == Codec::H264 ? parseAvcC(track.codecPrivate, &sets, &error)
						     : parseHvcC(track.codecPrivate, &sets, &error);
		if (ret < 0)
			return fail("track " + std::to_string(track.number) + ": " + error);
		track.parameterSets = std::move(sets.nalUnits);
		track.nalLengthSize = sets.nalLengthSize;
	} else if (track.codec == Codec::VP9) {
		parseVp9CodecPrivate(track.codecPrivate, &track.vp9Profile, &track.bitDepth);
	}

	s.selectedTrack = track.number;
	if (!isPlausibleFrameRate(track.frameRate))
		track.frameRate = {};
	if (track.frameRate.isKnown())
		s.defaultDurationNs = static_cast<int64_t>(uint64_t{ track.frameRate.den } * 1000000000 /
							   track.frameRate.num);
	if (!s.cues.empty())
		s.cuesLoaded = true; /* they came before the clusters */

	/* Packets come from a parser restarted at the first cluster. */
	s.mode = State::Mode::Packets;
	if (s.reachedCluster) {
		reader_.setPosition(s.firstClusterOffset);
		parser_->DidSeek();
	} else {
		endReached_ = true;
	}
	return DemuxStatus::Ok;
}

DemuxStatus WebmDemuxer::readPacket(Packet *packet)
{
	if (failed())
		return DemuxStatus::Error;
	State &s = *state_;
	std::unique_ptr<webm::Callback> callback = makeWebmCallback(s);
	for (;;) {
		while (!s.queue.empty()) {
			Packet &front = s.queue.front();
			bool drop = s.dropping && !(front.keyframe && front.ptsNs >= s.keyframeNotBeforeNs);
			if (!drop) {
				s.dropping = false;
				std::swap(*packet, front);
				s.queue.pop_front();
				return DemuxStatus::Ok;
			}
			s.queue.pop_front();
		}
		if (endReached_) {
			if (pendingFailure_)
				return parserFailure(*pendingFailure_);
			return DemuxStatus::EndOfStream;
		}

		reader_.setPaused(false);
		webm::Status status = parser_->Feed(callback.get(), &reader_);
		if (!s.error.empty())
			return fail(s.error);
		if (status.code == webm::Status::kWouldBlock)
			continue;
		if (status.completed_ok()) {
			endReached_ = true;
			continue;
		}
		/*
		 * Running out of input is the normal end of a segment of unknown size (live
		 * recordings); inside a segment of known size it means the file is truncated.
		 */
		if (status.code == webm::Status::kEndOfFile && !reader_.ioError() &&
		    (!s.segmentSizeKnown || reader_.Position() >= s.segmentEnd) &&
		    reader_.Position() >= source_->size()) {
			endReached_ = true;
			continue;
		}
		if (!s.queue.empty()) {
			/* Deliver what was read before the damage; the error comes next time. */
			pendingFailure_ = status;
			endReached_ = true;
			continue;
		}
		return parserFailure(status);
	}
}

DemuxStatus WebmDemuxer::loadCues()
{
	State &s = *state_;
	if (!s.cuesOffset) {
		s.cuesLoaded = true;
		return DemuxStatus::Ok;
	}

	/* A parser of its own, started at the Cues element; it stops at whatever follows. */
	webm::WebmParser parser;
	parser.DidSeek();
	std::unique_ptr<webm::Callback> callback = makeWebmCallback(s);
	s.mode = State::Mode::Cues;
	reader_.setPosition(*s.cuesOffset);
	reader_.setPaused(false);
	webm::Status status = parser.Feed(callback.get(), &reader_);
	s.mode = State::Mode::Packets;
	s.cuesLoaded = true;
	LOG(Container, Debug) << "read " << s.cues.size() << " cue positions at offset " << *s.cuesOffset;
	if (!s.error.empty() || status.is_parsing_error()) {
		LOG(Container, Warn) << source_->name() << ": unreadable Cues at offset " << *s.cuesOffset
				     << " (" << (s.error.empty() ? describeWebmStatus(status) : s.error)
				     << "), seeking by scanning clusters";
		s.error.clear();
		s.cues.clear();
	}
	return DemuxStatus::Ok;
}

DemuxStatus WebmDemuxer::restartAt(uint64_t clusterOffset, int64_t keyframeNotBeforeNs)
{
	State &s = *state_;
	s.mode = State::Mode::Packets;
	s.queue.clear();
	s.inGroup = false;
	s.dropping = true;
	s.keyframeNotBeforeNs = keyframeNotBeforeNs;
	reader_.setPosition(clusterOffset);
	reader_.setPaused(false);
	parser_->DidSeek();
	endReached_ = false;
	pendingFailure_.reset();
	return DemuxStatus::Ok;
}

DemuxStatus WebmDemuxer::seek(int64_t timestampNs)
{
	if (failed())
		return DemuxStatus::Error;
	State &s = *state_;
	if (!s.reachedCluster)
		return DemuxStatus::Ok;
	if (!s.cuesLoaded)
		loadCues();

	/* Cues first: the last cue of our track at or before the target. */
	const CuePoint *best = nullptr;
	const CuePoint *earliest = nullptr;
	for (const auto &[trackNumber, point] : s.cues) {
		if (trackNumber != s.selectedTrack)
			continue;
		if (!earliest || point.timeNs < earliest->timeNs)
			earliest = &point;
		if (point.timeNs <= timestampNs && (!best || point.timeNs > best->timeNs))
			best = &point;
	}
	if (earliest) {
		const CuePoint *target = best ? best : earliest;
		LOG(Container, Debug) << "seek " << timestampNs << " ns: cue at " << target->timeNs
				      << " ns, cluster at offset " << target->clusterOffset;
		return restartAt(target->clusterOffset, target->timeNs);
	}

	/* No Cues: walk block headers from the first cluster, skipping the frame data. */
	std::unique_ptr<webm::Callback> callback = makeWebmCallback(s);
	s.mode = State::Mode::Scan;
	s.scanTargetNs = timestampNs;
	s.scanFound = false;
	s.scanDone = false;
	s.inGroup = false;
	reader_.setPosition(s.firstClusterOffset);
	reader_.setPaused(false);
	parser_->DidSeek();
	webm::Status status = parser_->Feed(callback.get(), &reader_);
	/* Damage past a keyframe already found does not spoil the seek; reading will report it. */
	if (!s.scanFound) {
		if (!s.error.empty())
			return fail(s.error);
		if (!s.scanDone && !status.completed_ok() && status.code != webm::Status::kEndOfFile)
			return parserFailure(status);
	}
	s.error.clear();
	if (!s.scanFound)
		return restartAt(s.firstClusterOffset, std::numeric_limits<int64_t>::min());
	LOG(Container, Debug) << "seek " << timestampNs << " ns: no cues, scanned to the keyframe at "
			      << s.scanPtsNs << " ns in the cluster at offset " << s.scanCluster;
	return restartAt(s.scanCluster, s.scanPtsNs);
}

} /* namespace sluice */
