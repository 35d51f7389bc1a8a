/* SPDX-License-Identifier: MIT */
/*
 * Vp9Frontend: the VP9 state machine (codec/vp9) wired to the stateless engine.
 *
 * The accelerator delegate of the four-layer design for VP9: Vp9Decoder hands it each frame
 * in decoding order (hidden alt-refs included); it fills the two controls (through
 * codec/vp9/vp9_controls), submits the whole frame as one request, reconfigures the engine
 * when a keyframe changes the size or format, and turns the reference slots into engine
 * holds (one per distinct frame, see Vp9Decoder). show_existing_frame becomes a second
 * display hold on the frame already decoded, with no decode.
 */
#pragma once

#include <memory>

#include "codec/control_set.h"
#include "codec/vp9/vp9_decoder.h"
#include "v4l2/decoder_probe.h"
#include "video_frontend.h"

namespace sluice {

class Vp9Frontend : public VideoFrontend, private Vp9Accelerator
{
public:
	Vp9Frontend(const TrackInfo &track, const DecoderInfo &decoder, StatelessEngine &engine,
		    const FrontendConfig &config);

	int decode(const Packet &packet) override;
	int drain() override;
	void reset() override;
	VisibleRect visibleRect() const override { return visible_; }

	const Vp9DecoderStats &stats() const { return decoder_->stats(); }

private:
	int submitFrame(const Vp9Picture &picture) override;
	int outputFrame(uint64_t frameId, bool existing) override;
	void releaseReference(uint64_t frameId) override;

	int checkSupported(const Vp9FrameHeader &header);
	int configureEngine(const Vp9FrameHeader &header, const ControlSet &controls);

	TrackInfo track_;
	StatelessEngine &engine_;
	FrontendConfig config_;
	/* What the device advertises: VP9 profiles (from its profile menu) and the largest size. */
	std::vector<uint8_t> profiles_{ 0 };
	unsigned maxWidth_ = 0, maxHeight_ = 0;
	std::unique_ptr<Vp9Decoder> decoder_;

	bool configured_ = false;
	unsigned codedWidth_ = 0, codedHeight_ = 0, bitDepth_ = 0;
	bool subsamplingX_ = true, subsamplingY_ = true;
	VisibleRect visible_;
	int64_t packetPts_ = 0;
	bool warnedInterResize_ = false;
	ControlSet controls_;
};

} /* namespace sluice */
