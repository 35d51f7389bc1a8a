/* SPDX-License-Identifier: MIT */
/*
 * DurationStats: min, median, percentiles and max of a stream of durations, in bounded memory.
 *
 * min, max and count cover every sample; the median and the histogram cover the most recent
 * kWindow samples, which is what an overlay showing "now" wants and what keeps a 30-minute
 * soak from growing.
 */
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace sluice {

class DurationStats
{
public:
	static constexpr size_t kWindow = 4096;

	void add(uint64_t ns);

	uint64_t count() const { return count_; }
	uint64_t minNs() const { return count_ ? min_ : 0; }
	uint64_t maxNs() const { return max_; }
	/* Median of the recent window; 0 when empty. */
	uint64_t medianNs() const;
	/* The nearest-rank percentile (1..100) of the recent window; 0 when empty. */
	uint64_t percentileNs(unsigned percent) const;
	/* The recent window, oldest first. */
	std::vector<uint64_t> recent() const;

private:
	std::array<uint64_t, kWindow> window_{};
	size_t next_ = 0;
	uint64_t count_ = 0;
	uint64_t min_ = UINT64_MAX;
	uint64_t max_ = 0;
};

} /* namespace sluice */
