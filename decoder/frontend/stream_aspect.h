/* SPDX-License-Identifier: MIT */
/*
 * Which sample aspect ratio a track is shown at, and reading it from a stream's headers
 * without decoding (for --probe and the tests that compare it with FFmpeg's).
 *
 * The order a player honours: the container's display size when it states one (Matroska
 * DisplayWidth/DisplayHeight in pixels), else what the codec states (H.264/HEVC VUI, the
 * MPEG-2 display aspect ratio, the VP9 render_size), else square samples.
 */
#pragma once

#include <optional>

#include "codec/h264/h264_parser.h"
#include "codec/hevc/hevc_parser.h"
#include "codec/mpeg2/mpeg2_parser.h"
#include "codec/sample_aspect.h"
#include "codec/vp9/vp9_frame_header.h"
#include "container/demuxer.h"
#include "frontend/video_frontend.h"

namespace sluice {

/* The ratio to show visible at: the container's display size wins over codec (and then
 * *fromContainer, when given, is set). */
SampleAspect presentedSampleAspect(const TrackInfo &track, const VisibleRect &visible,
				   SampleAspect codec, bool *fromContainer = nullptr);

/* VP9: square samples, unless render_size differs from the frame size. */
StatedAspect vp9SampleAspect(const Vp9FrameHeader &h);

/* The display aspect ratio visible shows at with sar, reduced (0:0 for an empty rect). */
SampleAspect displayAspect(const VisibleRect &visible, SampleAspect sar);

class StreamAspectReader
{
public:
	explicit StreamAspectReader(const TrackInfo &track);

	/* Reads the headers packet carries; true once the first sequence's ratio is known. */
	bool feed(const Packet &packet);
	bool known() const { return known_; }
	/* What the codec states (valid once known()). */
	const StatedAspect &stated() const { return stated_; }
	/* The visible size of the first sequence (valid once known()). */
	const VisibleRect &visible() const { return visible_; }

private:
	void readH264Nal(std::span<const uint8_t> nal);
	void readHevcNal(std::span<const uint8_t> nal);

	const TrackInfo &track_;
	bool known_ = false;
	StatedAspect stated_;
	VisibleRect visible_;
	std::unique_ptr<H264Parser> h264_;
	std::unique_ptr<HevcParser> hevc_;
	std::unique_ptr<Mpeg2Parser> mpeg2_;
};

} /* namespace sluice */
