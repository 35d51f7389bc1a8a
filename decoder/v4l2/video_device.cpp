/* SPDX-License-Identifier: MIT */
#include "video_device.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <iomanip>
#include <linux/dma-buf.h>
#include <linux/videodev2.h>
#include <sstream>
#include <sys/mman.h>

#include "v4l2/fourcc.h"
#include "v4l2/ioctl_backend.h"
#include "v4l2/timestamp.h"
#include "v4l2/v4l2_log.h"

namespace sluice {

/*
 * The struct layouts this file depends on, as the 64-bit kernels we target define them. A
 * header that disagrees would make every ioctl below talk past the driver.
 */
static_assert(VIDEO_MAX_PLANES == kMaxPlanes);
static_assert(sizeof(long) != 8 || sizeof(struct v4l2_buffer) == 88);
static_assert(sizeof(struct v4l2_plane) == 64);
static_assert(sizeof(struct v4l2_format) == 208 || sizeof(long) != 8);
static_assert(sizeof(struct v4l2_query_ext_ctrl) == 232);
static_assert(sizeof(struct v4l2_requestbuffers) == 20);
static_assert(sizeof(struct v4l2_exportbuffer) == 64);
static_assert(sizeof(struct v4l2_event_subscription) == 32);
static_assert(sizeof(struct v4l2_ext_control) == 20);

const char *queueName(Queue queue)
{
	return queue == Queue::Output ? "OUTPUT" : "CAPTURE";
}

bool ControlInfo::isMenu() const
{
	return type == V4L2_CTRL_TYPE_MENU || type == V4L2_CTRL_TYPE_INTEGER_MENU;
}

bool ControlInfo::isCompound() const
{
	return type >= V4L2_CTRL_COMPOUND_TYPES || (flags & V4L2_CTRL_FLAG_HAS_PAYLOAD);
}

std::string ControlInfo::menuName(int64_t index) const
{
	for (const MenuEntry &entry : menu) {
		if (entry.index == index)
			return entry.name;
	}
	return {};
}

namespace {

std::string fixedString(const uint8_t *text, size_t size)
{
	const char *chars = reinterpret_cast<const char *>(text);
	return std::string(chars, strnlen(chars, size));
}

std::string hexId(uint32_t id)
{
	std::ostringstream out;
	out << "0x" << std::hex << std::setw(8) << std::setfill('0') << id;
	return out.str();
}

bool isMultiplanar(uint32_t type)
{
	return type == V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE || type == V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE;
}

uint32_t kernelMemory(Memory memory)
{
	return memory == Memory::Mmap ? V4L2_MEMORY_MMAP : V4L2_MEMORY_DMABUF;
}

QueueCapabilities queueCapabilities(uint32_t raw)
{
	QueueCapabilities caps;
	caps.raw = raw;
	caps.supportsRequests = raw & V4L2_BUF_CAP_SUPPORTS_REQUESTS;
	caps.supportsHoldCaptureBuffer = raw & V4L2_BUF_CAP_SUPPORTS_M2M_HOLD_CAPTURE_BUF;
	caps.supportsDmaBuf = raw & V4L2_BUF_CAP_SUPPORTS_DMABUF;
	return caps;
}

/*
 * The single-/multi-planar difference, in one place: a v4l2_format is read and written
 * through these two, everything else looks at ImageFormat only.
 */
void toKernelFormat(const ImageFormat &in, uint32_t type, struct v4l2_format *out)
{
	*out = {};
	out->type = type;
	if (isMultiplanar(type)) {
		struct v4l2_pix_format_mplane &pix = out->fmt.pix_mp;
		pix.pixelformat = in.fourcc;
		pix.width = in.width;
		pix.height = in.height;
		pix.field = V4L2_FIELD_NONE;
		pix.colorspace = in.colorspace;
		pix.flags = static_cast<uint8_t>(in.flags);
		pix.num_planes = static_cast<uint8_t>(std::min(in.numPlanes, kMaxPlanes));
		for (unsigned i = 0; i < pix.num_planes; i++) {
			pix.plane_fmt[i].bytesperline = in.planes[i].bytesPerLine;
			pix.plane_fmt[i].sizeimage = in.planes[i].sizeImage;
		}
	} else {
		struct v4l2_pix_format &pix = out->fmt.pix;
		pix.pixelformat = in.fourcc;
		pix.width = in.width;
		pix.height = in.height;
		pix.field = V4L2_FIELD_NONE;
		pix.colorspace = in.colorspace;
		pix.flags = in.flags;
		pix.bytesperline = in.planes[0].bytesPerLine;
		pix.sizeimage = in.planes[0].sizeImage;
	}
}

void fromKernelFormat(const struct v4l2_format &in, ImageFormat *out)
{
	*out = {};
	if (isMultiplanar(in.type)) {
		const struct v4l2_pix_format_mplane &pix = in.fmt.pix_mp;
		out->fourcc = pix.pixelformat;
		out->width = pix.width;
		out->height = pix.height;
		out->colorspace = pix.colorspace;
		out->flags = pix.flags;
		out->numPlanes = std::min<unsigned>(pix.num_planes, kMaxPlanes);
		for (unsigned i = 0; i < out->numPlanes; i++) {
			out->planes[i].bytesPerLine = pix.plane_fmt[i].bytesperline;
			out->planes[i].sizeImage = pix.plane_fmt[i].sizeimage;
		}
	} else {
		const struct v4l2_pix_format &pix = in.fmt.pix;
		out->fourcc = pix.pixelformat;
		out->width = pix.width;
		out->height = pix.height;
		out->colorspace = pix.colorspace;
		out->flags = pix.flags;
		out->numPlanes = 1;
		out->planes[0].bytesPerLine = pix.bytesperline;
		out->planes[0].sizeImage = pix.sizeimage;
	}
}

uint32_t kernelEventType(EventType type)
{
	return type == EventType::SourceChange ? V4L2_EVENT_SOURCE_CHANGE : V4L2_EVENT_EOS;
}

} /* namespace */

VideoDevice::VideoDevice()
	: backend_(ioctlBackend())
{
}

VideoDevice::~VideoDevice()
{
	close();
}

int VideoDevice::open(const std::string &path)
{
	UniqueFD fd(backend_.open(path.c_str(), O_RDWR | O_NONBLOCK));
	if (!fd.isValid()) {
		int ret = fd.release();
		LOG(V4L2, Error) << "cannot open " << path << ": " << strerror(-ret);
		return ret;
	}
	return open(std::move(fd), path);
}

int VideoDevice::open(UniqueFD fd, const std::string &path)
{
	close();
	fd_ = std::move(fd);
	path_ = path;
	int ret = queryCapabilities();
	if (ret < 0)
		close();
	return ret;
}

void VideoDevice::close()
{
	freeBufferMemory(Queue::Output);
	freeBufferMemory(Queue::Capture);
	fd_.reset();
	caps_ = {};
	controls_.clear();
	controlsQueried_ = false;
}

int VideoDevice::queryCapabilities()
{
	struct v4l2_capability cap = {};
	int ret = backend_.ioctl(fd_.get(), VIDIOC_QUERYCAP, &cap);
	if (ret < 0) {
		LOG(V4L2, Error) << path_ << ": VIDIOC_QUERYCAP failed: " << strerror(-ret);
		return ret;
	}

	caps_.driver = fixedString(cap.driver, sizeof(cap.driver));
	caps_.card = fixedString(cap.card, sizeof(cap.card));
	caps_.busInfo = fixedString(cap.bus_info, sizeof(cap.bus_info));
	caps_.version = cap.version;
	/* capabilities describes the whole physical device; this node is device_caps. */
	caps_.deviceCaps = (cap.capabilities & V4L2_CAP_DEVICE_CAPS) ? cap.device_caps
								      : cap.capabilities;
	caps_.multiplanar = caps_.deviceCaps & V4L2_CAP_VIDEO_M2M_MPLANE;
	caps_.memToMem = caps_.deviceCaps & (V4L2_CAP_VIDEO_M2M | V4L2_CAP_VIDEO_M2M_MPLANE);
	caps_.streaming = caps_.deviceCaps & V4L2_CAP_STREAMING;

	if (!caps_.memToMem) {
		LOG(V4L2, Debug) << path_ << " (" << caps_.driver
				 << ") is not a memory-to-memory device";
		return -ENOTTY;
	}
	return 0;
}

uint32_t VideoDevice::bufferType(Queue queue) const
{
	if (queue == Queue::Output)
		return caps_.multiplanar ? V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE : V4L2_BUF_TYPE_VIDEO_OUTPUT;
	return caps_.multiplanar ? V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE : V4L2_BUF_TYPE_VIDEO_CAPTURE;
}

int VideoDevice::enumFormats(Queue queue, std::vector<FormatDescription> *formats)
{
	formats->clear();
	for (uint32_t index = 0;; index++) {
		struct v4l2_fmtdesc desc = {};
		desc.index = index;
		desc.type = bufferType(queue);
		int ret = backend_.ioctl(fd_.get(), VIDIOC_ENUM_FMT, &desc);
		if (ret == -EINVAL)
			return 0; /* the end of the list */
		if (ret < 0) {
			LOG(V4L2, Error) << path_ << ": VIDIOC_ENUM_FMT " << queueName(queue)
					 << " #" << index << " failed: " << strerror(-ret);
			return ret;
		}
		formats->push_back({ desc.pixelformat, desc.flags,
				     fixedString(desc.description, sizeof(desc.description)) });
	}
}

int VideoDevice::enumFrameSizes(uint32_t fourcc, std::vector<FrameSizeRange> *sizes)
{
	sizes->clear();
	for (uint32_t index = 0;; index++) {
		struct v4l2_frmsizeenum size = {};
		size.index = index;
		size.pixel_format = fourcc;
		int ret = backend_.ioctl(fd_.get(), VIDIOC_ENUM_FRAMESIZES, &size);
		if (ret == -EINVAL)
			return 0;
		if (ret < 0) {
			LOG(V4L2, Error) << path_ << ": VIDIOC_ENUM_FRAMESIZES "
					 << fourccToString(fourcc) << " failed: " << strerror(-ret);
			return ret;
		}

		FrameSizeRange range;
		if (size.type == V4L2_FRMSIZE_TYPE_DISCRETE) {
			range.kind = FrameSizeRange::Kind::Discrete;
			range.minWidth = range.maxWidth = size.discrete.width;
			range.minHeight = range.maxHeight = size.discrete.height;
			sizes->push_back(range);
			continue;
		}

		/* Stepwise and continuous ranges are always the only entry. */
		range.kind = size.type == V4L2_FRMSIZE_TYPE_CONTINUOUS
				     ? FrameSizeRange::Kind::Continuous
				     : FrameSizeRange::Kind::Stepwise;
		range.minWidth = size.stepwise.min_width;
		range.maxWidth = size.stepwise.max_width;
		range.stepWidth = size.stepwise.step_width;
		range.minHeight = size.stepwise.min_height;
		range.maxHeight = size.stepwise.max_height;
		range.stepHeight = size.stepwise.step_height;
		sizes->push_back(range);
		return 0;
	}
}

int VideoDevice::getFormat(Queue queue, ImageFormat *format)
{
	struct v4l2_format fmt = {};
	fmt.type = bufferType(queue);
	int ret = backend_.ioctl(fd_.get(), VIDIOC_G_FMT, &fmt);
	if (ret < 0) {
		LOG(V4L2, Error) << path_ << ": VIDIOC_G_FMT " << queueName(queue)
				 << " failed: " << strerror(-ret);
		return ret;
	}
	fromKernelFormat(fmt, format);
	return 0;
}

int VideoDevice::setFormat(Queue queue, ImageFormat *format)
{
	return setOrTryFormat(VIDIOC_S_FMT, queue, format);
}

int VideoDevice::tryFormat(Queue queue, ImageFormat *format)
{
	return setOrTryFormat(VIDIOC_TRY_FMT, queue, format);
}

int VideoDevice::setOrTryFormat(unsigned long request, Queue queue, ImageFormat *format)
{
	struct v4l2_format fmt;
	toKernelFormat(*format, bufferType(queue), &fmt);
	int ret = backend_.ioctl(fd_.get(), request, &fmt);
	if (ret < 0) {
		LOG(V4L2, Error) << path_ << ": " << ioctlName(request) << " " << queueName(queue)
				 << " " << fourccToString(format->fourcc) << " " << format->width
				 << "x" << format->height << " failed: " << strerror(-ret);
		return ret;
	}
	fromKernelFormat(fmt, format);
	return 0;
}

std::vector<Buffer> &VideoDevice::buffersOf(Queue queue)
{
	return queue == Queue::Output ? outputBuffers_ : captureBuffers_;
}

std::span<const Buffer> VideoDevice::buffers(Queue queue) const
{
	return queue == Queue::Output ? outputBuffers_ : captureBuffers_;
}

void VideoDevice::freeBufferMemory(Queue queue)
{
	for (Buffer &buffer : buffersOf(queue)) {
		for (BufferPlane &plane : buffer.planes) {
			if (plane.mapping)
				backend_.munmap(plane.mapping, plane.length);
			plane.mapping = nullptr;
			plane.dmabuf.reset();
		}
	}
	buffersOf(queue).clear();
}

int VideoDevice::queryQueueCapabilities(Queue queue, Memory memory, QueueCapabilities *caps)
{
	struct v4l2_requestbuffers req = {};
	req.type = bufferType(queue);
	req.memory = kernelMemory(memory);
	req.count = 0;
	int ret = backend_.ioctl(fd_.get(), VIDIOC_REQBUFS, &req);
	if (ret < 0) {
		LOG(V4L2, Error) << path_ << ": VIDIOC_REQBUFS 0 " << queueName(queue)
				 << " failed: " << strerror(-ret);
		return ret;
	}
	*caps = queueCapabilities(req.capabilities);
	return 0;
}

int VideoDevice::allocateBuffers(Queue queue, unsigned count, const AllocationOptions &options,
				 QueueCapabilities *caps)
{
	freeBufferMemory(queue);

	struct v4l2_requestbuffers req = {};
	req.type = bufferType(queue);
	req.memory = V4L2_MEMORY_MMAP;
	req.count = count;
	int ret = backend_.ioctl(fd_.get(), VIDIOC_REQBUFS, &req);
	if (ret < 0) {
		LOG(V4L2, Error) << path_ << ": VIDIOC_REQBUFS " << count << " " << queueName(queue)
				 << " failed: " << strerror(-ret);
		return ret;
	}
	if (caps)
		*caps = queueCapabilities(req.capabilities);
	if (req.count == 0) {
		LOG(V4L2, Error) << path_ << ": the driver allocated no " << queueName(queue)
				 << " buffers";
		return -ENOMEM;
	}

	(queue == Queue::Output ? outputMemory_ : captureMemory_) = Memory::Mmap;
	ret = setupBuffers(queue, 0, req.count, Memory::Mmap, options);
	if (ret < 0)
		releaseBuffers(queue);
	return ret;
}

int VideoDevice::createBuffers(Queue queue, unsigned count, const ImageFormat &format,
			       const AllocationOptions &options, QueueCapabilities *caps)
{
	struct v4l2_create_buffers create = {};
	create.count = count;
	create.memory = V4L2_MEMORY_MMAP;
	toKernelFormat(format, bufferType(queue), &create.format);
	int ret = backend_.ioctl(fd_.get(), VIDIOC_CREATE_BUFS, &create);
	if (ret < 0) {
		LOG(V4L2, Error) << path_ << ": VIDIOC_CREATE_BUFS " << count << " "
				 << queueName(queue) << " failed: " << strerror(-ret);
		return ret;
	}
	if (caps)
		*caps = queueCapabilities(create.capabilities);
	(queue == Queue::Output ? outputMemory_ : captureMemory_) = Memory::Mmap;
	return setupBuffers(queue, create.index, create.count, Memory::Mmap, options);
}

int VideoDevice::setupBuffers(Queue queue, unsigned first, unsigned count, Memory memory,
			      const AllocationOptions &options)
{
	std::vector<Buffer> &list = buffersOf(queue);
	for (unsigned index = first; index < first + count; index++) {
		struct v4l2_plane planes[VIDEO_MAX_PLANES] = {};
		struct v4l2_buffer buf = {};
		buf.index = index;
		buf.type = bufferType(queue);
		buf.memory = kernelMemory(memory);
		if (caps_.multiplanar) {
			buf.m.planes = planes;
			buf.length = VIDEO_MAX_PLANES;
		}
		int ret = backend_.ioctl(fd_.get(), VIDIOC_QUERYBUF, &buf);
		if (ret < 0) {
			LOG(V4L2, Error) << path_ << ": VIDIOC_QUERYBUF " << queueName(queue)
					 << " #" << index << " failed: " << strerror(-ret);
			return ret;
		}

		Buffer buffer;
		buffer.index = index;
		unsigned numPlanes = caps_.multiplanar ? std::min<unsigned>(buf.length, kMaxPlanes) : 1;
		for (unsigned p = 0; p < numPlanes; p++) {
			BufferPlane plane;
			plane.length = caps_.multiplanar ? planes[p].length : buf.length;
			plane.memOffset = caps_.multiplanar ? planes[p].m.mem_offset : buf.m.offset;
			buffer.planes.push_back(std::move(plane));
		}
		/* Owned by the list from here, so a failure below still unmaps what was mapped. */
		list.push_back(std::move(buffer));
		Buffer &owned = list.back();

		for (unsigned p = 0; p < numPlanes; p++) {
			BufferPlane &plane = owned.planes[p];
			if (options.map && memory == Memory::Mmap) {
				void *address = nullptr;
				ret = backend_.mmap(plane.length, PROT_READ | PROT_WRITE, MAP_SHARED,
						    fd_.get(), plane.memOffset, &address);
				if (ret < 0) {
					LOG(V4L2, Error) << path_ << ": mmap of " << queueName(queue)
							 << " buffer " << index << " plane " << p
							 << " (" << plane.length
							 << " bytes) failed: " << strerror(-ret);
					return ret;
				}
				plane.mapping = static_cast<uint8_t *>(address);
			}
			if (options.exportDmaBuf) {
				struct v4l2_exportbuffer expbuf = {};
				expbuf.type = bufferType(queue);
				expbuf.index = index;
				expbuf.plane = p;
				expbuf.flags = O_CLOEXEC | O_RDWR;
				ret = backend_.ioctl(fd_.get(), VIDIOC_EXPBUF, &expbuf);
				if (ret < 0) {
					LOG(V4L2, Error) << path_ << ": VIDIOC_EXPBUF "
							 << queueName(queue) << " buffer " << index
							 << " plane " << p << " failed: " << strerror(-ret);
					return ret;
				}
				plane.dmabuf = UniqueFD(expbuf.fd);
				nameDmaBuf(plane.dmabuf.get(), queue, index, p);
			}
		}
	}
	return 0;
}

/*
 * Names an exported buffer after its queue, index and plane. The name shows in
 * /sys/kernel/debug/dma_buf/bufinfo and in `strace -y` (`</dmabuf:capture:3:0>`), which is
 * how a protocol log can be matched to V4L2 buffer indices. Kernels without the ioctl
 * just leave the buffer unnamed.
 */
void VideoDevice::nameDmaBuf(int dmabuf, Queue queue, unsigned index, unsigned plane)
{
	char name[DMA_BUF_NAME_LEN];
	std::snprintf(name, sizeof(name), "%s:%u:%u",
		      queue == Queue::Capture ? "capture" : "output", index, plane);
	int ret = backend_.ioctl(dmabuf, DMA_BUF_SET_NAME_B, name);
	if (ret < 0)
		LOG(V4L2, Debug) << "DMA_BUF_SET_NAME on " << name << ": " << strerror(-ret);
}

int VideoDevice::releaseBuffers(Queue queue)
{
	freeBufferMemory(queue);
	if (!fd_.isValid())
		return 0;

	struct v4l2_requestbuffers req = {};
	req.type = bufferType(queue);
	req.memory = kernelMemory(queue == Queue::Output ? outputMemory_ : captureMemory_);
	req.count = 0;
	int ret = backend_.ioctl(fd_.get(), VIDIOC_REQBUFS, &req);
	if (ret < 0) {
		LOG(V4L2, Error) << path_ << ": freeing the " << queueName(queue)
				 << " buffers failed: " << strerror(-ret);
	}
	return ret;
}

int VideoDevice::queueBuffer(Queue queue, const QueueParams &params)
{
	const std::vector<Buffer> &list = buffersOf(queue);
	if (params.index >= list.size()) {
		LOG(V4L2, Error) << path_ << ": QBUF of " << queueName(queue) << " buffer "
				 << params.index << ", but the queue has " << list.size();
		return -EINVAL;
	}
	if (queue == Queue::Output && !frameIdFits(params.frameId)) {
		LOG(V4L2, Error) << path_ << ": frame id " << params.frameId
				 << " does not fit a V4L2 timestamp";
		return -EOVERFLOW;
	}

	const Buffer &buffer = list[params.index];
	struct v4l2_plane planes[VIDEO_MAX_PLANES] = {};
	struct v4l2_buffer buf = {};
	buf.index = params.index;
	buf.type = bufferType(queue);
	buf.memory = kernelMemory(queue == Queue::Output ? outputMemory_ : captureMemory_);
	buf.field = V4L2_FIELD_NONE;
	if (caps_.multiplanar) {
		buf.m.planes = planes;
		buf.length = static_cast<uint32_t>(buffer.planes.size());
		for (size_t p = 0; p < buffer.planes.size(); p++) {
			planes[p].length = static_cast<uint32_t>(buffer.planes[p].length);
			if (queue == Queue::Output)
				planes[p].bytesused = params.bytesUsed[p];
		}
	} else {
		buf.length = static_cast<uint32_t>(buffer.planes[0].length);
		if (queue == Queue::Output)
			buf.bytesused = params.bytesUsed[0];
	}
	if (queue == Queue::Output)
		buf.timestamp = frameIdToTimeval(params.frameId);
	if (params.requestFd >= 0) {
		buf.flags |= V4L2_BUF_FLAG_REQUEST_FD;
		buf.request_fd = params.requestFd;
	}
	if (params.holdCaptureBuffer)
		buf.flags |= V4L2_BUF_FLAG_M2M_HOLD_CAPTURE_BUF;

	int ret = backend_.ioctl(fd_.get(), VIDIOC_QBUF, &buf);
	if (ret < 0) {
		LOG(V4L2, Error) << path_ << ": VIDIOC_QBUF " << queueName(queue) << " buffer "
				 << params.index << (params.requestFd >= 0 ? " in a request" : "")
				 << " failed: " << strerror(-ret);
		return ret;
	}
	return 0;
}

int VideoDevice::dequeueBuffer(Queue queue, DequeuedBuffer *out)
{
	struct v4l2_plane planes[VIDEO_MAX_PLANES] = {};
	struct v4l2_buffer buf = {};
	buf.type = bufferType(queue);
	buf.memory = kernelMemory(queue == Queue::Output ? outputMemory_ : captureMemory_);
	if (caps_.multiplanar) {
		buf.m.planes = planes;
		buf.length = VIDEO_MAX_PLANES;
	}
	int ret = backend_.ioctl(fd_.get(), VIDIOC_DQBUF, &buf);
	if (ret == -EAGAIN)
		return ret; /* nothing ready: normal in a poll loop, not worth a message */
	if (ret == -EPIPE) {
		LOG(V4L2, Debug) << path_ << ": " << queueName(queue) << " drained";
		return ret;
	}
	if (ret < 0) {
		LOG(V4L2, Error) << path_ << ": VIDIOC_DQBUF " << queueName(queue)
				 << " failed: " << strerror(-ret);
		return ret;
	}

	*out = {};
	out->index = buf.index;
	if (caps_.multiplanar) {
		out->numPlanes = std::min<unsigned>(buf.length, kMaxPlanes);
		for (unsigned p = 0; p < out->numPlanes; p++)
			out->bytesUsed[p] = planes[p].bytesused;
	} else {
		out->numPlanes = 1;
		out->bytesUsed[0] = buf.bytesused;
	}
	out->frameId = frameIdFromTimeval(buf.timestamp);
	out->sequence = buf.sequence;
	out->error = buf.flags & V4L2_BUF_FLAG_ERROR;
	out->last = buf.flags & V4L2_BUF_FLAG_LAST;
	return 0;
}

int VideoDevice::streamOn(Queue queue)
{
	int type = static_cast<int>(bufferType(queue));
	int ret = backend_.ioctl(fd_.get(), VIDIOC_STREAMON, &type);
	if (ret < 0) {
		LOG(V4L2, Error) << path_ << ": VIDIOC_STREAMON " << queueName(queue)
				 << " failed: " << strerror(-ret);
	}
	return ret;
}

int VideoDevice::streamOff(Queue queue)
{
	int type = static_cast<int>(bufferType(queue));
	int ret = backend_.ioctl(fd_.get(), VIDIOC_STREAMOFF, &type);
	if (ret < 0) {
		LOG(V4L2, Error) << path_ << ": VIDIOC_STREAMOFF " << queueName(queue)
				 << " failed: " << strerror(-ret);
	}
	return ret;
}

int VideoDevice::queryMenu(const ControlInfo &control, std::vector<MenuEntry> *entries)
{
	entries->clear();
	if (!control.isMenu())
		return 0;
	if (control.minimum < 0 || control.maximum > 1023) {
		LOG(V4L2, Warn) << path_ << ": control " << control.name << " has an odd menu range "
				<< control.minimum << ".." << control.maximum;
		return -ERANGE;
	}
	for (int64_t index = control.minimum; index <= control.maximum; index++) {
		struct v4l2_querymenu menu = {};
		menu.id = control.id;
		menu.index = static_cast<uint32_t>(index);
		int ret = backend_.ioctl(fd_.get(), VIDIOC_QUERYMENU, &menu);
		if (ret == -EINVAL)
			continue; /* entries the driver skips (menu_skip_mask) */
		if (ret < 0) {
			LOG(V4L2, Error) << path_ << ": VIDIOC_QUERYMENU " << control.name << " #"
					 << index << " failed: " << strerror(-ret);
			return ret;
		}
		MenuEntry entry;
		entry.index = menu.index;
		if (control.type == V4L2_CTRL_TYPE_MENU)
			entry.name = fixedString(menu.name, sizeof(menu.name));
		else
			entry.value = menu.value;
		entries->push_back(std::move(entry));
	}
	return 0;
}

int VideoDevice::queryControls(std::vector<ControlInfo> *controls)
{
	if (!controlsQueried_) {
		controls_.clear();
		uint32_t id = V4L2_CTRL_FLAG_NEXT_CTRL | V4L2_CTRL_FLAG_NEXT_COMPOUND;
		for (;;) {
			struct v4l2_query_ext_ctrl query = {};
			query.id = id;
			int ret = backend_.ioctl(fd_.get(), VIDIOC_QUERY_EXT_CTRL, &query);
			if (ret == -EINVAL)
				break; /* past the last control */
			if (ret < 0) {
				LOG(V4L2, Error) << path_ << ": VIDIOC_QUERY_EXT_CTRL failed: "
						 << strerror(-ret);
				return ret;
			}
			/* A driver that does not advance would loop forever. */
			if ((query.id & ~(V4L2_CTRL_FLAG_NEXT_CTRL | V4L2_CTRL_FLAG_NEXT_COMPOUND)) <=
			    (id & ~(V4L2_CTRL_FLAG_NEXT_CTRL | V4L2_CTRL_FLAG_NEXT_COMPOUND))) {
				LOG(V4L2, Error) << path_ << ": control enumeration does not advance at "
						 << hexId(query.id);
				return -EIO;
			}
			id = query.id | V4L2_CTRL_FLAG_NEXT_CTRL | V4L2_CTRL_FLAG_NEXT_COMPOUND;

			if (query.type == V4L2_CTRL_TYPE_CTRL_CLASS ||
			    (query.flags & V4L2_CTRL_FLAG_DISABLED))
				continue;

			ControlInfo info;
			info.id = query.id;
			info.type = query.type;
			info.name = fixedString(reinterpret_cast<const uint8_t *>(query.name),
						sizeof(query.name));
			info.minimum = query.minimum;
			info.maximum = query.maximum;
			info.step = query.step;
			info.defaultValue = query.default_value;
			info.flags = query.flags;
			info.elemSize = query.elem_size;
			info.elems = query.elems;
			for (uint32_t d = 0; d < std::min<uint32_t>(query.nr_of_dims, V4L2_CTRL_MAX_DIMS); d++)
				info.dims.push_back(query.dims[d]);
			ret = queryMenu(info, &info.menu);
			if (ret < 0 && ret != -ERANGE)
				return ret;
			controls_[info.id] = std::move(info);
		}
		controlsQueried_ = true;
	}

	controls->clear();
	for (const auto &[id, info] : controls_)
		controls->push_back(info);
	return 0;
}

int VideoDevice::queryControl(uint32_t id, ControlInfo *info)
{
	std::vector<ControlInfo> all;
	int ret = queryControls(&all);
	if (ret < 0)
		return ret;
	auto it = controls_.find(id);
	if (it == controls_.end())
		return -EINVAL;
	*info = it->second;
	return 0;
}

std::string VideoDevice::controlName(uint32_t id)
{
	ControlInfo info;
	if (queryControl(id, &info) == 0 && !info.name.empty())
		return info.name;
	return hexId(id);
}

int VideoDevice::setControls(std::span<const ControlValue> controls, int requestFd)
{
	if (controls.empty())
		return 0;

	std::vector<struct v4l2_ext_control> list(controls.size());
	for (size_t i = 0; i < controls.size(); i++) {
		const ControlValue &value = controls[i];
		struct v4l2_ext_control &ctrl = list[i];
		ctrl = {};
		ctrl.id = value.id;
		if (!value.payload.empty()) {
			ctrl.size = static_cast<uint32_t>(value.payload.size());
			/* The kernel only reads through this pointer on S_EXT_CTRLS. */
			ctrl.ptr = const_cast<uint8_t *>(value.payload.data());
			continue;
		}
		ControlInfo info;
		if (queryControl(value.id, &info) == 0 && info.type == V4L2_CTRL_TYPE_INTEGER64)
			ctrl.value64 = value.value;
		else
			ctrl.value = static_cast<int32_t>(value.value);
	}

	struct v4l2_ext_controls ext = {};
	ext.which = requestFd >= 0 ? V4L2_CTRL_WHICH_REQUEST_VAL : V4L2_CTRL_WHICH_CUR_VAL;
	ext.request_fd = requestFd >= 0 ? requestFd : 0;
	ext.count = static_cast<uint32_t>(list.size());
	ext.controls = list.data();
	int ret = backend_.ioctl(fd_.get(), VIDIOC_S_EXT_CTRLS, &ext);
	if (ret < 0) {
		/*
		 * error_idx names the control the driver rejected; count means the failure
		 * was not about one control (validation of the whole set, or the request).
		 */
		std::ostringstream what;
		if (ext.error_idx < ext.count)
			what << "rejected control '" << controlName(list[ext.error_idx].id) << "'";
		else
			what << "of " << ext.count << " controls failed";
		LOG(V4L2, Error) << path_ << ": VIDIOC_S_EXT_CTRLS" << (requestFd >= 0 ? " (request) " : " ")
				 << what.str() << ": " << strerror(-ret);
		return ret;
	}
	return 0;
}

int VideoDevice::getControl(uint32_t id, int64_t *value)
{
	ControlInfo info;
	bool is64 = queryControl(id, &info) == 0 && info.type == V4L2_CTRL_TYPE_INTEGER64;

	struct v4l2_ext_control ctrl = {};
	ctrl.id = id;
	struct v4l2_ext_controls ext = {};
	ext.which = V4L2_CTRL_WHICH_CUR_VAL;
	ext.count = 1;
	ext.controls = &ctrl;
	int ret = backend_.ioctl(fd_.get(), VIDIOC_G_EXT_CTRLS, &ext);
	if (ret < 0) {
		LOG(V4L2, Error) << path_ << ": VIDIOC_G_EXT_CTRLS '" << controlName(id)
				 << "' failed: " << strerror(-ret);
		return ret;
	}
	*value = is64 ? ctrl.value64 : ctrl.value;
	return 0;
}

namespace {

uint32_t kernelDecoderCommand(DecoderCommand command)
{
	switch (command) {
	case DecoderCommand::Stop:
		return V4L2_DEC_CMD_STOP;
	case DecoderCommand::Start:
		return V4L2_DEC_CMD_START;
	case DecoderCommand::Flush:
		return V4L2_DEC_CMD_FLUSH;
	}
	return V4L2_DEC_CMD_STOP;
}

const char *decoderCommandName(DecoderCommand command)
{
	switch (command) {
	case DecoderCommand::Stop:
		return "STOP";
	case DecoderCommand::Start:
		return "START";
	case DecoderCommand::Flush:
		return "FLUSH";
	}
	return "?";
}

} /* namespace */

int VideoDevice::decoderCommand(DecoderCommand command)
{
	struct v4l2_decoder_cmd cmd = {};
	cmd.cmd = kernelDecoderCommand(command);
	int ret = backend_.ioctl(fd_.get(), VIDIOC_DECODER_CMD, &cmd);
	if (ret < 0) {
		LOG(V4L2, Error) << path_ << ": VIDIOC_DECODER_CMD " << decoderCommandName(command)
				 << " failed: " << strerror(-ret);
	}
	return ret;
}

int VideoDevice::tryDecoderCommand(DecoderCommand command)
{
	struct v4l2_decoder_cmd cmd = {};
	cmd.cmd = kernelDecoderCommand(command);
	/* A probe: failure only means "not supported", so it is not an error message. */
	int ret = backend_.ioctl(fd_.get(), VIDIOC_TRY_DECODER_CMD, &cmd);
	if (ret < 0) {
		LOG(V4L2, Debug) << path_ << ": decoder command " << decoderCommandName(command)
				 << " not supported: " << strerror(-ret);
	}
	return ret;
}

int VideoDevice::subscribeEvent(EventType type)
{
	struct v4l2_event_subscription sub = {};
	sub.type = kernelEventType(type);
	int ret = backend_.ioctl(fd_.get(), VIDIOC_SUBSCRIBE_EVENT, &sub);
	if (ret < 0) {
		LOG(V4L2, Error) << path_ << ": VIDIOC_SUBSCRIBE_EVENT "
				 << (type == EventType::SourceChange ? "SOURCE_CHANGE" : "EOS")
				 << " failed: " << strerror(-ret);
	}
	return ret;
}

int VideoDevice::dequeueEvent(Event *event)
{
	struct v4l2_event ev = {};
	int ret = backend_.ioctl(fd_.get(), VIDIOC_DQEVENT, &ev);
	if (ret == -ENOENT)
		return ret;
	if (ret < 0) {
		LOG(V4L2, Error) << path_ << ": VIDIOC_DQEVENT failed: " << strerror(-ret);
		return ret;
	}
	*event = {};
	event->sequence = ev.sequence;
	event->pending = ev.pending;
	if (ev.type == V4L2_EVENT_SOURCE_CHANGE) {
		event->type = EventType::SourceChange;
		event->resolutionChanged = ev.u.src_change.changes & V4L2_EVENT_SRC_CH_RESOLUTION;
	} else if (ev.type == V4L2_EVENT_EOS) {
		event->type = EventType::EndOfStream;
	} else {
		LOG(V4L2, Warn) << path_ << ": unexpected event type " << ev.type;
		return -EPROTO;
	}
	return 0;
}

} /* namespace sluice */
