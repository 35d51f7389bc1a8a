/* SPDX-License-Identifier: MIT */
#include "mpeg2_frontend.h"

#include <cerrno>
#include <cstring>
#include <linux/videodev2.h>

#include "engine/stateless_engine.h"
#include "engine_requests.h"
#include "frontend_log.h"
#include "v4l2/timestamp.h"

namespace sluice {

Mpeg2Frontend::Mpeg2Frontend(const TrackInfo &track, StatelessEngine &engine,
			     const FrontendConfig &config)
	: track_(track), engine_(engine), config_(config)
{
}

int Mpeg2Frontend::decode(const Packet &packet)
{
	std::vector<Mpeg2Picture> pictures;
	int ret = parser_.parse(packet.data, &pictures);
	if (ret < 0)
		LOG(Frontend, Warn) << "corrupt MPEG-2 data at offset " << packet.offset
				    << "; its pictures are dropped";
	for (const Mpeg2Picture &picture : pictures) {
		ret = decodePicture(picture, packet.ptsNs);
		if (ret < 0)
			return ret;
	}
	return 0;
}

int Mpeg2Frontend::configureEngine(const Mpeg2Picture &picture)
{
	uint32_t width = picture.width(), height = picture.height();
	/* A new sequence header may change the ratio alone. MPEG-1's pel aspect ratio is
	 * not read: square samples. */
	if (!picture.mpeg1)
		setStatedAspect(mpeg2SampleAspect(picture.sequence.aspectRatioInformation, width, height,
						  picture.sequenceDisplay.displayHorizontalSize,
						  picture.sequenceDisplay.displayVerticalSize));
	if (configured_ && width == width_ && height == height_)
		return 0;
	if (width > kMaxDimension || height > kMaxDimension) {
		error_ = "the MPEG-2 stream's " + std::to_string(width) + "x" + std::to_string(height) +
			 " pictures are too large";
		return -ENOTSUP;
	}

	/* A new size: what is in flight finishes first, and the old frames stop being
	 * references (a new sequence starts with an I picture, 6.1.1.6). */
	waitUntilIdle(engine_);
	if (referenceAwaitingDisplay_)
		show(*referenceAwaitingDisplay_);
	referenceAwaitingDisplay_.reset();
	for (auto *ref : { &olderReference_, &newerReference_ }) {
		if (*ref)
			engine_.releaseReference(**ref);
		ref->reset();
	}
	if (firstField_) {
		engine_.abandonFirstField(firstField_->frameId);
		firstField_.reset();
	}

	/* Two I/P frames, plus the picture being decoded. */
	EngineConfig config = engineConfigFor(config_, V4L2_PIX_FMT_MPEG2_SLICE, width, height, 3);

	ControlSet sequence;
	fillMpeg2SequenceControl(picture, &sequence);
	std::vector<ControlValue> values = controlValues(sequence);
	int ret = engine_.configure(config, values);
	if (ret < 0) {
		error_ = "the decoder refused a " + std::to_string(width) + "x" +
			 std::to_string(height) + " MPEG-2 stream: " + strerror(-ret);
		return ret;
	}
	configured_ = true;
	width_ = width;
	height_ = height;
	visible_ = { 0, 0, width, height };
	return 0;
}

void Mpeg2Frontend::show(uint64_t frameId)
{
	int64_t pts = pts_.take(frameId);
	if (frameReady_)
		frameReady_(frameId, pts);
}

void Mpeg2Frontend::newReference(uint64_t frameId)
{
	/* 6.1.1.11: the previous I/P frame is shown before this one's B frames follow it. */
	if (referenceAwaitingDisplay_)
		show(*referenceAwaitingDisplay_);
	referenceAwaitingDisplay_ = frameId;
	if (olderReference_)
		engine_.releaseReference(*olderReference_);
	olderReference_ = newerReference_;
	newerReference_ = frameId;
}

int Mpeg2Frontend::submit(const Mpeg2Picture &picture, uint64_t frameId, FieldPart field,
			  const Mpeg2ReferenceKeys &keys)
{
	bitstream_.clear();
	for (std::span<const uint8_t> slice : picture.slices) {
		bitstream_.insert(bitstream_.end(), { 0x00, 0x00, 0x01 });
		bitstream_.insert(bitstream_.end(), slice.begin(), slice.end());
	}
	controls_.clear();
	fillMpeg2Controls(picture, keys, &controls_);
	std::vector<ControlValue> values = controlValues(controls_);

	std::vector<uint64_t> references;
	for (uint64_t key : { keys.forward, keys.backward })
		if (key && frameIdFromNs(key) != frameId)
			references.push_back(frameIdFromNs(key));

	PictureSubmission submission;
	submission.frameId = frameId;
	submission.bitstream = bitstream_;
	submission.controls = values;
	submission.references = references;
	submission.isReference = picture.isReferenceType();
	submission.willDisplay = true;
	submission.field = field;

	int ret = submitWhenAccepted(engine_, submission);
	if (ret < 0)
		error_ = "the decoder did not take an MPEG-2 picture: " + std::string(strerror(-ret));
	return ret;
}

int Mpeg2Frontend::decodePicture(const Mpeg2Picture &picture, int64_t ptsNs)
{
	if (picture.header.codingType == Mpeg2PictureType::D) {
		LOG(Frontend, Warn) << "MPEG-1 D picture dropped: stateless decoders do not take them";
		return 0;
	}
	int ret = configureEngine(picture);
	if (ret < 0)
		return ret;

	const Mpeg2PictureType type = picture.header.codingType;
	uint8_t structure = picture.coding.pictureStructure;

	/* 6.1.1.4.1: the second field of a frame has the opposite parity of the first. */
	if (picture.isField() && firstField_ && firstField_->structure != structure) {
		PendingField first = *firstField_;
		firstField_.reset();
		Mpeg2ReferenceKeys keys = first.keys;
		if (type == Mpeg2PictureType::I) {
			keys = {};
		} else if (type == Mpeg2PictureType::P) {
			/* The previous I/P frame (the first field's frame is already the newer
			 * reference), or this frame itself when it is the stream's first. */
			uint64_t previous = first.reference ? olderReference_.value_or(first.frameId)
							    : newerReference_.value_or(first.frameId);
			keys = { frameIdToNs(previous), 0 };
		}
		ret = submit(picture, first.frameId, FieldPart::SecondOfPair, keys);
		/* A B frame shows once its second field is in; an I/P frame waits as a frame. */
		if (ret == 0 && !first.reference)
			show(first.frameId);
		return ret;
	}
	if (firstField_) {
		LOG(Frontend, Warn) << "MPEG-2 field without its second field; its frame is dropped";
		engine_.abandonFirstField(firstField_->frameId);
		firstField_.reset();
	}

	Mpeg2ReferenceKeys keys;
	if (type == Mpeg2PictureType::P) {
		if (!newerReference_) {
			LOG(Frontend, Warn) << "MPEG-2 P picture without a reference frame dropped";
			return 0;
		}
		keys.forward = frameIdToNs(*newerReference_);
	} else if (type == Mpeg2PictureType::B) {
		/* Leading B pictures of an open GOP after a seek miss their forward frame. */
		if (!olderReference_ || !newerReference_) {
			LOG(Frontend, Debug) << "MPEG-2 B picture without both references dropped";
			return 0;
		}
		keys.forward = frameIdToNs(*olderReference_);
		keys.backward = frameIdToNs(*newerReference_);
	}

	uint64_t frameId = nextFrameId_++;
	pts_.record(frameId, ptsNs);

	FieldPart part = picture.isField() ? FieldPart::FirstOfPair : FieldPart::Frame;
	ret = submit(picture, frameId, part, keys);
	if (ret < 0)
		return ret;
	bool reference = picture.isReferenceType();
	if (reference)
		newReference(frameId);
	if (part == FieldPart::FirstOfPair)
		firstField_ = PendingField{ frameId, structure, reference, keys };
	else if (!reference)
		show(frameId);
	return 0;
}

int Mpeg2Frontend::drain()
{
	if (firstField_) {
		engine_.abandonFirstField(firstField_->frameId);
		firstField_.reset();
	}
	if (referenceAwaitingDisplay_)
		show(*referenceAwaitingDisplay_);
	referenceAwaitingDisplay_.reset();
	/* The stream is over: nothing will predict from these frames again. */
	for (auto *ref : { &olderReference_, &newerReference_ }) {
		if (*ref)
			engine_.releaseReference(**ref);
		ref->reset();
	}
	return 0;
}

void Mpeg2Frontend::reset()
{
	/* The engine already let go of every reference hold when it flushed. */
	olderReference_.reset();
	newerReference_.reset();
	referenceAwaitingDisplay_.reset();
	firstField_.reset();
	pts_.clear();
	parser_.reset();
}

} /* namespace sluice */
