/* SPDX-License-Identifier: MIT */
/*
 * Window: the xdg-shell toplevel and its parent surface, painted black.
 *
 * The parent surface carries only the background: a wp_single_pixel_buffer_v1 black pixel
 * (or a 1x1 shm pixel) stretched by a viewport to the window size, fully opaque, so the
 * compositor never blends what lies under the letterbox bars. The video and the overlay are
 * subsurfaces of it (video_plane.h).
 *
 * Configure handling follows xdg-shell: the toplevel's configure only proposes a size; the
 * xdg_surface configure that follows is acked and applied with the next parent commit.
 */
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "display.h"
#include "shm_buffer.h"

namespace sluice {

struct WindowOptions {
	bool fullscreen = true;
	/* Windowed size, and the size used when the compositor leaves it to us. */
	uint32_t width = 1280;
	uint32_t height = 720;
	std::string title = "sluice";
	std::string appId = "sluice";
};

class Window
{
public:
	using ResizeCallback = std::function<void(uint32_t width, uint32_t height)>;
	using CloseCallback = std::function<void()>;

	static std::unique_ptr<Window> create(Display &display, const WindowOptions &options,
					      int *error);
	~Window();
	Window(const Window &) = delete;
	Window &operator=(const Window &) = delete;

	wl_surface *surface() const { return surface_.get(); }
	bool configured() const { return configured_; }
	uint32_t width() const { return width_; }
	uint32_t height() const { return height_; }
	bool fullscreen() const { return fullscreen_; }
	bool closeRequested() const { return closeRequested_; }
	/* How the background is drawn: "single-pixel", "shm 1x1" or "shm full size". */
	const char *backgroundKind() const { return backgroundKind_; }

	void setFullscreen(bool fullscreen);
	/* The application's resize callback (one). */
	void setResizeCallback(ResizeCallback cb) { onResize_ = std::move(cb); }
	/* Internal listeners such as the video plane, which must re-fit on every resize
	 * whatever the application registers. Returns an id for removeResizeListener(). */
	unsigned addResizeListener(ResizeCallback cb);
	void removeResizeListener(unsigned id);
	void setCloseCallback(CloseCallback cb) { onClose_ = std::move(cb); }

	/* Commits the parent surface, applying subsurface positions and stacking changes. */
	void commit();

private:
	explicit Window(Display &display) : display_(display) {}
	int init(const WindowOptions &options);
	int createBackground();
	void applySize();

	static void xdg_surface_configure(void *data, xdg_surface *surface, uint32_t serial);
	static void toplevel_configure(void *data, xdg_toplevel *toplevel, int32_t width,
				       int32_t height, wl_array *states);
	static void toplevel_close(void *data, xdg_toplevel *toplevel);
	static void toplevel_configure_bounds(void *data, xdg_toplevel *toplevel, int32_t width,
					      int32_t height);
	static void toplevel_wm_capabilities(void *data, xdg_toplevel *toplevel, wl_array *caps);

	static const xdg_surface_listener xdgSurfaceListener;
	static const xdg_toplevel_listener toplevelListener;

	Display &display_;
	WlPtr<wl_surface> surface_;
	WlPtr<xdg_surface> xdgSurface_;
	WlPtr<xdg_toplevel> toplevel_;
	WlPtr<wp_viewport> viewport_;
	WlPtr<wl_buffer> singlePixel_;
	std::unique_ptr<ShmBuffer> shmBackground_;
	const char *backgroundKind_ = "";

	uint32_t windowedWidth_ = 0;
	uint32_t windowedHeight_ = 0;
	uint32_t pendingWidth_ = 0;
	uint32_t pendingHeight_ = 0;
	uint32_t width_ = 0;
	uint32_t height_ = 0;
	bool configured_ = false;
	bool fullscreen_ = false;
	bool closeRequested_ = false;
	ResizeCallback onResize_;
	std::vector<std::pair<unsigned, ResizeCallback>> resizeListeners_;
	unsigned nextListenerId_ = 1;
	CloseCallback onClose_;
};

} /* namespace sluice */
