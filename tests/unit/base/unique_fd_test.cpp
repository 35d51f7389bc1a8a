/* SPDX-License-Identifier: MIT */
#include "base/unique_fd.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

using sluice::UniqueFD;

namespace {

bool isOpen(int fd)
{
	return ::fcntl(fd, F_GETFD) != -1;
}

TEST(UniqueFD, DefaultIsInvalid)
{
	UniqueFD fd;
	EXPECT_FALSE(fd.isValid());
	EXPECT_EQ(fd.get(), -1);
}

TEST(UniqueFD, ClosesOnDestruction)
{
	int raw = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
	ASSERT_GE(raw, 0);
	{
		UniqueFD fd(raw);
		EXPECT_TRUE(isOpen(raw));
	}
	EXPECT_FALSE(isOpen(raw));
}

TEST(UniqueFD, MoveTransfersOwnership)
{
	UniqueFD a(::open("/dev/null", O_RDONLY | O_CLOEXEC));
	int raw = a.get();
	UniqueFD b(std::move(a));
	EXPECT_FALSE(a.isValid());
	EXPECT_EQ(b.get(), raw);

	UniqueFD c;
	c = std::move(b);
	EXPECT_EQ(c.get(), raw);
	EXPECT_TRUE(isOpen(raw));
}

TEST(UniqueFD, ReleaseGivesUpOwnership)
{
	UniqueFD fd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
	int raw = fd.release();
	EXPECT_FALSE(fd.isValid());
	EXPECT_TRUE(isOpen(raw));
	::close(raw);
}

TEST(UniqueFD, ResetToSameFdKeepsItOpen)
{
	UniqueFD fd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
	int raw = fd.get();
	fd.reset(raw);
	EXPECT_TRUE(isOpen(raw));
}

TEST(UniqueFD, DupIsIndependent)
{
	UniqueFD fd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
	UniqueFD copy = fd.dup();
	ASSERT_TRUE(copy.isValid());
	EXPECT_NE(copy.get(), fd.get());
	int raw = fd.get();
	fd.reset();
	EXPECT_FALSE(isOpen(raw));
	EXPECT_TRUE(isOpen(copy.get()));
}

} /* namespace */
