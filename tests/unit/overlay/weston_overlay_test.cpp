/* SPDX-License-Identifier: MIT */
/*
 * The overlay on a real compositor: a headless weston (pixman) started by the test, a mapped
 * xdg toplevel with a black buffer as the parent, the overlay as its subsurface. What the
 * compositor shows is read from weston's own screenshots (weston --debug,
 * weston-screenshooter): after a draw the overlay's text and the magenta of the compositor
 * span are on screen; after hide (attach NULL) nothing but black is.
 * Skips when weston, weston-screenshooter or python3 (to decode the PNG) is missing.
 */
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <gtest/gtest.h>
#include <wayland-client.h>

#include "overlay/wayland_overlay.h"
#include "overlay_scene.h"
#include "xdg-shell-client-protocol.h"

namespace sluice {
namespace {

using namespace test;

/* A headless weston of our own, in its own runtime directory; stopped by its pid. */
class HeadlessWeston
{
public:
	~HeadlessWeston()
	{
		if (pid_ > 0) {
			kill(pid_, SIGTERM);
			waitpid(pid_, nullptr, 0);
		}
		if (!dir_.empty())
			(void)!system(("rm -rf '" + dir_ + "'").c_str());
	}

	int start(std::string *why)
	{
		if (access("/usr/bin/weston", X_OK) != 0 ||
		    access("/usr/bin/weston-screenshooter", X_OK) != 0 ||
		    access("/usr/bin/python3", X_OK) != 0) {
			*why = "weston, weston-screenshooter or python3 is not installed";
			return -ENOENT;
		}
		char dir[] = "/tmp/sluice-overlay-weston-XXXXXX";
		if (!mkdtemp(dir)) {
			*why = "mkdtemp failed";
			return -errno;
		}
		dir_ = dir;
		std::ofstream(dir_ + "/weston.ini")
			<< "[core]\nrequire-input=false\nidle-time=0\nshell=desktop-shell.so\n"
			<< "[shell]\npanel-position=none\nlocking=false\nanimation=none\n"
			<< "startup-animation=none\nbackground-color=0xff000000\n";
		pid_ = fork();
		if (pid_ == 0) {
			setenv("XDG_RUNTIME_DIR", dir_.c_str(), 1);
			unsetenv("WAYLAND_DISPLAY");
			const int null = open("/dev/null", O_RDWR);
			dup2(null, 1);
			dup2(null, 2);
			const std::string config = "--config=" + dir_ + "/weston.ini";
			const std::string log = "--log=" + dir_ + "/weston.log";
			execl("/usr/bin/weston", "weston", "--backend=headless-backend.so",
			      "--use-pixman", "--socket=overlay", "--debug", "--width=640",
			      "--height=760", config.c_str(), log.c_str(), nullptr);
			_exit(127);
		}
		const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
		while (std::chrono::steady_clock::now() < deadline) {
			struct stat st;
			std::ifstream log(dir_ + "/weston.log");
			std::stringstream text;
			text << log.rdbuf();
			if (stat(socket().c_str(), &st) == 0 &&
			    text.str().find("desktop-shell") != std::string::npos) {
				/* The shell client starts after the log line; give it a moment. */
				std::this_thread::sleep_for(std::chrono::milliseconds(300));
				return 0;
			}
			if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
				pid_ = -1;
				*why = "weston exited during start-up";
				return -EIO;
			}
			std::this_thread::sleep_for(std::chrono::milliseconds(50));
		}
		*why = "weston did not start in 20 s";
		return -ETIMEDOUT;
	}

	std::string socket() const { return dir_ + "/overlay"; }

