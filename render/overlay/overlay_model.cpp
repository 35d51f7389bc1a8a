/* SPDX-License-Identifier: MIT */
#include "overlay_model.h"

namespace sluice {

const char *overlaySlotStateName(OverlaySlotState state)
{
	switch (state) {
	case OverlaySlotState::Free:
		return "free";
	case OverlaySlotState::Queued:
		return "queued";
	case OverlaySlotState::HeldByReferences:
		return "references";
	case OverlaySlotState::HeldByDisplayQueue:
		return "display queue";
	case OverlaySlotState::HeldByCompositor:
		return "compositor";
	case OverlaySlotState::Dead:
		return "dead";
	case OverlaySlotState::FieldPending:
		return "field pending";
	}
	return "?";
}

const char *presentationKindName(PresentationKind kind)
{
	switch (kind) {
	case PresentationKind::Unknown:
		return "unknown";
	case PresentationKind::Scanout:
		return "scanout";
	case PresentationKind::Composited:
		return "composited";
	case PresentationKind::Gpu:
		return "GPU";
	case PresentationKind::Shm:
		return "shm";
	}
	return "?";
}

} /* namespace sluice */
