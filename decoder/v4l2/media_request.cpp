/* SPDX-License-Identifier: MIT */
#include "media_request.h"

#include <cerrno>
#include <cstring>
#include <linux/media.h>
#include <poll.h>

#include "v4l2/ioctl_backend.h"
#include "v4l2/v4l2_log.h"

namespace sluice {

MediaRequest::MediaRequest(UniqueFD fd)
	: backend_(ioctlBackend()), fd_(std::move(fd))
{
}

int MediaRequest::allocate(int mediaFd, std::unique_ptr<MediaRequest> *out)
{
	int requestFd = -1;
	int ret = ioctlBackend().ioctl(mediaFd, MEDIA_IOC_REQUEST_ALLOC, &requestFd);
	if (ret < 0) {
		LOG(V4L2, Error) << "MEDIA_IOC_REQUEST_ALLOC failed: " << strerror(-ret);
		return ret;
	}
	*out = std::make_unique<MediaRequest>(UniqueFD(requestFd));
	return 0;
}

int MediaRequest::queue()
{
	int ret = backend_.ioctl(fd_.get(), MEDIA_REQUEST_IOC_QUEUE, nullptr);
	if (ret < 0) {
		/* ENOENT: nothing in it; EBUSY: already queued; EBADR: mixed with non-request QBUF */
		LOG(V4L2, Error) << "MEDIA_REQUEST_IOC_QUEUE on request fd " << fd_.get()
				 << " failed: " << strerror(-ret);
		return ret;
	}
	queued_ = true;
	return 0;
}

bool MediaRequest::isComplete()
{
	if (!queued_)
		return false;
	struct pollfd pfd = {};
	pfd.fd = fd_.get();
	pfd.events = POLLPRI;
	int ret = backend_.poll(&pfd, 1, 0);
	return ret > 0 && (pfd.revents & POLLPRI);
}

int MediaRequest::reinit()
{
	int ret = backend_.ioctl(fd_.get(), MEDIA_REQUEST_IOC_REINIT, nullptr);
	if (ret < 0) {
		LOG(V4L2, Error) << "MEDIA_REQUEST_IOC_REINIT on request fd " << fd_.get()
				 << " failed: " << strerror(-ret);
		return ret;
	}
	queued_ = false;
	return 0;
}

} /* namespace sluice */
