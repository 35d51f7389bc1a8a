/* SPDX-License-Identifier: MIT */
#include "webm_demuxer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>

#include <webm/callback.h>

#include "codec_private.h"
#include "container_log.h"

namespace sluice {

namespace {

/* Above this, a string or binary element (which libwebm stores whole) is taken as corrupt. */
constexpr uint64_t kMaxStoredElementSize = 16u << 20;
constexpr size_t kMaxTracks = 128;
constexpr size_t kMaxCuePoints = 1u << 20;

Codec codecFromId(const std::string &id)
{
	if (id == "V_VP8") return Codec::VP8;
	if (id == "V_VP9") return Codec::VP9;
	if (id == "V_AV1") return Codec::AV1;
	if (id == "V_MPEG4/ISO/AVC") return Codec::H264;
	if (id == "V_MPEGH/ISO/HEVC") return Codec::HEVC;
	if (id == "V_MPEG2") return Codec::MPEG2;
	return Codec::Unknown;
}

std::string describe(const webm::Status &status)
{
	switch (status.code) {
	case webm::Status::kEndOfFile: return "the file ends inside an element (truncated)";
	case webm::Status::kInvalidElementId: return "invalid element ID";
	case webm::Status::kInvalidElementSize: return "invalid element size";
	case webm::Status::kIndefiniteUnknownElement: return "unknown element of unknown size";
	case webm::Status::kElementOverflow: return "an element overflows its parent";
	case webm::Status::kNotEnoughMemory: return "an element is too large to hold";
	case webm::Status::kInvalidElementValue: return "invalid element value";
	case webm::Status::kExceededRecursionDepthLimit: return "elements nested too deep";
	default: return "parser status " + std::to_string(status.code);
	}
}

} /* namespace */

struct WebmDemuxer::State {
	enum class Mode { Headers, Packets, Scan, Cues };

	Mode mode = Mode::Headers;
	WebmReader *reader = nullptr;
	uint64_t sourceSize = 0;
	std::string error; /* set by the callback; reported by the demuxer */

	/* Headers. */
	uint64_t segmentDataStart = 0;
	bool segmentSizeKnown = false;
	uint64_t segmentEnd = 0;
	uint64_t timecodeScale = 1000000;
	std::optional<double> durationTicks;
	std::vector<TrackInfo> tracks;
	std::vector<uint64_t> encodedTracks; /* tracks with ContentEncodings */
	std::optional<uint64_t> cuesOffset; /* absolute, from the SeekHead */
	bool reachedCluster = false;
	uint64_t firstClusterOffset = 0;

	/* Cues: (track, point) pairs. */
	std::vector<std::pair<uint64_t, CuePoint>> cues;
	bool cuesLoaded = false;
	uint64_t cuesEnd = std::numeric_limits<uint64_t>::max();

	/* Blocks. */
	uint64_t selectedTrack = 0;
	int64_t defaultDurationNs = 0;
	uint64_t clusterTimecode = 0;
	uint64_t clusterOffset = 0;
	int64_t blockPtsNs = 0;
	bool blockKeyframe = false;
	unsigned laceIndex = 0;
	bool inGroup = false;
	bool groupHasTrack = false;
	size_t groupFirst = 0;
	std::deque<Packet> queue;

	/* After a seek: drop packets until a keyframe at or after this time. */
	bool dropping = false;
	int64_t keyframeNotBeforeNs = 0;

	/* Scan mode: the last keyframe at or before the target. */
	int64_t scanTargetNs = 0;
	bool scanFound = false;
	bool scanDone = false;
	uint64_t scanCluster = 0;
	int64_t scanPtsNs = 0;

	int64_t ptsOf(int16_t blockTimecode) const
	{
		__int128 ticks = static_cast<__int128>(clusterTimecode) + blockTimecode;
		__int128 ns = ticks * timecodeScale;
		if (ns > std::numeric_limits<int64_t>::max())
			return std::numeric_limits<int64_t>::max();
		if (ns < std::numeric_limits<int64_t>::min())
			return std::numeric_limits<int64_t>::min();
		return static_cast<int64_t>(ns);
	}

