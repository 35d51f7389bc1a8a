/* SPDX-License-Identifier: MIT */
/*
 * H264Frontend: the H.264 state machine (codec/h264) wired to the stateless engine.
 *
 * This is the accelerator delegate of the four-layer design: H264Decoder hands it each
 * picture in decoding order; it fills the controls (through codec/h264/h264_controls), lays
 * out the bitstream as the device's decode mode and start-code menus ask, and submits to the
 * engine. It also turns the DPB into engine holds: a picture the DPB keeps is a held
 * reference until a later picture's DPB no longer lists it.
 *
 * Field pictures (PAFF): both fields of a frame decode into one CAPTURE slot under one
 * frame id, as the engine's field pairs (FieldPart). Whether a field has a second field
 * is only known when the next picture arrives, so a first field is prepared (controls
 * filled against the DPB as it stood, bitstream laid out) and waits: it goes to the engine
 * as the first of a pair just before its second field, or as a frame of its own (a lone
 * field, output as it is) when anything else comes next, when it is due for output, or at
 * the end of the stream.
 */
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "codec/h264/h264_controls.h"
#include "codec/h264/h264_decoder.h"
#include "engine/stateless_engine.h"
#include "pts_map.h"
#include "reference_holds.h"
#include "v4l2/decoder_probe.h"
#include "video_frontend.h"

namespace sluice {

class H264Frontend : public VideoFrontend, private H264Accelerator
{
public:
	H264Frontend(const TrackInfo &track, const DecoderInfo &decoder, StatelessEngine &engine,
		     const FrontendConfig &config);

	int decode(const Packet &packet) override;
	int drain() override;
	void reset() override;
	VisibleRect visibleRect() const override { return visible_; }

	H264DecodeMode decodeMode() const { return mode_; }

private:
	int submitPicture(const H264PictureParams &params) override;
	void outputPicture(uint64_t timestampNs) override;

	/* One request of a picture (all of it, or one slice), ready for the engine. */
	struct PreparedRequest {
		std::vector<uint8_t> bitstream;
		ControlSet controls;
	};
	struct PreparedPicture {
		uint64_t frameId = 0;
		bool isReference = false;
		std::vector<uint64_t> references; /* the frames of its dpb[] */
		std::vector<PreparedRequest> requests;
	};

	int configureEngine(const H264PictureParams &params);
	int preparePicture(const H264PictureParams &params, PreparedPicture *picture);
	int submitPrepared(const PreparedPicture &picture, FieldPart part);
	int submitLoneField();

	TrackInfo track_;
	StatelessEngine &engine_;
	FrontendConfig config_;
	H264Capabilities capabilities_;
	H264DecodeMode mode_ = H264DecodeMode::FrameBased;
	H264StartCode startCode_ = H264StartCode::AnnexB;
	std::unique_ptr<H264Decoder> decoder_;

	bool configured_ = false;
	unsigned codedWidth_ = 0, codedHeight_ = 0, bitDepth_ = 0, dpbFrames_ = 0;
	VisibleRect visible_;
	bool parameterSetsFed_ = false;
	uint64_t nextFrameId_ = 1;
	PtsMap pts_; /* timestamp key -> presentation time */
	uint64_t packetTimestamp_ = 0;     /* the packet being decoded */
	bool packetTimestampUsed_ = false; /* a picture decodes into its own buffer */
	ReferenceHolds heldReferences_; /* frame ids the engine holds for the DPB */
	std::vector<uint8_t> bitstream_;
	PreparedPicture prepared_;
	std::optional<PreparedPicture> firstField_; /* a first field waiting (see above) */
};

} /* namespace sluice */
