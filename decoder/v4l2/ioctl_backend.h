/* SPDX-License-Identifier: MIT */
/*
 * IoctlBackend: the one seam between the engine and the kernel.
 *
 * Every ioctl, open, mmap and poll of the V4L2 and media layers goes through the backend that
 * was current when the object was created. The process default calls the kernel; unit tests
 * install their own (ScopedIoctlBackend) to inject errors such as EINVAL, ENODEV or EAGAIN,
 * or to answer a query with made-up data, without faking the kernel for real-path tests.
 *
 * All calls return 0 (or a non-negative result) on success and -errno on failure; they never
 * touch errno on behalf of the caller.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <sys/types.h>

struct pollfd;

namespace sluice {

class IoctlBackend
{
public:
	virtual ~IoctlBackend() = default;

	/* 0 (or the ioctl's non-negative result) or -errno. EINTR is retried. */
	virtual int ioctl(int fd, unsigned long request, void *arg) = 0;
	/* A new fd (O_CLOEXEC is added) or -errno. */
	virtual int open(const char *path, int flags) = 0;
	/* 0 with *address set, or -errno. */
	virtual int mmap(size_t length, int prot, int flags, int fd, off_t offset, void **address) = 0;
	virtual int munmap(void *address, size_t length) = 0;
	/* The number of ready fds, or -errno. */
	virtual int poll(struct pollfd *fds, size_t count, int timeoutMs) = 0;
};

/* The backend that talks to the kernel. */
IoctlBackend &kernelIoctlBackend();

/* The backend new objects use: the kernel's unless a ScopedIoctlBackend is alive. */
IoctlBackend &ioctlBackend();

/*
 * Makes backend the current one for its lifetime (tests only). Objects created meanwhile keep
 * using it; nesting restores the previous backend in reverse order.
 */
class ScopedIoctlBackend
{
public:
	explicit ScopedIoctlBackend(IoctlBackend &backend);
	~ScopedIoctlBackend();
	ScopedIoctlBackend(const ScopedIoctlBackend &) = delete;
	ScopedIoctlBackend &operator=(const ScopedIoctlBackend &) = delete;

private:
	IoctlBackend *previous_;
};

/* A short name for an ioctl request ("VIDIOC_QBUF"), for log messages. */
const char *ioctlName(unsigned long request);

} /* namespace sluice */
