/* SPDX-License-Identifier: MIT */
/*
 * RequestPool: media requests for one decoder, with a bound on how many are in flight.
 *
 * acquire() hands out a clean request, allocating a new one only while fewer than
 * maxInFlight exist; at the bound it returns null and the engine waits (in its poll loop) for
 * a request to complete. recycle() reinitialises a completed request and makes it available
 * again, so a steady stream reuses the same few fds instead of allocating per frame.
 */
#pragma once

#include <memory>
#include <vector>

#include "base/unique_fd.h"
#include "v4l2/media_request.h"

namespace sluice {

class IoctlBackend;

class RequestPool
{
public:
	/* mediaFd is duplicated: the pool keeps working if the caller closes its copy. */
	RequestPool(int mediaFd, unsigned maxInFlight);

	/* A request ready to fill, or null when maxInFlight requests are out (or on error). */
	MediaRequest *acquire();
	/* Gives back a request from acquire(): reinit and mark it free. Fails if it is not ours. */
	int recycle(MediaRequest *request);

	unsigned maxInFlight() const { return maxInFlight_; }
	/* Requests handed out and not yet recycled. */
	unsigned inFlight() const;
	/* Requests allocated so far (never more than maxInFlight). */
	unsigned allocated() const { return static_cast<unsigned>(slots_.size()); }

private:
	struct Slot {
		std::unique_ptr<MediaRequest> request;
		bool inUse = false;
	};

	IoctlBackend &backend_;
	UniqueFD mediaFd_;
	unsigned maxInFlight_;
	std::vector<Slot> slots_;
};

} /* namespace sluice */
