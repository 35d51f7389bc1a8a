/* SPDX-License-Identifier: MIT */
/*
 * Player: container → codec front-end → engine → output, in one event loop.
 *
 * One thread. Each turn of the loop feeds the front-end packets while the engine can start a
 * picture, shows the frames that are decoded and due, then polls the engine's request fds,
 * the output's fd and the pacing deadline. Nothing blocks outside that poll.
 */
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "base/unique_fd.h"
#include "engine/stateless_engine.h"
#include "frame_md5.h"
#include "frontend/video_frontend.h"
#include "options.h"
#include "overlay/key_bindings.h"
#include "overlay/overlay_model.h"
#include "overlay/overlay_seat.h"
#include "stats_report.h"
#include "v4l2/decoder_probe.h"
#include "video_output.h"

namespace sluice {

class WaylandOutput;
class WaylandOverlay;

class Player
{
public:
	explicit Player(const Options &options);
	~Player();

	/* Plays to the end (or the frame limit); the process exit status. */
	int run();

private:
	struct DisplayEntry {
		uint64_t frameId;
		int64_t ptsNs;
	};

	int open();
	int loopOnce();
	int feed();
	void showDue();
	int seek(int64_t ns);
	void frameReady(uint64_t frameId, int64_t ptsNs);
	void decoded(const DecodedPicture &picture);
	void released(uint32_t slot);
	int finish(int status);
	bool finished() const;
	int setupSignals();
	int nextTimeoutMs() const;
	void seekIfDue();
	void handleKey(KeyAction action);
	void createOverlay();
	void makeOverlay(WaylandOutput &wayland);
	void listenForKeys(WaylandOutput &wayland);
	void tickOverlay();
	bool dueForNextRefresh(const DisplayEntry &entry);
	bool decodedAndShowable(size_t index) const;
	int nextPacket(Packet *packet);
	int switchCaptureLayout();

	Options options_;
	RunFacts facts_;
	std::unique_ptr<Demuxer> demuxer_;
	DecoderInfo decoder_;
	StatelessEngine engine_;
	std::unique_ptr<VideoFrontend> frontend_;
	std::unique_ptr<VideoOutput> output_;
	std::unique_ptr<FrameMd5> md5_;

	std::deque<DisplayEntry> display_;
	std::map<uint64_t, DecodedPicture> decoded_;
	bool endOfStream_ = false;
	bool drained_ = false;
	bool stop_ = false;
	int64_t shown_ = 0;
	int64_t elementaryFrames_ = 0; /* frames output so far, for streams without timestamps */
	uint64_t startNs_ = 0;
	UniqueFD signals_;          /* SIGINT/SIGTERM as an fd in the poll loop */
	uint64_t nextSeekNs_ = 0;   /* --seek-every: when the next seek is due */
	uint64_t seeks_ = 0;
	/* Paced outputs: the output-clock time that shows ptsBaseNs_, set by the first frame
	 * after a start or a seek; 0 when unset. */
	uint64_t clockBaseNs_ = 0;
	int64_t ptsBaseNs_ = 0;
	int pacingTimeoutMs_ = -1;

	std::unique_ptr<WaylandOverlay> overlay_;
	std::unique_ptr<OverlaySeat> keysOnly_; /* the seat, when there is no overlay to own it */
	bool overlayRequested_ = false;  /* o/F12 before the overlay exists: make it next tick */
	bool overlayUnavailable_ = false; /* making it failed once: do not try again */
	OverlayModel overlayModel_;
	uint64_t overlayModelNs_ = 0;
	uint32_t overlayWidth_ = 0, overlayHeight_ = 0;
	bool paused_ = false;
	bool stepOne_ = false;
	int64_t lastShownPtsNs_ = 0;
	uint64_t shownSinceStart_ = 0;
	uint64_t md5FrameId_ = UINT64_MAX;
	/* A keyframe held back while the output's wanted CAPTURE layout waits for its safe
	 * point: every decoded frame shown and nothing in flight. */
	std::optional<Packet> heldKeyframe_;
	uint64_t layoutSwitches_ = 0;
	bool noPresentationPath_ = false; /* the output can show nothing: stop with an error */
};

} /* namespace sluice */