	/*
	 * Takes a screenshot and counts its pixels: bright ones (any channel above 150) and
	 * those of colour rgb (within 3). false when no screenshot could be taken.
	 */
	bool countPixels(Rgb rgb, long *bright, long *matching) const
	{
		/* weston-screenshooter writes wayland-screenshot-*.png into its working
		 * directory; a small Python reads it back (zlib and the five PNG filters). */
		static const char kScript[] = R"(
import glob, os, struct, sys, zlib
path = sorted(glob.glob('wayland-screenshot-*.png'))[-1]
data = open(path, 'rb').read()
os.remove(path)
pos, idat = 8, b''
while pos < len(data):
    length, kind = struct.unpack('>I4s', data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b'IHDR':
        width, height, depth, colour = struct.unpack('>IIBB', body[:10])
    elif kind == b'IDAT':
        idat += body
    pos += 12 + length
assert depth == 8 and colour in (2, 6)
bpp = 4 if colour == 6 else 3
raw = zlib.decompress(idat)
stride = width * bpp
prev = bytearray(stride)
bright = matching = 0
r0, g0, b0 = (int(v) for v in sys.argv[1:4])
for y in range(height):
    kind = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if kind == 1: line[i] = (line[i] + a) & 255
        elif kind == 2: line[i] = (line[i] + b) & 255
        elif kind == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif kind == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, bpp):
        r, g, b = line[x], line[x + 1], line[x + 2]
        bright += max(r, g, b) > 150
        matching += abs(r - r0) <= 3 and abs(g - g0) <= 3 and abs(b - b0) <= 3
    prev = line
print(bright, matching)
)";
		std::ofstream(dir_ + "/count.py") << kScript;
		const std::string command =
			"cd '" + dir_ + "' && XDG_RUNTIME_DIR='" + dir_ +
			"' WAYLAND_DISPLAY=overlay timeout 10 weston-screenshooter && python3 count.py " +
			std::to_string(rgb.r) + " " + std::to_string(rgb.g) + " " +
			std::to_string(rgb.b);
		FILE *pipe = popen(command.c_str(), "r");
		if (!pipe)
			return false;
		const bool ok = fscanf(pipe, "%ld %ld", bright, matching) == 2;
		pclose(pipe);
		return ok;
	}

private:
	pid_t pid_ = -1;
	std::string dir_;
};

/* A mapped toplevel with a black shm buffer, and an empty subsurface above it. */
struct Client {
	wl_display *display = nullptr;
	wl_compositor *compositor = nullptr;
	wl_subcompositor *subcompositor = nullptr;
	wl_shm *shm = nullptr;
	xdg_wm_base *wmBase = nullptr;
	wl_surface *parent = nullptr;
	xdg_surface *xdgSurface = nullptr;
	xdg_toplevel *toplevel = nullptr;
	wl_buffer *background = nullptr;
	wl_surface *overlaySurface = nullptr;
	wl_subsurface *subsurface = nullptr;
	bool configured = false;

	~Client()
	{
		if (!display)
			return;
		if (subsurface)
			wl_subsurface_destroy(subsurface);
		if (overlaySurface)
			wl_surface_destroy(overlaySurface);
		if (toplevel)
			xdg_toplevel_destroy(toplevel);
		if (xdgSurface)
			xdg_surface_destroy(xdgSurface);
		if (parent)
			wl_surface_destroy(parent);
		if (background)
			wl_buffer_destroy(background);
		wl_display_disconnect(display);
	}

	static void global(void *data, wl_registry *registry, uint32_t name, const char *interface,
			   uint32_t)
	{
		auto *self = static_cast<Client *>(data);
		auto bind = [&](const wl_interface *iface, uint32_t version) {
			return wl_registry_bind(registry, name, iface, version);
		};
		if (!strcmp(interface, wl_compositor_interface.name))
			self->compositor = static_cast<wl_compositor *>(bind(&wl_compositor_interface, 4));
		else if (!strcmp(interface, wl_subcompositor_interface.name))
			self->subcompositor = static_cast<wl_subcompositor *>(
				bind(&wl_subcompositor_interface, 1));
		else if (!strcmp(interface, wl_shm_interface.name))
			self->shm = static_cast<wl_shm *>(bind(&wl_shm_interface, 1));
		else if (!strcmp(interface, xdg_wm_base_interface.name))
			self->wmBase = static_cast<xdg_wm_base *>(bind(&xdg_wm_base_interface, 1));
	}
	static void globalRemove(void *, wl_registry *, uint32_t) {}
	static void ping(void *, xdg_wm_base *base, uint32_t serial) { xdg_wm_base_pong(base, serial); }
	static void configure(void *data, xdg_surface *surface, uint32_t serial)
	{
		xdg_surface_ack_configure(surface, serial);
		static_cast<Client *>(data)->configured = true;
	}
	static void toplevelConfigure(void *, xdg_toplevel *, int32_t, int32_t, wl_array *) {}
	static void toplevelClose(void *, xdg_toplevel *) {}

