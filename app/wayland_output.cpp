/* SPDX-License-Identifier: MIT */
#include "wayland_output.h"

#include <cerrno>
#include <cstring>
#include <linux/videodev2.h>

#include "app_log.h"
#include "v4l2/drm_format.h"
#include "v4l2/fourcc.h"
#include "wayland/display.h"
#include "wayland/presenter.h"
#include "wayland/video_plane.h"
#include "wayland/window.h"

namespace sluice {

namespace {

/*
 * The YUV->RGB matrix for the copying and GPU paths (code points of ISO/IEC 23091-2). An
 * unspecified matrix follows the usual convention: HD sizes are BT.709, SD ones BT.601.
 */
YuvMatrix yuvMatrixFor(const ColourDescription &colour, uint32_t height)
{
	switch (colour.matrix) {
	case 1:
		return YuvMatrix::Bt709;
	case 5:
	case 6:
		return YuvMatrix::Bt601;
	default:
		return height >= 720 ? YuvMatrix::Bt709 : YuvMatrix::Bt601;
	}
}

} /* namespace */

WaylandOutput::WaylandOutput() = default;

WaylandOutput::~WaylandOutput()
{
	/* The presenter's buffers go before the surfaces, the surfaces before the connection. */
	presenter_.reset();
	overlaySubsurface_.reset();
	overlaySurface_.reset();
	plane_.reset();
	window_.reset();
	display_.reset();
}

std::unique_ptr<WaylandOutput> WaylandOutput::create(bool fullscreen,
						     const std::vector<uint32_t> &captureFormats,
						     Options::Present present, std::string *error)
{
	std::unique_ptr<WaylandOutput> output(new WaylandOutput());
	int ret = 0;
	output->display_ = Display::connect(nullptr, &ret);
	if (!output->display_) {
		*error = std::string("cannot connect to the Wayland compositor: ") + strerror(-ret) +
			 " (is WAYLAND_DISPLAY set? --vo null decodes without one)";
		return nullptr;
	}
	WindowOptions options;
	options.fullscreen = fullscreen;
	output->window_ = Window::create(*output->display_, options, &ret);
	if (!output->window_) {
		*error = std::string("cannot create the window: ") + strerror(-ret);
		return nullptr;
	}
	output->plane_ = std::make_unique<VideoPlane>(*output->display_, *output->window_);

	PresenterConfig config;
	for (uint32_t v4l2 : captureFormats) {
		std::optional<DrmFormat> drm = drmFormatForV4l2(v4l2);
		if (drm)
			config.producible.push_back({ v4l2, drm->fourcc, drm->modifier });
	}
	switch (present) {
	case Options::Present::Auto:
	case Options::Present::DmaBuf:
		config.startAt = PresentationPath::DmaBuf;
		break;
	case Options::Present::Gpu:
		config.startAt = PresentationPath::Egl;
		break;
	case Options::Present::Shm:
		config.startAt = PresentationPath::Shm;
		break;
	}
	config.startWhy = std::string("--present ") + presentName(present);
	output->costs_.setRequested(presentName(present));
	output->presenter_ = std::make_unique<Presenter>(*output->display_, *output->plane_, config);
	WaylandOutput *self = output.get();
	output->presenter_->setReleaseCallback([self](uint32_t slot) {
		if (self->released_)
			self->released_(slot);
	});
	output->presenter_->setPresentedCallback([self](uint32_t slot, uint64_t ns, bool zeroCopy) {
		self->counters_.presented++;
		self->counters_.presentedZeroCopy += zeroCopy;
		self->costs_.presented(slot, ns);
		/* Once: how long the path took to show anything (imports, shader builds). */
		if (self->counters_.presented == 1)
			LOG(App, Info) << "first frame on screen ("
				       << presentationPathName(self->presenter_->path()) << ", "
				       << self->costs_.decodeToPresent().maxNs() / 1000000
				       << " ms after its decode)";
	});
	output->presenter_->setDiscardedCallback([self](uint32_t slot) {
		self->counters_.discardedByCompositor++;
		self->costs_.discarded(slot);
	});
	output->presenter_->setDecisionCallback(
		[self](const PathDecision &decision) { self->decisionMade(decision); });

	/* Wait for the first configure so the first frame has somewhere to go. */
	for (int i = 0; i < 100 && !output->window_->configured(); i++)
		if (output->display_->waitAndDispatch(50) < 0)
			break;
	if (!output->window_->configured()) {
		*error = "the compositor never configured the window";
		return nullptr;
	}
	/* And for the first dmabuf feedback (bounded): the decoder's first CAPTURE format is
	 * chosen from it (initialCaptureLayout()). */
	for (int i = 0; i < 40 && output->presenter_->awaitingFeedback(); i++)
		if (output->display_->waitAndDispatch(50) < 0)
			break;
	return output;
}

/* The chain wants the decoder to produce something else: remember it for the player's next
 * safe point (a keyframe once every shown frame went out). */
void WaylandOutput::decisionMade(const PathDecision &decision)
{
	if (decision.request == PlayerRequest::None)
		return;
	CaptureLayout layout = wanted_.value_or(applied_);
	if (decision.request == PlayerRequest::OtherCaptureFormat)
		layout.preferredFourccs = { decision.wanted.v4l2Fourcc };
	else
		layout.strideAlignment = decision.strideAlignment;
	if (layout == applied_)
		return;
	wanted_ = layout;
	LOG(App, Info) << "the presentation asks the decoder for "
		       << (decision.request == PlayerRequest::OtherCaptureFormat
				   ? "CAPTURE format " + fourccToString(decision.wanted.v4l2Fourcc)
				   : "lines padded to " + std::to_string(decision.strideAlignment) +
					     " bytes")
		       << "; switching at the next keyframe";
}

CaptureLayout WaylandOutput::initialCaptureLayout() const
{
	CaptureLayout layout;
	layout.preferredFourccs = presenter_->rankedCaptureFormats();
	return layout;
}

void WaylandOutput::captureLayoutApplied(const CaptureLayout &asked, const ImageFormat &got)
{
	applied_ = asked;
	wanted_.reset();
	uint32_t stride = got.planes[0].bytesPerLine;
	LOG(App, Info) << "the decoder now produces " << fourccToString(got.fourcc) << " "
		       << got.width << "x" << got.height << ", " << stride << " bytes per line";
	if (!asked.preferredFourccs.empty() && got.fourcc != asked.preferredFourccs.front())
		presenter_->refuseCaptureFormat(asked.preferredFourccs.front());
	if (asked.strideAlignment && stride % asked.strideAlignment)
		presenter_->refuseStrideAlignment(asked.strideAlignment);
}

void WaylandOutput::forgetSlot(uint32_t slot)
{
	presenter_->forgetSlot(slot);
}

int WaylandOutput::fd() const
{
	return presenter_->fd();
}

int WaylandOutput::flush()
{
	return display_->flush();
}

int WaylandOutput::dispatch()
{
	return presenter_->dispatch();
}

bool WaylandOutput::readyForFrame() const
{
	return window_->configured() && presenter_->readyForFrame();
}

uint64_t WaylandOutput::nowNs() const
{
	return presenter_->nowNs();
}

uint64_t WaylandOutput::nextRefreshNs() const
{
	return presenter_->nextRefreshNs();
}

bool WaylandOutput::closeRequested() const
{
	return window_->closeRequested();
}

void WaylandOutput::toggleFullscreen()
{
	window_->setFullscreen(!window_->fullscreen());
}

int WaylandOutput::show(const ShownFrame &shown)
{
	if (!shown.buffer)
		return -EINVAL;
	std::optional<DrmFormat> drm = drmFormatForV4l2(shown.format.fourcc);
	if (!drm)
		return -ENOTSUP;

	VideoFrame frame;
	frame.slot = shown.slot;
	frame.v4l2Fourcc = shown.format.fourcc;
	frame.drmFourcc = drm->fourcc;
	frame.modifier = drm->modifier;
	frame.width = shown.format.width;
	frame.height = shown.format.height;
	frame.visible = { shown.visible.x, shown.visible.y, shown.visible.width,
			  shown.visible.height };
	/* Anamorphic streams: the letterbox fits visible * sample aspect, refitted with the
	 * frame that brings a new ratio. */
	plane_->setSampleAspect(shown.sampleAspect.num, shown.sampleAspect.den);
	frame.ptsNs = static_cast<uint64_t>(shown.ptsNs);
	frame.matrix = yuvMatrixFor(shown.colour, shown.visible.height);
	frame.fullRange = shown.colour.range == ColourDescription::Range::Full;

	/* Colour planes: in one memory plane one after another (NV12: chroma after the
	 * luma's full allocated height), or one memory plane each (NV12M). Offsets and strides
	 * are the driver's bytesperline, never computed from the width. */
	const Buffer &buffer = *shown.buffer;
	unsigned colourPlanes;
	switch (shown.format.fourcc) {
	case V4L2_PIX_FMT_YUV420:
	case V4L2_PIX_FMT_YUV420M:
		colourPlanes = 3;
		break;
	default:
		colourPlanes = 2;
		break;
	}
	size_t offset = 0;
	for (unsigned i = 0; i < colourPlanes; i++) {
		bool separate = i < buffer.planes.size() && drm->memoryPlanes > 1;
		const BufferPlane &memory = buffer.planes[separate ? i : 0];
		uint32_t stride = shown.format.planes[separate ? i : 0].bytesPerLine;
		if (!separate && shown.format.fourcc == V4L2_PIX_FMT_YUV420 && i > 0)
			stride /= 2;
		FramePlane plane;
		plane.fd = memory.dmabuf.get();
		plane.offset = separate ? 0 : static_cast<uint32_t>(offset);
		plane.stride = stride;
		frame.planes.push_back(plane);
		if (memory.mapping)
			frame.planeMaps[i] = { memory.mapping + plane.offset,
					       memory.length - plane.offset };
		/* The next colour plane starts after this one's lines (4:2:0 chroma: half). */
		uint32_t lines = i == 0 ? shown.format.height : (shown.format.height + 1) / 2;
		offset += size_t{ stride } * lines;
	}

	PresentationCosts::Mark before = PresentationCosts::mark();
	int ret = presenter_->present(frame);
	if (ret == 0) {
		/* The path after present(): a failed import may have moved it inside the call. */
		costs_.addFrame(presentationPathName(presenter_->path()), before,
				presenter_->stats().bytesCopiedLastFrame);
		costs_.committed(frame.slot, shown.decodedNs, PresentationCosts::mark().wallNs,
				 presenter_->nowNs());
		counters_.bytesCopied = presenter_->stats().bytesCopiedTotal;
	}
	return ret;
}

wl_surface *WaylandOutput::createOverlaySurface()
{
	if (overlaySurface_)
		return overlaySurface_.get();
	overlaySurface_.reset(wl_compositor_create_surface(display_->globals().compositor.get()));
	if (!overlaySurface_)
		return nullptr;
	overlaySubsurface_ = plane_->createOverlaySubsurface(overlaySurface_.get());
	return overlaySurface_.get();
}

wl_display *WaylandOutput::wlDisplay() const
{
	return display_->display();
}

uint32_t WaylandOutput::windowWidth() const
{
	return window_->width();
}

uint32_t WaylandOutput::windowHeight() const
{
	return window_->height();
}

OutputPath WaylandOutput::pathInfo() const
{
	const PathDecision &d = presenter_->decision();
	OutputPath info;
	switch (d.path) {
	case PresentationPath::DmaBuf:
		/* Zero-copy presentation feedback is the compositor's own word for scanout. */
		info.kind = counters_.presentedZeroCopy ? OutputPath::Kind::Scanout
							: OutputPath::Kind::Composited;
		break;
	case PresentationPath::Egl: info.kind = OutputPath::Kind::Gpu; break;
	case PresentationPath::Shm: info.kind = OutputPath::Kind::Shm; break;
	case PresentationPath::None: info.kind = OutputPath::Kind::None; break;
	}
	char fourcc[5] = { char(d.fourcc), char(d.fourcc >> 8), char(d.fourcc >> 16),
			   char(d.fourcc >> 24), 0 };
	info.format = d.fourcc ? fourcc : "";
	info.modifier = d.modifier;
	info.reason = d.reason;
	return info;
}

std::string WaylandOutput::path() const
{
	return std::string(presentationPathName(presenter_->path())) + ": " + presenter_->pathReason();
}

OutputCounters WaylandOutput::counters() const
{
	OutputCounters c = counters_;
	c.bytesCopied = presenter_->stats().bytesCopiedTotal;
	return c;
}

} /* namespace sluice */
