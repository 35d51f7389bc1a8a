/* SPDX-License-Identifier: MIT */
/*
 * VideoFrontend: one codec's front-end as the player sees it.
 *
 * A front-end owns the codec's parser and reference state and talks to the engine through
 * its accelerator delegate. The player feeds it packets in decode order (only when
 * engine.canAcceptPicture() says a picture can start) and learns, in display order, which
 * frame to show next through the FrameReady callback. Frame ids are the front-end's: it
 * numbers pictures as it submits them and reports the same ids back.
 */
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "codec/sample_aspect.h"
#include "container/demuxer.h"

namespace sluice {

class StatelessEngine;
struct DecoderInfo;

struct VisibleRect {
	uint32_t x = 0, y = 0, width = 0, height = 0;
};

struct FrontendConfig {
	/* CAPTURE fourccs the presentation side accepts, best first. */
	std::vector<uint32_t> capturePreference;
	/* Extra CAPTURE slots for what the compositor is expected to hold at once. */
	unsigned expectedCompositorHold = 2;
	unsigned displayDepth = 2;
	uint32_t watchdogMs = 1000;
	/* Whether the CAPTURE slots are mapped for CPU reads (see EngineConfig::mapCapture). */
	bool mapCapture = true;
};

class VideoFrontend
{
public:
	/* frameId is next in display order; ptsNs is its presentation time from the container. */
	using FrameReady = std::function<void(uint64_t frameId, int64_t ptsNs)>;

	virtual ~VideoFrontend() = default;

	/*
	 * Decodes one packet: parses it, configures the engine on a new sequence, submits its
	 * pictures and reports the frames that became ready for display. 0, or -errno with
	 * error() saying why in one line (an unsupported stream is refused here, before any
	 * decoding, naming the profile, level, bit depth or size).
	 */
	virtual int decode(const Packet &packet) = 0;
	/* End of stream: reports every frame still waiting for display. */
	virtual int drain() = 0;
	/* Seek: forgets references and waits for a keyframe. The engine was flushed. */
	virtual void reset() = 0;

	/* The visible part of the decoded frames, once the first sequence was seen. */
	virtual VisibleRect visibleRect() const = 0;
	/* The sample aspect ratio the codec states for the current sequence: reduced, within
	 * 1/16..16, 1:1 when it states none (the container may override it, see
	 * presentedSampleAspect()). */
	SampleAspect sampleAspect() const { return sampleAspect_; }
	const std::string &error() const { return error_; }
	void setFrameReady(FrameReady cb) { frameReady_ = std::move(cb); }
	/* Packets dropped because their headers did not parse; decoding went on. */
	uint64_t corruptPacketsDropped() const { return corruptPacketsDropped_; }

protected:
	/* Keeps the codec's ratio; says once per stream when a stated one was rejected. */
	void setStatedAspect(const StatedAspect &stated);

	std::string error_;
	FrameReady frameReady_;
	uint64_t corruptPacketsDropped_ = 0;
	SampleAspect sampleAspect_;
	bool aspectRejectionLogged_ = false;
};

/* The front-end for track's codec on decoder, or null with *error set. */
std::unique_ptr<VideoFrontend> createFrontend(const TrackInfo &track, const DecoderInfo &decoder,
					      StatelessEngine &engine, const FrontendConfig &config,
					      std::string *error);

} /* namespace sluice */
