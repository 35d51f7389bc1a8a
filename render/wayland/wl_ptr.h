/* SPDX-License-Identifier: MIT */
/*
 * WlPtr<T>: a unique_ptr for a Wayland proxy, destroyed by the request its protocol defines.
 *
 * Proxies are destroyed differently per interface (a `destroy` request, `release`, or only
 * the client-side proxy), so every type names its own function once here. A missing
 * specialisation is a compile error, not a leak.
 */
#pragma once

#include <memory>

#include <wayland-client.h>

/* The generated presentation-time header declares a function named like its struct. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#include "content-type-v1-client-protocol.h"
#include "linux-dmabuf-v1-client-protocol.h"
#include "presentation-time-client-protocol.h"
#include "single-pixel-buffer-v1-client-protocol.h"
#include "viewporter-client-protocol.h"
#include "xdg-shell-client-protocol.h"
#pragma GCC diagnostic pop

namespace sluice {

template<typename T>
struct WlDeleter;

#define SLUICE_WL_DELETER(type, fn)                          \
	template<>                                           \
	struct WlDeleter<struct type> {                      \
		void operator()(struct type *proxy) const { fn(proxy); } \
	}

SLUICE_WL_DELETER(wl_registry, wl_registry_destroy);
SLUICE_WL_DELETER(wl_compositor, wl_compositor_destroy);
SLUICE_WL_DELETER(wl_subcompositor, wl_subcompositor_destroy);
SLUICE_WL_DELETER(wl_shm, wl_shm_destroy);
SLUICE_WL_DELETER(wl_shm_pool, wl_shm_pool_destroy);
SLUICE_WL_DELETER(wl_surface, wl_surface_destroy);
SLUICE_WL_DELETER(wl_subsurface, wl_subsurface_destroy);
SLUICE_WL_DELETER(wl_region, wl_region_destroy);
SLUICE_WL_DELETER(wl_buffer, wl_buffer_destroy);
SLUICE_WL_DELETER(wl_callback, wl_callback_destroy);
SLUICE_WL_DELETER(xdg_wm_base, xdg_wm_base_destroy);
SLUICE_WL_DELETER(xdg_surface, xdg_surface_destroy);
SLUICE_WL_DELETER(xdg_toplevel, xdg_toplevel_destroy);
SLUICE_WL_DELETER(wp_viewporter, wp_viewporter_destroy);
SLUICE_WL_DELETER(wp_viewport, wp_viewport_destroy);
SLUICE_WL_DELETER(wp_presentation, wp_presentation_destroy);
SLUICE_WL_DELETER(wp_presentation_feedback, wp_presentation_feedback_destroy);
SLUICE_WL_DELETER(zwp_linux_dmabuf_v1, zwp_linux_dmabuf_v1_destroy);
SLUICE_WL_DELETER(zwp_linux_buffer_params_v1, zwp_linux_buffer_params_v1_destroy);
SLUICE_WL_DELETER(zwp_linux_dmabuf_feedback_v1, zwp_linux_dmabuf_feedback_v1_destroy);
SLUICE_WL_DELETER(wp_single_pixel_buffer_manager_v1, wp_single_pixel_buffer_manager_v1_destroy);
SLUICE_WL_DELETER(wp_content_type_manager_v1, wp_content_type_manager_v1_destroy);
SLUICE_WL_DELETER(wp_content_type_v1, wp_content_type_v1_destroy);

#undef SLUICE_WL_DELETER

/* Spell the type with `struct` where a same-named function hides it (wp_presentation_feedback). */
template<typename T>
using WlPtr = std::unique_ptr<T, WlDeleter<T>>;

} /* namespace sluice */
