/* SPDX-License-Identifier: MIT */
/*
 * VideoDevice: one open V4L2 memory-to-memory video node.
 *
 * A thin, codec-agnostic wrapper: each method is one V4L2 operation (or a short fixed sequence
 * such as REQBUFS + QUERYBUF + mmap + EXPBUF), returns 0 or -errno, and logs what failed with
 * enough context to act on. Single- and multi-planar drivers look the same from here.
 *
 * The node is opened non-blocking: DQBUF and DQEVENT return -EAGAIN/-ENOENT instead of
 * waiting, and fd() is meant for the application's one poll loop (POLLIN: CAPTURE ready,
 * POLLOUT: OUTPUT ready, POLLPRI: event).
 */
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "base/unique_fd.h"
#include "v4l2/video_types.h"

namespace sluice {

class IoctlBackend;

class VideoDevice
{
public:
	VideoDevice();
	~VideoDevice();
	VideoDevice(const VideoDevice &) = delete;
	VideoDevice &operator=(const VideoDevice &) = delete;

	/* Opens path and queries its capabilities; fails with -ENOTTY on a non-M2M node. */
	int open(const std::string &path);
	/* Same, on an fd the caller already opened (tests, or a node passed in). */
	int open(UniqueFD fd, const std::string &path);
	void close();

	bool isOpen() const { return fd_.isValid(); }
	int fd() const { return fd_.get(); }
	const std::string &path() const { return path_; }
	const DeviceCapabilities &capabilities() const { return caps_; }

	/* Formats */
	int enumFormats(Queue queue, std::vector<FormatDescription> *formats);
	int enumFrameSizes(uint32_t fourcc, std::vector<FrameSizeRange> *sizes);
	int getFormat(Queue queue, ImageFormat *format);
	/* format is in/out: the driver adjusts it, and the adjusted result is returned. */
	int setFormat(Queue queue, ImageFormat *format);
	int tryFormat(Queue queue, ImageFormat *format);

	/* Buffers */
	/* The queue's buffer capabilities, through a zero-count REQBUFS that allocates nothing. */
	int queryQueueCapabilities(Queue queue, Memory memory, QueueCapabilities *caps);
	/*
	 * REQBUFS count buffers (the driver may give more or fewer), then QUERYBUF, and mmap
	 * and/or EXPBUF each plane as asked. Replaces the queue's previous buffers.
	 */
	int allocateBuffers(Queue queue, unsigned count, const AllocationOptions &options,
			    QueueCapabilities *caps = nullptr);
	/* CREATE_BUFS for format (as returned by G_FMT/S_FMT), appended to the queue's buffers. */
	int createBuffers(Queue queue, unsigned count, const ImageFormat &format,
			  const AllocationOptions &options, QueueCapabilities *caps = nullptr);
	/* Unmaps, closes the exported fds and frees the queue's buffers (REQBUFS 0). */
	int releaseBuffers(Queue queue);
	std::span<const Buffer> buffers(Queue queue) const;

	int queueBuffer(Queue queue, const QueueParams &params);
	/* -EAGAIN when no buffer is ready; -EPIPE after the last buffer of a drain. */
	int dequeueBuffer(Queue queue, DequeuedBuffer *buffer);
	int streamOn(Queue queue);
	int streamOff(Queue queue);

	/* Controls */
	/* Every control and compound control of the node, with their menus. Cached. */
	int queryControls(std::vector<ControlInfo> *controls);
	/* One control by id; -EINVAL when the device has no such control. */
	int queryControl(uint32_t id, ControlInfo *info);
	int queryMenu(const ControlInfo &control, std::vector<MenuEntry> *entries);
	/*
	 * S_EXT_CTRLS into requestFd (WHICH_REQUEST_VAL), or into the current values when
	 * requestFd is -1. A failure names the control the driver rejected (error_idx).
	 */
	int setControls(std::span<const ControlValue> controls, int requestFd = -1);
	int getControl(uint32_t id, int64_t *value);
	/* "H264 Decode Mode", or the hex id when the device does not know the control. */
	std::string controlName(uint32_t id);

	/* Decoder commands and events */
	int decoderCommand(DecoderCommand command);
	/* TRY_DECODER_CMD: 0 when the driver supports command. */
	int tryDecoderCommand(DecoderCommand command);
	int subscribeEvent(EventType type);
	/* -ENOENT when no event is pending. */
	int dequeueEvent(Event *event);

private:
	uint32_t bufferType(Queue queue) const;
	int queryCapabilities();
	int setupBuffers(Queue queue, unsigned first, unsigned count, Memory memory,
			 const AllocationOptions &options);
	int setOrTryFormat(unsigned long request, Queue queue, ImageFormat *format);
	void freeBufferMemory(Queue queue);
	void nameDmaBuf(int dmabuf, Queue queue, unsigned index, unsigned plane);
	std::vector<Buffer> &buffersOf(Queue queue);

	IoctlBackend &backend_;
	UniqueFD fd_;
	std::string path_;
	DeviceCapabilities caps_;
	std::vector<Buffer> outputBuffers_;
	std::vector<Buffer> captureBuffers_;
	Memory outputMemory_ = Memory::Mmap;
	Memory captureMemory_ = Memory::Mmap;
	bool controlsQueried_ = false;
	std::map<uint32_t, ControlInfo> controls_;
};

} /* namespace sluice */