	/* Scan mode: returns false once the scan can stop. */
	bool scanVisit(int64_t pts, bool keyframe)
	{
		if (!keyframe)
			return true;
		if (scanFound && pts > scanTargetNs) {
			scanDone = true;
			return false;
		}
		scanFound = true;
		scanCluster = clusterOffset;
		scanPtsNs = pts;
		return true;
	}
};

namespace {

class WebmCallback : public webm::Callback
{
public:
	using State = WebmDemuxer::State;
	using Mode = State::Mode;

	explicit WebmCallback(State &state) : s_(state) {}

	webm::Status OnElementBegin(const webm::ElementMetadata &md, webm::Action *action) override
	{
		using webm::Id;
		*action = webm::Action::kRead;
		if (s_.mode == Mode::Cues) {
			if (md.id == Id::kCues && md.size != webm::kUnknownElementSize)
				s_.cuesEnd = md.position + md.header_size + md.size;
			else if (md.id != Id::kCues && md.position != webm::kUnknownElementPosition &&
				 md.position >= s_.cuesEnd)
				return webm::Status(webm::Status::kWouldBlock); /* past the Cues: stop */
		}
		switch (md.id) {
		case Id::kSegment: case Id::kCluster: case Id::kBlockGroup: case Id::kBlock:
		case Id::kSimpleBlock: case Id::kVoid:
			return webm::Status(webm::Status::kOkCompleted);
		case Id::kChapters: case Id::kTags: /* Attachments are unknown to libwebm, so skipped */
			*action = webm::Action::kSkip;
			return webm::Status(webm::Status::kOkCompleted);
		case Id::kCues:
			if (s_.mode == Mode::Packets || s_.mode == Mode::Scan || s_.cuesLoaded)
				*action = webm::Action::kSkip;
			return webm::Status(webm::Status::kOkCompleted);
		case Id::kTracks: case Id::kInfo: case Id::kSeekHead:
			/* Seen again after a seek (unknown-size segment): already known. */
			if (s_.mode != Mode::Headers)
				*action = webm::Action::kSkip;
			break;
		default:
			break;
		}
		/* libwebm stores string and binary elements whole: bound them first. */
		if (md.size != webm::kUnknownElementSize && md.size > kMaxStoredElementSize &&
		    md.id != Id::kCues && md.id != Id::kTracks && md.id != Id::kSeekHead) {
			s_.error = "element 0x" + hex(static_cast<uint32_t>(md.id)) + " at offset " +
				   std::to_string(md.position) + " claims " + std::to_string(md.size) + " bytes";
			return webm::Status(webm::Status::kInvalidElementSize);
		}
		return webm::Status(webm::Status::kOkCompleted);
	}

	webm::Status OnEbml(const webm::ElementMetadata &, const webm::Ebml &ebml) override
	{
		const std::string &type = ebml.doc_type.value();
		if (type != "webm" && type != "matroska") {
			s_.error = "EBML document type '" + type + "' is neither matroska nor webm";
			return webm::Status(webm::Status::kInvalidElementValue);
		}
		return webm::Status(webm::Status::kOkCompleted);
	}

	webm::Status OnSegmentBegin(const webm::ElementMetadata &md, webm::Action *action) override
	{
		*action = webm::Action::kRead;
		if (s_.mode == Mode::Headers) {
			s_.segmentDataStart = md.position + md.header_size;
			s_.segmentSizeKnown = md.size != webm::kUnknownElementSize;
			if (s_.segmentSizeKnown)
				s_.segmentEnd = s_.segmentDataStart + md.size;
		}
		return webm::Status(webm::Status::kOkCompleted);
	}

	webm::Status OnSeek(const webm::ElementMetadata &, const webm::Seek &seek) override
	{
		if (s_.mode == Mode::Headers && seek.id.is_present() && seek.id.value() == webm::Id::kCues &&
		    seek.position.is_present()) {
			uint64_t offset = s_.segmentDataStart + seek.position.value();
			if (seek.position.value() < s_.sourceSize && offset < s_.sourceSize)
				s_.cuesOffset = offset;
		}
		return webm::Status(webm::Status::kOkCompleted);
	}

