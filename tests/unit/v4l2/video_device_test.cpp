/* SPDX-License-Identifier: MIT */
#include <cstring>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/videodev2.h>
#include <string>

#include "base/log.h"
#include "fake_controls.h"
#include "fake_ioctl_backend.h"
#include "v4l2/timestamp.h"
#include "v4l2/video_device.h"

using namespace sluice;
using namespace sluice::test;

namespace {

std::vector<std::string> capturedLog;

void captureLog(std::string_view line)
{
	capturedLog.emplace_back(line);
}

/* Answers QUERYCAP as a memory-to-memory node with the given device caps. */
void serveCaps(FakeIoctlBackend &backend, uint32_t deviceCaps)
{
	backend.on(VIDIOC_QUERYCAP, [deviceCaps](int, void *arg) {
		auto *cap = static_cast<struct v4l2_capability *>(arg);
		*cap = {};
		std::strcpy(reinterpret_cast<char *>(cap->driver), "fake");
		std::strcpy(reinterpret_cast<char *>(cap->card), "fake decoder");
		cap->capabilities = deviceCaps | V4L2_CAP_DEVICE_CAPS;
		cap->device_caps = deviceCaps;
		return 0;
	});
}

/* A placeholder fd: the fake backend answers every ioctl, so any open file will do. */
UniqueFD placeholderFd()
{
	return UniqueFD(::open("/dev/null", O_RDWR | O_CLOEXEC));
}

class VideoDeviceTest : public ::testing::Test
{
protected:
	void SetUp() override
	{
		capturedLog.clear();
		setLogSink(captureLog);
	}
	void TearDown() override { setLogSink(nullptr); }

	int openDevice(uint32_t caps = V4L2_CAP_VIDEO_M2M_MPLANE | V4L2_CAP_STREAMING)
	{
		serveCaps(backend, caps);
		return device.open(placeholderFd(), "/dev/fake-video");
	}

	bool logMentions(const std::string &text) const
	{
		for (const std::string &line : capturedLog) {
			if (line.find(text) != std::string::npos)
				return true;
		}
		return false;
	}

	FakeIoctlBackend backend;
	ScopedIoctlBackend scope{ backend };
	VideoDevice device;
};

} /* namespace */

TEST_F(VideoDeviceTest, UsesDeviceCapsNotPhysicalDeviceCaps)
{
	backend.on(VIDIOC_QUERYCAP, [](int, void *arg) {
		auto *cap = static_cast<struct v4l2_capability *>(arg);
		*cap = {};
		/* The physical device can do M2M, but this node is a plain capture node. */
		cap->capabilities = V4L2_CAP_VIDEO_M2M_MPLANE | V4L2_CAP_VIDEO_CAPTURE |
				    V4L2_CAP_DEVICE_CAPS;
		cap->device_caps = V4L2_CAP_VIDEO_CAPTURE;
		return 0;
	});
	EXPECT_EQ(device.open(placeholderFd(), "/dev/fake-video"), -ENOTTY);
	EXPECT_FALSE(device.isOpen());
}

TEST_F(VideoDeviceTest, OpenFailureIsReportedWithThePath)
{
	EXPECT_EQ(device.open("/dev/does-not-matter"), -ENOENT);
	EXPECT_TRUE(logMentions("/dev/does-not-matter"));
}

TEST_F(VideoDeviceTest, MultiplanarFormatReportsDriverStrides)
{
	ASSERT_EQ(openDevice(), 0);
	EXPECT_TRUE(device.capabilities().multiplanar);
	uint32_t seenType = 0;
	backend.on(VIDIOC_S_FMT, [&seenType](int, void *arg) {
		auto *fmt = static_cast<struct v4l2_format *>(arg);
		seenType = fmt->type;
		/* A driver with padded strides: 1920 wide, 2048 per line. */
		fmt->fmt.pix_mp.num_planes = 2;
		fmt->fmt.pix_mp.plane_fmt[0].bytesperline = 2048;
		fmt->fmt.pix_mp.plane_fmt[0].sizeimage = 2048 * 1088;
		fmt->fmt.pix_mp.plane_fmt[1].bytesperline = 2048;
		fmt->fmt.pix_mp.plane_fmt[1].sizeimage = 2048 * 544;
		fmt->fmt.pix_mp.height = 1088;
		return 0;
	});
	ImageFormat format;
	format.fourcc = V4L2_PIX_FMT_NV12M;
	format.width = 1920;
	format.height = 1080;
	ASSERT_EQ(device.setFormat(Queue::Capture, &format), 0);
	EXPECT_EQ(seenType, static_cast<uint32_t>(V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE));
	EXPECT_EQ(format.numPlanes, 2u);
	EXPECT_EQ(format.height, 1088u);
	EXPECT_EQ(format.planes[0].bytesPerLine, 2048u);
	EXPECT_EQ(format.planes[1].sizeImage, 2048u * 544u);
}

