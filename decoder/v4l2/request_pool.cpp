/* SPDX-License-Identifier: MIT */
#include "request_pool.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/media.h>

#include "v4l2/ioctl_backend.h"
#include "v4l2/v4l2_log.h"

namespace sluice {

RequestPool::RequestPool(int mediaFd, unsigned maxInFlight)
	: backend_(ioctlBackend()), mediaFd_(::fcntl(mediaFd, F_DUPFD_CLOEXEC, 0)),
	  maxInFlight_(maxInFlight)
{
}

unsigned RequestPool::inFlight() const
{
	unsigned count = 0;
	for (const Slot &slot : slots_)
		count += slot.inUse;
	return count;
}

MediaRequest *RequestPool::acquire()
{
	for (Slot &slot : slots_) {
		if (!slot.inUse) {
			slot.inUse = true;
			return slot.request.get();
		}
	}
	if (slots_.size() >= maxInFlight_)
		return nullptr;

	int requestFd = -1;
	int ret = backend_.ioctl(mediaFd_.get(), MEDIA_IOC_REQUEST_ALLOC, &requestFd);
	if (ret < 0) {
		LOG(V4L2, Error) << "MEDIA_IOC_REQUEST_ALLOC (request " << slots_.size() + 1 << " of "
				 << maxInFlight_ << ") failed: " << strerror(-ret);
		return nullptr;
	}
	Slot slot;
	slot.request = std::make_unique<MediaRequest>(UniqueFD(requestFd));
	slot.inUse = true;
	slots_.push_back(std::move(slot));
	return slots_.back().request.get();
}

int RequestPool::recycle(MediaRequest *request)
{
	for (Slot &slot : slots_) {
		if (slot.request.get() != request)
			continue;
		if (!slot.inUse) {
			LOG(V4L2, Error) << "request fd " << request->fd() << " recycled twice";
			return -EINVAL;
		}
		int ret = request->reinit();
		if (ret < 0) {
			/* A request that cannot be reinitialised is dropped, freeing its place. */
			slot.request.reset();
			std::erase_if(slots_, [](const Slot &s) { return !s.request; });
			return ret;
		}
		slot.inUse = false;
		return 0;
	}
	LOG(V4L2, Error) << "request fd " << (request ? request->fd() : -1)
			 << " does not belong to this pool";
	return -EINVAL;
}

} /* namespace sluice */
