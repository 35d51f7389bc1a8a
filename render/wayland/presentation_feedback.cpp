/* SPDX-License-Identifier: MIT */
#include "presentation_feedback.h"

#include "wayland_log.h"

namespace sluice {

constexpr wp_presentation_feedback_listener PresentationTracker::listener = {
	.sync_output = feedback_sync_output,
	.presented = feedback_presented,
	.discarded = feedback_discarded,
};

PresentationTracker::PresentationTracker(Display &display) : display_(display)
{
}

PresentationTracker::~PresentationTracker() = default;

bool PresentationTracker::available() const
{
	return display_.globals().presentation != nullptr;
}

void PresentationTracker::request(wl_surface *surface, uint32_t slot)
{
	if (!available())
		return;
	Pending &p = pending_.emplace_back();
	p.tracker = this;
	p.slot = slot;
	p.feedback.reset(wp_presentation_feedback(display_.globals().presentation.get(), surface));
	wp_presentation_feedback_add_listener(p.feedback.get(), &listener, &p);
	stats_.requested++;
}

void PresentationTracker::finish(Pending *p)
{
	/* The feedback object is destroyed by the compositor after presented/discarded; the
	 * proxy goes with the list entry. */
	pending_.remove_if([p](const Pending &q) { return &q == p; });
}

void PresentationTracker::feedback_sync_output(void *, struct wp_presentation_feedback *, wl_output *)
{
}

void PresentationTracker::feedback_presented(void *data, struct wp_presentation_feedback *,
					     uint32_t tvSecHi, uint32_t tvSecLo, uint32_t tvNsec,
					     uint32_t refresh, uint32_t seqHi, uint32_t seqLo,
					     uint32_t flags)
{
	auto *p = static_cast<Pending *>(data);
	PresentationTracker *self = p->tracker;
	uint64_t sec = (uint64_t(tvSecHi) << 32) | tvSecLo;
	uint64_t ns = sec * 1000000000ull + tvNsec;
	bool zeroCopy = flags & WP_PRESENTATION_FEEDBACK_KIND_ZERO_COPY;

	PresentationStats &s = self->stats_;
	s.presented++;
	s.zeroCopy += zeroCopy ? 1 : 0;
	s.vsync += (flags & WP_PRESENTATION_FEEDBACK_KIND_VSYNC) ? 1 : 0;
	s.lastPresentedNs = ns;
	if (refresh)
		s.refreshNs = refresh;
	s.lastSeq = (uint64_t(seqHi) << 32) | seqLo;

	uint32_t slot = p->slot;
	self->finish(p);
	if (self->onPresented_)
		self->onPresented_(slot, ns, zeroCopy);
}

void PresentationTracker::feedback_discarded(void *data, struct wp_presentation_feedback *)
{
	auto *p = static_cast<Pending *>(data);
	PresentationTracker *self = p->tracker;
	self->stats_.discarded++;
	uint32_t slot = p->slot;
	self->finish(p);
	if (self->onDiscarded_)
		self->onDiscarded_(slot);
}

} /* namespace sluice */