TEST_F(VideoDeviceTest, SinglePlaneApiUsesThePlainBufferTypes)
{
	ASSERT_EQ(openDevice(V4L2_CAP_VIDEO_M2M | V4L2_CAP_STREAMING), 0);
	EXPECT_FALSE(device.capabilities().multiplanar);
	backend.on(VIDIOC_G_FMT, [](int, void *arg) {
		auto *fmt = static_cast<struct v4l2_format *>(arg);
		if (fmt->type != V4L2_BUF_TYPE_VIDEO_OUTPUT)
			return -EINVAL;
		fmt->fmt.pix.pixelformat = V4L2_PIX_FMT_H264_SLICE;
		fmt->fmt.pix.sizeimage = 1 << 20;
		return 0;
	});
	ImageFormat format;
	ASSERT_EQ(device.getFormat(Queue::Output, &format), 0);
	EXPECT_EQ(format.fourcc, static_cast<uint32_t>(V4L2_PIX_FMT_H264_SLICE));
	EXPECT_EQ(format.numPlanes, 1u);
	EXPECT_EQ(format.planes[0].sizeImage, 1u << 20);
}

TEST_F(VideoDeviceTest, FrameSizesReadStepwiseRange)
{
	ASSERT_EQ(openDevice(), 0);
	backend.on(VIDIOC_ENUM_FRAMESIZES, [](int, void *arg) {
		auto *size = static_cast<struct v4l2_frmsizeenum *>(arg);
		if (size->index > 0)
			return -EINVAL;
		size->type = V4L2_FRMSIZE_TYPE_STEPWISE;
		size->stepwise = { 64, 4096, 16, 64, 2304, 16 };
		return 0;
	});
	std::vector<FrameSizeRange> sizes;
	ASSERT_EQ(device.enumFrameSizes(V4L2_PIX_FMT_H264_SLICE, &sizes), 0);
	ASSERT_EQ(sizes.size(), 1u);
	EXPECT_EQ(sizes[0].kind, FrameSizeRange::Kind::Stepwise);
	EXPECT_EQ(sizes[0].maxWidth, 4096u);
	EXPECT_EQ(sizes[0].maxHeight, 2304u);
	EXPECT_EQ(sizes[0].stepHeight, 16u);
}

TEST_F(VideoDeviceTest, RejectedControlIsNamedFromErrorIdx)
{
	ASSERT_EQ(openDevice(), 0);
	serveControls(backend, {
		{ V4L2_CID_STATELESS_H264_SPS, V4L2_CTRL_TYPE_H264_SPS, "H264 Sequence Parameter Set" },
		{ V4L2_CID_STATELESS_H264_PPS, V4L2_CTRL_TYPE_H264_PPS, "H264 Picture Parameter Set" },
		{ V4L2_CID_STATELESS_H264_DECODE_MODE, V4L2_CTRL_TYPE_MENU, "H264 Decode Mode", 0, 1,
		  { "Slice-Based", "Frame-Based" } },
	});
	int requestFdSeen = -2;
	uint32_t whichSeen = 0;
	backend.on(VIDIOC_S_EXT_CTRLS, [&](int, void *arg) {
		auto *ext = static_cast<struct v4l2_ext_controls *>(arg);
		requestFdSeen = ext->request_fd;
		whichSeen = ext->which;
		ext->error_idx = 1; /* the PPS */
		return -EINVAL;
	});

	struct v4l2_ctrl_h264_sps sps = {};
	struct v4l2_ctrl_h264_pps pps = {};
	const ControlValue values[] = {
		ControlValue::compound(V4L2_CID_STATELESS_H264_SPS, sps),
		ControlValue::compound(V4L2_CID_STATELESS_H264_PPS, pps),
	};
	EXPECT_EQ(device.setControls(values, 42), -EINVAL);
	EXPECT_EQ(requestFdSeen, 42);
	EXPECT_EQ(whichSeen, static_cast<uint32_t>(V4L2_CTRL_WHICH_REQUEST_VAL));
	EXPECT_TRUE(logMentions("'H264 Picture Parameter Set'"));
	EXPECT_FALSE(logMentions("Sequence"));
}

