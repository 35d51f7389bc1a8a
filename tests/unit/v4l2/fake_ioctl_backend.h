/* SPDX-License-Identifier: MIT */
/*
 * A scriptable IoctlBackend for unit tests: each ioctl request can get a handler that fills
 * the argument or returns an error; requests without a handler fail with -ENOTTY, which is
 * what a real driver answers to an ioctl it does not implement. Every call is recorded.
 */
#pragma once

#include <cerrno>
#include <functional>
#include <map>
#include <vector>

#include "v4l2/ioctl_backend.h"

namespace sluice::test {

class FakeIoctlBackend : public IoctlBackend
{
public:
	using Handler = std::function<int(int fd, void *arg)>;

	void on(unsigned long request, Handler handler) { handlers_[request] = std::move(handler); }
	/* Every call of request fails with error (a negative errno). */
	void fail(unsigned long request, int error)
	{
		on(request, [error](int, void *) { return error; });
	}
	unsigned calls(unsigned long request) const
	{
		auto it = counts_.find(request);
		return it == counts_.end() ? 0 : it->second;
	}

	int ioctl(int fd, unsigned long request, void *arg) override
	{
		counts_[request]++;
		auto it = handlers_.find(request);
		return it == handlers_.end() ? -ENOTTY : it->second(fd, arg);
	}
	int open(const char *path, int flags) override
	{
		return openHandler ? openHandler(path, flags) : -ENOENT;
	}
	int mmap(size_t, int, int, int, off_t, void **) override { return -ENODEV; }
	int munmap(void *, size_t) override { return 0; }
	int poll(struct pollfd *fds, size_t count, int timeoutMs) override
	{
		return pollHandler ? pollHandler(fds, count, timeoutMs) : 0;
	}

	std::function<int(struct pollfd *, size_t, int)> pollHandler;
	std::function<int(const char *, int)> openHandler;

private:
	std::map<unsigned long, Handler> handlers_;
	std::map<unsigned long, unsigned> counts_;
};

} /* namespace sluice::test */
