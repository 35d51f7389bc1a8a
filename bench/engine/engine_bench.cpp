/* SPDX-License-Identifier: MIT */
/*
 * Engine overhead per frame on visl: decodes N FWHT frames (each referring to the one
 * before) through the StatelessEngine with an immediate consumer, and prints CPU time per
 * frame (user + sys), wall time per frame and system calls per frame, counted at the ioctl
 * seam. Run on the virtual board with visl_transtime_ms=0 so the driver adds no delay:
 *
 *   tests/vm/run --visl visl_transtime_ms=0 -- build/bench/engine/engine-bench 2000
 */
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <linux/videodev2.h>
#include <poll.h>
#include <sys/resource.h>
#include <vector>

#include "engine/stateless_engine.h"
#include "v4l2/decoder_probe.h"
#include "v4l2/ioctl_backend.h"
#include "v4l2/timestamp.h"

using namespace sluice;

namespace {

/* Counts what the engine asks of the kernel; forwards everything unchanged. */
class CountingBackend : public IoctlBackend
{
public:
	unsigned long calls = 0;

	int ioctl(int fd, unsigned long request, void *arg) override
	{
		calls++;
		return kernelIoctlBackend().ioctl(fd, request, arg);
	}
	int open(const char *path, int flags) override
	{
		calls++;
		return kernelIoctlBackend().open(path, flags);
	}
	int mmap(size_t length, int prot, int flags, int fd, off_t offset, void **address) override
	{
		calls++;
		return kernelIoctlBackend().mmap(length, prot, flags, fd, offset, address);
	}
	int munmap(void *address, size_t length) override
	{
		calls++;
		return kernelIoctlBackend().munmap(address, length);
	}
	int poll(struct pollfd *fds, size_t count, int timeoutMs) override
	{
		calls++;
		return kernelIoctlBackend().poll(fds, count, timeoutMs);
	}
};

struct CpuTime {
	double user;
	double sys;
};

CpuTime cpuTime()
{
	rusage usage;
	getrusage(RUSAGE_SELF, &usage);
	return { usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6,
		 usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6 };
}

double wallSeconds()
{
	timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

} /* namespace */

int main(int argc, char **argv)
{
	unsigned frames = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : 1000;
	DiscoveryResult found = discoverDecoders({});
	const DecoderInfo *decoder = pickDecoder(found, V4L2_PIX_FMT_FWHT_STATELESS);
	if (!decoder) {
		std::fprintf(stderr, "engine-bench: no decoder takes stateless FWHT (load visl)\n");
		return 77;
	}

	CountingBackend counter;
	ScopedIoctlBackend scope(counter);
	StatelessEngine engine;
	if (engine.open(decoder->videoNode, decoder->mediaNode) < 0)
		return 1;
	EngineConfig config;
	config.codedFourcc = V4L2_PIX_FMT_FWHT_STATELESS;
	config.width = 1920;
	config.height = 1080;
	config.referenceSlots = 1;
	config.maxInFlight = 2;
	if (engine.configure(config, {}) < 0)
		return 1;

	std::vector<uint8_t> bitstream(64 * 1024, 0x5a);
	uint64_t previous = 0;
	engine.setDecodedCallback([&](const DecodedPicture &p) { engine.releaseDisplay(p.frameId); });

	unsigned long callsBefore = counter.calls;
	CpuTime cpu0 = cpuTime();
	double wall0 = wallSeconds();
	std::vector<pollfd> fds;
	for (uint64_t id = 1; id <= frames; id++) {
		v4l2_ctrl_fwht_params params{};
		params.backward_ref_ts = previous ? frameIdToNs(previous) : 0;
		params.version = V4L2_FWHT_VERSION;
		params.width = config.width;
		params.height = config.height;
		params.flags = (3u << V4L2_FWHT_FL_COMPONENTS_NUM_OFFSET) | V4L2_FWHT_FL_PIXENC_YUV |
			       (previous ? 0 : V4L2_FWHT_FL_I_FRAME);
		ControlValue control = ControlValue::compound(V4L2_CID_STATELESS_FWHT_PARAMS, params);
		uint64_t refs[1] = { previous };

		PictureSubmission picture;
		picture.frameId = id;
		picture.bitstream = bitstream;
		picture.controls = { &control, 1 };
		picture.references = { refs, previous ? 1u : 0u };
		picture.isReference = true;

		while (!engine.canAcceptPicture()) {
			fds.clear();
			engine.pollFds(&fds);
			::poll(fds.data(), fds.size(), 1000);
			if (engine.dispatch() < 0)
				return 1;
		}
		if (engine.submit(picture) < 0)
			return 1;
		if (previous)
			engine.releaseReference(previous);
		previous = id;
	}
	while (!engine.idle()) {
		fds.clear();
		engine.pollFds(&fds);
		::poll(fds.data(), fds.size(), 1000);
		engine.dispatch();
	}
	CpuTime cpu1 = cpuTime();
	double user = cpu1.user - cpu0.user, sys = cpu1.sys - cpu0.sys;
	double wall = wallSeconds() - wall0;
	unsigned long calls = counter.calls - callsBefore;

	std::printf("engine-bench: %u FWHT frames 1920x1080 on %s, visl\n", frames,
		    decoder->videoNode.c_str());
	/* visl renders its test pattern inside the ioctl that queues the request, so the
	 * driver's work lands in this process's system time: user time is the engine's own. */
	std::printf("  user  %8.1f us/frame (the engine)\n", user * 1e6 / frames);
	std::printf("  sys   %8.1f us/frame (kernel, including visl's rendering)\n", sys * 1e6 / frames);
	std::printf("  wall  %8.1f us/frame (%.0f fps)\n", wall * 1e6 / frames, frames / wall);
	std::printf("  calls %8.2f syscalls/frame at the ioctl seam (ioctl, poll, mmap)\n",
		    static_cast<double>(calls) / frames);
	std::printf("  bytes %8.0f bitstream bytes copied/frame\n",
		    static_cast<double>(engine.stats().bytesCopiedToOutput) / frames);
	std::printf("  slots %u, unsafe requeues %llu\n", engine.slots().liveCount(),
		    static_cast<unsigned long long>(engine.slots().stats().unsafeRequeues));
	return 0;
}