TEST_F(VideoDeviceTest, ErrorIdxEqualToCountBlamesNoSingleControl)
{
	ASSERT_EQ(openDevice(), 0);
	serveControls(backend, {});
	backend.on(VIDIOC_S_EXT_CTRLS, [](int, void *arg) {
		auto *ext = static_cast<struct v4l2_ext_controls *>(arg);
		ext->error_idx = ext->count;
		return -EBADR;
	});
	const ControlValue values[] = { ControlValue::scalar(V4L2_CID_STATELESS_H264_DECODE_MODE, 1) };
	EXPECT_EQ(device.setControls(values), -EBADR);
	EXPECT_TRUE(logMentions("of 1 controls failed"));
}

TEST_F(VideoDeviceTest, UnknownControlIsNamedByItsId)
{
	ASSERT_EQ(openDevice(), 0);
	serveControls(backend, {});
	EXPECT_EQ(device.controlName(0x00a40900), "0x00a40900");
}

TEST_F(VideoDeviceTest, ControlEnumerationReadsMenusAndSkipsGaps)
{
	ASSERT_EQ(openDevice(), 0);
	serveControls(backend, {
		{ V4L2_CID_MPEG_VIDEO_H264_PROFILE, V4L2_CTRL_TYPE_MENU, "H264 Profile", 0, 4,
		  { "Baseline", "Constrained Baseline", "Main", "", "High" } },
		{ V4L2_CID_STATELESS_H264_START_CODE, V4L2_CTRL_TYPE_MENU, "H264 Start Code", 0, 1,
		  { "No Start Code", "Annex B Start Code" } },
	});
	std::vector<ControlInfo> controls;
	ASSERT_EQ(device.queryControls(&controls), 0);
	ASSERT_EQ(controls.size(), 2u);

	ControlInfo profile;
	ASSERT_EQ(device.queryControl(V4L2_CID_MPEG_VIDEO_H264_PROFILE, &profile), 0);
	ASSERT_EQ(profile.menu.size(), 4u); /* entry 3 is skipped */
	EXPECT_EQ(profile.menuName(4), "High");
	EXPECT_EQ(profile.menuName(3), "");
	EXPECT_EQ(device.queryControl(V4L2_CID_STATELESS_HEVC_SPS, &profile), -EINVAL);
}

TEST_F(VideoDeviceTest, DequeueWithNothingReadyIsEagainAndQuiet)
{
	ASSERT_EQ(openDevice(), 0);
	backend.fail(VIDIOC_DQBUF, -EAGAIN);
	DequeuedBuffer buffer;
	EXPECT_EQ(device.dequeueBuffer(Queue::Capture, &buffer), -EAGAIN);
	EXPECT_TRUE(capturedLog.empty());
}

TEST_F(VideoDeviceTest, DequeueReportsFrameIdAndErrorFlag)
{
	ASSERT_EQ(openDevice(), 0);
	const uint64_t id = 9876543210ull;
	backend.on(VIDIOC_DQBUF, [id](int, void *arg) {
		auto *buf = static_cast<struct v4l2_buffer *>(arg);
		buf->index = 3;
		buf->timestamp = frameIdToTimeval(id);
		buf->flags = V4L2_BUF_FLAG_ERROR;
		buf->length = 1;
		buf->m.planes[0].bytesused = 777;
		return 0;
	});
	DequeuedBuffer buffer;
	ASSERT_EQ(device.dequeueBuffer(Queue::Capture, &buffer), 0);
	EXPECT_EQ(buffer.index, 3u);
	EXPECT_EQ(buffer.frameId, id);
	EXPECT_TRUE(buffer.error);
	EXPECT_FALSE(buffer.last);
	EXPECT_EQ(buffer.bytesUsed[0], 777u);
}

