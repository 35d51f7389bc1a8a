/* SPDX-License-Identifier: MIT */
#include "fault_backend.h"

#include <cerrno>
#include <linux/videodev2.h>

namespace sluice::test {

void FaultBackend::arm(unsigned long request, unsigned nth, Fault fault, int error)
{
	request_ = request;
	countdown_ = nth;
	fault_ = fault;
	error_ = error;
	fired_ = false;
	/* A vanished device stays vanished: every later call fails the same way. */
	sticky_ = fault == Fault::ReturnError && error == -ENODEV;
}

int FaultBackend::ioctl(int fd, unsigned long request, void *arg)
{
	if (fired_ && sticky_)
		return error_;
	if (fault_ == Fault::SetErrorFlag)
		return flagCaptureBuffer(fd, request, arg);
	bool hit = fault_ != Fault::None && !fired_ && request == request_ && --countdown_ == 0;
	if (!hit)
		return kernelIoctlBackend().ioctl(fd, request, arg);

	fired_ = true;
	switch (fault_) {
	case Fault::ReturnError:
		return error_;
	case Fault::Swallow:
		return 0;
	case Fault::SetErrorFlag:
	case Fault::None:
		break;
	}
	return kernelIoctlBackend().ioctl(fd, request, arg);
}

int FaultBackend::flagCaptureBuffer(int fd, unsigned long request, void *arg)
{
	int ret = kernelIoctlBackend().ioctl(fd, request, arg);
	if (ret < 0 || fired_ || request != VIDIOC_DQBUF)
		return ret;
	/* Only decoded frames count: the error flag on a CAPTURE buffer is what drivers set. */
	auto *buffer = static_cast<v4l2_buffer *>(arg);
	if (!V4L2_TYPE_IS_CAPTURE(buffer->type) || --countdown_ != 0)
		return ret;
	buffer->flags |= V4L2_BUF_FLAG_ERROR;
	fired_ = true;
	return ret;
}

int FaultBackend::open(const char *path, int flags)
{
	return kernelIoctlBackend().open(path, flags);
}

int FaultBackend::mmap(size_t length, int prot, int flags, int fd, off_t offset, void **address)
{
	return kernelIoctlBackend().mmap(length, prot, flags, fd, offset, address);
}

int FaultBackend::munmap(void *address, size_t length)
{
	return kernelIoctlBackend().munmap(address, length);
}

int FaultBackend::poll(struct pollfd *fds, size_t count, int timeoutMs)
{
	return kernelIoctlBackend().poll(fds, count, timeoutMs);
}

} /* namespace sluice::test */
