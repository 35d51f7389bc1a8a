/* SPDX-License-Identifier: MIT */
/*
 * Demuxer: what every container reader gives the codec layer — one selected video track's
 * description (TrackInfo) and its packets in decode order.
 *
 * Each call returns a DemuxStatus; on Error, errorMessage() holds the one line that says
 * what is wrong (it has also been logged once under the Container category). After an
 * error the demuxer stays failed: later reads return Error again.
 */
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "byte_source.h"

namespace sluice {

enum class ContainerType { Unknown, Matroska, Ivf, AnnexBH264, AnnexBHevc, Mpeg2Es };
enum class Codec { Unknown, H264, HEVC, VP8, VP9, AV1, MPEG2 };

std::string_view containerName(ContainerType type);
std::string_view codecName(Codec codec);

/*
 * Colour description in the code points of ISO/IEC 23091-2 (the values Matroska's Colour
 * element, H.264/HEVC VUI and VP9 share). 2 means "unspecified" for the first three.
 */
struct ColourDescription {
	enum class Range { Unknown, Limited, Full };

	unsigned matrix = 2;
	unsigned primaries = 2;
	unsigned transfer = 2;
	Range range = Range::Unknown;

	bool isSpecified() const
	{
		return matrix != 2 || primaries != 2 || transfer != 2 || range != Range::Unknown;
	}
};

struct Rational {
	uint32_t num = 0;
	uint32_t den = 0;
	bool isKnown() const { return num != 0 && den != 0; }
};

struct TrackInfo {
	uint64_t number = 0;     /* the container's track number (Matroska), else 1 */
	bool isVideo = false;
	Codec codec = Codec::Unknown;
	std::string codecId;     /* as the container spells it: "V_VP9", "VP90", ... */

	unsigned codedWidth = 0; /* 0: unknown */
	unsigned codedHeight = 0;
	/* The size the container says to show the frames at (Matroska DisplayWidth and
	 * DisplayHeight, in pixels or as a display aspect ratio: the shape they give the
	 * samples is the same); 0: not stated, the codec's aspect ratio decides. */
	unsigned displayWidth = 0;
	unsigned displayHeight = 0;
	Rational frameRate;      /* frames per second; unknown when not stated */
	int64_t durationNs = -1; /* -1: unknown */
	ColourDescription colour;

	/*
	 * H.264/HEVC from Matroska: the parameter sets of avcC/hvcC, each one NAL unit without
	 * start code or length prefix, and the size of the length prefix on every NAL unit of the
	 * packets (1, 2 or 4). nalLengthSize 0 means packets are Annex-B (start codes).
	 */
	std::vector<std::vector<uint8_t>> parameterSets;
	unsigned nalLengthSize = 0;
	std::vector<uint8_t> codecPrivate; /* raw, as stored */

	/* VP9 from CodecPrivate (Matroska's VP9 codec features); -1: left to the codec layer. */
	int vp9Profile = -1;
	int bitDepth = -1;
};

struct Packet {
	std::vector<uint8_t> data;
	int64_t ptsNs = 0;
	bool keyframe = false;
	/* MPEG-2 field pictures: the second field of a frame, in a packet of its own. */
	bool secondField = false;
	uint64_t offset = 0; /* where the packet starts in the input, for messages */
};

enum class DemuxStatus { Ok, EndOfStream, Error };

class Demuxer
{
public:
	explicit Demuxer(std::unique_ptr<ByteSource> source) : source_(std::move(source)) {}
	virtual ~Demuxer() = default;
	Demuxer(const Demuxer &) = delete;
	Demuxer &operator=(const Demuxer &) = delete;

	/*
	 * Reads the headers and selects the track: trackNumber is the container's track number,
	 * or -1 for the first video track.
	 */
	virtual DemuxStatus open(int trackNumber) = 0;
	virtual ContainerType containerType() const = 0;
	/* The next packet of the selected track, in decode order. */
	virtual DemuxStatus readPacket(Packet *packet) = 0;
	/*
	 * Positions so that the next packet is the keyframe at or before timestampNs (the first
	 * keyframe when the target precedes it).
	 */
	virtual DemuxStatus seek(int64_t timestampNs) = 0;

	/* Every track the container lists (elementary streams have one). */
	const std::vector<TrackInfo> &tracks() const { return tracks_; }
	/* The selected track; valid after a successful open(). */
	const TrackInfo &track() const { return tracks_[selected_]; }

	const std::string &errorMessage() const { return error_; }

protected:
	/* Records and logs the error; returns DemuxStatus::Error for `return fail(...)`. */
	DemuxStatus fail(std::string message);
	bool failed() const { return !error_.empty(); }

	std::unique_ptr<ByteSource> source_;
	std::vector<TrackInfo> tracks_;
	size_t selected_ = 0;

private:
	std::string error_;
};

/* Timestamps computed from hostile fields must saturate, not overflow. */
inline int64_t clampToInt64(__int128 value)
{
	if (value > INT64_MAX)
		return INT64_MAX;
	if (value < INT64_MIN)
		return INT64_MIN;
	return static_cast<int64_t>(value);
}

/*
 * Frame rates a stream may state (VUI timing, Matroska DefaultDuration): outside these,
 * the value is taken as damage and ignored.
 */
inline bool isPlausibleFrameRate(Rational rate)
{
	return rate.isKnown() && uint64_t{ rate.num } * 10 >= rate.den && /* at least 0.1 fps */
	       rate.num <= uint64_t{ rate.den } * 1000;                    /* at most 1000 fps */
}

/* Bounds that keep a hostile input from making us allocate or loop without end. */
inline constexpr uint64_t kMaxFrameSize = 64u << 20;       /* one container frame */
inline constexpr uint64_t kMaxAccessUnitSize = 32u << 20;  /* one elementary-stream unit */
inline constexpr unsigned kMaxDimension = 16384;

} /* namespace sluice */