	webm::Status OnInfo(const webm::ElementMetadata &, const webm::Info &info) override
	{
		if (s_.mode != Mode::Headers)
			return webm::Status(webm::Status::kOkCompleted);
		uint64_t scale = info.timecode_scale.value();
		if (scale == 0 || scale > 1000000000ull) {
			s_.error = "TimecodeScale " + std::to_string(scale) + " is out of range";
			return webm::Status(webm::Status::kInvalidElementValue);
		}
		s_.timecodeScale = scale;
		if (info.duration.is_present() && std::isfinite(info.duration.value()) &&
		    info.duration.value() > 0)
			s_.durationTicks = info.duration.value();
		return webm::Status(webm::Status::kOkCompleted);
	}

	webm::Status OnTrackEntry(const webm::ElementMetadata &, const webm::TrackEntry &entry) override
	{
		if (s_.mode != Mode::Headers)
			return webm::Status(webm::Status::kOkCompleted);
		if (s_.tracks.size() >= kMaxTracks) {
			s_.error = "more than " + std::to_string(kMaxTracks) + " tracks";
			return webm::Status(webm::Status::kInvalidElementValue);
		}
		TrackInfo info;
		info.number = entry.track_number.value();
		info.isVideo = entry.track_type.value() == webm::TrackType::kVideo;
		info.codecId = entry.codec_id.value();
		info.codec = info.isVideo ? codecFromId(info.codecId) : Codec::Unknown;
		info.codecPrivate = entry.codec_private.value();
		/* Compressed (header stripping, zlib) or encrypted frames would need undoing first. */
		if (entry.content_encodings.is_present() &&
		    !entry.content_encodings.value().encodings.empty())
			s_.encodedTracks.push_back(info.number);
		if (entry.default_duration.is_present() && entry.default_duration.value() > 0 &&
		    entry.default_duration.value() <= 1000000000ull * 3600) {
			uint64_t den = entry.default_duration.value();
			uint64_t g = std::gcd(uint64_t{ 1000000000 }, den);
			if (den / g <= std::numeric_limits<uint32_t>::max())
				info.frameRate = { static_cast<uint32_t>(1000000000 / g), static_cast<uint32_t>(den / g) };
		}
		if (entry.video.is_present()) {
			const webm::Video &video = entry.video.value();
			info.codedWidth = static_cast<unsigned>(std::min<uint64_t>(video.pixel_width.value(), UINT32_MAX));
			info.codedHeight = static_cast<unsigned>(std::min<uint64_t>(video.pixel_height.value(), UINT32_MAX));
			if (!info.frameRate.isKnown() && video.frame_rate.is_present()) {
				double rate = video.frame_rate.value();
				if (std::isfinite(rate) && rate > 0 && rate < 1000)
					info.frameRate = { static_cast<uint32_t>(std::lround(rate * 1000)), 1000 };
			}
			if (video.colour.is_present()) {
				const webm::Colour &colour = video.colour.value();
				info.colour.matrix = static_cast<unsigned>(std::min<uint64_t>(
					static_cast<uint64_t>(colour.matrix_coefficients.value()), 255));
				info.colour.primaries = static_cast<unsigned>(std::min<uint64_t>(
					static_cast<uint64_t>(colour.primaries.value()), 255));
				info.colour.transfer = static_cast<unsigned>(std::min<uint64_t>(
					static_cast<uint64_t>(colour.transfer_characteristics.value()), 255));
				switch (colour.range.value()) {
				case webm::Range::kBroadcast: info.colour.range = ColourDescription::Range::Limited; break;
				case webm::Range::kFull: info.colour.range = ColourDescription::Range::Full; break;
				default: break;
				}
			}
		}
		s_.tracks.push_back(std::move(info));
		return webm::Status(webm::Status::kOkCompleted);
	}

