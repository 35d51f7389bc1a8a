/* SPDX-License-Identifier: MIT */
/*
 * A real headless weston for integration tests: its own 0700 XDG_RUNTIME_DIR, its own
 * socket, desktop-shell (kiosk and fullscreen shells send no frame callbacks in headless
 * weston 10), no input required. Started per test suite, killed by its pid.
 */
#pragma once

#include <string>
#include <sys/types.h>

namespace sluice::test {

struct WestonOptions {
	bool gl = false;     /* --use-gl (llvmpipe here) instead of --use-pixman */
	bool debug = false;  /* --debug: exposes weston_screenshooter */
	int width = 640;
	int height = 480;
	/*
	 * A Mesa extracted elsewhere (its usr/ folder) for weston only, e.g. Mesa 25 from
	 * bookworm-backports, whose llvmpipe gives weston GL linux-dmabuf (fetch-mesa.sh).
	 */
	std::string mesaRoot;
};

/* $SLUICE_TEST_MESA_ROOT, or "". */
std::string testMesaRoot();

class Weston
{
public:
	Weston() = default;
	~Weston();
	Weston(const Weston &) = delete;
	Weston &operator=(const Weston &) = delete;

	/* 0 when weston runs and its socket exists; otherwise *why says what failed. */
	int start(const WestonOptions &options, std::string *why);
	void stop();
	bool running() const;

	const std::string &socket() const { return socket_; }
	const std::string &runtimeDir() const { return runtimeDir_; }
	/* Points WAYLAND_DISPLAY and XDG_RUNTIME_DIR of this process at it. */
	void exportEnvironment() const;
	std::string log() const;

	/* Runs weston-screenshooter; the PNG's path, or "" with *why. */
	std::string screenshot(std::string *why) const;

private:
	pid_t pid_ = -1;
	std::string runtimeDir_;
	std::string socket_;
	std::string logPath_;
};

/* Decodes a PNG and counts pixels brighter than threshold in any channel; -1 on error. */
long countBrightPixels(const std::string &pngPath, int threshold, int *width, int *height);
/* The RGB of pixel (x, y), or false. */
bool pixelAt(const std::string &pngPath, int x, int y, uint8_t rgb[3]);

} /* namespace sluice::test */
