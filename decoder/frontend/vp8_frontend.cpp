/* SPDX-License-Identifier: MIT */
#include "vp8_frontend.h"

#include <cerrno>
#include <cstring>
#include <linux/videodev2.h>

#include "engine/stateless_engine.h"
#include "engine_requests.h"
#include "frontend_log.h"
#include "v4l2/timestamp.h"

namespace sluice {

Vp8Frontend::Vp8Frontend(const TrackInfo &track, StatelessEngine &engine,
			 const FrontendConfig &config)
	: track_(track), engine_(engine), config_(config), heldReferences_(engine)
{
}

int Vp8Frontend::configureEngine(const Vp8FrameHeader &header)
{
	if (configured_ && header.width == width_ && header.height == height_)
		return 0;
	/* A key frame of a new size: finish what is in flight, and no older frame is a
	 * reference any more (it refreshes all three buffers). */
	waitUntilIdle(engine_);
	heldReferences_.releaseAll();
	references_.clear();

	/* Last, golden and altref, plus the frame being decoded. */
	EngineConfig config = engineConfigFor(config_, V4L2_PIX_FMT_VP8_FRAME, header.width,
					      header.height, 4);
	int ret = engine_.configure(config, {});
	if (ret < 0) {
		error_ = "the decoder refused a " + std::to_string(header.width) + "x" +
			 std::to_string(header.height) + " VP8 stream: " + strerror(-ret);
		return ret;
	}
	configured_ = true;
	width_ = header.width;
	height_ = header.height;
	visible_ = { 0, 0, width_, height_ };
	return 0;
}

void Vp8Frontend::releaseUnheld()
{
	heldReferences_.releaseAllBut(references_.held());
}

int Vp8Frontend::decode(const Packet &packet)
{
	Vp8FrameHeader header;
	if (parser_.parse(packet.data, &header) < 0) {
		/* Corrupt, or an inter frame before the first key frame: skipped. A skipped frame
		 * may have refreshed reference buffers, so nothing after it can be trusted until
		 * the next key frame refills all three. */
		LOG(Frontend, Warn) << "VP8 frame at " << packet.ptsNs / 1000000
				    << " ms skipped; waiting for a key frame";
		references_.clear();
		releaseUnheld();
		return 0;
	}
	if (header.width > kMaxDimension || header.height > kMaxDimension) {
		error_ = "the VP8 stream's frames are too large";
		return -ENOTSUP;
	}
	int ret = configureEngine(header);
	if (ret < 0)
		return ret;
	if (!header.keyFrame && !references_.complete()) {
		LOG(Frontend, Warn) << "VP8 inter frame without its reference buffers skipped";
		return 0;
	}

	uint64_t frameId = nextFrameId_++;
	Vp8ReferenceKeys keys;
	std::vector<uint64_t> reads;
	if (!header.keyFrame) {
		keys = { frameIdToNs(*references_.last), frameIdToNs(*references_.golden),
			 frameIdToNs(*references_.alternate) };
		std::set<uint64_t> held = references_.held();
		reads.assign(held.begin(), held.end());
	}
	controls_.clear();
	fillVp8Controls(header, keys, &controls_);
	std::vector<ControlValue> values = controlValues(controls_);

	bool becomesReference = header.keyFrame || header.refreshLast || header.refreshGolden ||
				header.refreshAlternate;
	PictureSubmission submission;
	submission.frameId = frameId;
	submission.bitstream = packet.data;
	submission.controls = values;
	submission.references = reads;
	submission.isReference = becomesReference;
	submission.willDisplay = header.showFrame;
	ret = submitWhenAccepted(engine_, submission);
	if (ret < 0) {
		error_ = "the decoder did not take a VP8 frame: " + std::string(strerror(-ret));
		return ret;
	}

	references_.update(header, frameId);
	if (becomesReference)
		heldReferences_.hold(frameId);
	releaseUnheld();
	if (header.showFrame && frameReady_)
		frameReady_(frameId, packet.ptsNs);
	return 0;
}

int Vp8Frontend::drain()
{
	heldReferences_.releaseAll();
	references_.clear();
	return 0;
}

void Vp8Frontend::reset()
{
	/* The engine already let go of every reference hold when it flushed. */
	heldReferences_.forget();
	references_.clear();
	parser_.reset();
}

} /* namespace sluice */
