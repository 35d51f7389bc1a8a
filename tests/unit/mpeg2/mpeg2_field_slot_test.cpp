/* SPDX-License-Identifier: MIT */
/*
 * The slot pool's field-pair states, which the MPEG-2 front-end's field pictures rely on:
 * the second field may re-queue its first field's slot, and nothing else may queue a slot
 * that is not FREE (that stays an unsafe re-queue).
 */
#include <gtest/gtest.h>

#include "engine/slot_pool.h"

namespace sluice {
namespace {

class FieldSlots : public ::testing::Test
{
protected:
	void SetUp() override { SlotPool::setAbortOnViolation(false); }
	void TearDown() override { SlotPool::setAbortOnViolation(true); }
	uint64_t now_ = 0;
	SlotPool pool_{ [this] { return now_ += 10; } };
};

TEST_F(FieldSlots, SecondFieldRequeuesTheFirstFieldsSlot)
{
	pool_.addSlots(2);
	int slot = pool_.acquire();
	ASSERT_GE(slot, 0);
	ASSERT_TRUE(pool_.mayQueue(slot));
	ASSERT_EQ(pool_.completeFirstField(slot), 0);
	EXPECT_EQ(pool_.state(slot), SlotState::FieldPending);
	/* Half a picture: nobody may hold it. */
	EXPECT_EQ(pool_.hold(slot, Holder::Compositor), -EPERM);
	EXPECT_EQ(pool_.stats().invariantViolations, 1u);

	ASSERT_EQ(pool_.requeueSecondField(slot), 0);
	EXPECT_EQ(pool_.state(slot), SlotState::Queued);
	EXPECT_TRUE(pool_.mayQueue(slot));
	ASSERT_EQ(pool_.complete(slot, { true, true }), 0);
	EXPECT_EQ(pool_.state(slot), SlotState::Decoded);
	EXPECT_EQ(pool_.stats().unsafeRequeues, 0u);
	/* One acquisition for the two fields. */
	EXPECT_EQ(pool_.stats().acquisitions, 1u);
}

TEST_F(FieldSlots, OnlyAPendingFieldMayBeRequeued)
{
	pool_.addSlots(2);
	EXPECT_EQ(pool_.requeueSecondField(0), -EPERM) << "a FREE slot";
	int slot = pool_.acquire();
	EXPECT_EQ(pool_.requeueSecondField(slot), -EPERM) << "still QUEUED";
	pool_.complete(slot, { true, false });
	EXPECT_EQ(pool_.requeueSecondField(slot), -EPERM) << "a DECODED reference";
	EXPECT_EQ(pool_.stats().unsafeRequeues, 3u);
}

TEST_F(FieldSlots, AnAbandonedFirstFieldGoesBackToFree)
{
	pool_.addSlots(1);
	int slot = pool_.acquire();
	pool_.completeFirstField(slot);
	EXPECT_EQ(pool_.acquire(), -EAGAIN);
	ASSERT_EQ(pool_.cancel(slot), 0);
	EXPECT_EQ(pool_.state(slot), SlotState::Free);
	EXPECT_EQ(pool_.acquire(), slot);
}

} /* namespace */
} /* namespace sluice */
