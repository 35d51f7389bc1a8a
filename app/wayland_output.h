/* SPDX-License-Identifier: MIT */
/*
 * WaylandOutput (--vo wayland): the player's frames on a Wayland compositor.
 *
 * Owns the connection, the full-screen window, the video plane and the presenter
 * (render/wayland). It turns a ShownFrame (a CAPTURE slot) into a VideoFrame: the slot's
 * exported dmabuf fds, offsets and strides from G_FMT, the DRM format and modifier of its
 * V4L2 format. The presenter's release callback is the compositor letting go of the slot.
 */
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "options.h"
#include "video_output.h"
#include "wayland/wl_ptr.h"

namespace sluice {

class Display;
class Window;
class VideoPlane;
class Presenter;
struct PathDecision;

class WaylandOutput : public VideoOutput
{
public:
	~WaylandOutput() override;

	/* Connects to $WAYLAND_DISPLAY and maps a window; null with *error set on failure.
	 * present says where the presentation fallback chain starts (--present). */
	static std::unique_ptr<WaylandOutput> create(bool fullscreen,
						     const std::vector<uint32_t> &captureFormats,
						     Options::Present present, std::string *error);

	int fd() const override;
	int dispatch() override;
	int flush() override;
	bool readyForFrame() const override;
	int show(const ShownFrame &frame) override;
	std::string path() const override;
	OutputPath pathInfo() const override;
	OutputCounters counters() const override;
	const PresentationCosts *presentationCosts() const override { return &costs_; }

	bool paced() const override { return true; }
	uint64_t nowNs() const override;
	uint64_t nextRefreshNs() const override;
	void countLateDrop() override { counters_.droppedLate++; }
	bool closeRequested() const override;
	void toggleFullscreen() override;
	CaptureLayout initialCaptureLayout() const override;
	std::optional<CaptureLayout> wantedCaptureLayout() const override { return wanted_; }
	void captureLayoutApplied(const CaptureLayout &asked, const ImageFormat &got) override;
	void forgetSlot(uint32_t slot) override;

	Display &display() { return *display_; }
	wl_display *wlDisplay() const;
	VideoPlane &plane() { return *plane_; }
	/* A fresh surface placed above the video, for the overlay; null on failure. */
	wl_surface *createOverlaySurface();
	uint32_t windowWidth() const;
	uint32_t windowHeight() const;

private:
	WaylandOutput();
	void decisionMade(const PathDecision &decision);

	std::unique_ptr<Display> display_;
	std::unique_ptr<Window> window_;
	std::unique_ptr<VideoPlane> plane_;
	std::unique_ptr<Presenter> presenter_;
	OutputCounters counters_;
	PresentationCosts costs_;
	/* The layout the decoder was last asked for, and the next one the chain wants. */
	CaptureLayout applied_;
	std::optional<CaptureLayout> wanted_;
	/* Declared after the plane they sit on, so they go first. */
	WlPtr<wl_surface> overlaySurface_;
	WlPtr<wl_subsurface> overlaySubsurface_;
};

} /* namespace sluice */
