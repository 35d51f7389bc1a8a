/* SPDX-License-Identifier: MIT */
/*
 * FaultBackend: passes every call to the kernel, and injects one chosen fault on the Nth
 * call of one ioctl. The decoder under it is the real visl; only the fault is made up.
 */
#pragma once

#include "v4l2/ioctl_backend.h"

namespace sluice::test {

class FaultBackend : public IoctlBackend
{
public:
	enum class Fault {
		None,
		ReturnError,   /* the ioctl fails with `error` without reaching the kernel */
		SetErrorFlag,  /* a DQBUF that succeeds comes back with V4L2_BUF_FLAG_ERROR */
		Swallow,       /* the ioctl reports success without reaching the kernel */
	};

	/* Injects fault on the nth (1-based) call of request, counted from now. */
	void arm(unsigned long request, unsigned nth, Fault fault, int error = 0);
	bool fired() const { return fired_; }

	int ioctl(int fd, unsigned long request, void *arg) override;
	int open(const char *path, int flags) override;
	int mmap(size_t length, int prot, int flags, int fd, off_t offset, void **address) override;
	int munmap(void *address, size_t length) override;
	int poll(struct pollfd *fds, size_t count, int timeoutMs) override;

private:
	int flagCaptureBuffer(int fd, unsigned long request, void *arg);

	unsigned long request_ = 0;
	unsigned countdown_ = 0;
	Fault fault_ = Fault::None;
	int error_ = 0;
	bool fired_ = false;
	bool sticky_ = false;
};

} /* namespace sluice::test */
