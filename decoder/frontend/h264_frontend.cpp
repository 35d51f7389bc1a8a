/* SPDX-License-Identifier: MIT */
#include "h264_frontend.h"

#include <algorithm>
#include <cerrno>
#include <linux/videodev2.h>

#include "engine/stateless_engine.h"
#include "engine_requests.h"
#include "frontend_log.h"
#include "slice_layout.h"
#include "v4l2/timestamp.h"

namespace sluice {

namespace {

/* H.264 profile_idc of each name the kernel's profile menu uses. */
std::vector<uint8_t> profilesFromMenu(const std::vector<std::string> &menu)
{
	static constexpr struct {
		const char *name;
		uint8_t idc;
	} known[] = {
		{ "Constrained Baseline", 66 }, { "Baseline", 66 }, { "Main", 77 },
		{ "Extended", 88 }, { "High 10", 110 }, { "High 422", 122 },
		{ "High 444", 244 }, { "High", 100 },
	};
	std::vector<uint8_t> profiles;
	for (const std::string &entry : menu)
		for (const auto &k : known)
			if (entry == k.name)
				profiles.push_back(k.idc);
	return profiles;
}

} /* namespace */

H264Frontend::H264Frontend(const TrackInfo &track, const DecoderInfo &decoder,
			   StatelessEngine &engine, const FrontendConfig &config)
	: track_(track), engine_(engine), config_(config), heldReferences_(engine)
{
	const CodecSupport *codec = decoder.codec(V4L2_PIX_FMT_H264_SLICE);
	if (codec) {
		std::vector<uint8_t> profiles = profilesFromMenu(codec->profiles);
		if (!profiles.empty())
			capabilities_.profiles = profiles;
		if (menuOffers(codec->profiles, "High 10"))
			capabilities_.maxBitDepth = 10;
		for (const FrameSizeRange &range : codec->frameSizes) {
			capabilities_.maxWidth = std::max<unsigned>(range.maxWidth, 16);
			capabilities_.maxHeight = std::max<unsigned>(range.maxHeight, 16);
		}
	}
	/* SLUICE_H264_DECODE_MODE=slice forces slice-based mode where the device offers it. */
	SliceLayout layout = chooseSliceLayout(codec, "SLUICE_H264_DECODE_MODE");
	mode_ = layout.frameBased ? H264DecodeMode::FrameBased : H264DecodeMode::SliceBased;
	startCode_ = layout.annexB ? H264StartCode::AnnexB : H264StartCode::None;

	decoder_ = std::make_unique<H264Decoder>(static_cast<H264Accelerator *>(this), capabilities_);
	LOG(Frontend, Info) << "H.264: "
			    << (mode_ == H264DecodeMode::FrameBased ? "frame-based" : "slice-based")
			    << ", " << (startCode_ == H264StartCode::AnnexB ? "Annex B start codes" : "no start codes");
}

int H264Frontend::decode(const Packet &packet)
{
	uint64_t frameId = nextFrameId_++;
	uint64_t timestamp = frameIdToNs(frameId);
	pts_.record(timestamp, packet.ptsNs);
	packetTimestamp_ = timestamp;
	packetTimestampUsed_ = false;

	/* avcC parameter sets come before the first packet, and again after every reset. */
	if (!parameterSetsFed_) {
		for (const std::vector<uint8_t> &nal : track_.parameterSets)
			decoder_->decodeNal(nal, timestamp);
		parameterSetsFed_ = true;
	}

	NalFraming framing = track_.nalLengthSize ? NalFraming::LengthPrefixed : NalFraming::AnnexB;
	int ret = decoder_->decode(packet.data, framing, track_.nalLengthSize, timestamp, true);
	/* A packet that only completed an earlier frame (a second field, which decodes into its
	 * first field's buffer) or held no picture leaves no frame of its own to time. */
	if (!packetTimestampUsed_)
		pts_.take(timestamp);
	/* Refusal is for a stream that starts beyond the device. Mid-stream, a "profile" the
	 * device lacks is far more likely a damaged parameter set: drop it like any other. */
	if (ret == -ENOTSUP && !configured_) {
		error_ = "this H.264 stream is beyond the decoder (see the reason above)";
		return ret;
	}
	if (ret < 0 && !engine_.fatalError()) {
		/* Whatever the parser or the DPB objects to (a damaged header, a missing parameter
		 * set, a reference that is not there) costs this access unit only: it is dropped,
		 * counted, and decoding goes on. A vanished device is the only fatal error. */
		corruptPacketsDropped_++;
		LOG(Frontend, Warn) << "dropped a corrupt H.264 access unit at "
				    << packet.ptsNs / 1000000 << " ms (" << strerror(-ret) << ")";
		error_.clear();
		return 0;
	}
	if (ret < 0 && error_.empty())
		error_ = "H.264 decoding failed: " + std::string(strerror(-ret));
	return ret;
}

int H264Frontend::drain()
{
	int ret = decoder_->flush();
	if (firstField_) {
		int lone = submitLoneField();
		if (lone < 0 && ret == 0)
			ret = lone;
	}
	/* The stream is over: nothing will refer to these frames again. */
	heldReferences_.releaseAll();
	if (ret < 0 && error_.empty())
		error_ = "H.264 decoding failed at the end of the stream";
	return ret;
}

void H264Frontend::reset()
{
	/* The engine already let go of every reference hold when it flushed. */
	heldReferences_.forget();
	firstField_.reset();
	pts_.clear();
	parameterSetsFed_ = false;
	decoder_ = std::make_unique<H264Decoder>(static_cast<H264Accelerator *>(this), capabilities_);
}

int H264Frontend::configureEngine(const H264PictureParams &params)
{
	const H264Sps &sps = *params.sps;
	unsigned width = sps.codedWidth(), height = sps.codedHeight();
	unsigned bitDepth = 8 + sps.bitDepthLumaMinus8;
	unsigned dpbFrames = params.dpb->dpbFrames();
	/* A new SPS may change the ratio alone, without a new allocation. */
	setStatedAspect(vuiSampleAspect(sps.vuiPresent, sps.vui));
	if (configured_ && width == codedWidth_ && height == codedHeight_ && bitDepth == bitDepth_ &&
	    dpbFrames <= dpbFrames_)
		return 0;

	waitUntilIdle(engine_);

	/* 7.4.2.1.1: the crop offsets count in units of 2 chroma-subsampled samples. */
	unsigned cropX = sps.chromaFormatIdc == 3 ? 1 : 2;
	unsigned cropY = (sps.chromaFormatIdc == 1 ? 2 : 1) * (2 - sps.frameMbsOnly);
	if (sps.chromaFormatIdc == 0 || sps.separateColourPlane)
		cropX = 1, cropY = 2 - sps.frameMbsOnly;
	visible_ = { 0, 0, width, height };
	if (sps.frameCropping) {
		unsigned left = sps.frameCropLeft * cropX, right = sps.frameCropRight * cropX;
		unsigned top = sps.frameCropTop * cropY, bottom = sps.frameCropBottom * cropY;
		if (left + right < width && top + bottom < height)
			visible_ = { left, top, width - left - right, height - top - bottom };
	}

	/* The DPB's frames, plus the picture being decoded. */
	EngineConfig config = engineConfigFor(config_, V4L2_PIX_FMT_H264_SLICE, width, height,
					      dpbFrames + 1);

	ControlSet mode;
	fillH264ModeControls(mode_, startCode_, &mode);
	std::vector<ControlValue> sequence = scalarControlValues(mode);
	ControlSet first;
	if (fillH264Controls(params, 0, mode_, startCode_, &first) == 0)
		if (const Control *spsControl = findControl(first, V4L2_CID_STATELESS_H264_SPS))
			sequence.push_back(controlValue(*spsControl));

	int ret = engine_.configure(config, sequence);
	if (ret < 0) {
		error_ = "the decoder refused a " + std::to_string(width) + "x" +
			 std::to_string(height) + " H.264 stream: " + strerror(-ret);
		return ret;
	}
	configured_ = true;
	codedWidth_ = width;
	codedHeight_ = height;
	bitDepth_ = bitDepth;
	dpbFrames_ = dpbFrames;
	return 0;
}

int H264Frontend::preparePicture(const H264PictureParams &params, PreparedPicture *picture)
{
	picture->frameId = frameIdFromNs(params.picture.timestampNs);
	picture->isReference = params.picture.reference;
	picture->references.clear();
	const std::vector<H264FrameStore> &stores = params.dpb->stores();
	for (int index : h264DpbEntryStores(params))
		picture->references.push_back(frameIdFromNs(stores[index].timestampNs));

	SliceLayout layout{ mode_ == H264DecodeMode::FrameBased, startCode_ == H264StartCode::AnnexB };
	size_t count = 0;
	int ret = submitSlices(params.slices, layout, bitstream_, [&](unsigned slice, bool) {
		if (picture->requests.size() <= count)
			picture->requests.emplace_back();
		PreparedRequest &request = picture->requests[count++];
		/* Taken, not copied: the layout scratch gets this request's old buffer back. */
		request.bitstream.swap(bitstream_);
		request.controls.clear();
		int r = fillH264Controls(params, slice, mode_, startCode_, &request.controls);
		if (r < 0)
			LOG(Frontend, Warn) << "H.264 picture with broken references dropped";
		return r;
	});
	picture->requests.resize(count);
	return ret;
}

int H264Frontend::submitPrepared(const PreparedPicture &picture, FieldPart part)
{
	int ret = 0;
	std::vector<ControlValue> values;
	for (size_t i = 0; i < picture.requests.size() && ret == 0; i++) {
		const PreparedRequest &request = picture.requests[i];
		values = controlValues(request.controls);
		PictureSubmission submission;
		submission.frameId = picture.frameId;
		submission.bitstream = request.bitstream;
		submission.controls = values;
		submission.references = picture.references;
		submission.isReference = picture.isReference;
		submission.willDisplay = true;
		submission.moreSlicesFollow = i + 1 < picture.requests.size();
		/* The part names how the picture's first request takes its slot (a FREE one, or
		 * the first field's again); later slices decode into the slot already queued. */
		submission.field = i == 0 ? part : FieldPart::Frame;
		ret = submitWhenAccepted(engine_, submission);
	}
	if (ret < 0) {
		error_ = "the decoder did not take an H.264 picture: " + std::string(strerror(-ret));
		return ret;
	}
	/* A pair is one frame, held once: from its first field's submission. */
	if (picture.isReference && part != FieldPart::SecondOfPair)
		heldReferences_.hold(picture.frameId);
	return 0;
}

int H264Frontend::submitLoneField()
{
	PreparedPicture lone = std::move(*firstField_);
	firstField_.reset();
	LOG(Frontend, Debug) << "H.264 field of frame " << lone.frameId << " without a second field";
	return submitPrepared(lone, FieldPart::Frame);
}

int H264Frontend::submitPicture(const H264PictureParams &params)
{
	const H264CurrentPicture &pic = params.picture;
	const uint64_t frameId = frameIdFromNs(pic.timestampNs);
	const bool secondField = pic.isField() && pic.firstFieldStore >= 0;
	if (pic.timestampNs == packetTimestamp_)
		packetTimestampUsed_ = true;

	/* The waiting first field learns what it is: the first of this pair, or alone. */
	const bool pairs = secondField && firstField_ && firstField_->frameId == frameId;
	if (firstField_ && !pairs) {
		int ret = submitLoneField();
		if (ret < 0)
			return ret;
	}
	if (secondField && !pairs) {
		/* Its first field never reached the engine (dropped, or before a reset). */
		LOG(Frontend, Warn) << "H.264 second field without its first field dropped";
		return -EINVAL;
	}

	int ret = configureEngine(params);
	if (ret < 0)
		return ret;
	if (pairs) {
		PreparedPicture first = std::move(*firstField_);
		firstField_.reset();
		ret = submitPrepared(first, FieldPart::FirstOfPair);
		if (ret < 0)
			return ret;
	}

	/* The DPB as this picture sees it: what it may read, and what earlier pictures no
	 * longer need. Frames the DPB dropped stop being held references now (after a first
	 * field that read them is in the engine, which pins what it reads). */
	ret = preparePicture(params, &prepared_);
	if (ret < 0)
		return ret;
	std::set<uint64_t> stillReferenced(prepared_.references.begin(), prepared_.references.end());
	heldReferences_.releaseAllBut(stillReferenced);

	if (pic.isField() && !secondField) {
		firstField_ = std::move(prepared_);
		prepared_ = PreparedPicture{};
		return 0;
	}
	return submitPrepared(prepared_, secondField ? FieldPart::SecondOfPair : FieldPart::Frame);
}

void H264Frontend::outputPicture(uint64_t timestampNs)
{
	/* A lone field is due for output before anything said it has no second field. */
	if (firstField_ && firstField_->frameId == frameIdFromNs(timestampNs))
		submitLoneField();
	int64_t pts = pts_.take(timestampNs);
	/* One line per picture in display order: the control oracle (tests/oracle) checks this
	 * order against the POC the device saw for each timestamp. */
	LOG(Frontend, Debug) << "output frame " << frameIdFromNs(timestampNs) << " timestamp "
			     << timestampNs;
	if (frameReady_)
		frameReady_(frameIdFromNs(timestampNs), pts);
}

} /* namespace sluice */
