/* SPDX-License-Identifier: MIT */
#include "overlay_visibility.h"

namespace sluice {

void OverlayVisibility::show()
{
	if (shown_)
		return;
	shown_ = true;
	needsFullDraw_ = true;
}

void OverlayVisibility::hide()
{
	shown_ = false;
	/* Whatever was pending is moot: the next show() draws everything anyway. */
	modelDirty_ = false;
	settleFrames_ = 0;
	needsFullDraw_ = false;
}

void OverlayVisibility::inputArrived()
{
	if (shown_)
		settleFrames_ = kSettleFrames;
}

void OverlayVisibility::resized()
{
	if (shown_)
		needsFullDraw_ = true;
}

OverlayAction OverlayVisibility::next(uint64_t nowNs) const
{
	if (!shown_)
		return bufferAttached_ ? OverlayAction::DetachBuffer : OverlayAction::Idle;
	if (!bufferAttached_ || needsFullDraw_ || settleFrames_ > 0)
		return OverlayAction::Draw;
	if (modelDirty_ && nowNs - lastDrawNs_ >= minModelRedrawNs_)
		return OverlayAction::Draw;
	return OverlayAction::Idle;
}

void OverlayVisibility::drawn(uint64_t nowNs)
{
	bufferAttached_ = true;
	needsFullDraw_ = false;
	modelDirty_ = false;
	if (settleFrames_ > 0)
		settleFrames_--;
	lastDrawNs_ = nowNs;
}

} /* namespace sluice */
