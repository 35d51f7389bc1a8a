/* SPDX-License-Identifier: MIT */
#include "stream_aspect.h"

#include <numeric>

#include "codec/vp9/vp9_superframe.h"
#include "codec/vp9/vp9_uncompressed_header.h"
#include "frontend_log.h"

namespace sluice {

void VideoFrontend::setStatedAspect(const StatedAspect &stated)
{
	if (stated.rejected && !aspectRejectionLogged_) {
		LOG(Frontend, Warn) << "the stream states a sample aspect ratio of zero or beyond 16:1; "
				       "showing square samples";
		aspectRejectionLogged_ = true;
	}
	sampleAspect_ = stated.sar;
}

SampleAspect presentedSampleAspect(const TrackInfo &track, const VisibleRect &visible,
				   SampleAspect codec, bool *fromContainer)
{
	if (fromContainer)
		*fromContainer = false;
	StatedAspect container = sampleAspectForDisplaySize(track.displayWidth, track.displayHeight,
							    visible.width, visible.height);
	/* A display size equal to the visible size states square samples and wins too (as in
	 * FFmpeg: a muxer writes it from what it meant to show). A rejected one is the
	 * container's error, not a reason to drop the codec's ratio. */
	if (!track.displayWidth || !track.displayHeight || container.rejected)
		return codec;
	if (fromContainer)
		*fromContainer = true;
	return container.sar;
}

StatedAspect vp9SampleAspect(const Vp9FrameHeader &h)
{
	/* 7.2: render_size is the size the frame is meant to be shown at. */
	if (!h.renderAndFrameSizeDifferent)
		return {};
	return sampleAspectForDisplaySize(h.renderWidth, h.renderHeight, h.width, h.height);
}

SampleAspect displayAspect(const VisibleRect &visible, SampleAspect sar)
{
	uint64_t num = uint64_t(visible.width) * sar.num, den = uint64_t(visible.height) * sar.den;
	if (!num || !den)
		return { 0, 0 };
	uint64_t g = std::gcd(num, den);
	num /= g, den /= g;
	while (num > UINT32_MAX || den > UINT32_MAX)
		num = (num + 1) / 2, den = (den + 1) / 2;
	return { uint32_t(num), uint32_t(den) };
}

StreamAspectReader::StreamAspectReader(const TrackInfo &track) : track_(track)
{
	switch (track.codec) {
	case Codec::H264:
		h264_ = std::make_unique<H264Parser>();
		for (const auto &set : track.parameterSets)
			readH264Nal(set);
		break;
	case Codec::HEVC:
		hevc_ = std::make_unique<HevcParser>();
		for (const auto &set : track.parameterSets)
			readHevcNal(set);
		break;
	case Codec::MPEG2:
		mpeg2_ = std::make_unique<Mpeg2Parser>();
		break;
	case Codec::VP8:
		/* VP8 has no aspect field: square samples at the frame size of the track. */
		visible_ = { 0, 0, track.codedWidth, track.codedHeight };
		known_ = true;
		break;
	default:
		break;
	}
}

void StreamAspectReader::readH264Nal(std::span<const uint8_t> nal)
{
	H264ParsedNal parsed;
	if (known_ || h264_->parseNal(nal, &parsed) < 0 || parsed.header.type != H264NalType::Sps)
		return;
	const H264Sps &sps = *h264_->sps(parsed.parameterSetId);
	unsigned width = sps.codedWidth(), height = sps.codedHeight();
	/* 7.4.2.1.1: crop offsets in chroma units, as the front-end counts them. */
	unsigned cropX = sps.chromaFormatIdc == 3 ? 1 : 2;
	unsigned cropY = (sps.chromaFormatIdc == 1 ? 2 : 1) * (2 - sps.frameMbsOnly);
	if (sps.chromaFormatIdc == 0 || sps.separateColourPlane)
		cropX = 1, cropY = 2 - sps.frameMbsOnly;
	unsigned dx = (sps.frameCropLeft + sps.frameCropRight) * cropX;
	unsigned dy = (sps.frameCropTop + sps.frameCropBottom) * cropY;
	visible_ = { 0, 0, width, height };
	if (sps.frameCropping && dx < width && dy < height)
		visible_ = { 0, 0, width - dx, height - dy };
	stated_ = vuiSampleAspect(sps.vuiPresent, sps.vui);
	known_ = true;
}

void StreamAspectReader::readHevcNal(std::span<const uint8_t> nal)
{
	HevcParsedNal parsed;
	if (known_ || hevc_->parseNal(nal, &parsed) < 0 || parsed.header.type != HevcNalType::Sps)
		return;
	const HevcSps &sps = *hevc_->sps(parsed.parameterSetId);
	unsigned width = sps.picWidthInLumaSamples, height = sps.picHeightInLumaSamples;
	/* 7-10..7-13: the conformance window in chroma units. */
	unsigned dx = (sps.confWinLeftOffset + sps.confWinRightOffset) * sps.subWidthC();
	unsigned dy = (sps.confWinTopOffset + sps.confWinBottomOffset) * sps.subHeightC();
	visible_ = { 0, 0, width, height };
	if (sps.conformanceWindow && dx < width && dy < height)
		visible_ = { 0, 0, width - dx, height - dy };
	stated_ = vuiSampleAspect(sps.vuiPresent, sps.vui);
	known_ = true;
}

bool StreamAspectReader::feed(const Packet &packet)
{
	if (known_)
		return true;
	std::span<const uint8_t> data(packet.data);
	if (h264_ || hevc_) {
		std::vector<std::span<const uint8_t>> nals;
		NalFraming framing = track_.nalLengthSize ? NalFraming::LengthPrefixed : NalFraming::AnnexB;
		splitNalUnits(data, framing, track_.nalLengthSize, &nals);
		for (auto nal : nals) {
			if (h264_)
				readH264Nal(nal);
			else
				readHevcNal(nal);
		}
	} else if (mpeg2_) {
		std::vector<Mpeg2Picture> pictures;
		mpeg2_->parse(data, &pictures);
		if (!pictures.empty()) {
			const Mpeg2Picture &p = pictures.front();
			visible_ = { 0, 0, p.width(), p.height() };
			/* MPEG-1 states a pel aspect ratio in the same field, not read here. */
			if (!p.mpeg1)
				stated_ = mpeg2SampleAspect(p.sequence.aspectRatioInformation, p.width(),
							    p.height(), p.sequenceDisplay.displayHorizontalSize,
							    p.sequenceDisplay.displayVerticalSize);
			known_ = true;
		}
	} else if (track_.codec == Codec::VP9) {
		std::vector<std::span<const uint8_t>> frames;
		splitVp9Superframe(data, &frames);
		for (auto frame : frames) {
			Vp9FrameHeader h;
			if (parseVp9UncompressedHeader(frame, Vp9PersistentState{}, &h) < 0 || !h.isKeyFrame())
				continue;
			visible_ = { 0, 0, h.width, h.height };
			stated_ = vp9SampleAspect(h);
			known_ = true;
			break;
		}
	}
	return known_;
}

} /* namespace sluice */
