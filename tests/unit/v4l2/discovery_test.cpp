/* SPDX-License-Identifier: MIT */
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <glob.h>
#include <gtest/gtest.h>
#include <linux/videodev2.h>
#include <unistd.h>

#include "base/log.h"
#include "fake_controls.h"
#include "fake_ioctl_backend.h"
#include "v4l2/decoder_probe.h"
#include "v4l2/fourcc.h"

using namespace sluice;
using namespace sluice::test;

namespace {

bool hostHasMediaDevices()
{
	glob_t found = {};
	bool any = ::glob("/dev/media*", 0, nullptr, &found) == 0 && found.gl_pathc > 0;
	::globfree(&found);
	return any;
}

std::filesystem::path scratchDir(const char *name)
{
	std::filesystem::path dir = std::filesystem::temp_directory_path() /
				    (std::string(name) + "-" + std::to_string(::getpid()));
	std::filesystem::create_directories(dir);
	return dir;
}

void quietLog(std::string_view) {}

} /* namespace */

TEST(Discovery, HostWithoutDecodersFindsNone)
{
	if (hostHasMediaDevices())
		GTEST_SKIP() << "this machine has /dev/media* nodes; the virtual-board tests cover it";
	DiscoveryResult result = discoverDecoders({});
	EXPECT_TRUE(result.decoders.empty());
	EXPECT_TRUE(result.mediaNodesSeen.empty());
	EXPECT_TRUE(result.error.empty());
}

TEST(Discovery, NodesThatAreNotMediaDevicesAreSkipped)
{
	/* Real kernel path: a regular file answers MEDIA_IOC_DEVICE_INFO with ENOTTY. */
	setLogSink(quietLog);
	std::filesystem::path dev = scratchDir("sluice-discovery");
	std::ofstream(dev / "media0") << "not a device";
	DiscoveryOptions options;
	options.devDir = dev.string();
	DiscoveryResult result = discoverDecoders(options);
	ASSERT_EQ(result.mediaNodesSeen.size(), 1u);
	EXPECT_EQ(result.mediaNodesSeen[0], (dev / "media0").string());
	EXPECT_TRUE(result.decoders.empty());
	EXPECT_TRUE(result.error.empty());

	options.mediaNode = (dev / "media0").string();
	result = discoverDecoders(options);
	EXPECT_TRUE(result.decoders.empty());
	EXPECT_NE(result.error.find("cannot open as a media device"), std::string::npos)
		<< result.error;
	std::filesystem::remove_all(dev);
	setLogSink(nullptr);
}

TEST(Discovery, DeviceOverrideThatIsNoDecoderIsAnError)
{
	setLogSink(quietLog);
	std::filesystem::path dev = scratchDir("sluice-discovery-empty");
	DiscoveryOptions options;
	options.devDir = dev.string();
	options.videoNode = "/dev/null";
	DiscoveryResult result = discoverDecoders(options);
	EXPECT_TRUE(result.decoders.empty());
	EXPECT_NE(result.error.find("/dev/null is not the video node of a decoder"), std::string::npos)
		<< result.error;
	std::filesystem::remove_all(dev);
	setLogSink(nullptr);
}

