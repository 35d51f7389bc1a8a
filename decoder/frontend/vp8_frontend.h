/* SPDX-License-Identifier: MIT */
/*
 * Vp8Frontend: the VP8 front-end (RFC 6386) on the stateless engine.
 *
 * One request per frame: the whole compressed frame and V4L2_CID_STATELESS_VP8_FRAME. The
 * last, golden and altref buffers name frames by id; a frame the buffers hold is one engine
 * reference hold, dropped when no buffer holds it any more. VP8 never reorders: a frame with
 * show_frame set is ready for display as soon as it is submitted, a hidden one (an altref)
 * never is. Decoding starts at a key frame; inter frames before it are skipped.
 */
#pragma once

#include <cstdint>
#include <vector>

#include "codec/vp8/vp8_controls.h"
#include "codec/vp8/vp8_frame_header.h"
#include "codec/vp8/vp8_references.h"
#include "reference_holds.h"
#include "video_frontend.h"

namespace sluice {

class Vp8Frontend : public VideoFrontend
{
public:
	Vp8Frontend(const TrackInfo &track, StatelessEngine &engine, const FrontendConfig &config);

	int decode(const Packet &packet) override;
	int drain() override;
	void reset() override;
	VisibleRect visibleRect() const override { return visible_; }

private:
	int configureEngine(const Vp8FrameHeader &header);
	void releaseUnheld();

	TrackInfo track_;
	StatelessEngine &engine_;
	FrontendConfig config_;
	Vp8HeaderParser parser_;
	Vp8References references_;
	ReferenceHolds heldReferences_; /* frame ids the engine holds for the buffers */

	bool configured_ = false;
	uint32_t width_ = 0, height_ = 0;
	VisibleRect visible_;
	uint64_t nextFrameId_ = 1;
	ControlSet controls_;
};

} /* namespace sluice */
