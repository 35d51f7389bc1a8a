/* SPDX-License-Identifier: MIT */
#include "ioctl_backend.h"

#include <cerrno>
#include <fcntl.h>
#include <linux/media.h>
#include <linux/videodev2.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

namespace sluice {

namespace {

class KernelIoctlBackend : public IoctlBackend
{
public:
	int ioctl(int fd, unsigned long request, void *arg) override
	{
		int ret;
		do {
			ret = ::ioctl(fd, request, arg);
		} while (ret < 0 && errno == EINTR);
		return ret < 0 ? -errno : ret;
	}

	int open(const char *path, int flags) override
	{
		int fd;
		do {
			fd = ::open(path, flags | O_CLOEXEC);
		} while (fd < 0 && errno == EINTR);
		return fd < 0 ? -errno : fd;
	}

	int mmap(size_t length, int prot, int flags, int fd, off_t offset, void **address) override
	{
		void *mapped = ::mmap(nullptr, length, prot, flags, fd, offset);
		if (mapped == MAP_FAILED)
			return -errno;
		*address = mapped;
		return 0;
	}

	int munmap(void *address, size_t length) override
	{
		return ::munmap(address, length) < 0 ? -errno : 0;
	}

	int poll(struct pollfd *fds, size_t count, int timeoutMs) override
	{
		int ret;
		do {
			ret = ::poll(fds, count, timeoutMs);
		} while (ret < 0 && errno == EINTR);
		return ret < 0 ? -errno : ret;
	}
};

/* Not thread-safe by design: only tests swap it, before creating the objects under test. */
IoctlBackend *currentBackend = nullptr;

} /* namespace */

IoctlBackend &kernelIoctlBackend()
{
	static KernelIoctlBackend backend;
	return backend;
}

IoctlBackend &ioctlBackend()
{
	return currentBackend ? *currentBackend : kernelIoctlBackend();
}

ScopedIoctlBackend::ScopedIoctlBackend(IoctlBackend &backend)
	: previous_(currentBackend)
{
	currentBackend = &backend;
}

ScopedIoctlBackend::~ScopedIoctlBackend()
{
	currentBackend = previous_;
}

const char *ioctlName(unsigned long request)
{
	switch (request) {
#define SLUICE_IOCTL_NAME(r) \
	case r:              \
		return #r;
	SLUICE_IOCTL_NAME(VIDIOC_QUERYCAP)
	SLUICE_IOCTL_NAME(VIDIOC_ENUM_FMT)
	SLUICE_IOCTL_NAME(VIDIOC_ENUM_FRAMESIZES)
	SLUICE_IOCTL_NAME(VIDIOC_G_FMT)
	SLUICE_IOCTL_NAME(VIDIOC_S_FMT)
	SLUICE_IOCTL_NAME(VIDIOC_TRY_FMT)
	SLUICE_IOCTL_NAME(VIDIOC_REQBUFS)
	SLUICE_IOCTL_NAME(VIDIOC_CREATE_BUFS)
	SLUICE_IOCTL_NAME(VIDIOC_QUERYBUF)
	SLUICE_IOCTL_NAME(VIDIOC_EXPBUF)
	SLUICE_IOCTL_NAME(VIDIOC_QBUF)
	SLUICE_IOCTL_NAME(VIDIOC_DQBUF)
	SLUICE_IOCTL_NAME(VIDIOC_STREAMON)
	SLUICE_IOCTL_NAME(VIDIOC_STREAMOFF)
	SLUICE_IOCTL_NAME(VIDIOC_QUERY_EXT_CTRL)
	SLUICE_IOCTL_NAME(VIDIOC_QUERYMENU)
	SLUICE_IOCTL_NAME(VIDIOC_G_EXT_CTRLS)
	SLUICE_IOCTL_NAME(VIDIOC_S_EXT_CTRLS)
	SLUICE_IOCTL_NAME(VIDIOC_TRY_EXT_CTRLS)
	SLUICE_IOCTL_NAME(VIDIOC_DECODER_CMD)
	SLUICE_IOCTL_NAME(VIDIOC_TRY_DECODER_CMD)
	SLUICE_IOCTL_NAME(VIDIOC_SUBSCRIBE_EVENT)
	SLUICE_IOCTL_NAME(VIDIOC_DQEVENT)
	SLUICE_IOCTL_NAME(MEDIA_IOC_DEVICE_INFO)
	SLUICE_IOCTL_NAME(MEDIA_IOC_G_TOPOLOGY)
	SLUICE_IOCTL_NAME(MEDIA_IOC_REQUEST_ALLOC)
	SLUICE_IOCTL_NAME(MEDIA_REQUEST_IOC_QUEUE)
	SLUICE_IOCTL_NAME(MEDIA_REQUEST_IOC_REINIT)
#undef SLUICE_IOCTL_NAME
	default:
		return "ioctl";
	}
}

} /* namespace sluice */
