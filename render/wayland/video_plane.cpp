/* SPDX-License-Identifier: MIT */
#include "video_plane.h"

#include "wayland_log.h"

namespace sluice {

VideoPlane::VideoPlane(Display &display, Window &window) : display_(display), window_(window)
{
	Globals &g = display.globals();
	surface_.reset(wl_compositor_create_surface(g.compositor.get()));
	subsurface_.reset(wl_subcompositor_get_subsurface(g.subcompositor.get(), surface_.get(),
							  window.surface()));
	/* Desync: video commits must not wait for the parent, which changes only on resize. */
	wl_subsurface_set_desync(subsurface_.get());
	if (g.viewporter)
		viewport_.reset(wp_viewporter_get_viewport(g.viewporter.get(), surface_.get()));
	if (g.contentType) {
		/* Lets the compositor pick a video-friendly mode (e.g. no VRR games, low
		 * latency off) and tells it this surface is worth a scanout plane. */
		contentType_.reset(wp_content_type_manager_v1_get_surface_content_type(
			g.contentType.get(), surface_.get()));
		wp_content_type_v1_set_content_type(contentType_.get(), WP_CONTENT_TYPE_V1_TYPE_VIDEO);
	}
	/* Input goes to the window, not the video: an empty input region. */
	WlPtr<wl_region> none(wl_compositor_create_region(g.compositor.get()));
	wl_surface_set_input_region(surface_.get(), none.get());
	resizeListener_ = window.addResizeListener([this](uint32_t, uint32_t) { windowResized(); });
}

VideoPlane::~VideoPlane()
{
	window_.removeResizeListener(resizeListener_);
	contentType_.reset();
	viewport_.reset();
	subsurface_.reset();
	surface_.reset();
}

void VideoPlane::setSampleAspect(uint32_t num, uint32_t den)
{
	sarNum_ = num ? num : 1;
	sarDen_ = den ? den : 1;
}

void VideoPlane::updateGeometry(uint32_t visibleW, uint32_t visibleH)
{
	visibleW_ = visibleW;
	visibleH_ = visibleH;
	Rect fitted = fitLetterbox(visibleW, visibleH, sarNum_, sarDen_, window_.width(),
				   window_.height());
	if (fitted.x != dest_.x || fitted.y != dest_.y) {
		wl_subsurface_set_position(subsurface_.get(), fitted.x, fitted.y);
		dest_ = fitted;
		window_.commit();
	}
	dest_ = fitted;
}

void VideoPlane::windowResized()
{
	if (visibleW_ && visibleH_) {
		updateGeometry(visibleW_, visibleH_);
		if (viewport_ && dest_.w > 0)
			wp_viewport_set_destination(viewport_.get(), dest_.w, dest_.h);
		setOpaque();
		wl_surface_commit(surface_.get());
	}
}

void VideoPlane::setOpaque()
{
	/* Video is opaque; saying so lets the compositor skip blending and drawing what is
	 * beneath, and is required for most scanout planes. Surface-local coordinates, i.e.
	 * after the viewport. */
	WlPtr<wl_region> opaque(wl_compositor_create_region(display_.globals().compositor.get()));
	wl_region_add(opaque.get(), 0, 0, dest_.w, dest_.h);
	wl_surface_set_opaque_region(surface_.get(), opaque.get());
}

void VideoPlane::attachAndCommit(wl_buffer *buffer, const Rect &source)
{
	updateGeometry(uint32_t(source.w), uint32_t(source.h));
	if (viewport_) {
		if (!(source == lastSource_)) {
			wp_viewport_set_source(viewport_.get(), wl_fixed_from_int(source.x),
					       wl_fixed_from_int(source.y), wl_fixed_from_int(source.w),
					       wl_fixed_from_int(source.h));
			lastSource_ = source;
		}
		if (dest_.w > 0)
			wp_viewport_set_destination(viewport_.get(), dest_.w, dest_.h);
	}
	setOpaque();
	wl_surface_attach(surface_.get(), buffer, 0, 0);
	wl_surface_damage_buffer(surface_.get(), 0, 0, INT32_MAX, INT32_MAX);
	wl_surface_commit(surface_.get());
	mapAfterFirstCommit();
}

void VideoPlane::mapAfterFirstCommit()
{
	/*
	 * A desynchronised subsurface that gets its first buffer after its parent was mapped
	 * may not be on any output yet, and its commits then schedule no repaint: weston 10
	 * stayed idle forever (no frame callback, every presentation feedback discarded) when
	 * the first video frame came more than a few ms after the window was mapped. A parent
	 * commit after the first video commit puts the subsurface into the scene.
	 */
	if (mapped_)
		return;
	mapped_ = true;
	window_.commit();
}

void VideoPlane::prepareForEgl(uint32_t visibleW, uint32_t visibleH)
{
	updateGeometry(visibleW, visibleH);
	if (viewport_) {
		/* EGL draws exactly the destination size; no crop. */
		if (!(lastSource_ == Rect{ -1, -1, -1, -1 })) {
			wp_viewport_set_source(viewport_.get(), wl_fixed_from_int(-1), wl_fixed_from_int(-1),
					       wl_fixed_from_int(-1), wl_fixed_from_int(-1));
			lastSource_ = Rect{ -1, -1, -1, -1 };
		}
		if (dest_.w > 0)
			wp_viewport_set_destination(viewport_.get(), dest_.w, dest_.h);
	}
	setOpaque();
}

void VideoPlane::eglCommitted()
{
	mapAfterFirstCommit();
}

WlPtr<wl_subsurface> VideoPlane::createOverlaySubsurface(wl_surface *overlay)
{
	WlPtr<wl_subsurface> sub(wl_subcompositor_get_subsurface(
		display_.globals().subcompositor.get(), overlay, window_.surface()));
	wl_subsurface_place_above(sub.get(), surface_.get());
	wl_subsurface_set_desync(sub.get());
	window_.commit();
	return sub;
}

} /* namespace sluice */
