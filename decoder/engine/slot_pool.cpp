/* SPDX-License-Identifier: MIT */
#include "slot_pool.h"

#include <cerrno>
#include <cstdlib>
#include <ctime>

#include "engine_log.h"

namespace sluice {

namespace {

#ifdef NDEBUG
bool abortOnViolation = false;
#else
bool abortOnViolation = true;
#endif

uint64_t monotonicNs()
{
	timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return static_cast<uint64_t>(ts.tv_sec) * 1000000000u + static_cast<uint64_t>(ts.tv_nsec);
}

} /* namespace */

std::string_view slotStateName(SlotState state)
{
	switch (state) {
	case SlotState::Free: return "free";
	case SlotState::Queued: return "queued";
	case SlotState::Decoded: return "decoded";
	case SlotState::Dead: return "dead";
	case SlotState::FieldPending: return "field-pending";
	}
	return "?";
}

std::string_view holderName(Holder holder)
{
	switch (holder) {
	case Holder::References: return "references";
	case Holder::DisplayQueue: return "display-queue";
	case Holder::Compositor: return "compositor";
	}
	return "?";
}

void SlotPool::setAbortOnViolation(bool abort)
{
	abortOnViolation = abort;
}

SlotPool::SlotPool(Clock clock)
	: clock_(std::move(clock))
{
	log_.reserve(kTransitionLog);
}

uint64_t SlotPool::now() const
{
	return clock_ ? clock_() : monotonicNs();
}

uint32_t SlotPool::addSlots(uint32_t count)
{
	uint32_t first = size();
	uint64_t t = now();
	for (uint32_t i = 0; i < count; i++) {
		Slot slot;
		slot.freedAtNs = t;
		slots_.push_back(slot);
	}
	return first;
}

uint32_t SlotPool::liveCount() const
{
	return size() - countIn(SlotState::Dead);
}

uint32_t SlotPool::countIn(SlotState state) const
{
	uint32_t n = 0;
	for (const Slot &slot : slots_)
		n += slot.state == state;
	return n;
}

int SlotPool::checkSlot(uint32_t slot) const
{
	return slot < slots_.size() ? 0 : -EINVAL;
}

int SlotPool::violation(uint32_t slot, std::string_view what, bool requeue)
{
	if (requeue)
		stats_.unsafeRequeues++;
	else
		stats_.invariantViolations++;
	LOG(Engine, Error) << "slot " << slot << ": refused " << what << " in state "
			   << slotStateName(slots_[slot].state);
	if (abortOnViolation)
		std::abort();
	return -EPERM;
}

void SlotPool::moveTo(uint32_t slot, SlotState to, uint64_t t)
{
	Slot &s = slots_[slot];
	SlotTransition transition{ t, slot, s.state, to };
	if (log_.size() < kTransitionLog)
		log_.push_back(transition);
	else
		log_[logNext_] = transition;
	logNext_ = (logNext_ + 1) % kTransitionLog;
	s.state = to;
}

std::vector<SlotTransition> SlotPool::transitions() const
{
	if (log_.size() < kTransitionLog)
		return log_;
	std::vector<SlotTransition> ordered(log_.begin() + logNext_, log_.end());
	ordered.insert(ordered.end(), log_.begin(), log_.begin() + logNext_);
	return ordered;
}

int SlotPool::acquire()
{
	/* Least recently used: the FREE slot that has been free the longest, so a buffer the
	 * compositor just released gets the most time before it is written again. */
	int best = -1;
	for (uint32_t i = 0; i < slots_.size(); i++) {
		const Slot &s = slots_[i];
		if (s.state != SlotState::Free)
			continue;
		if (best < 0 || s.freedAtNs < slots_[best].freedAtNs)
			best = static_cast<int>(i);
	}
	if (best < 0) {
		stats_.starvations++;
		return -EAGAIN;
	}

	uint64_t t = now();
	Slot &s = slots_[best];
	if (s.everQueued)
		stats_.requeueInterval.add(t - s.lastQueuedNs);
	s.everQueued = true;
	s.lastQueuedNs = t;
	stats_.acquisitions++;
	moveTo(best, SlotState::Queued, t);
	return best;
}

bool SlotPool::mayQueue(uint32_t slot)
{
	if (checkSlot(slot) < 0)
		return false;
	if (slots_[slot].state != SlotState::Queued) {
		violation(slot, "VIDIOC_QBUF", true);
		return false;
	}
	return true;
}

int SlotPool::complete(uint32_t slot, HolderSet holders)
{
	if (checkSlot(slot) < 0)
		return -EINVAL;
	Slot &s = slots_[slot];
	if (s.state != SlotState::Queued)
		return violation(slot, "complete", false);

	uint64_t t = now();
	moveTo(slot, SlotState::Decoded, t);
	if (holders.references) {
		s.holds[static_cast<size_t>(Holder::References)] = 1;
		s.holdSinceNs[static_cast<size_t>(Holder::References)] = t;
	}
	if (holders.displayQueue) {
		s.holds[static_cast<size_t>(Holder::DisplayQueue)] = 1;
		s.holdSinceNs[static_cast<size_t>(Holder::DisplayQueue)] = t;
	}
	if (!holders.references && !holders.displayQueue)
		becomeUnheld(slot, t);
	return 0;
}

int SlotPool::cancel(uint32_t slot)
{
	if (checkSlot(slot) < 0)
		return -EINVAL;
	SlotState state = slots_[slot].state;
	if (state != SlotState::Queued && state != SlotState::FieldPending)
		return violation(slot, "cancel", false);
	becomeUnheld(slot, now());
	return 0;
}

int SlotPool::completeFirstField(uint32_t slot)
{
	if (checkSlot(slot) < 0)
		return -EINVAL;
	if (slots_[slot].state != SlotState::Queued)
		return violation(slot, "first-field completion", false);
	moveTo(slot, SlotState::FieldPending, now());
	return 0;
}

int SlotPool::requeueSecondField(uint32_t slot)
{
	if (checkSlot(slot) < 0)
		return -EINVAL;
	if (slots_[slot].state != SlotState::FieldPending)
		return violation(slot, "second-field re-queue", true);
	/* Not an acquisition: the slot never became FREE, so no re-queue interval either. */
	moveTo(slot, SlotState::Queued, now());
	return 0;
}

int SlotPool::hold(uint32_t slot, Holder holder)
{
	if (checkSlot(slot) < 0)
		return -EINVAL;
	Slot &s = slots_[slot];
	if (s.state != SlotState::Decoded)
		return violation(slot, std::string("hold by ").append(holderName(holder)), false);
	size_t h = static_cast<size_t>(holder);
	if (s.holds[h]++ == 0)
		s.holdSinceNs[h] = now();
	return 0;
}

int SlotPool::release(uint32_t slot, Holder holder)
{
	if (checkSlot(slot) < 0)
		return -EINVAL;
	Slot &s = slots_[slot];
	size_t h = static_cast<size_t>(holder);
	if (s.state != SlotState::Decoded || s.holds[h] == 0)
		return violation(slot, std::string("release by ").append(holderName(holder)), false);

	uint64_t t = now();
	if (--s.holds[h] == 0) {
		stats_.holdTime[h].add(t - s.holdSinceNs[h]);
		bool anyHeld = false;
		for (uint16_t count : s.holds)
			anyHeld |= count != 0;
		if (!anyHeld)
			becomeUnheld(slot, t);
	}
	return 0;
}

void SlotPool::becomeUnheld(uint32_t slot, uint64_t t)
{
	Slot &s = slots_[slot];
	s.freedAtNs = t;
	moveTo(slot, s.retired ? SlotState::Dead : SlotState::Free, t);
}

void SlotPool::retireAll()
{
	uint64_t t = now();
	for (uint32_t i = 0; i < slots_.size(); i++) {
		Slot &s = slots_[i];
		if (s.state == SlotState::Dead)
			continue;
		s.retired = true;
		if (s.state == SlotState::Free)
			moveTo(i, SlotState::Dead, t);
	}
}

} /* namespace sluice */
