/* SPDX-License-Identifier: MIT */
/*
 * Builds the overlay's plain model from the engine's slot pool and statistics and from the
 * output's counters. The overlay itself (render/overlay) knows none of these types.
 */
#pragma once

#include "engine/stateless_engine.h"
#include "overlay/overlay_model.h"
#include "video_output.h"

namespace sluice {

/* How far back the slot timeline reaches. */
constexpr uint64_t kOverlayTimelineNs = 4'000'000'000;

OverlayModel buildOverlayModel(const StatelessEngine &engine, const VideoOutput &output,
			       uint64_t nowNs, double wallSeconds);

/* What a slot looks like to the overlay: its state, refined by who holds it. */
OverlaySlotState overlaySlotState(const SlotPool &pool, uint32_t slot);

} /* namespace sluice */
