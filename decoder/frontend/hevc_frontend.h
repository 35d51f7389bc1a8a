/* SPDX-License-Identifier: MIT */
/*
 * HevcFrontend: the HEVC state machine (codec/hevc) wired to the stateless engine.
 *
 * The accelerator delegate of the four-layer design: HevcDecoder hands it each picture in
 * decoding order; it fills the controls (codec/hevc/hevc_controls), lays the slices out as
 * the device's decode-mode and start-code menus ask, and submits to the engine. The RPS's
 * references become engine holds until a later picture's DPB no longer lists them.
 */
#pragma once

#include <memory>
#include <vector>

#include "codec/hevc/hevc_controls.h"
#include "codec/hevc/hevc_decoder.h"
#include "pts_map.h"
#include "reference_holds.h"
#include "v4l2/decoder_probe.h"
#include "video_frontend.h"

namespace sluice {

class HevcFrontend : public VideoFrontend, private HevcAccelerator
{
public:
	HevcFrontend(const TrackInfo &track, const DecoderInfo &decoder, StatelessEngine &engine,
		     const FrontendConfig &config);

	int decode(const Packet &packet) override;
	int drain() override;
	void reset() override;
	VisibleRect visibleRect() const override { return visible_; }

private:
	int submitPicture(const HevcPictureParams &params) override;
	void outputPicture(uint64_t timestampNs) override;

	int configureEngine(const HevcPictureParams &params);
	int submitRequest(const HevcPictureParams &params, unsigned slice, bool lastSlice,
			  std::span<const uint64_t> references);

	TrackInfo track_;
	StatelessEngine &engine_;
	FrontendConfig config_;
	HevcCapabilities capabilities_;
	HevcControlOptions options_;
	std::vector<uint32_t> tenBitFormats_; /* P010/NV15 the device offers, best first */
	std::unique_ptr<HevcDecoder> decoder_;

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
