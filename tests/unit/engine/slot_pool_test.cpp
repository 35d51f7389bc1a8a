/* SPDX-License-Identifier: MIT */
#include "engine/slot_pool.h"

#include <gtest/gtest.h>
#include <map>
#include <random>
#include <set>

using namespace sluice;

namespace {

class SlotPoolTest : public ::testing::Test
{
protected:
	void SetUp() override { SlotPool::setAbortOnViolation(false); }
	void TearDown() override { SlotPool::setAbortOnViolation(true); }

	uint64_t nowNs = 1000;
	SlotPool pool{ [this] { return nowNs; } };
};

TEST_F(SlotPoolTest, LifeCycleThroughEveryHolder)
{
	pool.addSlots(1);
	int slot = pool.acquire();
	ASSERT_EQ(slot, 0);
	EXPECT_EQ(pool.state(0), SlotState::Queued);
	EXPECT_TRUE(pool.mayQueue(0));

	ASSERT_EQ(pool.complete(0, { .references = true, .displayQueue = true }), 0);
	EXPECT_EQ(pool.state(0), SlotState::Decoded);

	ASSERT_EQ(pool.hold(0, Holder::Compositor), 0);
	ASSERT_EQ(pool.release(0, Holder::DisplayQueue), 0);
	ASSERT_EQ(pool.release(0, Holder::References), 0);
	EXPECT_EQ(pool.state(0), SlotState::Decoded) << "the compositor still reads it";
	EXPECT_EQ(pool.acquire(), -EAGAIN);

	ASSERT_EQ(pool.release(0, Holder::Compositor), 0);
	EXPECT_EQ(pool.state(0), SlotState::Free);
	EXPECT_EQ(pool.stats().starvations, 1u);
	EXPECT_EQ(pool.stats().unsafeRequeues, 0u);
}

TEST_F(SlotPoolTest, PictureWithNoHoldersIsFreeAtOnce)
{
	pool.addSlots(1);
	ASSERT_EQ(pool.acquire(), 0);
	ASSERT_EQ(pool.complete(0, {}), 0);
	EXPECT_EQ(pool.state(0), SlotState::Free);
}

TEST_F(SlotPoolTest, QueueingAHeldSlotIsRefusedAndCounted)
{
	pool.addSlots(1);
	ASSERT_EQ(pool.acquire(), 0);
	ASSERT_EQ(pool.complete(0, { .displayQueue = true }), 0);
	ASSERT_EQ(pool.hold(0, Holder::Compositor), 0);

	EXPECT_FALSE(pool.mayQueue(0));
	EXPECT_EQ(pool.stats().unsafeRequeues, 1u);
	EXPECT_EQ(pool.state(0), SlotState::Decoded);
}

TEST_F(SlotPoolTest, ReleaseWithoutHoldIsAViolation)
{
	pool.addSlots(1);
	EXPECT_EQ(pool.release(0, Holder::Compositor), -EPERM);
	ASSERT_EQ(pool.acquire(), 0);
	EXPECT_EQ(pool.hold(0, Holder::Compositor), -EPERM) << "a QUEUED slot is being written";
	ASSERT_EQ(pool.complete(0, { .references = true }), 0);
	EXPECT_EQ(pool.complete(0, {}), -EPERM);
	EXPECT_EQ(pool.release(0, Holder::Compositor), -EPERM);
	EXPECT_EQ(pool.stats().invariantViolations, 4u);
	EXPECT_EQ(pool.stats().unsafeRequeues, 0u);
}

TEST_F(SlotPoolTest, HoldsAreCounted)
{
	pool.addSlots(1);
	ASSERT_EQ(pool.acquire(), 0);
	ASSERT_EQ(pool.complete(0, { .references = true }), 0);
	ASSERT_EQ(pool.hold(0, Holder::References), 0);
	EXPECT_EQ(pool.holds(0, Holder::References), 2u);
	ASSERT_EQ(pool.release(0, Holder::References), 0);
	EXPECT_EQ(pool.state(0), SlotState::Decoded);
	ASSERT_EQ(pool.release(0, Holder::References), 0);
	EXPECT_EQ(pool.state(0), SlotState::Free);
}

TEST_F(SlotPoolTest, PicksTheLeastRecentlyFreedSlot)
{
	pool.addSlots(3);
	int a = pool.acquire(), b = pool.acquire(), c = pool.acquire();
	ASSERT_EQ(std::set<int>({ a, b, c }).size(), 3u);
	for (int s : { a, b, c })
		ASSERT_EQ(pool.complete(s, { .displayQueue = true }), 0);

	/* Released in the order c, a, b: the next acquisitions must follow that order. */
	nowNs = 2000;
	pool.release(c, Holder::DisplayQueue);
	nowNs = 3000;
	pool.release(a, Holder::DisplayQueue);
	nowNs = 4000;
	pool.release(b, Holder::DisplayQueue);
	EXPECT_EQ(pool.acquire(), c);
	EXPECT_EQ(pool.acquire(), a);
	EXPECT_EQ(pool.acquire(), b);
}

TEST_F(SlotPoolTest, MeasuresRequeueIntervalAndHoldTimes)
{
	pool.addSlots(1);
	nowNs = 1'000'000;
	ASSERT_EQ(pool.acquire(), 0);
	nowNs = 2'000'000;
	pool.complete(0, { .displayQueue = true });
	nowNs = 3'000'000;
	pool.hold(0, Holder::Compositor);
	pool.release(0, Holder::DisplayQueue);
	nowNs = 53'000'000;
	pool.release(0, Holder::Compositor);
	nowNs = 61'000'000;
	ASSERT_EQ(pool.acquire(), 0);

	const SlotPoolStats &st = pool.stats();
	EXPECT_EQ(st.requeueInterval.count(), 1u);
	EXPECT_EQ(st.requeueInterval.minNs(), 60'000'000u);
	const DurationStats &compositor = st.holdTime[static_cast<size_t>(Holder::Compositor)];
	EXPECT_EQ(compositor.count(), 1u);
	EXPECT_EQ(compositor.maxNs(), 50'000'000u);
	EXPECT_EQ(st.holdTime[static_cast<size_t>(Holder::DisplayQueue)].maxNs(), 1'000'000u);
}

TEST_F(SlotPoolTest, CancelReturnsQueuedSlots)
{
	pool.addSlots(2);
	ASSERT_EQ(pool.acquire(), 0);
	ASSERT_EQ(pool.cancel(0), 0);
	EXPECT_EQ(pool.state(0), SlotState::Free);
	EXPECT_EQ(pool.cancel(1), -EPERM) << "slot 1 was never queued";
}

TEST_F(SlotPoolTest, RetiredSlotsDieWhenTheirHoldersLetGo)
{
	pool.addSlots(2);
	ASSERT_EQ(pool.acquire(), 0);
	pool.complete(0, { .displayQueue = true });
	pool.hold(0, Holder::Compositor);
	pool.retireAll();
	EXPECT_EQ(pool.state(1), SlotState::Dead);
	EXPECT_EQ(pool.state(0), SlotState::Decoded) << "the compositor still reads slot 0";
	pool.release(0, Holder::DisplayQueue);
	pool.release(0, Holder::Compositor);
	EXPECT_EQ(pool.state(0), SlotState::Dead);
	EXPECT_EQ(pool.liveCount(), 0u);

	/* New slots after a reallocation get fresh indices and work normally. */
	EXPECT_EQ(pool.addSlots(1), 2u);
	EXPECT_EQ(pool.acquire(), 2);
}

/*
 * A random player: decodes, holds for references, display and compositor, and lets go in
 * random order. A simple model tracks who holds what; at every step the pool must agree with
 * it, and no slot handed out for decoding may be held by anyone.
 */
TEST_F(SlotPoolTest, RandomScheduleNeverQueuesAHeldSlot)
{
	std::mt19937 rng(7);
	pool.addSlots(6);
	std::map<uint32_t, std::multiset<Holder>> model;
	std::set<uint32_t> queued;

	for (int step = 0; step < 200000; step++) {
		nowNs += 1 + rng() % 1000;
		switch (rng() % 4) {
		case 0: {
			int slot = pool.acquire();
			if (slot < 0) {
				EXPECT_EQ(queued.size() + model.size(), 6u) << "starved with a free slot";
				break;
			}
			ASSERT_FALSE(model.count(slot)) << "acquired a held slot";
			ASSERT_FALSE(queued.count(slot));
			ASSERT_TRUE(pool.mayQueue(slot));
			queued.insert(slot);
			break;
		}
		case 1: {
			if (queued.empty())
				break;
			uint32_t slot = *std::next(queued.begin(), rng() % queued.size());
			HolderSet h{ .references = rng() % 2 == 0, .displayQueue = rng() % 3 != 0 };
			ASSERT_EQ(pool.complete(slot, h), 0);
			queued.erase(slot);
			if (h.references)
				model[slot].insert(Holder::References);
			if (h.displayQueue)
				model[slot].insert(Holder::DisplayQueue);
			break;
		}
		case 2: {
			if (model.empty())
				break;
			auto it = std::next(model.begin(), rng() % model.size());
			ASSERT_EQ(pool.hold(it->first, Holder::Compositor), 0);
			it->second.insert(Holder::Compositor);
			break;
		}
		case 3: {
			if (model.empty())
				break;
			auto it = std::next(model.begin(), rng() % model.size());
			auto holder = std::next(it->second.begin(), rng() % it->second.size());
			ASSERT_EQ(pool.release(it->first, *holder), 0);
			it->second.erase(holder);
			if (it->second.empty())
				model.erase(it);
			break;
		}
		}
		for (auto &[slot, holders] : model)
			ASSERT_EQ(pool.state(slot), SlotState::Decoded);
	}
	EXPECT_EQ(pool.stats().unsafeRequeues, 0u);
	EXPECT_EQ(pool.stats().invariantViolations, 0u);
	EXPECT_GT(pool.stats().starvations, 0u) << "the schedule should have exhausted the pool";
}

#ifndef NDEBUG
TEST(SlotPoolDeath, ViolationAbortsInDebugBuilds)
{
	SlotPool pool;
	pool.addSlots(1);
	EXPECT_DEATH(pool.release(0, Holder::Compositor), "refused release by compositor");
}
#endif

} /* namespace */
