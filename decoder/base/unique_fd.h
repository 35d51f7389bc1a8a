/* SPDX-License-Identifier: MIT */
/*
 * UniqueFD: sole owner of a file descriptor.
 *
 * Wrap an fd on the line that receives it; the destructor closes it. Move-only, so ownership
 * transfers are visible in the code. -1 means "no fd" (0 is a valid descriptor).
 */
#pragma once

#include <utility>

namespace sluice {

class UniqueFD
{
public:
	UniqueFD() = default;
	explicit UniqueFD(int fd) : fd_(fd) {}
	~UniqueFD() { reset(); }

	UniqueFD(UniqueFD &&other) noexcept : fd_(other.release()) {}
	UniqueFD &operator=(UniqueFD &&other) noexcept
	{
		reset(other.release());
		return *this;
	}
	UniqueFD(const UniqueFD &) = delete;
	UniqueFD &operator=(const UniqueFD &) = delete;

	int get() const { return fd_; }
	bool isValid() const { return fd_ >= 0; }
	explicit operator bool() const { return isValid(); }

	/* Gives the fd away; the caller now owns it. */
	[[nodiscard]] int release() { return std::exchange(fd_, -1); }

	/* Closes the current fd, if any, and takes ownership of fd. */
	void reset(int fd = -1);

	/* A new descriptor for the same open file (F_DUPFD_CLOEXEC), or an invalid one. */
	UniqueFD dup() const;

private:
	int fd_ = -1;
};

} /* namespace sluice */