TEST_F(VideoDeviceTest, AllocationFailureOfMmapFreesTheQueue)
{
	ASSERT_EQ(openDevice(), 0);
	std::vector<uint32_t> counts;
	backend.on(VIDIOC_REQBUFS, [&counts](int, void *arg) {
		auto *req = static_cast<struct v4l2_requestbuffers *>(arg);
		counts.push_back(req->count);
		req->capabilities = V4L2_BUF_CAP_SUPPORTS_MMAP | V4L2_BUF_CAP_SUPPORTS_REQUESTS;
		return 0;
	});
	backend.on(VIDIOC_QUERYBUF, [](int, void *arg) {
		auto *buf = static_cast<struct v4l2_buffer *>(arg);
		buf->length = 1;
		buf->m.planes[0].length = 4096;
		return 0;
	});
	QueueCapabilities caps;
	/* The fake backend's mmap fails with ENODEV. */
	EXPECT_EQ(device.allocateBuffers(Queue::Output, 4, {}, &caps), -ENODEV);
	EXPECT_TRUE(caps.supportsRequests);
	EXPECT_TRUE(device.buffers(Queue::Output).empty());
	ASSERT_EQ(counts.size(), 2u);
	EXPECT_EQ(counts[0], 4u);
	EXPECT_EQ(counts[1], 0u); /* the queue was released again */
}

TEST_F(VideoDeviceTest, QueueBufferPassesRequestAndTimestamp)
{
	ASSERT_EQ(openDevice(), 0);
	backend.on(VIDIOC_REQBUFS, [](int, void *arg) {
		static_cast<struct v4l2_requestbuffers *>(arg)->count = 2;
		return 0;
	});
	backend.on(VIDIOC_QUERYBUF, [](int, void *arg) {
		auto *buf = static_cast<struct v4l2_buffer *>(arg);
		buf->length = 1;
		buf->m.planes[0].length = 4096;
		return 0;
	});
	AllocationOptions noMapping;
	noMapping.map = false;
	ASSERT_EQ(device.allocateBuffers(Queue::Output, 2, noMapping), 0);
	ASSERT_EQ(device.buffers(Queue::Output).size(), 2u);

	struct v4l2_buffer seen = {};
	struct v4l2_plane seenPlane = {};
	backend.on(VIDIOC_QBUF, [&](int, void *arg) {
		seen = *static_cast<struct v4l2_buffer *>(arg);
		seenPlane = seen.m.planes[0];
		return 0;
	});
	QueueParams params;
	params.index = 1;
	params.bytesUsed[0] = 1234;
	params.frameId = 5000001;
	params.requestFd = 17;
	ASSERT_EQ(device.queueBuffer(Queue::Output, params), 0);
	EXPECT_EQ(seen.index, 1u);
	EXPECT_EQ(seen.request_fd, 17);
	EXPECT_TRUE(seen.flags & V4L2_BUF_FLAG_REQUEST_FD);
	EXPECT_EQ(seenPlane.bytesused, 1234u);
	EXPECT_EQ(timevalToNs(seen.timestamp), frameIdToNs(5000001));

	params.index = 2;
	EXPECT_EQ(device.queueBuffer(Queue::Output, params), -EINVAL);
}

TEST_F(VideoDeviceTest, StopCommandProbe)
{
	ASSERT_EQ(openDevice(), 0);
	EXPECT_EQ(device.tryDecoderCommand(DecoderCommand::Stop), -ENOTTY);
	backend.on(VIDIOC_TRY_DECODER_CMD, [](int, void *arg) {
		return static_cast<struct v4l2_decoder_cmd *>(arg)->cmd == V4L2_DEC_CMD_STOP ? 0 : -EINVAL;
	});
	EXPECT_EQ(device.tryDecoderCommand(DecoderCommand::Stop), 0);
	EXPECT_EQ(device.tryDecoderCommand(DecoderCommand::Start), -EINVAL);
}

TEST_F(VideoDeviceTest, SourceChangeEvent)
{
	ASSERT_EQ(openDevice(), 0);
	backend.fail(VIDIOC_DQEVENT, -ENOENT);
	Event event;
	EXPECT_EQ(device.dequeueEvent(&event), -ENOENT);
	backend.on(VIDIOC_DQEVENT, [](int, void *arg) {
		auto *ev = static_cast<struct v4l2_event *>(arg);
		ev->type = V4L2_EVENT_SOURCE_CHANGE;
		ev->u.src_change.changes = V4L2_EVENT_SRC_CH_RESOLUTION;
		return 0;
	});
	ASSERT_EQ(device.dequeueEvent(&event), 0);
	EXPECT_EQ(event.type, EventType::SourceChange);
	EXPECT_TRUE(event.resolutionChanged);
}