	int connect(const std::string &socket, std::string *why)
	{
		static const wl_registry_listener registryListener = { global, globalRemove };
		static const xdg_wm_base_listener wmBaseListener = { ping };
		static const xdg_surface_listener surfaceListener = { configure };
		static const xdg_toplevel_listener toplevelListener = { toplevelConfigure,
									 toplevelClose };
		display = wl_display_connect(socket.c_str());
		if (!display) {
			*why = "cannot connect to " + socket;
			return -ECONNREFUSED;
		}
		wl_registry *registry = wl_display_get_registry(display);
		wl_registry_add_listener(registry, &registryListener, this);
		wl_display_roundtrip(display);
		wl_registry_destroy(registry);
		if (!compositor || !subcompositor || !shm || !wmBase) {
			*why = "the compositor lacks a core global";
			return -ENOTSUP;
		}
		xdg_wm_base_add_listener(wmBase, &wmBaseListener, this);

		parent = wl_compositor_create_surface(compositor);
		xdgSurface = xdg_wm_base_get_xdg_surface(wmBase, parent);
		xdg_surface_add_listener(xdgSurface, &surfaceListener, this);
		toplevel = xdg_surface_get_toplevel(xdgSurface);
		xdg_toplevel_add_listener(toplevel, &toplevelListener, this);
		wl_surface_commit(parent);
		while (!configured && wl_display_dispatch(display) >= 0) {
		}

		constexpr int kWidth = 460, kHeight = 700, kStride = kWidth * 4;
		const int fd = memfd_create("background", MFD_CLOEXEC);
		if (fd < 0 || ftruncate(fd, kStride * kHeight) < 0) {
			*why = "memfd failed";
			return -errno;
		}
		wl_shm_pool *pool = wl_shm_create_pool(shm, fd, kStride * kHeight);
		background = wl_shm_pool_create_buffer(pool, 0, kWidth, kHeight, kStride,
						       WL_SHM_FORMAT_XRGB8888);
		wl_shm_pool_destroy(pool);
		close(fd);

		overlaySurface = wl_compositor_create_surface(compositor);
		subsurface = wl_subcompositor_get_subsurface(subcompositor, overlaySurface, parent);
		wl_subsurface_set_desync(subsurface);
		wl_surface_attach(parent, background, 0, 0);
		wl_surface_commit(parent);
		wl_display_roundtrip(display);
		return 0;
	}
};

TEST(WestonOverlay, ShownOnScreenAfterDrawAndGoneAfterHide)
{
	HeadlessWeston weston;
	std::string why;
	if (weston.start(&why) < 0)
		GTEST_SKIP() << why;
	Client client;
	ASSERT_EQ(client.connect(weston.socket(), &why), 0) << why;

	std::unique_ptr<WaylandOverlay> overlay = WaylandOverlay::create(
		client.display, client.overlaySurface, 460, 700, 1.0f, nullptr, &why);
	if (!overlay)
		GTEST_SKIP() << "no EGL on this Wayland display: " << why;
	std::printf("%s\n", overlay->describe().c_str());
	/* Run by meson a second time with Mesa held to GLES 2.0. */
	const char *forced = getenv("MESA_GLES_VERSION_OVERRIDE");
	if (forced && !strcmp(forced, "2.0")) {
		EXPECT_NE(overlay->describe().find("GLSL #version 100"), std::string::npos);
	}

	const Rgb magenta = slotStateColour(OverlaySlotState::HeldByCompositor);
	long bright = -1, matching = -1;
	ASSERT_TRUE(weston.countPixels(magenta, &bright, &matching)) << "no screenshot";
	EXPECT_EQ(bright, 0) << "something bright on screen before the overlay drew";

	overlay->overlay().show();
	ASSERT_EQ(overlay->tick(knownModel(), kNow), 0);
	ASSERT_GE(wl_display_roundtrip(client.display), 0);
	ASSERT_TRUE(weston.countPixels(magenta, &bright, &matching));
	/* Text is bright; the compositor span of slot 3 is 2 s of the 4 s plot, one row high. */
	EXPECT_GT(bright, 500) << "no overlay text on screen after a draw";
	const long span = static_cast<long>(TimelineLayout::kPlotWidth / 2 * TimelineLayout::kRowHeight);
	EXPECT_GE(matching, span * 9 / 10) << "the compositor span is not on screen";

	overlay->overlay().hide();
	ASSERT_EQ(overlay->tick(knownModel(), kNow + kMs), 0);
	ASSERT_GE(wl_display_roundtrip(client.display), 0);
	ASSERT_TRUE(weston.countPixels(magenta, &bright, &matching));
	EXPECT_EQ(bright, 0) << "the hidden overlay is still on screen";
	EXPECT_EQ(matching, 0);

	/* And back. */
	overlay->overlay().show();
	ASSERT_EQ(overlay->tick(knownModel(), kNow + 2 * kMs), 0);
	ASSERT_GE(wl_display_roundtrip(client.display), 0);
	ASSERT_TRUE(weston.countPixels(magenta, &bright, &matching));
	EXPECT_GT(bright, 500);
	EXPECT_EQ(wl_display_get_error(client.display), 0);
}

} /* namespace */
} /* namespace sluice */
