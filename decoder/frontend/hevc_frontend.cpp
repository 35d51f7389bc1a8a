/* SPDX-License-Identifier: MIT */
#include "hevc_frontend.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <linux/videodev2.h>

#include "engine/stateless_engine.h"
#include "engine_requests.h"
#include "frontend_log.h"
#include "slice_layout.h"
#include "v4l2/fourcc.h"
#include "v4l2/timestamp.h"

namespace sluice {

HevcFrontend::HevcFrontend(const TrackInfo &track, const DecoderInfo &decoder, StatelessEngine &engine,
			   const FrontendConfig &config)
	: track_(track), engine_(engine), config_(config), heldReferences_(engine)
{
	const CodecSupport *codec = decoder.codec(V4L2_PIX_FMT_HEVC_SLICE);
	if (codec) {
		/* 10-bit needs Main 10 in the profile menu and a 10-bit CAPTURE format (visl, for
		 * one, accepts any bit depth but only writes 8-bit NV12). */
		for (uint32_t fourcc : { uint32_t(V4L2_PIX_FMT_P010), uint32_t(V4L2_PIX_FMT_NV15) })
			for (const FormatDescription &format : codec->captureFormats)
				if (format.fourcc == fourcc)
					tenBitFormats_.push_back(fourcc);
		if (menuOffers(codec->profiles, "Main 10") && !tenBitFormats_.empty()) {
			capabilities_.maxBitDepth = 10;
			capabilities_.profiles.push_back(kHevcProfileMain10);
		}
		for (const FrameSizeRange &range : codec->frameSizes) {
			capabilities_.maxWidth = std::max<unsigned>(range.maxWidth, 16);
			capabilities_.maxHeight = std::max<unsigned>(range.maxHeight, 16);
		}
	}
	/* SLUICE_HEVC_DECODE_MODE=slice forces slice-based mode where the device offers it. */
	SliceLayout layout = chooseSliceLayout(codec, "SLUICE_HEVC_DECODE_MODE");
	options_.mode = layout.frameBased ? HevcDecodeMode::FrameBased : HevcDecodeMode::SliceBased;
	options_.startCode = layout.annexB ? HevcStartCode::AnnexB : HevcStartCode::None;
	/* SLUICE_HEVC_START_CODE=none drops the Annex B start codes where the device offers
	 * that and the mode allows it (slice-based: one slice per buffer), for the same
	 * comparison: GStreamer's v4l2slh265dec sends slices without start codes. */
	if (const char *forced = std::getenv("SLUICE_HEVC_START_CODE");
	    forced && std::string_view(forced) == "none" && codec && options_.mode == HevcDecodeMode::SliceBased &&
	    menuOffers(codec->startCodes, "No Start Code"))
		options_.startCode = HevcStartCode::None;
	ControlInfo info;
	options_.entryPointOffsets =
		engine_.device().queryControl(V4L2_CID_STATELESS_HEVC_ENTRY_POINT_OFFSETS, &info) == 0;

	decoder_ = std::make_unique<HevcDecoder>(static_cast<HevcAccelerator *>(this), capabilities_);
	LOG(Frontend, Info) << "HEVC: "
			    << (options_.mode == HevcDecodeMode::FrameBased ? "frame-based" : "slice-based") << ", "
			    << (options_.startCode == HevcStartCode::AnnexB ? "Annex B start codes" : "no start codes")
			    << (options_.entryPointOffsets ? ", entry points" : "")
			    << ", up to " << capabilities_.maxBitDepth << "-bit";
}

int HevcFrontend::decode(const Packet &packet)
{
	uint64_t frameId = nextFrameId_++;
	uint64_t timestamp = frameIdToNs(frameId);
	pts_.record(timestamp, packet.ptsNs);

	/* hvcC parameter sets come before the first packet, and again after every reset. */
	if (!parameterSetsFed_) {
		for (const std::vector<uint8_t> &nal : track_.parameterSets)
			decoder_->decodeNal(nal, timestamp);
		parameterSetsFed_ = true;
	}

	NalFraming framing = track_.nalLengthSize ? NalFraming::LengthPrefixed : NalFraming::AnnexB;
	int ret = decoder_->decode(packet.data, framing, track_.nalLengthSize, timestamp);
	if (ret == -ENOTSUP) {
		error_ = "this HEVC stream is beyond the decoder (see the reason above)";
		return ret;
	}
	if (ret == -EINVAL || ret == -ENOENT) {
		/* A corrupt or undecodable picture is dropped, counted as H.264's are, and
		 * decoding goes on. */
		corruptPacketsDropped_++;
		LOG(Frontend, Warn) << "dropped a corrupt HEVC access unit at " << packet.ptsNs / 1000000 << " ms";
		return 0;
	}
	if (ret < 0 && error_.empty())
		error_ = "HEVC decoding failed: " + std::string(strerror(-ret));
	return ret;
}

int HevcFrontend::drain()
{
	int ret = decoder_->flush();
	heldReferences_.releaseAll();
	if (ret < 0 && error_.empty())
		error_ = "HEVC decoding failed at the end of the stream";
	return ret;
}

void HevcFrontend::reset()
{
	/* The engine let go of every reference hold when it flushed. A fresh decoder treats
	 * the next CRA as the start of the stream (HandleCraAsBlaFlag), skipping its RASL. */
	heldReferences_.forget();
	pts_.clear();
	parameterSetsFed_ = false;
	decoder_ = std::make_unique<HevcDecoder>(static_cast<HevcAccelerator *>(this), capabilities_);
}

int HevcFrontend::configureEngine(const HevcPictureParams &params)
{
	const HevcSps &sps = *params.sps;
	unsigned width = sps.picWidthInLumaSamples, height = sps.picHeightInLumaSamples;
	unsigned bitDepth = sps.bitDepthLuma();
	unsigned dpbFrames = sps.maxDecPicBuffering();
	/* A new SPS may change the ratio alone, without a new allocation. */
	setStatedAspect(vuiSampleAspect(sps.vuiPresent, sps.vui));
	if (configured_ && width == codedWidth_ && height == codedHeight_ && bitDepth == bitDepth_ &&
	    dpbFrames <= dpbFrames_)
		return 0;

	waitUntilIdle(engine_);

	/* 7-10..7-13: the conformance window counts in chroma sample units. */
	visible_ = { 0, 0, width, height };
	if (sps.conformanceWindow) {
		unsigned left = sps.confWinLeftOffset * sps.subWidthC(), right = sps.confWinRightOffset * sps.subWidthC();
		unsigned top = sps.confWinTopOffset * sps.subHeightC(), bottom = sps.confWinBottomOffset * sps.subHeightC();
		if (left + right < width && top + bottom < height)
			visible_ = { left, top, width - left - right, height - top - bottom };
	}

	/* The DPB (sps_max_dec_pic_buffering includes the current picture), plus one so that
	 * a picture waiting for output never blocks the next decode. */
	EngineConfig config = engineConfigFor(config_, V4L2_PIX_FMT_HEVC_SLICE, width, height,
					      dpbFrames + 1);
	if (bitDepth > 8)
		config.capturePreference = tenBitFormats_;

	ControlSet mode;
	fillHevcModeControls(options_, &mode);
	std::vector<ControlValue> sequence = scalarControlValues(mode);
	ControlSet first;
	if (fillHevcControls(params, 0, options_, &first) == 0)
		if (const Control *spsControl = findControl(first, V4L2_CID_STATELESS_HEVC_SPS))
			sequence.push_back(controlValue(*spsControl));

	int ret = engine_.configure(config, sequence);
	if (ret < 0) {
		error_ = "the decoder refused a " + std::to_string(width) + "x" + std::to_string(height) +
			 " HEVC stream: " + strerror(-ret);
		return ret;
	}
	configured_ = true;
	codedWidth_ = width;
	codedHeight_ = height;
	bitDepth_ = bitDepth;
	dpbFrames_ = dpbFrames;
	return 0;
}

int HevcFrontend::submitRequest(const HevcPictureParams &params, unsigned slice, bool lastSlice,
				std::span<const uint64_t> references)
{
	controls_.clear();
	int ret = fillHevcControls(params, slice, options_, &controls_);
	if (ret < 0) {
		LOG(Frontend, Warn) << "HEVC picture with broken references dropped";
		return ret;
	}
	std::vector<ControlValue> values = controlValues(controls_);

	PictureSubmission submission;
	submission.frameId = frameIdFromNs(params.timestampNs);
	submission.bitstream = bitstream_;
	submission.controls = values;
	submission.references = references;
	/* Every HEVC picture is a short-term reference when decoded (8.3.2); the next RPS says
	 * whether it stays one. */
	submission.isReference = true;
	submission.willDisplay = params.slices.front().header.picOutputFlag;
	submission.moreSlicesFollow = !lastSlice;

	ret = submitWhenAccepted(engine_, submission);
	if (ret < 0)
		error_ = "the decoder did not take an HEVC picture: " + std::string(strerror(-ret));
	return ret;
}

int HevcFrontend::submitPicture(const HevcPictureParams &params)
{
	int ret = configureEngine(params);
	if (ret < 0)
		return ret;

	/* The references this picture's RPS keeps: what it may read, and what earlier
	 * pictures no longer need (those stop being held now). */
	std::vector<uint64_t> references;
	std::set<uint64_t> stillReferenced;
	for (const HevcReferenceEntry &entry : params.dpb) {
		uint64_t frameId = frameIdFromNs(entry.timestampNs);
		references.push_back(frameId);
		stillReferenced.insert(frameId);
	}
	heldReferences_.releaseAllBut(stillReferenced);

	SliceLayout layout{ options_.mode == HevcDecodeMode::FrameBased,
			    options_.startCode == HevcStartCode::AnnexB };
	ret = submitSlices(params.slices, layout, bitstream_, [&](unsigned slice, bool lastSlice) {
		return submitRequest(params, slice, lastSlice, references);
	});
	if (ret == 0)
		heldReferences_.hold(frameIdFromNs(params.timestampNs));
	return ret;
}

void HevcFrontend::outputPicture(uint64_t timestampNs)
{
	int64_t pts = pts_.take(timestampNs);
	/* One line per picture in display order, for the display-order oracle (tests/oracle). */
	LOG(Frontend, Debug) << "output frame " << frameIdFromNs(timestampNs) << " timestamp "
			     << timestampNs;
	if (frameReady_)
		frameReady_(frameIdFromNs(timestampNs), pts);
}

} /* namespace sluice */
