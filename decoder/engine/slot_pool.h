/* SPDX-License-Identifier: MIT */
/*
 * SlotPool: the CAPTURE buffers of the decoder, with explicit states and holders.
 *
 * A slot is one CAPTURE buffer (its index is the V4L2 buffer index). Its life:
 *
 *   FREE --acquire()--> QUEUED --complete(holders)--> DECODED --last release()--> FREE
 *                          \--cancel() (flush, seek)------------------------------^
 *
 * A frame coded as two field pictures (MPEG-2, ISO/IEC 13818-2 6.1.1.4) is decoded by two
 * requests into one buffer, and devices without V4L2_BUF_FLAG_M2M_HOLD_CAPTURE_BUF (hantro)
 * give the buffer back between them. That is the one legitimate re-queue of a slot that is
 * not FREE, and it has its own states, so mayQueue() keeps refusing every other one:
 *
 *   QUEUED --completeFirstField()--> FIELD_PENDING --requeueSecondField()--> QUEUED
 *                                         \--cancel()--> FREE
 *
 * A FIELD_PENDING slot holds half a picture: nobody may hold it (it is neither shown nor a
 * reference yet), and only the second field of the same frame may queue it again.
 *
 * While DECODED, a slot is read by its holders: the reference list (the codec's DPB), the
 * display queue (waiting to be shown), and the compositor (between wl_surface.attach and
 * wl_buffer.release). A holder is a count, since one picture can be held twice (a VP9 frame
 * in several reference slots, a frame shown twice). Only when every count is zero does the
 * slot return to FREE, and only a FREE slot is ever handed out for decoding. That is the
 * whole fix for the consumer-hold race: the decoder cannot write a buffer that anyone reads.
 *
 * Any illegal transition (queueing a slot that is not FREE, releasing a holder that was not
 * held, completing a slot that was not QUEUED) is refused with -EPERM, counted in
 * stats().unsafeRequeues or stats().invariantViolations, logged as an error and, in debug
 * builds and tests, aborts. The counters exist so that release builds report what they
 * refused instead of hiding it.
 *
 * Every transition is stamped with a monotonic time, which gives per slot the re-queue
 * interval (between two acquisitions), the hold time per holder, and the transition log the
 * overlay draws as a timeline. Retired slots (after a resolution change) die when their
 * holders let go instead of returning to FREE.
 */
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "duration_stats.h"

namespace sluice {

enum class SlotState : uint8_t { Free, Queued, Decoded, Dead, FieldPending };

enum class Holder : uint8_t { References, DisplayQueue, Compositor };
constexpr size_t kHolderCount = 3;

std::string_view slotStateName(SlotState state);
std::string_view holderName(Holder holder);

/* A set of holders given to complete(): the holders a freshly decoded picture starts with. */
struct HolderSet {
	bool references = false;
	bool displayQueue = false;
};

struct SlotTransition {
	uint64_t timeNs;
	uint32_t slot;
	SlotState from;
	SlotState to;
};

struct SlotPoolStats {
	uint64_t acquisitions = 0;
	/* acquire() found no FREE slot: the decoder had to wait (or the pool grew). */
	uint64_t starvations = 0;
	/* Attempts to queue a slot that was not FREE. Refused; 0 in a correct program. */
	uint64_t unsafeRequeues = 0;
	/* Other refused transitions (release without hold, complete of a non-queued slot). */
	uint64_t invariantViolations = 0;
	DurationStats requeueInterval;
	std::array<DurationStats, kHolderCount> holdTime;
};

class SlotPool
{
public:
	using Clock = std::function<uint64_t()>;

	/* clock returns monotonic nanoseconds; tests pass their own. */
	explicit SlotPool(Clock clock = {});

	/* Adds count FREE slots, indexed after the existing ones; returns the first new index. */
	uint32_t addSlots(uint32_t count);
	/* Slots ever added, dead ones included, so indices stay stable. */
	uint32_t size() const { return static_cast<uint32_t>(slots_.size()); }
	/* Slots not dead. */
	uint32_t liveCount() const;
	uint32_t countIn(SlotState state) const;

	/* The least recently freed FREE slot, now QUEUED; -EAGAIN (a starvation) when none. */
	int acquire();
	/* QUEUED -> DECODED with the given holders; straight back to FREE when there are none. */
	int complete(uint32_t slot, HolderSet holders);
	/* QUEUED or FIELD_PENDING -> FREE: the decoder gave the buffer back undecoded (STREAMOFF
	 * on flush or seek), or the second field will never come. */
	int cancel(uint32_t slot);
	/* QUEUED -> FIELD_PENDING: the first field of a field pair is decoded into the slot. */
	int completeFirstField(uint32_t slot);
	/* FIELD_PENDING -> QUEUED, for the second field's VIDIOC_QBUF. Any other state is an
	 * unsafe re-queue, refused and counted as such. */
	int requeueSecondField(uint32_t slot);
	/* Adds one hold by holder on a DECODED slot. */
	int hold(uint32_t slot, Holder holder);
	/* Drops one hold; the last one frees the slot (or kills it, if retired). */
	int release(uint32_t slot, Holder holder);
	/* Marks every live slot to die instead of returning to FREE; FREE ones die now. */
	void retireAll();

	/*
	 * The check the CAPTURE queue makes right before VIDIOC_QBUF. It is separate from
	 * acquire() on purpose: it guards the ioctl itself, whoever asks for it.
	 */
	bool mayQueue(uint32_t slot);

	SlotState state(uint32_t slot) const { return slots_.at(slot).state; }
	unsigned holds(uint32_t slot, Holder holder) const
	{
		return slots_.at(slot).holds[static_cast<size_t>(holder)];
	}
	/* When holder's current hold on slot began (the display queue's: when it decoded). */
	uint64_t holdSinceNs(uint32_t slot, Holder holder) const
	{
		return slots_.at(slot).holdSinceNs[static_cast<size_t>(holder)];
	}

	const SlotPoolStats &stats() const { return stats_; }
	/* The most recent transitions, oldest first (bounded). */
	std::vector<SlotTransition> transitions() const;

	/* Whether illegal transitions abort; on in debug builds, and in tests. */
	static void setAbortOnViolation(bool abort);

private:
	struct Slot {
		SlotState state = SlotState::Free;
		bool retired = false;
		std::array<uint16_t, kHolderCount> holds{};
		std::array<uint64_t, kHolderCount> holdSinceNs{};
		uint64_t lastQueuedNs = 0;
		bool everQueued = false;
		uint64_t freedAtNs = 0;
	};

	static constexpr size_t kTransitionLog = 8192;

	int checkSlot(uint32_t slot) const;
	void moveTo(uint32_t slot, SlotState to, uint64_t now);
	void becomeUnheld(uint32_t slot, uint64_t now);
	int violation(uint32_t slot, std::string_view what, bool requeue);
	uint64_t now() const;

	Clock clock_;
	std::vector<Slot> slots_;
	SlotPoolStats stats_;
	std::vector<SlotTransition> log_;
	size_t logNext_ = 0;
};

} /* namespace sluice */
