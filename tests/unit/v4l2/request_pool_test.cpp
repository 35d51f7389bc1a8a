/* SPDX-License-Identifier: MIT */
#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/media.h>
#include <poll.h>
#include <set>
#include <unistd.h>

#include "fake_ioctl_backend.h"
#include "v4l2/request_pool.h"

using namespace sluice;
using namespace sluice::test;

namespace {

class RequestPoolTest : public ::testing::Test
{
protected:
	void SetUp() override
	{
		mediaFd = UniqueFD(::open("/dev/null", O_RDWR | O_CLOEXEC));
		/* Each REQUEST_ALLOC hands out a real fd (of /dev/null), as the kernel would. */
		backend.on(MEDIA_IOC_REQUEST_ALLOC, [this](int, void *arg) {
			allocations++;
			*static_cast<int *>(arg) = ::open("/dev/null", O_RDWR | O_CLOEXEC);
			return 0;
		});
		backend.on(MEDIA_REQUEST_IOC_REINIT, [this](int fd, void *) {
			reinitialised.insert(fd);
			return 0;
		});
		backend.on(MEDIA_REQUEST_IOC_QUEUE, [](int, void *) { return 0; });
	}

	FakeIoctlBackend backend;
	ScopedIoctlBackend scope{ backend };
	UniqueFD mediaFd;
	unsigned allocations = 0;
	std::set<int> reinitialised;
};

} /* namespace */

TEST_F(RequestPoolTest, InFlightDepthIsBounded)
{
	RequestPool pool(mediaFd.get(), 3);
	MediaRequest *a = pool.acquire();
	MediaRequest *b = pool.acquire();
	MediaRequest *c = pool.acquire();
	ASSERT_TRUE(a && b && c);
	EXPECT_NE(a->fd(), b->fd());
	EXPECT_NE(b->fd(), c->fd());
	EXPECT_EQ(pool.inFlight(), 3u);
	EXPECT_EQ(pool.acquire(), nullptr);
	EXPECT_EQ(allocations, 3u);
}

TEST_F(RequestPoolTest, RecycledRequestIsReinitialisedAndReused)
{
	RequestPool pool(mediaFd.get(), 2);
	MediaRequest *a = pool.acquire();
	MediaRequest *b = pool.acquire();
	ASSERT_TRUE(a && b);
	ASSERT_EQ(a->queue(), 0);
	EXPECT_TRUE(a->isQueued());

	ASSERT_EQ(pool.recycle(a), 0);
	EXPECT_EQ(reinitialised.count(a->fd()), 1u);
	EXPECT_FALSE(a->isQueued());
	EXPECT_EQ(pool.inFlight(), 1u);

	/* The freed request comes back; nothing new is allocated. */
	EXPECT_EQ(pool.acquire(), a);
	EXPECT_EQ(allocations, 2u);
	EXPECT_EQ(pool.acquire(), nullptr);
}

TEST_F(RequestPoolTest, SteadyStreamReusesTheSameFewRequests)
{
	RequestPool pool(mediaFd.get(), 4);
	std::set<int> fds;
	for (int frame = 0; frame < 100; frame++) {
		MediaRequest *request = pool.acquire();
		ASSERT_NE(request, nullptr);
		fds.insert(request->fd());
		ASSERT_EQ(request->queue(), 0);
		ASSERT_EQ(pool.recycle(request), 0);
	}
	EXPECT_EQ(allocations, 1u);
	EXPECT_EQ(fds.size(), 1u);
}

TEST_F(RequestPoolTest, RecycleTwiceOrForeignIsRefused)
{
	RequestPool pool(mediaFd.get(), 2);
	MediaRequest *a = pool.acquire();
	ASSERT_EQ(pool.recycle(a), 0);
	EXPECT_EQ(pool.recycle(a), -EINVAL);

	MediaRequest foreign{ UniqueFD(::open("/dev/null", O_RDWR | O_CLOEXEC)) };
	EXPECT_EQ(pool.recycle(&foreign), -EINVAL);
}

TEST_F(RequestPoolTest, AllocationFailureGivesNullAndLaterRecovers)
{
	RequestPool pool(mediaFd.get(), 2);
	backend.fail(MEDIA_IOC_REQUEST_ALLOC, -ENOMEM);
	EXPECT_EQ(pool.acquire(), nullptr);
	EXPECT_EQ(pool.allocated(), 0u);
	SetUp();
	EXPECT_NE(pool.acquire(), nullptr);
}

TEST_F(RequestPoolTest, FailedReinitDropsTheRequestAndFreesItsPlace)
{
	RequestPool pool(mediaFd.get(), 1);
	MediaRequest *a = pool.acquire();
	ASSERT_NE(a, nullptr);
	backend.fail(MEDIA_REQUEST_IOC_REINIT, -EBUSY);
	EXPECT_EQ(pool.recycle(a), -EBUSY);
	EXPECT_EQ(pool.allocated(), 0u);
	EXPECT_NE(pool.acquire(), nullptr);
	EXPECT_EQ(allocations, 2u);
}

TEST_F(RequestPoolTest, CompletionIsPollPriOnTheRequestFd)
{
	RequestPool pool(mediaFd.get(), 1);
	MediaRequest *a = pool.acquire();
	ASSERT_NE(a, nullptr);
	int polledFd = -1;
	short polledEvents = 0;
	bool done = false;
	backend.pollHandler = [&](struct pollfd *fds, size_t, int timeout) {
		EXPECT_EQ(timeout, 0); /* never blocks */
		polledFd = fds[0].fd;
		polledEvents = fds[0].events;
		fds[0].revents = done ? POLLPRI : 0;
		return done ? 1 : 0;
	};
	EXPECT_FALSE(a->isComplete()); /* not queued: nothing to complete */
	ASSERT_EQ(a->queue(), 0);
	EXPECT_FALSE(a->isComplete());
	EXPECT_EQ(polledFd, a->fd());
	EXPECT_EQ(polledEvents, POLLPRI);
	done = true;
	EXPECT_TRUE(a->isComplete());
}
