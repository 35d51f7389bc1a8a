/* SPDX-License-Identifier: MIT */
#include "unique_fd.h"

#include <fcntl.h>
#include <unistd.h>

namespace sluice {

void UniqueFD::reset(int fd)
{
	/* Resetting to the fd we already own would close it under ourselves. */
	if (fd >= 0 && fd == fd_)
		return;
	if (fd_ >= 0)
		::close(fd_);
	fd_ = fd;
}

UniqueFD UniqueFD::dup() const
{
	if (fd_ < 0)
		return {};
	return UniqueFD(::fcntl(fd_, F_DUPFD_CLOEXEC, 0));
}

} /* namespace sluice */
