/* SPDX-License-Identifier: MIT */
/*
 * The libwebm callback: reads headers, track entries, cue points and frames of the
 * selected track into WebmDemuxer::State, bounding every size libwebm would allocate from.
 */
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>

#include "webm_state.h"

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

} /* namespace */

std::string describeWebmStatus(const webm::Status &status)
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
			/* DisplayUnit 0 (pixels) gives a display size, 3 a display aspect ratio
			 * (what FFmpeg writes for -aspect): either sets the samples' shape the same
			 * way. Centimetres and inches say nothing about it and are ignored. */
			webm::DisplayUnit unit = video.display_unit.value();
			if (video.display_width.is_present() && video.display_height.is_present() &&
			    (unit == webm::DisplayUnit::kPixels || unit == webm::DisplayUnit::kDisplayAspectRatio)) {
				info.displayWidth = static_cast<unsigned>(std::min<uint64_t>(video.display_width.value(), UINT32_MAX));
				info.displayHeight = static_cast<unsigned>(std::min<uint64_t>(video.display_height.value(), UINT32_MAX));
			}
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

std::unique_ptr<webm::Callback> makeWebmCallback(WebmDemuxer::State &state)
{
	return std::make_unique<WebmCallback>(state);
}

} /* namespace sluice */
