/* SPDX-License-Identifier: MIT */
/*
 * OverlayModel: everything the debug overlay shows, as a plain snapshot.
 *
 * The overlay never sees engine or output types: the player copies the figures of one moment
 * (SlotPool stats and transitions, engine counters, OutputCounters, the presentation path)
 * into this struct and hands it over. That keeps render/ free of decoder headers and makes
 * every panel testable with values written by hand.
 *
 * It is compared with the previous snapshot (operator==) to decide whether the overlay is
 * dirty, so the player may rebuild it every tick without causing redraws of its own.
 */
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sluice {

/*
 * What a slot is doing, as the timeline colours it. DECODED is split by holder because the
 * question the timeline answers is "who keeps this buffer from being re-queued": the
 * reference list, the display queue, or the compositor. When several hold a slot, the player
 * picks the one that lets go last (the compositor, then the display queue, then references).
 */
enum class OverlaySlotState : uint8_t {
	Free,
	Queued,
	HeldByReferences,
	HeldByDisplayQueue,
	HeldByCompositor,
	Dead,
	FieldPending,
};
constexpr int kOverlaySlotStateCount = 7;

/* min/median/max over a stream of durations, plus the recent samples for the histogram. */
struct DurationSummary {
	uint64_t count = 0;
	uint64_t minNs = 0;
	uint64_t medianNs = 0;
	uint64_t maxNs = 0;
	std::vector<uint64_t> recentNs; /* oldest first */

	bool operator==(const DurationSummary &) const = default;
};

struct SlotStateChange {
	uint64_t timeNs = 0; /* CLOCK_MONOTONIC, same clock as OverlayModel::nowNs */
	uint32_t slot = 0;
	OverlaySlotState from = OverlaySlotState::Free;
	OverlaySlotState to = OverlaySlotState::Free;

	bool operator==(const SlotStateChange &) const = default;
};

/* Where the decoded frames go, from the cheapest to the most expensive. */
enum class PresentationKind : uint8_t { Unknown, Scanout, Composited, Gpu, Shm };

struct PresentationPath {
	PresentationKind kind = PresentationKind::Unknown;
	std::string format;     /* fourcc as text, e.g. "NV12" */
	uint64_t modifier = 0;  /* DRM format modifier */
	std::string reason;     /* why this path and not a cheaper one */

	bool operator==(const PresentationPath &) const = default;
};

struct OverlayModel {
	/* Counters since the start of playback. */
	uint64_t decoded = 0;
	uint64_t presented = 0;
	uint64_t droppedLate = 0;
	uint64_t discardedByCompositor = 0;
	uint64_t decoderErrors = 0;
	uint64_t watchdogResets = 0;

	/* Per slot, the time between two acquisitions of the same CAPTURE buffer. */
	DurationSummary requeueInterval;
	/* wl_surface.attach to wl_buffer.release, per shown buffer. */
	DurationSummary compositorHold;
	/* Request queued to CAPTURE buffer dequeued. */
	DurationSummary decodeLatency;
	double decodedFps = 0;
	double presentedFps = 0;

	/*
	 * The slot timeline: the state of every slot now, and the changes leading to it
	 * (oldest first, any slot). slotNow.size() is the number of rows drawn.
	 */
	uint64_t nowNs = 0;
	std::vector<OverlaySlotState> slotNow;
	std::vector<SlotStateChange> slotChanges;

	PresentationPath path;

	bool operator==(const OverlayModel &) const = default;
};

const char *overlaySlotStateName(OverlaySlotState state);
const char *presentationKindName(PresentationKind kind);

} /* namespace sluice */
