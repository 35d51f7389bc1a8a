/* SPDX-License-Identifier: MIT */
/*
 * How every front-end talks to the engine: the engine configuration that comes from the
 * player's FrontendConfig, the codec's controls as the engine takes them, and the bounded
 * waits for requests to come back.
 */
#pragma once

#include <cstdint>
#include <vector>

#include "codec/control_set.h"
#include "engine/stateless_engine.h"
#include "video_frontend.h"

namespace sluice {

/* An engine configuration for width x height of codedFourcc, with the player's choices. */
EngineConfig engineConfigFor(const FrontendConfig &frontend, uint32_t codedFourcc, unsigned width,
			     unsigned height, unsigned referenceSlots);

/* A compound or array control as the engine sets it. */
ControlValue controlValue(const Control &control);
std::vector<ControlValue> controlValues(const ControlSet &controls);
/* Menu controls (32-bit payloads) as the scalar values the engine sets. */
std::vector<ControlValue> scalarControlValues(const ControlSet &controls);

/* A new sequence that does not fit: lets what is in flight finish first (bounded). */
void waitUntilIdle(StatelessEngine &engine);
/*
 * Submits, waiting for a request to come back while the engine has no room (-EAGAIN). The
 * player only starts a picture when the engine can take it; later slices and second
 * pictures of a packet may still have to wait. 0 or the engine's -errno.
 */
int submitWhenAccepted(StatelessEngine &engine, const PictureSubmission &submission);

} /* namespace sluice */
