/* SPDX-License-Identifier: MIT */
/*
 * VideoPlane: the video subsurface of a Window, scaled by a viewport into its letterbox.
 *
 * The subsurface is desynchronised, so a video commit reaches the screen without waiting for
 * a parent commit; only its position (a parent state) needs one. The viewport maps the
 * visible rect of the buffer (source) to the fitted size (destination), so the compositor or
 * the display's plane scaler does the scaling, never the CPU. The buffer, the source rect
 * and the destination are committed together, so a resolution change shows no frame with a
 * stale crop.
 *
 * An overlay (OSD, debug panels) is a sibling subsurface placed above the video.
 */
#pragma once

#include <cstdint>

#include "letterbox.h"
#include "window.h"

namespace sluice {

class VideoPlane
{
public:
	VideoPlane(Display &display, Window &window);
	~VideoPlane();
	VideoPlane(const VideoPlane &) = delete;
	VideoPlane &operator=(const VideoPlane &) = delete;

	wl_surface *surface() const { return surface_.get(); }
	Window &window() const { return window_; }

	/* The sample aspect ratio of the stream (1:1 for square pixels). */
	void setSampleAspect(uint32_t num, uint32_t den);
	/* Re-fits the letterbox; the plane registers itself with the window for this. */
	void windowResized();

	/*
	 * Attaches buffer (bufferW x bufferH) showing source (in buffer pixels), with damage,
	 * opaque region and the fitted destination, and commits. The caller adds frame and
	 * presentation feedback requests before calling.
	 */
	void attachAndCommit(wl_buffer *buffer, const Rect &source);
	/* For EGL: sets the destination without a buffer (eglSwapBuffers commits). */
	void prepareForEgl(uint32_t visibleW, uint32_t visibleH);
	/* For EGL: after eglSwapBuffers committed the surface. */
	void eglCommitted();

	/* The fitted rect of the last commit, in window coordinates. */
	const Rect &destination() const { return dest_; }

	/* Makes overlay a subsurface of the window placed just above the video. */
	WlPtr<wl_subsurface> createOverlaySubsurface(wl_surface *overlay);

private:
	void updateGeometry(uint32_t visibleW, uint32_t visibleH);
	void setOpaque();
	void mapAfterFirstCommit();

	Display &display_;
	Window &window_;
	WlPtr<wl_surface> surface_;
	WlPtr<wl_subsurface> subsurface_;
	WlPtr<wp_viewport> viewport_;
	WlPtr<wp_content_type_v1> contentType_;
	uint32_t sarNum_ = 1;
	uint32_t sarDen_ = 1;
	uint32_t visibleW_ = 0;
	uint32_t visibleH_ = 0;
	Rect dest_;
	Rect lastSource_;
	bool mapped_ = false;
	unsigned resizeListener_ = 0;
};

} /* namespace sluice */
