/* SPDX-License-Identifier: MIT */
/*
 * The overlay's panels, each drawn from the plain snapshot inside the current ImGui window.
 * Call them between ImGui::Begin() and ImGui::End().
 */
#pragma once

#include "overlay_model.h"
#include "slot_timeline.h"

namespace sluice {

/* The width of every panel's plots, and where long text wraps. */
constexpr float kPanelWidth = TimelineLayout::kLabelWidth + TimelineLayout::kPlotWidth;
/* Buckets in the re-queue and hold histograms. */
constexpr int kHistogramBuckets = 32;

/* decoded, presented, late drops, compositor discards, decoder errors, watchdog resets. */
void drawCountersPanel(const OverlayModel &model);
/* min/median/max and a histogram of one duration series; id must be unique per window. */
void drawDurationPanel(const char *title, const char *id, const DurationSummary &summary);
/* The re-queue interval set against what the pool size alone predicts, and against holds. */
void drawRequeueExplanation(const OverlayModel &model);
/* The slot-state timeline; returns the layout it drew with (its origin is where ImGui put it). */
TimelineLayout drawTimelinePanel(const OverlayModel &model);
/* scanout / composited / GPU / shm, the format and modifier, and why. */
void drawPresentationPanel(const PresentationPath &path);
/* Decode latency and frame rates. */
void drawDecodePanel(const OverlayModel &model);

} /* namespace sluice */