namespace {

/* A memory-to-memory node behind the fake backend, offering the given OUTPUT formats. */
void serveM2mNode(FakeIoctlBackend &backend, const char *driver, std::vector<uint32_t> outputFormats,
		  std::vector<uint32_t> captureFormats)
{
	backend.openHandler = [](const char *, int) { return ::open("/dev/null", O_RDWR | O_CLOEXEC); };
	backend.on(VIDIOC_QUERYCAP, [driver](int, void *arg) {
		auto *cap = static_cast<struct v4l2_capability *>(arg);
		*cap = {};
		std::strncpy(reinterpret_cast<char *>(cap->driver), driver, sizeof(cap->driver) - 1);
		cap->device_caps = V4L2_CAP_VIDEO_M2M_MPLANE | V4L2_CAP_STREAMING;
		cap->capabilities = cap->device_caps | V4L2_CAP_DEVICE_CAPS;
		return 0;
	});
	backend.on(VIDIOC_ENUM_FMT, [outputFormats, captureFormats](int, void *arg) {
		auto *desc = static_cast<struct v4l2_fmtdesc *>(arg);
		const auto &list = desc->type == V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE ? outputFormats
										   : captureFormats;
		if (desc->index >= list.size())
			return -EINVAL;
		desc->pixelformat = list[desc->index];
		return 0;
	});
	backend.on(VIDIOC_S_FMT, [](int, void *) { return 0; });
	backend.on(VIDIOC_REQBUFS, [](int, void *arg) {
		static_cast<struct v4l2_requestbuffers *>(arg)->capabilities =
			V4L2_BUF_CAP_SUPPORTS_MMAP | V4L2_BUF_CAP_SUPPORTS_REQUESTS;
		return 0;
	});
	serveControls(backend, {
		{ V4L2_CID_STATELESS_H264_SPS, V4L2_CTRL_TYPE_H264_SPS, "H264 Sequence Parameter Set" },
		{ V4L2_CID_STATELESS_H264_DECODE_MODE, V4L2_CTRL_TYPE_MENU, "H264 Decode Mode", 0, 1,
		  { "Slice-Based", "Frame-Based" } },
	});
}

} /* namespace */

TEST(Probe, ConverterWithoutCodedFormatsIsNotADecoder)
{
	/* An RGA-like m2m converter: raw formats on both queues. */
	FakeIoctlBackend backend;
	ScopedIoctlBackend scope(backend);
	serveM2mNode(backend, "rockchip-rga", { V4L2_PIX_FMT_NV12, V4L2_PIX_FMT_YUV420 },
		     { V4L2_PIX_FMT_NV12 });
	DecoderInfo info;
	EXPECT_EQ(probeDecoder("/dev/media9", "/dev/video9", &info), -ENODEV);
}

TEST(Probe, UnknownDriverWithStatelessFormatIsUsable)
{
	FakeIoctlBackend backend;
	ScopedIoctlBackend scope(backend);
	/* A stateful format (plain H.264) beside the stateless one must not count. */
	serveM2mNode(backend, "brand-new-vdec", { V4L2_PIX_FMT_H264, V4L2_PIX_FMT_H264_SLICE },
		     { V4L2_PIX_FMT_NV12, V4L2_PIX_FMT_NV12_32L32 });
	DecoderInfo info;
	ASSERT_EQ(probeDecoder("/dev/media9", "/dev/video9", &info), 0);
	EXPECT_FALSE(info.quirks.known);
	EXPECT_TRUE(info.supportsRequests);
	ASSERT_EQ(info.codecs.size(), 1u);
	const CodecSupport &h264 = info.codecs[0];
	EXPECT_EQ(h264.codedFourcc, static_cast<uint32_t>(V4L2_PIX_FMT_H264_SLICE));
	EXPECT_TRUE(h264.parameterControlPresent);
	EXPECT_EQ(h264.decodeModes, (std::vector<std::string>{ "Slice-Based", "Frame-Based" }));
	EXPECT_TRUE(h264.startCodes.empty());
	ASSERT_EQ(h264.captureFormats.size(), 2u);
	EXPECT_EQ(h264.captureFormats[1].fourcc, static_cast<uint32_t>(V4L2_PIX_FMT_NV12_32L32));
	EXPECT_EQ(info.codec(V4L2_PIX_FMT_VP9_FRAME), nullptr);
}

TEST(Probe, KnownDriversGetTheirQuirks)
{
	EXPECT_TRUE(driverQuirks("cedrus").known);
	EXPECT_TRUE(driverQuirks("cedrus").tiledOutput);
	EXPECT_EQ(driverQuirks("cedrus").native8BitFormat, static_cast<uint32_t>(V4L2_PIX_FMT_NV12_32L32));
	EXPECT_EQ(driverQuirks("rkvdec").native10BitFormat, static_cast<uint32_t>(V4L2_PIX_FMT_NV15));
	EXPECT_TRUE(driverQuirks("hantro-vpu").known);
	EXPECT_TRUE(driverQuirks("visl").known);
	EXPECT_FALSE(driverQuirks("something-else").known);
	EXPECT_FALSE(driverQuirks("something-else").note.empty());
}
