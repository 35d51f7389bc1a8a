/* SPDX-License-Identifier: MIT */
/*
 * MediaRequest: one request of the media request API, owning its fd.
 *
 * The engine puts a frame's codec controls (S_EXT_CTRLS with the request fd) and its OUTPUT
 * buffer (QBUF with the request fd) into a request, then queue()s it. The driver signals
 * completion as POLLPRI on fd(): the application watches that fd in its one poll loop;
 * nothing here blocks. After completion the request is reinit()ed and used again.
 */
#pragma once

#include <memory>

#include "base/unique_fd.h"

namespace sluice {

class IoctlBackend;

class MediaRequest
{
public:
	/* Takes a request fd from MEDIA_IOC_REQUEST_ALLOC. */
	explicit MediaRequest(UniqueFD fd);

	/* MEDIA_IOC_REQUEST_ALLOC on an open media device. */
	static int allocate(int mediaFd, std::unique_ptr<MediaRequest> *out);

	int fd() const { return fd_.get(); }
	bool isQueued() const { return queued_; }

	/* MEDIA_REQUEST_IOC_QUEUE. */
	int queue();
	/* True once a queued request completed (POLLPRI), without waiting. */
	bool isComplete();
	/* MEDIA_REQUEST_IOC_REINIT: empties a completed (or never queued) request for reuse. */
	int reinit();

private:
	IoctlBackend &backend_;
	UniqueFD fd_;
	bool queued_ = false;
};

} /* namespace sluice */
