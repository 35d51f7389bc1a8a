/* SPDX-License-Identifier: MIT */
#include "weston_fixture.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include <png.h>

namespace sluice::test {

namespace {

bool exists(const std::string &path)
{
	struct stat st;
	return ::stat(path.c_str(), &st) == 0;
}

std::string findWeston()
{
	for (const char *dir : { "/usr/bin", "/usr/local/bin" }) {
		std::string p = std::string(dir) + "/weston";
		if (access(p.c_str(), X_OK) == 0)
			return p;
	}
	return "";
}

/* A crashed weston can linger as a zombie; only /proc's state tells. */
bool alive(pid_t pid)
{
	if (pid <= 0)
		return false;
	int status;
	if (waitpid(pid, &status, WNOHANG) == pid)
		return false;
	return ::kill(pid, 0) == 0;
}

} /* namespace */

std::string testMesaRoot()
{
	const char *root = getenv("SLUICE_TEST_MESA_ROOT");
	return root ? root : "";
}

Weston::~Weston()
{
	stop();
	/* Keep the directory (log, screenshots) only when asked to. */
	if (!runtimeDir_.empty() && !getenv("SLUICE_KEEP_WESTON_DIR")) {
		std::string cmd = "rm -rf '" + runtimeDir_ + "'";
		if (std::system(cmd.c_str()) != 0)
			std::fprintf(stderr, "could not remove %s\n", runtimeDir_.c_str());
	}
}

int Weston::start(const WestonOptions &options, std::string *why)
{
	std::string weston = findWeston();
	if (weston.empty()) {
		*why = "weston is not installed";
		return -ENOENT;
	}

	char tmpl[] = "/tmp/sluice-weston-XXXXXX";
	if (!mkdtemp(tmpl)) {
		*why = "mkdtemp failed";
		return -errno;
	}
	runtimeDir_ = tmpl;
	chmod(runtimeDir_.c_str(), 0700);
	socket_ = "sluice-test-" + std::to_string(getpid()) + (options.gl ? "-gl" : "-pixman");
	logPath_ = runtimeDir_ + "/weston.log";

	std::string ini = runtimeDir_ + "/weston.ini";
	{
		std::ofstream f(ini);
		f << "[core]\nrequire-input=false\nidle-time=0\nshell=desktop-shell.so\n"
		  << "[shell]\npanel-position=none\nlocking=false\nanimation=none\n"
		  << "startup-animation=none\nbackground-color=0xff000000\n";
	}

	std::vector<std::string> args = {
		weston, "--backend=headless-backend.so", options.gl ? "--use-gl" : "--use-pixman",
		"--socket=" + socket_, "--config=" + ini, "--idle-time=0",
		"--width=" + std::to_string(options.width), "--height=" + std::to_string(options.height),
		"--log=" + logPath_,
	};
	if (options.debug)
		args.push_back("--debug");

	pid_ = fork();
	if (pid_ < 0) {
		*why = "fork failed";
		return -errno;
	}
	if (pid_ == 0) {
		setenv("XDG_RUNTIME_DIR", runtimeDir_.c_str(), 1);
		if (!options.mesaRoot.empty()) {
			const std::string lib = options.mesaRoot + "/lib/x86_64-linux-gnu";
			setenv("LD_LIBRARY_PATH", lib.c_str(), 1);
			setenv("LIBGL_DRIVERS_PATH", (lib + "/dri").c_str(), 1);
			setenv("GBM_BACKENDS_PATH", (lib + "/gbm").c_str(), 1);
			setenv("__EGL_VENDOR_LIBRARY_FILENAMES",
			       (options.mesaRoot + "/share/glvnd/egl_vendor.d/50_mesa.json").c_str(), 1);
		}
		unsetenv("WAYLAND_DISPLAY");
		unsetenv("DISPLAY");
		int devnull = ::open("/dev/null", O_RDWR);
		dup2(devnull, 0);
		dup2(devnull, 1);
		dup2(devnull, 2);
		std::vector<char *> argv;
		for (std::string &a : args)
			argv.push_back(a.data());
		argv.push_back(nullptr);
		execv(argv[0], argv.data());
		_exit(127);
	}

	/* GL on llvmpipe compiles shaders at start: allow it time. */
	const std::string sock = runtimeDir_ + "/" + socket_;
	auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
	while (std::chrono::steady_clock::now() < deadline) {
		if (!alive(pid_)) {
			pid_ = -1;
			*why = "weston exited during start-up; its log:\n" + log();
			return -EIO;
		}
		/* The socket appears before the shell is ready; the log line after it is the
		 * one that says the shell client was launched. */
		if (exists(sock) && log().find("desktop-shell") != std::string::npos) {
			std::this_thread::sleep_for(std::chrono::milliseconds(300));
			return 0;
		}
		std::this_thread::sleep_for(std::chrono::milliseconds(50));
	}
	*why = "weston did not create its socket in 30 s";
	stop();
	return -ETIMEDOUT;
}

void Weston::stop()
{
	if (pid_ > 0) {
		::kill(pid_, SIGTERM);
		for (int i = 0; i < 50; i++) {
			int status;
			if (waitpid(pid_, &status, WNOHANG) == pid_) {
				pid_ = -1;
				break;
			}
			std::this_thread::sleep_for(std::chrono::milliseconds(20));
		}
		if (pid_ > 0) {
			::kill(pid_, SIGKILL);
			waitpid(pid_, nullptr, 0);
			pid_ = -1;
		}
	}
}

bool Weston::running() const
{
	return alive(pid_);
}

void Weston::exportEnvironment() const
{
	setenv("XDG_RUNTIME_DIR", runtimeDir_.c_str(), 1);
	setenv("WAYLAND_DISPLAY", socket_.c_str(), 1);
}

std::string Weston::log() const
{
	std::ifstream f(logPath_);
	std::stringstream s;
	s << f.rdbuf();
	return s.str();
}

std::string Weston::screenshot(std::string *why) const
{
	const char *tool = "/usr/bin/weston-screenshooter";
	if (access(tool, X_OK) != 0) {
		*why = "weston-screenshooter is not installed";
		return "";
	}
	std::string dir = runtimeDir_ + "/shots";
	mkdir(dir.c_str(), 0700);
	pid_t pid = fork();
	if (pid == 0) {
		if (chdir(dir.c_str()) != 0)
			_exit(126);
		setenv("XDG_RUNTIME_DIR", runtimeDir_.c_str(), 1);
		setenv("WAYLAND_DISPLAY", socket_.c_str(), 1);
		int devnull = ::open("/dev/null", O_RDWR);
		dup2(devnull, 1);
		dup2(devnull, 2);
		execl(tool, tool, nullptr);
		_exit(127);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		*why = "weston-screenshooter failed (status " + std::to_string(status) + ")";
		return "";
	}
	DIR *d = opendir(dir.c_str());
	std::string found;
	while (dirent *e = d ? readdir(d) : nullptr) {
		std::string name = e->d_name;
		if (name.size() > 4 && name.substr(name.size() - 4) == ".png")
			found = dir + "/" + name;
	}
	if (d)
		closedir(d);
	if (found.empty())
		*why = "weston-screenshooter wrote no PNG";
	return found;
}

namespace {

bool readPng(const std::string &path, std::vector<uint8_t> *rgba, int *w, int *h)
{
	png_image image{};
	image.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_file(&image, path.c_str()))
		return false;
	image.format = PNG_FORMAT_RGBA;
	rgba->resize(PNG_IMAGE_SIZE(image));
	if (!png_image_finish_read(&image, nullptr, rgba->data(), 0, nullptr))
		return false;
	*w = int(image.width);
	*h = int(image.height);
	return true;
}

} /* namespace */

long countBrightPixels(const std::string &pngPath, int threshold, int *width, int *height)
{
	std::vector<uint8_t> px;
	if (!readPng(pngPath, &px, width, height))
		return -1;
	long n = 0;
	for (size_t i = 0; i + 3 < px.size(); i += 4) {
		if (px[i] > threshold || px[i + 1] > threshold || px[i + 2] > threshold)
			n++;
	}
	return n;
}

bool pixelAt(const std::string &pngPath, int x, int y, uint8_t rgb[3])
{
	std::vector<uint8_t> px;
	int w, h;
	if (!readPng(pngPath, &px, &w, &h) || x >= w || y >= h)
		return false;
	const uint8_t *p = &px[(size_t(y) * size_t(w) + size_t(x)) * 4];
	rgb[0] = p[0];
	rgb[1] = p[1];
	rgb[2] = p[2];
	return true;
}

} /* namespace sluice::test */
