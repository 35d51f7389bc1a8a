/* SPDX-License-Identifier: MIT */
/*
 * VideoOutput: where the player sends decoded frames (the Wayland presenter, or the null
 * output for --vo null).
 *
 * show() hands a slot to the output; from then on the output holds it, and it says when it
 * lets go through the Released callback (wl_buffer.release on Wayland). The player turns
 * those into the engine's compositor holder, so a slot is never re-queued while shown.
 */
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "engine/stateless_engine.h"
#include "frontend/video_frontend.h"
#include "presentation_costs.h"
#include "v4l2/video_types.h"

namespace sluice {

struct ShownFrame {
	uint64_t frameId = 0;
	uint32_t slot = 0;
	int64_t ptsNs = 0;
	const Buffer *buffer = nullptr; /* planes: mappings and exported dmabufs */
	ImageFormat format;             /* the CAPTURE format: fourcc, size, strides */
	VisibleRect visible;
	SampleAspect sampleAspect;      /* shape of a sample: the container's, else the codec's */
	ColourDescription colour;       /* the stream's, as far as the container tells */
	uint64_t decodedNs = 0;         /* CLOCK_MONOTONIC when its decode completed; 0: unknown */
};

struct OutputCounters {
	uint64_t presented = 0;
	uint64_t presentedZeroCopy = 0;
	uint64_t discardedByCompositor = 0;
	uint64_t droppedLate = 0;
	uint64_t bytesCopied = 0;
};

/* Which way frames reach the screen, for the overlay and the stats. */
struct OutputPath {
	enum class Kind { None, Scanout, Composited, Gpu, Shm };
	Kind kind = Kind::None;
	std::string format;   /* "NV12" */
	uint64_t modifier = 0;
	std::string reason;
};

class VideoOutput
{
public:
	using Released = std::function<void(uint32_t slot)>;

	virtual ~VideoOutput() = default;

	/* An fd for the player's poll loop, or -1. */
	virtual int fd() const { return -1; }
	/* Sends what is queued for the other side; called right before the loop polls. */
	virtual int flush() { return 0; }
	/* Handles what arrived on fd(): releases, presentation feedback. 0 or -errno. */
	virtual int dispatch() { return 0; }
	/* Whether show() would be taken now (a frame callback is pending on Wayland). */
	virtual bool readyForFrame() const { return true; }
	/* Shows frame; 0 means the output holds frame.slot until Released. */
	virtual int show(const ShownFrame &frame) = 0;
	/* The presentation path and why, for logs, stats and the overlay. */
	virtual std::string path() const = 0;
	virtual OutputPath pathInfo() const { return { OutputPath::Kind::None, {}, 0, path() }; }
	virtual OutputCounters counters() const = 0;
	/* Per-path cost of showing frames and decode-to-present latency; null when the
	 * output does not present (--vo null). */
	virtual const PresentationCosts *presentationCosts() const { return nullptr; }

	/*
	 * Paced outputs show each frame at its presentation time on their own clock, and the
	 * player drops frames whose refresh has passed. Unpaced ones (--vo null) take frames
	 * as fast as they come.
	 */
	virtual bool paced() const { return false; }
	virtual uint64_t nowNs() const { return 0; }
	/* The next refresh on the output's clock; 0 when unknown. */
	virtual uint64_t nextRefreshNs() const { return 0; }
	virtual void countLateDrop() {}
	virtual bool closeRequested() const { return false; }
	virtual void toggleFullscreen() {}

	/*
	 * CAPTURE layouts. The first is asked for before decoding starts (the compositor's
	 * preferred formats first). Later the output may want another one (an import failed,
	 * or a scanout tranche lists another pair): the player applies it at its next safe
	 * point and says what the decoder made of it, and the output stops asking for what
	 * the decoder could not do.
	 */
	virtual CaptureLayout initialCaptureLayout() const { return {}; }
	virtual std::optional<CaptureLayout> wantedCaptureLayout() const { return std::nullopt; }
	virtual void captureLayoutApplied(const CaptureLayout &, const ImageFormat &) {}
	/* A slot died (its CAPTURE buffers were reallocated): drop what refers to it. */
	virtual void forgetSlot(uint32_t) {}

	void setReleased(Released cb) { released_ = std::move(cb); }

protected:
	Released released_;
};

} /* namespace sluice */
