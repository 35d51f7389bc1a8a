/* SPDX-License-Identifier: MIT */
/*
 * A model with known values for the drawing tests, and what the tests expect of it.
 *
 * Eight slots over the 4 s timeline ending at kNow:
 *  - slot 3: QUEUED until kNow - 2 s, then held by the compositor until now;
 *  - slot 5: FREE throughout (no change logged);
 *  - slot 1: HELD BY REFERENCES until kNow - 1 s, then DEAD.
 */
#pragma once

#include "overlay/overlay_model.h"

namespace sluice::test {

constexpr uint64_t kMs = 1'000'000;
constexpr uint64_t kNow = 100'000 * kMs;
constexpr uint32_t kCompositorSlot = 3;
constexpr uint64_t kCompositorSince = kNow - 2000 * kMs;
constexpr uint32_t kFreeSlot = 5;
constexpr uint32_t kDeadSlot = 1;
constexpr uint64_t kDeadSince = kNow - 1000 * kMs;

inline OverlayModel knownModel()
{
	OverlayModel model;
	model.decoded = 1234;
	model.presented = 1200;
	model.droppedLate = 3;
	model.requeueInterval.count = 13;
	model.requeueInterval.minNs = 40 * kMs;
	model.requeueInterval.medianNs = 875 * kMs;
	model.requeueInterval.maxNs = 880 * kMs;
	for (int i = 0; i < 10; i++)
		model.requeueInterval.recentNs.push_back(875 * kMs);
	for (int i = 0; i < 3; i++)
		model.requeueInterval.recentNs.push_back(40 * kMs);
	model.compositorHold.count = 4;
	model.compositorHold.minNs = 48 * kMs;
	model.compositorHold.medianNs = 50 * kMs;
	model.compositorHold.maxNs = 52 * kMs;
	model.compositorHold.recentNs = { 48 * kMs, 50 * kMs, 50 * kMs, 52 * kMs };
	model.nowNs = kNow;
	model.slotNow.assign(8, OverlaySlotState::Queued);
	model.slotNow[kFreeSlot] = OverlaySlotState::Free;
	model.slotNow[kCompositorSlot] = OverlaySlotState::HeldByCompositor;
	model.slotNow[kDeadSlot] = OverlaySlotState::Dead;
	model.slotChanges = {
		{ kCompositorSince, kCompositorSlot, OverlaySlotState::Queued,
		  OverlaySlotState::HeldByCompositor },
		{ kDeadSince, kDeadSlot, OverlaySlotState::HeldByReferences, OverlaySlotState::Dead },
	};
	model.path.kind = PresentationKind::Scanout;
	model.path.format = "NV12";
	model.path.reason = "compositor took the dmabuf on a plane";
	model.decodedFps = 29.97;
	model.presentedFps = 29.97;
	return model;
}

} /* namespace sluice::test */
