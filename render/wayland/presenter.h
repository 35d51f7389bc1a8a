/* SPDX-License-Identifier: MIT */
/*
 * Presenter: shows decoded frames on the video plane, zero copy when it can.
 *
 * The player owns the engine and the presenter and wires them; neither knows the other.
 * The contract:
 *  - present(frame) returns 0 when the frame was committed. From then on the compositor is
 *    a holder of frame.slot: the player calls engine.holdCompositor(slot).
 *  - Every successful present() is answered by exactly one onRelease(slot), always from
 *    dispatch(), never from inside present(). Only then may the player call
 *    engine.releaseCompositor(slot). On the dmabuf path that is wl_buffer.release; on the
 *    copying paths (EGL, shm) the slot is free once copied, and the release is still
 *    delivered from the next dispatch() so the order hold -> release never inverts.
 *  - -EAGAIN: not now (window not configured, previous frame not yet taken by the
 *    compositor, import still in flight). Dispatch and try again; nothing was held.
 *  - onPresented / onDiscarded come from presentation-time for each committed frame.
 *  - onDecision tells the player the path changed or a CAPTURE change is wanted
 *    (another format, or a stride alignment) to apply at its next safe point.
 *
 * The path comes from choosePresentationPath() (fallback_chain.h), re-evaluated when the
 * dmabuf feedback changes, when an import fails and when the frames' format changes. It is
 * logged once per change and queryable for stats and the overlay.
 */
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "buffer_cache.h"
#include "dmabuf_feedback.h"
#include "fallback_chain.h"
#include "presentation_feedback.h"
#include "shm_buffer.h"
#include "video_frame.h"
#include "video_plane.h"

namespace sluice {

class EglRenderer;

struct PresenterConfig {
	/* CAPTURE formats the decoder can produce, best first. */
	std::vector<ProducibleFormat> producible;
	std::vector<uint32_t> strideAlignments{ defaultStrideAlignments().begin(),
						defaultStrideAlignments().end() };
	bool allowDmabuf = true;
	bool allowEgl = true;
	/* Where the fallback chain starts (--present): DmaBuf runs all of it; Egl or Shm skip
	 * the steps above. startWhy is said in the reason ("--present gpu"). */
	PresentationPath startAt = PresentationPath::DmaBuf;
	std::string startWhy;
	unsigned maxShmBuffers = 3;
	/* How long an unanswered frame callback may throttle present() before we stop
	 * trusting it (a compositor that never sends them must not freeze playback). */
	uint64_t frameCallbackTimeoutNs = 250000000;
};

struct PresenterStats {
	uint64_t committed = 0;
	uint64_t committedZeroCopy = 0; /* dmabuf commits */
	uint64_t notReady = 0;          /* present() answered -EAGAIN */
	uint64_t bytesCopiedLastFrame = 0;
	uint64_t bytesCopiedTotal = 0;
	uint64_t releases = 0;
	uint64_t decisions = 0;
};

class Presenter
{
public:
	using ReleaseCallback = std::function<void(uint32_t slot)>;
	using PresentedCallback = std::function<void(uint32_t slot, uint64_t ns, bool zeroCopy)>;
	using DiscardedCallback = std::function<void(uint32_t slot)>;
	using DecisionCallback = std::function<void(const PathDecision &decision)>;

	Presenter(Display &display, VideoPlane &plane, PresenterConfig config);
	~Presenter();
	Presenter(const Presenter &) = delete;
	Presenter &operator=(const Presenter &) = delete;

	/* Starts importing frame's slot ahead of its display time (dmabuf path); optional. */
	int prepare(const VideoFrame &frame);
	int present(const VideoFrame &frame);
	/* The slot died (pool reallocated): drop its buffer (after release if held). */
	void forgetSlot(uint32_t slot);

	/* The decoder's formats the compositor lists, in the order its feedback favours (see
	 * rankForCompositor()), as V4L2 fourccs: what to ask the decoder for first. */
	std::vector<uint32_t> rankedCaptureFormats() const;
	/* The player asked the decoder for a change the chain requested and the decoder could
	 * not make it: the chain stops asking for it and moves on down. */
	void refuseCaptureFormat(uint32_t v4l2Fourcc);
	void refuseStrideAlignment(uint32_t alignment);

	/* Run when fd() is readable (and once per loop): delivers every callback. */
	int dispatch();
	int fd() const;
	/* The next predicted refresh on the presentation clock, for the poll timeout. */
	uint64_t nextRefreshNs() const;
	uint64_t nowNs() const;
	/* Whether present() would not be throttled by the frame callback right now. */
	bool readyForFrame() const;

	PresentationPath path() const { return decision_.path; }
	const std::string &pathReason() const { return decision_.reason; }
	const PathDecision &decision() const { return decision_; }
	const PresenterStats &stats() const { return stats_; }
	const PresentationStats &presentationStats() const { return tracker_.stats(); }
	const FeedbackState *feedback() const;
	/* Dmabuf feedback was asked for and its first `done` has not come yet. */
	bool awaitingFeedback() const;
	unsigned heldByCompositor() const { return cache_.held() + unsigned(deferred_.size()); }

	void setReleaseCallback(ReleaseCallback cb) { onRelease_ = std::move(cb); }
	void setPresentedCallback(PresentedCallback cb);
	void setDiscardedCallback(DiscardedCallback cb);
	void setDecisionCallback(DecisionCallback cb) { onDecision_ = std::move(cb); }

private:
	struct FrameKey {
		uint32_t v4l2Fourcc = 0;
		uint32_t drmFourcc = 0;
		uint64_t modifier = 0;
		uint32_t stride = 0;
		uint32_t width = 0;
		bool operator==(const FrameKey &) const = default;
	};

	void decide(const FrameKey &key);
	ChainInput chainInput(const FrameKey &key) const;
	void ensureEgl();
	void importFailed(uint32_t slot, const ImportFailure &failure);
	void feedbackChanged();
	void requestCallbacks(uint32_t slot);
	int presentDmabuf(const VideoFrame &frame, bool retried);
	int presentShm(const VideoFrame &frame);
	int presentEgl(const VideoFrame &frame);
	void leaveEgl();

	static void frame_done(void *data, wl_callback *callback, uint32_t time);
	static const wl_callback_listener frameListener;

	Display &display_;
	VideoPlane &plane_;
	PresenterConfig config_;
	std::unique_ptr<SurfaceFeedback> feedback_;
	BufferCache cache_;
	PresentationTracker tracker_;
	std::vector<std::unique_ptr<ShmBuffer>> shm_;
	std::unique_ptr<EglRenderer> egl_;
	bool eglProbed_ = false;
	bool eglFailed_ = false;
	bool eglActive_ = false;
	std::string eglWhyNot_;

	std::vector<ImportFailure> failures_;
	std::vector<ProducibleFormat> refusedFormats_;
	std::vector<uint32_t> refusedAlignments_;
	PathDecision decision_;
	FrameKey decidedFor_;
	bool haveDecision_ = false;
	std::string loggedReason_;

	WlPtr<wl_callback> frameCallback_;
	uint64_t lastCommitNs_ = 0;
	std::vector<uint32_t> deferred_; /* copied slots, released from the next dispatch() */

	PresenterStats stats_;
	ReleaseCallback onRelease_;
	DecisionCallback onDecision_;
};

} /* namespace sluice */
