/* SPDX-License-Identifier: MIT */
/*
 * H264Frontend: the H.264 state machine (codec/h264) wired to the stateless engine.
 *
 * This is the accelerator delegate of the four-layer design: H264Decoder hands it each
 * picture in decoding order; it fills the controls (through codec/h264/h264_controls), lays
 * out the bitstream as the device's decode mode and start-code menus ask, and submits to the
 * engine. It also turns the DPB into engine holds: a picture the DPB keeps is a held
 * reference until a later picture's DPB no longer lists it.
 */
#pragma once

#include <memory>
#include <vector>

#include "codec/h264/h264_controls.h"
#include "codec/h264/h264_decoder.h"
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

	int configureEngine(const H264PictureParams &params);
	int submitRequest(const H264PictureParams &params, unsigned slice, bool lastSlice,
			  std::span<const uint64_t> references);

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
	ReferenceHolds heldReferences_; /* frame ids the engine holds for the DPB */
	std::vector<uint8_t> bitstream_;
	ControlSet controls_;
};

} /* namespace sluice */
