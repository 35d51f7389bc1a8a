/* SPDX-License-Identifier: MIT */
#include "presenter.h"

#include <cerrno>

#include <drm_fourcc.h>

#include "egl_renderer.h"
#include "pacing.h"
#include "wayland_log.h"

namespace sluice {

constexpr wl_callback_listener Presenter::frameListener = {
	.done = frame_done,
};

Presenter::Presenter(Display &display, VideoPlane &plane, PresenterConfig config)
	: display_(display), plane_(plane), config_(std::move(config)),
	  cache_(display, [this](uint32_t slot) {
			  stats_.releases++;
			  if (onRelease_)
				  onRelease_(slot);
		  },
		  [this](uint32_t slot, const ImportFailure &f) { importFailed(slot, f); }),
	  tracker_(display)
{
	if (config_.allowDmabuf && config_.startAt == PresentationPath::DmaBuf &&
	    display.globals().dmabuf) {
		/* Per-surface feedback on the video surface: that is where scanout is decided. */
		feedback_ = std::make_unique<SurfaceFeedback>(display, plane.surface(),
							      [this](const FeedbackState &) {
								      feedbackChanged();
							      });
	}
}

Presenter::~Presenter()
{
	/* The EGL window surface must go before the wl_surface it draws on. */
	egl_.reset();
}

const FeedbackState *Presenter::feedback() const
{
	return feedback_ && feedback_->received() ? &feedback_->state() : nullptr;
}

bool Presenter::awaitingFeedback() const
{
	return feedback_ && !feedback_->received();
}

void Presenter::setPresentedCallback(PresentedCallback cb)
{
	tracker_.setPresentedCallback(std::move(cb));
}

void Presenter::setDiscardedCallback(DiscardedCallback cb)
{
	tracker_.setDiscardedCallback(std::move(cb));
}

int Presenter::fd() const
{
	return display_.fd();
}

uint64_t Presenter::nowNs() const
{
	return display_.nowNs();
}

uint64_t Presenter::nextRefreshNs() const
{
	const PresentationStats &s = tracker_.stats();
	return predictNextRefresh(s.lastPresentedNs, s.refreshNs, display_.nowNs());
}

bool Presenter::readyForFrame() const
{
	if (!plane_.window().configured())
		return false;
	if (!frameCallback_)
		return true;
	return display_.nowNs() - lastCommitNs_ > config_.frameCallbackTimeoutNs;
}

void Presenter::ensureEgl()
{
	if (eglProbed_ || !config_.allowEgl || config_.startAt == PresentationPath::Shm)
		return;
	eglProbed_ = true;
	egl_ = EglRenderer::create(display_.display(), &eglWhyNot_);
	if (!egl_)
		LOG(Wayland, Info) << "EGL fallback unavailable: " << eglWhyNot_;
}

ChainInput Presenter::chainInput(const FrameKey &key) const
{
	ChainInput in;
	in.compositorHasDmabuf = display_.globals().dmabuf != nullptr;
	in.dmabufDisabled = !config_.allowDmabuf;
	in.startAt = config_.startAt;
	in.startWhy = config_.startWhy;
	if (feedback_)
		in.feedback = feedback_->state();
	in.producible = config_.producible;
	in.current = { key.v4l2Fourcc, key.drmFourcc, key.modifier };
	in.currentStride = key.stride;
	in.currentWidth = key.width;
	in.failures = failures_;
	in.strideAlignments = config_.strideAlignments;
	in.refusedFormats = refusedFormats_;
	in.refusedStrideAlignments = refusedAlignments_;
	in.eglAvailable = egl_ && egl_->canImport(key.drmFourcc, key.modifier);
	in.eglFailed = eglFailed_;
	if (egl_ && !in.eglAvailable)
		in.eglWhyNot = "EGL does not list " + pairName(key.drmFourcc, key.modifier) +
			       " for import";
	else if (config_.allowEgl)
		in.eglWhyNot = eglWhyNot_;
	in.shmFormats = display_.globals().shmFormats;

	return in;
}

void Presenter::decide(const FrameKey &key)
{
	/* EGL is probed only when the chain may need it: making a context costs seconds of CPU
	 * on software GL, which zero copy would pay for nothing, while the compositor needs
	 * that CPU. So the chain runs without EGL first, and again with it if it falls past
	 * the dmabuf step. */
	PathDecision d = choosePresentationPath(chainInput(key));
	if (d.path != PresentationPath::DmaBuf && !eglProbed_) {
		ensureEgl();
		d = choosePresentationPath(chainInput(key));
	}
	bool changed = !haveDecision_ || d.path != decision_.path || d.fourcc != decision_.fourcc ||
		       d.modifier != decision_.modifier || d.request != decision_.request ||
		       d.wanted != decision_.wanted || d.strideAlignment != decision_.strideAlignment;
	decision_ = std::move(d);
	decidedFor_ = key;
	haveDecision_ = true;
	stats_.decisions++;

	if (decision_.reason != loggedReason_) {
		LOG(Wayland, Info) << "presentation: " << decision_.reason;
		loggedReason_ = decision_.reason;
	}
	if (decision_.path != PresentationPath::Egl && eglActive_)
		leaveEgl();
	if (changed && onDecision_)
		onDecision_(decision_);
}

void Presenter::feedbackChanged()
{
	/* Re-evaluate at once for the format we show now, so a request to switch reaches the
	 * player before the next frame. */
	if (haveDecision_)
		decide(decidedFor_);
}

void Presenter::importFailed(uint32_t, const ImportFailure &failure)
{
	failures_.push_back(failure);
	if (haveDecision_)
		decide(decidedFor_);
}

void Presenter::leaveEgl()
{
	if (egl_)
		egl_->detach();
	eglActive_ = false;
}

std::vector<uint32_t> Presenter::rankedCaptureFormats() const
{
	if (!feedback_)
		return {};
	const FeedbackState &fb = feedback_->state();
	std::vector<uint32_t> fourccs;
	for (const ProducibleFormat &p : rankForCompositor(fb, config_.producible)) {
		bool listed = fb.advertises({ p.drmFourcc, p.modifier }) ||
			      (p.modifier == DRM_FORMAT_MOD_LINEAR &&
			       fb.advertises({ p.drmFourcc, DRM_FORMAT_MOD_INVALID }));
		if (listed)
			fourccs.push_back(p.v4l2Fourcc);
	}
	return fourccs;
}

void Presenter::refuseCaptureFormat(uint32_t v4l2Fourcc)
{
	for (const ProducibleFormat &p : config_.producible)
		if (p.v4l2Fourcc == v4l2Fourcc)
			refusedFormats_.push_back(p);
	if (haveDecision_)
		decide(decidedFor_);
}

void Presenter::refuseStrideAlignment(uint32_t alignment)
{
	refusedAlignments_.push_back(alignment);
	if (haveDecision_)
		decide(decidedFor_);
}

void Presenter::forgetSlot(uint32_t slot)
{
	cache_.forget(slot);
	if (egl_)
		egl_->forgetSlot(slot);
}

void Presenter::frame_done(void *data, wl_callback *, uint32_t)
{
	static_cast<Presenter *>(data)->frameCallback_.reset();
}

void Presenter::requestCallbacks(uint32_t slot)
{
	wl_surface *s = plane_.surface();
	frameCallback_.reset(wl_surface_frame(s));
	wl_callback_add_listener(frameCallback_.get(), &frameListener, this);
	tracker_.request(s, slot);
}

int Presenter::prepare(const VideoFrame &frame)
{
	FrameKey key{ frame.v4l2Fourcc, frame.drmFourcc, frame.modifier,
		      frame.planes.empty() ? 0 : frame.planes[0].stride, frame.width };
	if (!haveDecision_ || !(key == decidedFor_))
		decide(key);
	if (decision_.path != PresentationPath::DmaBuf)
		return 0;
	BufferCache::State st = cache_.lookup(frame, decision_.modifier);
	return st == BufferCache::State::Failed ? -EINVAL : 0;
}

int Presenter::present(const VideoFrame &frame)
{
	if (!readyForFrame()) {
		stats_.notReady++;
		return -EAGAIN;
	}
	/* With per-surface feedback the first answer is a moment away; deciding without it
	 * would pick a path only to change it one frame later. */
	if (feedback_ && !feedback_->received()) {
		stats_.notReady++;
		return -EAGAIN;
	}

	FrameKey key{ frame.v4l2Fourcc, frame.drmFourcc, frame.modifier,
		      frame.planes.empty() ? 0 : frame.planes[0].stride, frame.width };
	if (!haveDecision_ || !(key == decidedFor_))
		decide(key);

	int ret;
	switch (decision_.path) {
	case PresentationPath::DmaBuf:
		ret = presentDmabuf(frame, false);
		break;
	case PresentationPath::Egl:
		ret = presentEgl(frame);
		break;
	case PresentationPath::Shm:
		ret = presentShm(frame);
		break;
	default:
		ret = -ENOTSUP;
		break;
	}
	if (ret == -EAGAIN)
		stats_.notReady++;
	display_.flush();
	return ret;
}

int Presenter::presentDmabuf(const VideoFrame &frame, bool retried)
{
	BufferCache::State st = cache_.lookup(frame, decision_.modifier);
	if (st == BufferCache::State::Pending)
		return -EAGAIN;
	if (st == BufferCache::State::Failed) {
		/* The failure already moved the decision, unless it failed before reaching the
		 * compositor; either way, decide again and use whatever comes next. */
		if (retried)
			return -EIO;
		decide(decidedFor_);
		if (decision_.path == PresentationPath::DmaBuf)
			return presentDmabuf(frame, true);
		return decision_.path == PresentationPath::Shm ? presentShm(frame)
		       : decision_.path == PresentationPath::Egl ? presentEgl(frame)
								  : -ENOTSUP;
	}

	requestCallbacks(frame.slot);
	Rect source{ int32_t(frame.visible.x), int32_t(frame.visible.y), int32_t(frame.visible.w),
		     int32_t(frame.visible.h) };
	plane_.attachAndCommit(cache_.buffer(frame.slot), source);
	cache_.attached(frame.slot);
	lastCommitNs_ = display_.nowNs();
	stats_.committed++;
	stats_.committedZeroCopy++;
	stats_.bytesCopiedLastFrame = 0;
	return 0;
}

int Presenter::presentShm(const VideoFrame &frame)
{
	if (frame.drmFourcc != DRM_FORMAT_NV12 || frame.planes.size() < 2 ||
	    frame.planeMaps[0].empty() || frame.planeMaps[1].empty())
		return -EINVAL;

	const uint32_t w = frame.visible.w & ~1u;
	const uint32_t h = frame.visible.h & ~1u;
	ShmLayout layout = shmLayoutFor(decision_.fourcc, w, h);

	ShmBuffer *buf = nullptr;
	for (auto &b : shm_) {
		if (!b->busy() && b->layout() == layout) {
			buf = b.get();
			break;
		}
	}
	if (!buf) {
		/* Buffers of an old size are dropped once free; new ones up to the cap. */
		std::erase_if(shm_, [&](const std::unique_ptr<ShmBuffer> &b) {
			return !b->busy() && !(b->layout() == layout);
		});
		if (shm_.size() >= config_.maxShmBuffers)
			return -EAGAIN;
		auto created = ShmBuffer::create(display_.globals().shm.get(), layout);
		if (!created)
			return -ENOMEM;
		buf = created.get();
		shm_.push_back(std::move(created));
	}

	const uint32_t yStride = frame.planes[0].stride;
	const uint32_t uvStride = frame.planes[1].stride;
	const size_t yOff = size_t(frame.visible.y) * yStride + frame.visible.x;
	const size_t uvOff = size_t(frame.visible.y / 2) * uvStride + (frame.visible.x & ~1u);
	/* Refuse a frame whose mapping is shorter than its stated layout. */
	if (frame.planeMaps[0].size() < yOff + size_t(h - 1) * yStride + w ||
	    frame.planeMaps[1].size() < uvOff + size_t(h / 2 - 1) * uvStride + w)
		return -EINVAL;

	Nv12View src{ frame.planeMaps[0].data() + yOff, yStride, frame.planeMaps[1].data() + uvOff,
		      uvStride, w, h };
	size_t bytes;
	if (layout.drmFourcc == DRM_FORMAT_NV12)
		bytes = copyNv12(src, buf->data(), layout.strides[0], buf->data() + layout.offsets[1],
				 layout.strides[1]);
	else
		bytes = convertNv12ToXrgb(src, frame.matrix, frame.fullRange, buf->data(),
					  layout.strides[0]);

	requestCallbacks(frame.slot);
	buf->markBusy();
	plane_.attachAndCommit(buf->buffer(), Rect{ 0, 0, int32_t(w), int32_t(h) });
	lastCommitNs_ = display_.nowNs();
	deferred_.push_back(frame.slot);
	stats_.committed++;
	stats_.bytesCopiedLastFrame = bytes;
	stats_.bytesCopiedTotal += bytes;
	return 0;
}

int Presenter::presentEgl(const VideoFrame &frame)
{
	if (!egl_)
		return -ENOTSUP;
	plane_.prepareForEgl(frame.visible.w, frame.visible.h);
	requestCallbacks(frame.slot);
	eglActive_ = true;
	/* Drawn at the picture's own size: the viewport scales it into the letterbox, as it
	 * does dmabufs, so the GPU samples each pixel once and the compositor scales. */
	int ret = egl_->draw(plane_.surface(), frame, frame.visible.w, frame.visible.h);
	if (ret < 0) {
		eglWhyNot_ = egl_->lastError();
		LOG(Wayland, Warn) << "EGL could not draw slot " << frame.slot << ": " << eglWhyNot_;
		eglFailed_ = true;
		frameCallback_.reset();
		decide(decidedFor_);
		return -EAGAIN;
	}
	plane_.eglCommitted();
	lastCommitNs_ = display_.nowNs();
	deferred_.push_back(frame.slot);
	stats_.committed++;
	/* The GPU read it, the CPU copied nothing. */
	stats_.bytesCopiedLastFrame = 0;
	return 0;
}

int Presenter::dispatch()
{
	int ret = display_.dispatch();
	/* Copied slots: the copy finished inside present(), so they are free now. */
	std::vector<uint32_t> released;
	released.swap(deferred_);
	for (uint32_t slot : released) {
		stats_.releases++;
		if (onRelease_)
			onRelease_(slot);
	}
	return ret;
}

} /* namespace sluice */
