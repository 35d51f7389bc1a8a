/* SPDX-License-Identifier: MIT */
#include "presentation_costs.h"

#include <ctime>

namespace sluice {

namespace {

uint64_t readClock(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return static_cast<uint64_t>(ts.tv_sec) * 1000000000u + static_cast<uint64_t>(ts.tv_nsec);
}

} /* namespace */

PresentationCosts::Mark PresentationCosts::mark()
{
	/* Process, not thread, CPU time: the GL driver draws in threads of its own (llvmpipe). */
	return { readClock(CLOCK_PROCESS_CPUTIME_ID), readClock(CLOCK_MONOTONIC) };
}

void PresentationCosts::addFrame(std::string_view path, const Mark &before, uint64_t bytesCopied)
{
	Mark after = mark();
	auto it = paths_.find(path);
	if (it == paths_.end())
		it = paths_.emplace(std::string(path), PathCost{}).first;
	PathCost &cost = it->second;
	cost.frames++;
	cost.bytesCopied += bytesCopied;
	cost.cpu.add(after.cpuNs - before.cpuNs);
	cost.wall.add(after.wallNs - before.wallNs);
	if (!firstFrameCpuNs_)
		firstFrameCpuNs_ = after.cpuNs;
	else
		framesSinceFirst_++;
}

double PresentationCosts::playingCpuMsPerFrame() const
{
	if (!framesSinceFirst_)
		return 0;
	return static_cast<double>(mark().cpuNs - firstFrameCpuNs_) / 1e6 /
	       static_cast<double>(framesSinceFirst_);
}

void PresentationCosts::committed(uint32_t slot, uint64_t decodedNs, uint64_t monotonicNow,
				  uint64_t presentationClockNow)
{
	if (!decodedNs || decodedNs > monotonicNow) {
		decodedOnPresentationClock_.erase(slot);
		return;
	}
	decodedOnPresentationClock_[slot] = presentationClockNow - (monotonicNow - decodedNs);
}

void PresentationCosts::presented(uint32_t slot, uint64_t presentedNs)
{
	auto it = decodedOnPresentationClock_.find(slot);
	if (it == decodedOnPresentationClock_.end())
		return;
	if (presentedNs >= it->second)
		decodeToPresent_.add(presentedNs - it->second);
	decodedOnPresentationClock_.erase(it);
}

void PresentationCosts::discarded(uint32_t slot)
{
	decodedOnPresentationClock_.erase(slot);
}

} /* namespace sluice */
