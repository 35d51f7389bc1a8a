/* SPDX-License-Identifier: MIT */
/*
 * OverlayVisibility: when the overlay draws, and when it gives its buffer back.
 *
 * The overlay costs nothing while hidden: its surface then has no buffer at all (attach
 * NULL + commit), so the compositor sees only the video subsurface and may keep putting it
 * on a hardware plane (scanout). While shown it draws only when something changed:
 *
 *   hidden, buffer attached  --> DetachBuffer, then Idle
 *   shown,  no buffer        --> Draw (first frame after show(), or after a resize)
 *   shown,  input arrived    --> Draw for kSettleFrames frames (ImGui reacts to a hover or a
 *                                click one frame late, so one frame would show stale state)
 *   shown,  model changed    --> Draw, at most once per minModelRedrawNs (playback changes
 *                                the figures every frame; the overlay need not follow at
 *                                60 Hz on a GPU that is also compositing the video)
 *   otherwise                --> Idle
 *
 * The caller asks next(), does the work, and reports it with drawn() or detached().
 */
#pragma once

#include <cstdint>

namespace sluice {

enum class OverlayAction { Idle, Draw, DetachBuffer };

class OverlayVisibility
{
public:
	static constexpr int kSettleFrames = 2;
	static constexpr uint64_t kDefaultMinModelRedrawNs = 100'000'000;

	explicit OverlayVisibility(uint64_t minModelRedrawNs = kDefaultMinModelRedrawNs)
		: minModelRedrawNs_(minModelRedrawNs)
	{
	}

	void show();
	void hide();
	void toggle() { shown_ ? hide() : show(); }
	bool shown() const { return shown_; }
	bool bufferAttached() const { return bufferAttached_; }

	void modelChanged() { modelDirty_ = true; }
	void inputArrived();
	/* The surface changed size: the attached buffer no longer fits. */
	void resized();

	OverlayAction next(uint64_t nowNs) const;
	void drawn(uint64_t nowNs);
	void detached() { bufferAttached_ = false; }

private:
	uint64_t minModelRedrawNs_;
	bool shown_ = false;
	bool bufferAttached_ = false;
	bool modelDirty_ = false;
	bool needsFullDraw_ = false;
	int settleFrames_ = 0;
	uint64_t lastDrawNs_ = 0;
};

} /* namespace sluice */
