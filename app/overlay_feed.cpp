/* SPDX-License-Identifier: MIT */
#include "overlay_feed.h"

namespace sluice {

namespace {

DurationSummary summarise(const DurationStats &stats)
{
	DurationSummary s;
	s.count = stats.count();
	s.minNs = stats.minNs();
	s.medianNs = stats.medianNs();
	s.maxNs = stats.maxNs();
	s.recentNs = stats.recent();
	return s;
}

/* The transition log keeps states only; a DECODED slot is shown by its state then. */
OverlaySlotState fromState(SlotState state)
{
	switch (state) {
	case SlotState::Free: return OverlaySlotState::Free;
	case SlotState::Queued: return OverlaySlotState::Queued;
	case SlotState::Decoded: return OverlaySlotState::HeldByDisplayQueue;
	case SlotState::Dead: return OverlaySlotState::Dead;
	case SlotState::FieldPending: return OverlaySlotState::FieldPending;
	}
	return OverlaySlotState::Free;
}

} /* namespace */

OverlaySlotState overlaySlotState(const SlotPool &pool, uint32_t slot)
{
	SlotState state = pool.state(slot);
	if (state != SlotState::Decoded)
		return fromState(state);
	/* The holder that keeps it longest is the one worth seeing: the compositor first. */
	if (pool.holds(slot, Holder::Compositor))
		return OverlaySlotState::HeldByCompositor;
	if (pool.holds(slot, Holder::DisplayQueue))
		return OverlaySlotState::HeldByDisplayQueue;
	return OverlaySlotState::HeldByReferences;
}

OverlayModel buildOverlayModel(const StatelessEngine &engine, const VideoOutput &output,
			       uint64_t nowNs, double wallSeconds)
{
	const EngineStats &e = engine.stats();
	const SlotPool &pool = engine.slots();
	OutputCounters o = output.counters();

	OverlayModel m;
	m.decoded = e.framesDecoded;
	m.presented = o.presented;
	m.droppedLate = o.droppedLate;
	m.discardedByCompositor = o.discardedByCompositor;
	m.decoderErrors = e.decoderErrors;
	m.watchdogResets = e.watchdogResets;
	m.requeueInterval = summarise(pool.stats().requeueInterval);
	m.compositorHold = summarise(pool.stats().holdTime[static_cast<size_t>(Holder::Compositor)]);
	m.decodeLatency = summarise(e.decodeLatency);
	if (wallSeconds > 0) {
		m.decodedFps = e.framesDecoded / wallSeconds;
		m.presentedFps = o.presented / wallSeconds;
	}

	m.nowNs = nowNs;
	for (uint32_t slot = 0; slot < pool.size(); slot++)
		m.slotNow.push_back(overlaySlotState(pool, slot));
	uint64_t since = nowNs > kOverlayTimelineNs ? nowNs - kOverlayTimelineNs : 0;
	for (const SlotTransition &t : pool.transitions()) {
		if (t.timeNs < since)
			continue;
		m.slotChanges.push_back({ t.timeNs, t.slot, fromState(t.from), fromState(t.to) });
	}

	OutputPath path = output.pathInfo();
	switch (path.kind) {
	case OutputPath::Kind::Scanout: m.path.kind = PresentationKind::Scanout; break;
	case OutputPath::Kind::Composited: m.path.kind = PresentationKind::Composited; break;
	case OutputPath::Kind::Gpu: m.path.kind = PresentationKind::Gpu; break;
	case OutputPath::Kind::Shm: m.path.kind = PresentationKind::Shm; break;
	case OutputPath::Kind::None: m.path.kind = PresentationKind::Unknown; break;
	}
	m.path.format = path.format;
	m.path.modifier = path.modifier;
	m.path.reason = path.reason;
	return m;
}

} /* namespace sluice */