	webm::Status OnCuePoint(const webm::ElementMetadata &, const webm::CuePoint &point) override
	{
		if (s_.mode != Mode::Headers && s_.mode != Mode::Cues)
			return webm::Status(webm::Status::kOkCompleted);
		if (!point.time.is_present() || s_.cues.size() >= kMaxCuePoints)
			return webm::Status(webm::Status::kOkCompleted);
		__int128 ns = static_cast<__int128>(point.time.value()) * s_.timecodeScale;
		if (ns > std::numeric_limits<int64_t>::max())
			return webm::Status(webm::Status::kOkCompleted);
		for (const auto &positions : point.cue_track_positions) {
			const webm::CueTrackPositions &p = positions.value();
			if (!p.cluster_position.is_present())
				continue;
			uint64_t offset = s_.segmentDataStart + p.cluster_position.value();
			if (p.cluster_position.value() >= s_.sourceSize || offset >= s_.sourceSize)
				continue;
			s_.cues.push_back({ p.track.value(), { static_cast<int64_t>(ns), offset } });
		}
		return webm::Status(webm::Status::kOkCompleted);
	}

	webm::Status OnClusterBegin(const webm::ElementMetadata &md, const webm::Cluster &cluster,
				    webm::Action *action) override
	{
		*action = webm::Action::kRead;
		if (s_.mode == Mode::Headers) {
			/* The headers end here; packets are read by a parser restarted at this cluster. */
			s_.reachedCluster = true;
			s_.firstClusterOffset = md.position;
			return webm::Status(webm::Status::kWouldBlock);
		}
		if (s_.mode == Mode::Cues)
			return webm::Status(webm::Status::kWouldBlock);
		s_.clusterTimecode = cluster.timecode.value();
		s_.clusterOffset = md.position;
		return webm::Status(webm::Status::kOkCompleted);
	}

	webm::Status OnSimpleBlockBegin(const webm::ElementMetadata &, const webm::SimpleBlock &block,
					webm::Action *action) override
	{
		*action = webm::Action::kRead;
		if (block.track_number != s_.selectedTrack) {
			*action = webm::Action::kSkip;
			return webm::Status(webm::Status::kOkCompleted);
		}
		s_.blockPtsNs = s_.ptsOf(block.timecode);
		s_.blockKeyframe = block.is_key_frame;
		s_.laceIndex = 0;
		if (s_.mode == Mode::Scan) {
			*action = webm::Action::kSkip;
			if (!s_.scanVisit(s_.blockPtsNs, block.is_key_frame))
				return webm::Status(webm::Status::kWouldBlock);
		}
		return webm::Status(webm::Status::kOkCompleted);
	}

	webm::Status OnBlockGroupBegin(const webm::ElementMetadata &, webm::Action *action) override
	{
		*action = webm::Action::kRead;
		s_.inGroup = true;
		s_.groupHasTrack = false;
		s_.groupFirst = s_.queue.size();
		return webm::Status(webm::Status::kOkCompleted);
	}

	webm::Status OnBlockBegin(const webm::ElementMetadata &, const webm::Block &block,
				  webm::Action *action) override
	{
		*action = webm::Action::kRead;
		if (block.track_number != s_.selectedTrack) {
			*action = webm::Action::kSkip;
			return webm::Status(webm::Status::kOkCompleted);
		}
		s_.groupHasTrack = true;
		s_.blockPtsNs = s_.ptsOf(block.timecode);
		/* Known at the group's end: a Block without ReferenceBlock is a keyframe. */
		s_.blockKeyframe = false;
		s_.laceIndex = 0;
		if (s_.mode == Mode::Scan)
			*action = webm::Action::kSkip;
		return webm::Status(webm::Status::kOkCompleted);
	}

