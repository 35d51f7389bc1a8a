/* SPDX-License-Identifier: MIT */
#include "player.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <linux/videodev2.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>
#include <vector>

#include "app_log.h"
#include "container/open_demuxer.h"
#include "frontend/stream_aspect.h"
#include "null_output.h"
#include "overlay/wayland_overlay.h"
#include "overlay_feed.h"
#include "wayland_output.h"
#include "v4l2/fourcc.h"

namespace sluice {

namespace {

/* Frames decoded ahead of the screen: enough to absorb decode jitter, bounded in memory. */
constexpr size_t kMaxDisplayQueue = 4;

uint64_t monotonicNs()
{
	timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return static_cast<uint64_t>(ts.tv_sec) * 1000000000u + static_cast<uint64_t>(ts.tv_nsec);
}

uint32_t codedFourccFor(Codec codec)
{
	switch (codec) {
	case Codec::H264: return V4L2_PIX_FMT_H264_SLICE;
	case Codec::HEVC: return V4L2_PIX_FMT_HEVC_SLICE;
	case Codec::VP8: return V4L2_PIX_FMT_VP8_FRAME;
	case Codec::VP9: return V4L2_PIX_FMT_VP9_FRAME;
	case Codec::MPEG2: return V4L2_PIX_FMT_MPEG2_SLICE;
	case Codec::AV1: return v4l2_fourcc('A', 'V', '1', 'F');
	case Codec::Unknown: break;
	}
	return 0;
}

} /* namespace */

Player::Player(const Options &options)
	: options_(options)
{
}

Player::~Player() = default;

int Player::setupSignals()
{
	/* Ctrl-C and SIGTERM end playback through the loop, so the statistics are still
	 * written and every buffer is released in order. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &set, nullptr) < 0)
		return -errno;
	signals_.reset(signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK));
	return signals_.isValid() ? 0 : -errno;
}

int Player::open()
{
	facts_.file = options_.file;
	OpenResult opened = openDemuxerFile(options_.file, options_.track);
	if (!opened.demuxer) {
		std::fprintf(stderr, "sluice: %s\n", opened.error.c_str());
		return -EINVAL;
	}
	demuxer_ = std::move(opened.demuxer);
	const TrackInfo &track = demuxer_->track();
	facts_.codec = std::string(codecName(track.codec));

	uint32_t coded = codedFourccFor(track.codec);
	DiscoveryOptions discovery;
	discovery.mediaNode = options_.media;
	discovery.videoNode = options_.device;
	DiscoveryResult found = discoverDecoders(discovery);
	if (!found.error.empty()) {
		std::fprintf(stderr, "sluice: %s\n", found.error.c_str());
		return -ENODEV;
	}
	const DecoderInfo *decoder = pickDecoder(found, coded);
	if (!decoder) {
		std::fprintf(stderr, "sluice: no V4L2 stateless decoder here takes %s (%s)\n",
			     facts_.codec.c_str(),
			     found.decoders.empty() ? "no decoder found" : "decoders found lack it");
		return -ENODEV;
	}
	decoder_ = *decoder;
	facts_.decoder = decoder_.caps.driver + " " + decoder_.videoNode;
	LOG(App, Info) << "decoding " << facts_.codec << " on " << decoder_.caps.driver << " ("
		       << decoder_.videoNode << ", " << decoder_.mediaNode << ")";

	int ret = engine_.open(decoder_.videoNode, decoder_.mediaNode);
	if (ret < 0) {
		std::fprintf(stderr, "sluice: cannot open decoder %s: %s\n",
			     decoder_.videoNode.c_str(), std::strerror(-ret));
		return ret;
	}

	switch (options_.vo) {
	case Options::VideoOutputKind::Null:
		output_ = std::make_unique<NullOutput>();
		break;
	case Options::VideoOutputKind::Wayland: {
		std::vector<uint32_t> formats;
		if (const CodecSupport *codec = decoder_.codec(coded))
			for (const FormatDescription &f : codec->captureFormats)
				formats.push_back(f.fourcc);
		std::string error;
		output_ = WaylandOutput::create(!options_.windowed, formats, options_.present,
						&error);
		if (!output_) {
			std::fprintf(stderr, "sluice: %s\n", error.c_str());
			return -ENOTSUP;
		}
		break;
	}
	}
	output_->setReleased([this](uint32_t slot) { released(slot); });
	if (!output_->paced())
		LOG(App, Info) << "presentation: " << output_->path();
	createOverlay();

	FrontendConfig config;
	config.capturePreference = { V4L2_PIX_FMT_NV12, V4L2_PIX_FMT_NV12M, V4L2_PIX_FMT_YUV420 };
	config.watchdogMs = options_.watchdogMs;
	/* Only --md5 and the Wayland output's copying fallbacks read frames on the CPU. */
	config.mapCapture = options_.md5 || output_->paced();
	/* An unpaced output (--vo null) releases each frame as it is shown: no slot waits on a
	 * compositor, so none is set aside for one (the pool still grows if that changes). */
	if (!output_->paced())
		config.expectedCompositorHold = 0;
	std::string error;
	frontend_ = createFrontend(track, decoder_, engine_, config, &error);
	if (!frontend_) {
		std::fprintf(stderr, "sluice: %s\n", error.c_str());
		return -ENOTSUP;
	}
	/* The compositor's preferred formats first, before the first sequence is configured. */
	engine_.setCaptureLayout(output_->initialCaptureLayout());
	frontend_->setFrameReady([this](uint64_t id, int64_t pts) { frameReady(id, pts); });
	engine_.setDecodedCallback([this](const DecodedPicture &p) { decoded(p); });
	engine_.setResetCallback([this](const std::string &) {
		/* The engine dropped everything in flight and every hold but the compositor's. */
		display_.clear();
		decoded_.clear();
		frontend_->reset();
	});

	if (options_.md5)
		md5_ = std::make_unique<FrameMd5>(stdout);
	if (options_.seekEverySeconds > 0)
		nextSeekNs_ = monotonicNs() + static_cast<uint64_t>(options_.seekEverySeconds * 1e9);
	if (setupSignals() < 0)
		LOG(App, Warn) << "no signal handling: Ctrl-C will not write the statistics";
	if (options_.startSeconds > 0)
		return seek(static_cast<int64_t>(options_.startSeconds * 1e9));
	return 0;
}

/*
 * The overlay costs an EGL context and a GL renderer (seconds on software GL), so it is made
 * only when asked for: at start with --overlay, else at the first o/F12. Until then, and
 * whenever it cannot be made, the player listens to the seat on its own for its keys.
 */
void Player::createOverlay()
{
	auto *wayland = dynamic_cast<WaylandOutput *>(output_.get());
	if (!wayland)
		return;
	if (options_.overlay) {
		makeOverlay(*wayland);
		return;
	}
	listenForKeys(*wayland);
	LOG(App, Info) << "debug overlay: made when first shown (o or F12)";
}

void Player::listenForKeys(WaylandOutput &wayland)
{
	int err = 0;
	keysOnly_ = OverlaySeat::create(wayland.wlDisplay(), nullptr,
					[this](KeyAction action) { handleKey(action); }, &err);
	if (!keysOnly_)
		LOG(App, Warn) << "no keys: cannot listen for a wl_seat: " << strerror(-err);
}

void Player::makeOverlay(WaylandOutput &wayland)
{
	wl_surface *surface = wayland.createOverlaySurface();
	std::string why = "no surface for it";
	overlayWidth_ = wayland.windowWidth();
	overlayHeight_ = wayland.windowHeight();
	if (surface)
		overlay_ = WaylandOverlay::create(wayland.wlDisplay(), surface, overlayWidth_,
						  overlayHeight_, 1.0f,
						  [this](KeyAction action) { handleKey(action); }, &why);
	if (!overlay_) {
		overlayUnavailable_ = true;
		LOG(App, Warn) << "no debug overlay: " << why << "; keys still work";
		if (!keysOnly_)
			listenForKeys(wayland);
		return;
	}
	/* The overlay's seat takes the keys from here on. */
	keysOnly_.reset();
	LOG(App, Info) << "debug overlay: " << overlay_->describe();
	overlay_->overlay().show();
}

void Player::handleKey(KeyAction action)
{
	LOG(App, Debug) << "key: " << keyActionName(action);
	switch (action) {
	case KeyAction::TogglePause:
		paused_ = !paused_;
		/* The clock restarts at the next frame shown, so resuming does not drop frames. */
		clockBaseNs_ = 0;
		break;
	case KeyAction::SeekBackward5s:
	case KeyAction::SeekForward5s:
	case KeyAction::SeekBackward60s:
	case KeyAction::SeekForward60s: {
		int64_t target = lastShownPtsNs_ + int64_t{ seekSeconds(action) } * 1000000000;
		if (seek(std::max<int64_t>(target, 0)) < 0)
			stop_ = true;
		break;
	}
	case KeyAction::StepFrame:
		if (paused_)
			stepOne_ = true;
		break;
	case KeyAction::ToggleFullscreen:
		output_->toggleFullscreen();
		break;
	case KeyAction::ToggleOverlay:
		if (overlay_)
			overlay_->overlay().toggle();
		else
			overlayRequested_ = !overlayUnavailable_;
		break;
	case KeyAction::Quit:
		stop_ = true;
		facts_.exitReason = "quit";
		break;
	case KeyAction::None:
		break;
	}
}

void Player::tickOverlay()
{
	/* Made here, not in handleKey(): that runs inside the seat's own event dispatch. */
	if (overlayRequested_ && !overlay_) {
		overlayRequested_ = false;
		makeOverlay(*static_cast<WaylandOutput *>(output_.get()));
	}
	if (!overlay_)
		return;
	auto *wayland = static_cast<WaylandOutput *>(output_.get());
	if (wayland->windowWidth() != overlayWidth_ || wayland->windowHeight() != overlayHeight_) {
		overlayWidth_ = wayland->windowWidth();
		overlayHeight_ = wayland->windowHeight();
		overlay_->resize(overlayWidth_, overlayHeight_, 1.0f);
	}
	/* The model is rebuilt ten times a second at most: the panels need no more. */
	uint64_t now = monotonicNs();
	if (now - overlayModelNs_ >= 100000000) {
		overlayModel_ = buildOverlayModel(engine_, *output_, now, (now - startNs_) / 1e9);
		overlayModelNs_ = now;
	}
	overlay_->tick(overlayModel_, now);
}

void Player::frameReady(uint64_t frameId, int64_t ptsNs)
{
	/* Elementary streams carry no timestamps: the demuxer counts frames in decode order,
	 * which is not display order once B-frames reorder them. Number them as they leave. */
	ContainerType type = demuxer_->containerType();
	if (type == ContainerType::AnnexBH264 || type == ContainerType::AnnexBHevc ||
	    type == ContainerType::Mpeg2Es) {
		Rational rate = demuxer_->track().frameRate;
		int64_t frameNs = rate.isKnown() ? int64_t{ 1000000000 } * rate.den / rate.num : 40000000;
		ptsNs = elementaryFrames_++ * frameNs;
	}
	display_.push_back({ frameId, ptsNs });
}

void Player::decoded(const DecodedPicture &picture)
{
	decoded_[picture.frameId] = picture;
}

void Player::released(uint32_t slot)
{
	engine_.releaseCompositor(slot);
	/* A slot of an earlier CAPTURE allocation dies with its last hold. */
	if (engine_.slots().state(slot) == SlotState::Dead)
		output_->forgetSlot(slot);
}

int Player::feed()
{
	/* Until the first sequence header configures the engine, packets flow freely. */
	while (!endOfStream_ && !stop_ && display_.size() < kMaxDisplayQueue &&
	       (!engine_.isStreaming() || engine_.canAcceptPicture())) {
		Packet packet;
		int ret = nextPacket(&packet);
		if (ret < 0)
			return ret;
		if (ret == 0)
			break;
		ret = frontend_->decode(packet);
		if (ret < 0) {
			if (engine_.fatalError() == -ENODEV)
				std::fprintf(stderr, "sluice: the decoder device disappeared\n");
			else
				std::fprintf(stderr, "sluice: %s\n", frontend_->error().c_str());
			return ret;
		}
	}
	if (endOfStream_ && !drained_) {
		drained_ = true;
		int ret = frontend_->drain();
		if (ret < 0) {
			std::fprintf(stderr, "sluice: %s\n", frontend_->error().c_str());
			return ret;
		}
	}
	return 0;
}

/*
 * The next packet to decode: 1 with *packet, 0 when there is none now (end of stream, or a
 * keyframe waits for a CAPTURE layout switch), -errno on a demuxer error.
 *
 * The output may want the decoder to produce another layout (fallback_chain.h). Switching
 * reallocates every CAPTURE buffer, so it happens at a keyframe (no reference crosses it)
 * once the frames before it were all shown: the front-end is drained, and the keyframe
 * waits here until the display queue is empty and nothing is in flight.
 */
int Player::nextPacket(Packet *packet)
{
	if (heldKeyframe_) {
		if (!display_.empty() || !engine_.idle())
			return 0;
		int ret = switchCaptureLayout();
		if (ret < 0)
			return ret;
		*packet = std::move(*heldKeyframe_);
		heldKeyframe_.reset();
		return 1;
	}

	DemuxStatus status = demuxer_->readPacket(packet);
	if (status == DemuxStatus::Error) {
		std::fprintf(stderr, "sluice: %s\n", demuxer_->errorMessage().c_str());
		return -EINVAL;
	}
	if (status == DemuxStatus::EndOfStream) {
		endOfStream_ = true;
		return 0;
	}
	if (packet->keyframe && engine_.isStreaming() && output_->wantedCaptureLayout()) {
		heldKeyframe_ = std::move(*packet);
		int ret = frontend_->drain();
		if (ret < 0) {
			std::fprintf(stderr, "sluice: %s\n", frontend_->error().c_str());
			return ret;
		}
		/* Nothing may be left to wait for, and then no event would wake the loop. */
		return nextPacket(packet);
	}
	return 1;
}

int Player::switchCaptureLayout()
{
	CaptureLayout wanted = *output_->wantedCaptureLayout();
	engine_.flush();
	decoded_.clear();
	frontend_->reset();
	int ret = engine_.setCaptureLayout(wanted);
	if (ret < 0) {
		std::fprintf(stderr, "sluice: the decoder could not switch its CAPTURE layout: %s\n",
			     std::strerror(-ret));
		return ret;
	}
	layoutSwitches_++;
	output_->captureLayoutApplied(wanted, engine_.captureFormat());
	return 0;
}

bool Player::decodedAndShowable(size_t index) const
{
	return index < display_.size() && decoded_.count(display_[index].frameId);
}

/*
 * Paced outputs: the frame whose time has come by the next refresh is shown; a frame whose
 * successor is also due by then is late and dropped before it is attached. The clock starts
 * at the first frame after a start or a seek.
 */
bool Player::dueForNextRefresh(const DisplayEntry &entry)
{
	uint64_t now = output_->nowNs();
	if (!clockBaseNs_) {
		clockBaseNs_ = now;
		ptsBaseNs_ = entry.ptsNs;
	}
	uint64_t refresh = output_->nextRefreshNs();
	if (refresh < now)
		refresh = now;
	int64_t offset = entry.ptsNs - ptsBaseNs_;
	uint64_t due = offset > 0 ? clockBaseNs_ + static_cast<uint64_t>(offset) : clockBaseNs_;
	if (due <= refresh)
		return true;
	pacingTimeoutMs_ = static_cast<int>((due - refresh) / 1000000) + 1;
	return false;
}

void Player::showDue()
{
	pacingTimeoutMs_ = -1;
	while (!display_.empty() && !stop_ && output_->readyForFrame()) {
		if (paused_ && !stepOne_)
			return;
		auto it = decoded_.find(display_.front().frameId);
		if (it == decoded_.end())
			return; /* next in display order, still decoding */
		if (output_->paced() && !stepOne_) {
			if (!dueForNextRefresh(display_.front()))
				return;
			if (decodedAndShowable(1) && dueForNextRefresh(display_[1])) {
				/* Its successor is due too: this one missed its refresh. */
				output_->countLateDrop();
				engine_.releaseDisplay(display_.front().frameId);
				decoded_.erase(it);
				display_.pop_front();
				continue;
			}
			pacingTimeoutMs_ = -1;
		}
		DisplayEntry entry = display_.front();
		DecodedPicture picture = it->second;
		if (picture.error) {
			/* Counted by the engine; a corrupt frame is not worth showing. */
			display_.pop_front();
			decoded_.erase(it);
			engine_.releaseDisplay(entry.frameId);
			continue;
		}

		ShownFrame frame;
		frame.frameId = entry.frameId;
		frame.slot = picture.slot;
		frame.ptsNs = entry.ptsNs;
		frame.buffer = engine_.slotBuffer(picture.slot);
		frame.format = engine_.captureFormat();
		frame.visible = frontend_->visibleRect();
		frame.sampleAspect = presentedSampleAspect(demuxer_->track(), frame.visible,
							   frontend_->sampleAspect());
		frame.decodedNs = engine_.slots().holdSinceNs(picture.slot, Holder::DisplayQueue);
		frame.colour = demuxer_->track().colour;

		/* Read back while the slot is surely ours; once per frame, though a busy output
		 * may make us come back to it. */
		if (md5_ && md5FrameId_ != entry.frameId) {
			md5_->add(frame);
			md5FrameId_ = entry.frameId;
		}

		/* The output holds the slot from here until it says Released. */
		engine_.holdCompositor(picture.slot);
		int ret = output_->show(frame);
		if (ret < 0) {
			engine_.releaseCompositor(picture.slot);
			if (ret == -EAGAIN)
				return; /* not now (an import in flight): the frame stays first in line */
			LOG(App, Warn) << "frame " << entry.frameId << " not shown: " << strerror(-ret);
			/* No path at all and no CAPTURE change coming that could open one: say so
			 * and stop, rather than play on to a black screen. */
			if (ret == -ENOTSUP && !output_->wantedCaptureLayout()) {
				std::fprintf(stderr, "sluice: cannot show the frames: %s\n",
					     output_->path().c_str());
				noPresentationPath_ = true;
			}
		}
		display_.pop_front();
		decoded_.erase(it);
		engine_.releaseDisplay(entry.frameId);
		if (ret < 0)
			continue;
		shown_++;
		/* The first frame after a start or a seek can take the compositor long to show
		 * (a new buffer to import, shaders to build): the clock starts when it is ready
		 * for the second, so that wait does not make every later frame late. */
		if (shownSinceStart_++ == 0)
			clockBaseNs_ = 0;
		lastShownPtsNs_ = entry.ptsNs;
		stepOne_ = false;
		if (options_.frames > 0 && shown_ >= options_.frames) {
			stop_ = true;
			facts_.exitReason = "frame limit";
		}
	}
}

int Player::seek(int64_t ns)
{
	engine_.flush();
	display_.clear();
	decoded_.clear();
	frontend_->reset();
	/* A keyframe held for a CAPTURE switch belongs to the old position; the switch waits
	 * for the next keyframe at the new one. */
	heldKeyframe_.reset();
	clockBaseNs_ = 0;
	shownSinceStart_ = 0;
	endOfStream_ = false;
	drained_ = false;
	elementaryFrames_ = 0;
	if (demuxer_->seek(ns) == DemuxStatus::Error) {
		std::fprintf(stderr, "sluice: %s\n", demuxer_->errorMessage().c_str());
		return -EINVAL;
	}
	return 0;
}

void Player::seekIfDue()
{
	if (!nextSeekNs_ || monotonicNs() < nextSeekNs_)
		return;
	nextSeekNs_ = monotonicNs() + static_cast<uint64_t>(options_.seekEverySeconds * 1e9);
	/* Targets spread over the clip by the golden ratio: every region is visited, none twice
	 * in a row, and a run is reproducible. */
	int64_t duration = demuxer_->track().durationNs;
	double fraction = static_cast<double>(seeks_++) * 0.6180339887;
	fraction -= static_cast<int64_t>(fraction);
	int64_t target = duration > 0 ? static_cast<int64_t>(fraction * duration) : 0;
	LOG(App, Debug) << "seek to " << target / 1000000 << " ms";
	if (seek(target) < 0)
		stop_ = true;
}

int Player::nextTimeoutMs() const
{
	int timeout = engine_.timeoutMs();
	if (pacingTimeoutMs_ >= 0)
		timeout = timeout < 0 ? pacingTimeoutMs_ : std::min(timeout, pacingTimeoutMs_);
	/* A shown overlay redraws its figures ten times a second. */
	if (overlay_ && overlay_->overlay().visibility().shown())
		timeout = timeout < 0 ? 100 : std::min(timeout, 100);
	if (nextSeekNs_) {
		uint64_t now = monotonicNs();
		int untilSeek = nextSeekNs_ > now ? static_cast<int>((nextSeekNs_ - now) / 1000000) + 1 : 0;
		timeout = timeout < 0 ? untilSeek : std::min(timeout, untilSeek);
	}
	return timeout;
}

bool Player::finished() const
{
	return stop_ || (drained_ && engine_.idle() && display_.empty());
}

int Player::loopOnce()
{
	seekIfDue();
	int ret = feed();
	if (ret < 0)
		return ret;
	showDue();
	if (noPresentationPath_)
		return -ENOTSUP;
	tickOverlay();
	if (finished())
		return 0;

	std::vector<pollfd> fds;
	engine_.pollFds(&fds);
	if (output_->fd() >= 0)
		fds.push_back({ output_->fd(), POLLIN, 0 });
	int timeout = nextTimeoutMs();
	if (fds.empty() && timeout < 0) {
		/* Nothing in flight and nothing to wait for: the pipeline is stuck. */
		std::fprintf(stderr, "sluice: playback stalled with %zu frames waiting\n",
			     display_.size());
		return -EIO;
	}
	if (signals_.isValid())
		fds.push_back({ signals_.get(), POLLIN, 0 });
	output_->flush();
	ret = ::poll(fds.data(), fds.size(), timeout);
	if (ret < 0 && errno != EINTR)
		return -errno;
	if (signals_.isValid() && (fds.back().revents & POLLIN)) {
		signalfd_siginfo info;
		if (::read(signals_.get(), &info, sizeof(info)) == sizeof(info)) {
			LOG(App, Info) << "stopping on signal " << info.ssi_signo;
			stop_ = true;
			facts_.exitReason = "quit";
		}
	}

	ret = engine_.dispatch();
	if (ret == -ENODEV) {
		std::fprintf(stderr, "sluice: the decoder device disappeared\n");
		return ret;
	}
	ret = output_->dispatch();
	if (ret < 0) {
		std::fprintf(stderr, "sluice: the compositor connection was lost: %s\n",
			     std::strerror(-ret));
		return ret;
	}
	if (output_->closeRequested()) {
		stop_ = true;
		facts_.exitReason = "quit";
	}
	return 0;
}

int Player::finish(int status)
{
	facts_.wallSeconds = (monotonicNs() - startNs_) / 1e9;
	facts_.captureFormat = fourccToString(engine_.captureFormat().fourcc);
	VisibleRect visible = frontend_ ? frontend_->visibleRect() : VisibleRect{};
	facts_.width = visible.width;
	facts_.height = visible.height;
	facts_.corruptPacketsDropped = frontend_ ? frontend_->corruptPacketsDropped() : 0;
	facts_.captureLayoutSwitches = layoutSwitches_;
	if (facts_.exitReason.empty())
		facts_.exitReason = status == 0 ? "end of stream" : "error";

	if (!options_.statsJson.empty() && output_) {
		FILE *f = std::fopen(options_.statsJson.c_str(), "w");
		if (!f) {
			std::fprintf(stderr, "sluice: cannot write %s: %s\n", options_.statsJson.c_str(),
				     std::strerror(errno));
			return status ? status : 1;
		}
		std::string text = statsJson(facts_, engine_, *output_);
		std::fwrite(text.data(), 1, text.size(), f);
		std::fclose(f);
	}
	if (engine_.slots().stats().unsafeRequeues) {
		std::fprintf(stderr, "sluice: %llu unsafe re-queues were refused\n",
			     static_cast<unsigned long long>(engine_.slots().stats().unsafeRequeues));
	}
	return status;
}

int Player::run()
{
	startNs_ = monotonicNs();
	if (open() < 0)
		return finish(1);

	for (;;) {
		int ret = loopOnce();
		if (ret < 0)
			return finish(1);
		if (!finished())
			continue;
		if (options_.loop && !stop_) {
			if (seek(0) < 0)
				return finish(1);
			continue;
		}
		return finish(0);
	}
}

} /* namespace sluice */
