/* SPDX-License-Identifier: MIT */
#include "vp9_frontend.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <linux/videodev2.h>

#include "codec/vp9/vp9_controls.h"
#include "engine/stateless_engine.h"
#include "engine_requests.h"
#include "stream_aspect.h"
#include "frontend_log.h"
#include "v4l2/timestamp.h"

namespace sluice {

namespace {

/* How long a frame shown again may wait for its decode to come back. */
constexpr int kRequestWaitMs = 2000;

/* VP9 references LAST, GOLDEN, ALTREF of up to 8 distinct slots, plus the frame decoded. */
constexpr unsigned kReferenceSlots = kVp9NumRefFrames + 1;

} /* namespace */

Vp9Frontend::Vp9Frontend(const TrackInfo &track, const DecoderInfo &decoder,
			 StatelessEngine &engine, const FrontendConfig &config)
	: track_(track), engine_(engine), config_(config)
{
	if (const CodecSupport *codec = decoder.codec(V4L2_PIX_FMT_VP9_FRAME)) {
		/* The kernel's VP9 profile menu names its entries "0" to "3". */
		if (!codec->profiles.empty()) {
			profiles_.clear();
			for (const std::string &entry : codec->profiles)
				if (entry.size() == 1 && entry[0] >= '0' && entry[0] <= '3')
					profiles_.push_back(static_cast<uint8_t>(entry[0] - '0'));
		}
		for (const FrameSizeRange &range : codec->frameSizes) {
			maxWidth_ = std::max<unsigned>(maxWidth_, range.maxWidth);
			maxHeight_ = std::max<unsigned>(maxHeight_, range.maxHeight);
		}
	}
	decoder_ = std::make_unique<Vp9Decoder>(static_cast<Vp9Accelerator *>(this));
}

int Vp9Frontend::decode(const Packet &packet)
{
	packetPts_ = packet.ptsNs;
	int ret = decoder_->decodePacket(packet.data);
	if (ret < 0 && error_.empty())
		error_ = decoder_->error().empty() ? "VP9 decoding failed: " + std::string(strerror(-ret))
						   : decoder_->error();
	return ret;
}

int Vp9Frontend::drain()
{
	/* The stream is over: nothing will refer to these frames again. */
	decoder_->releaseAll();
	return 0;
}

void Vp9Frontend::reset()
{
	/* The engine already let go of every reference hold when it flushed. */
	decoder_->reset();
}

int Vp9Frontend::checkSupported(const Vp9FrameHeader &h)
{
	bool profileOffered = std::find(profiles_.begin(), profiles_.end(), h.profile) != profiles_.end();
	if (!profileOffered) {
		error_ = "VP9 profile " + std::to_string(h.profile) + " (" +
			 std::to_string(h.color.bitDepth) + "-bit" +
			 (h.color.subsamplingX && h.color.subsamplingY ? "" : ", not 4:2:0") +
			 ") is not offered by this decoder";
		return -ENOTSUP;
	}
	/* V4L2 stateless decoders output 4:2:0 only: profiles 1 and 3 exist for 4:4:4/4:2:2. */
	if (!h.color.subsamplingX || !h.color.subsamplingY) {
		error_ = "VP9 4:4:4/4:2:2/4:4:0 (profile " + std::to_string(h.profile) +
			 ") has no V4L2 CAPTURE format";
		return -ENOTSUP;
	}
	if ((maxWidth_ && h.width > maxWidth_) || (maxHeight_ && h.height > maxHeight_)) {
		error_ = "VP9 frame of " + std::to_string(h.width) + "x" + std::to_string(h.height) +
			 " exceeds the decoder's " + std::to_string(maxWidth_) + "x" +
			 std::to_string(maxHeight_);
		return -ENOTSUP;
	}
	return 0;
}

int Vp9Frontend::configureEngine(const Vp9FrameHeader &h, const ControlSet &controls)
{
	bool sameFormat = h.color.bitDepth == bitDepth_ && h.color.subsamplingX == subsamplingX_ &&
			  h.color.subsamplingY == subsamplingY_;
	bool fits = h.width <= codedWidth_ && h.height <= codedHeight_;
	setStatedAspect(vp9SampleAspect(h));
	if (configured_ && sameFormat && (h.isKeyFrame() ? h.width == codedWidth_ && h.height == codedHeight_ : fits)) {
		visible_ = { 0, 0, h.width, h.height };
		return 0;
	}
	if (configured_ && !h.isKeyFrame()) {
		/* Its references live in buffers of the current allocation, which a new one would
		 * free: an intra-only or inter frame cannot change the allocation. */
		LOG(Frontend, Warn) << "VP9 " << (h.intraOnly ? "intra-only" : "inter") << " frame of "
				    << h.width << "x" << h.height << " (" << unsigned(h.color.bitDepth)
				    << "-bit) does not fit the " << codedWidth_ << "x" << codedHeight_
				    << " " << bitDepth_ << "-bit allocation; resuming at the next keyframe";
		return -EINVAL;
	}

	/* A new size or format: let what is in flight finish first. */
	waitUntilIdle(engine_);

	EngineConfig config = engineConfigFor(config_, V4L2_PIX_FMT_VP9_FRAME, h.width, h.height,
					      kReferenceSlots);

	/* Drivers pick the CAPTURE formats they offer (8 or 10 bits) from the frame control. */
	std::vector<ControlValue> sequence;
	if (const Control *frame = findControl(controls, V4L2_CID_STATELESS_VP9_FRAME))
		sequence.push_back(controlValue(*frame));
	int ret = engine_.configure(config, sequence);
	if (ret < 0) {
		error_ = "the decoder refused a " + std::to_string(h.width) + "x" +
			 std::to_string(h.height) + " " + std::to_string(h.color.bitDepth) +
			 "-bit VP9 stream: " + strerror(-ret);
		return -ENOTSUP;
	}
	LOG(Frontend, Info) << "VP9 profile " << unsigned(h.profile) << ", " << h.width << "x"
			    << h.height << ", " << unsigned(h.color.bitDepth) << "-bit";
	configured_ = true;
	codedWidth_ = h.width;
	codedHeight_ = h.height;
	bitDepth_ = h.color.bitDepth;
	subsamplingX_ = h.color.subsamplingX;
	subsamplingY_ = h.color.subsamplingY;
	visible_ = { 0, 0, h.width, h.height };
	return 0;
}

int Vp9Frontend::submitFrame(const Vp9Picture &picture)
{
	const Vp9FrameHeader &h = *picture.header;
	int ret = checkSupported(h);
	if (ret < 0)
		return ret;

	Vp9ReferenceTimestamps timestamps;
	std::vector<uint64_t> references;
	if (!h.isIntra()) {
		timestamps.last = frameIdToNs(picture.references[0]);
		timestamps.golden = frameIdToNs(picture.references[1]);
		timestamps.alt = frameIdToNs(picture.references[2]);
		for (uint64_t id : picture.references)
			if (std::find(references.begin(), references.end(), id) == references.end())
				references.push_back(id);
	}
	controls_.clear();
	if (fillVp9Controls(h, *picture.compressed, timestamps, &controls_) < 0)
		return -EINVAL;
	if ((ret = configureEngine(h, controls_)) < 0)
		return ret;

	std::vector<ControlValue> values = controlValues(controls_);
	PictureSubmission submission;
	submission.frameId = picture.frameId;
	submission.bitstream = picture.frame;
	submission.controls = values;
	submission.references = references;
	submission.isReference = picture.isReference;
	submission.willDisplay = h.showFrame;

	/* The second frame of a superframe may have to wait for a request to come back. */
	ret = submitWhenAccepted(engine_, submission);
	if (ret < 0) {
		error_ = "the decoder did not take a VP9 frame: " + std::string(strerror(-ret));
		return ret == -EAGAIN || ret == -EINVAL ? -EIO : ret;
	}
	return 0;
}

int Vp9Frontend::outputFrame(uint64_t frameId, bool existing)
{
	if (existing) {
		int ret;
		for (int waited = 0; (ret = engine_.holdForDisplay(frameId)) == -EBUSY &&
				     waited < kRequestWaitMs; waited += 50)
			engine_.waitForRequest(50);
		if (ret < 0) {
			LOG(Frontend, Warn) << "VP9 show_existing_frame of frame " << frameId
					    << " failed: " << strerror(-ret);
			return 0;
		}
	}
	if (frameReady_)
		frameReady_(frameId, packetPts_);
	return 0;
}

void Vp9Frontend::releaseReference(uint64_t frameId)
{
	engine_.releaseReference(frameId);
}

} /* namespace sluice */