	webm::Status OnBlockGroupEnd(const webm::ElementMetadata &, const webm::BlockGroup &group) override
	{
		s_.inGroup = false;
		if (!s_.groupHasTrack)
			return webm::Status(webm::Status::kOkCompleted);
		bool keyframe = group.references.empty();
		if (s_.mode == Mode::Scan) {
			if (!s_.scanVisit(s_.blockPtsNs, keyframe))
				return webm::Status(webm::Status::kWouldBlock);
			return webm::Status(webm::Status::kOkCompleted);
		}
		for (size_t i = s_.groupFirst; i < s_.queue.size(); i++)
			s_.queue[i].keyframe = keyframe;
		if (s_.queue.size() > s_.groupFirst)
			s_.reader->setPaused(true);
		return webm::Status(webm::Status::kOkCompleted);
	}

	webm::Status OnFrame(const webm::FrameMetadata &md, webm::Reader *reader,
			     std::uint64_t *bytesRemaining) override
	{
		if (s_.mode != Mode::Packets)
			return Skip(reader, bytesRemaining);
		if (md.size > kMaxFrameSize || md.position > s_.sourceSize || md.size > s_.sourceSize - md.position) {
			s_.error = "frame at offset " + std::to_string(md.position) + " claims " +
				   std::to_string(md.size) + " bytes" +
				   (md.size > kMaxFrameSize ? ", above the 64 MiB limit" : ", past the end of the file");
			return webm::Status(webm::Status::kInvalidElementSize);
		}

		/* Laces are read one after another with the reader possibly paused by the previous one. */
		s_.reader->setPaused(false);
		Packet packet;
		packet.data.resize(md.size);
		packet.offset = md.position;
		/* Laces share the block's timestamp; the track's DefaultDuration spaces them. */
		packet.ptsNs = clampToInt64(static_cast<__int128>(s_.blockPtsNs) +
					    static_cast<__int128>(s_.laceIndex) * s_.defaultDurationNs);
		packet.keyframe = s_.blockKeyframe;
		uint64_t done = 0;
		while (done < md.size) {
			uint64_t got = 0;
			webm::Status status = reader->Read(md.size - done, packet.data.data() + done, &got);
			done += got;
			*bytesRemaining = md.size - done;
			if (!status.ok() && status.code != webm::Status::kOkPartial)
				return status;
			if (got == 0 && status.code == webm::Status::kOkPartial)
				return webm::Status(webm::Status::kEndOfFile);
		}
		*bytesRemaining = 0;
		s_.laceIndex++;
		s_.queue.push_back(std::move(packet));
		if (!s_.inGroup)
			s_.reader->setPaused(true);
		return webm::Status(webm::Status::kOkCompleted);
	}

private:
	static std::string hex(uint32_t value)
	{
		char text[16];
		std::snprintf(text, sizeof(text), "%X", value);
		return text;
	}

	State &s_;
};

} /* namespace */

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
	return fail(describe(status) + " at offset " + std::to_string(reader_.Position()));
}

DemuxStatus WebmDemuxer::open(int trackNumber)
{
	State &s = *state_;
	WebmCallback callback(s);
	s.mode = State::Mode::Headers;
	reader_.setPosition(0);
	webm::Status status = parser_->Feed(&callback, &reader_);
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
	WebmCallback callback(s);
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
		webm::Status status = parser_->Feed(&callback, &reader_);
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
	WebmCallback callback(s);
	s.mode = State::Mode::Cues;
	reader_.setPosition(*s.cuesOffset);
	reader_.setPaused(false);
	webm::Status status = parser.Feed(&callback, &reader_);
	s.mode = State::Mode::Packets;
	s.cuesLoaded = true;
	LOG(Container, Debug) << "read " << s.cues.size() << " cue positions at offset " << *s.cuesOffset;
	if (!s.error.empty() || status.is_parsing_error()) {
		LOG(Container, Warn) << source_->name() << ": unreadable Cues at offset " << *s.cuesOffset
				     << " (" << (s.error.empty() ? describe(status) : s.error)
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
	WebmCallback callback(s);
	s.mode = State::Mode::Scan;
	s.scanTargetNs = timestampNs;
	s.scanFound = false;
	s.scanDone = false;
	s.inGroup = false;
	reader_.setPosition(s.firstClusterOffset);
	reader_.setPaused(false);
	parser_->DidSeek();
	webm::Status status = parser_->Feed(&callback, &reader_);
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
