/* SPDX-License-Identifier: MIT */
/*
 * PresentationTracker: wp_presentation feedback for every video commit.
 *
 * Each commit asks for one feedback object, tagged with the slot it showed. `presented`
 * gives the time the frame turned to light on the presentation clock, the output's refresh
 * period, and whether it went out with zero copy (a scanout plane); `discarded` means the
 * compositor replaced it before it was ever shown, a drop we did not choose.
 */
#pragma once

#include <cstdint>
#include <functional>
#include <list>

#include "display.h"

namespace sluice {

struct PresentationStats {
	uint64_t requested = 0;
	uint64_t presented = 0;
	uint64_t zeroCopy = 0;  /* presented with the ZERO_COPY flag: counted as scanout */
	uint64_t discarded = 0; /* compositor drops */
	uint64_t vsync = 0;     /* presented with the VSYNC flag */
	uint64_t lastPresentedNs = 0;
	uint64_t refreshNs = 0; /* 0 until the compositor tells */
	uint64_t lastSeq = 0;
};

class PresentationTracker
{
public:
	using PresentedCallback = std::function<void(uint32_t slot, uint64_t ns, bool zeroCopy)>;
	using DiscardedCallback = std::function<void(uint32_t slot)>;

	explicit PresentationTracker(Display &display);
	~PresentationTracker();

	bool available() const;
	/* Asks for feedback on surface's next commit, which shows slot. */
	void request(wl_surface *surface, uint32_t slot);

	void setPresentedCallback(PresentedCallback cb) { onPresented_ = std::move(cb); }
	void setDiscardedCallback(DiscardedCallback cb) { onDiscarded_ = std::move(cb); }
	const PresentationStats &stats() const { return stats_; }
	size_t outstanding() const { return pending_.size(); }

private:
	struct Pending {
		PresentationTracker *tracker = nullptr;
		uint32_t slot = 0;
		WlPtr<struct wp_presentation_feedback> feedback;
	};

	void finish(Pending *p);

	static void feedback_sync_output(void *data, struct wp_presentation_feedback *fb, wl_output *output);
	static void feedback_presented(void *data, struct wp_presentation_feedback *fb, uint32_t tvSecHi,
				       uint32_t tvSecLo, uint32_t tvNsec, uint32_t refresh,
				       uint32_t seqHi, uint32_t seqLo, uint32_t flags);
	static void feedback_discarded(void *data, struct wp_presentation_feedback *fb);
	static const wp_presentation_feedback_listener listener;

	Display &display_;
	std::list<Pending> pending_;
	PresentationStats stats_;
	PresentedCallback onPresented_;
	DiscardedCallback onDiscarded_;
};

} /* namespace sluice */
