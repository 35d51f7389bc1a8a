/* SPDX-License-Identifier: MIT */
#include "duration_stats.h"

#include <algorithm>

namespace sluice {

void DurationStats::add(uint64_t ns)
{
	window_[next_] = ns;
	next_ = (next_ + 1) % kWindow;
	count_++;
	min_ = std::min(min_, ns);
	max_ = std::max(max_, ns);
}

std::vector<uint64_t> DurationStats::recent() const
{
	size_t n = static_cast<size_t>(std::min<uint64_t>(count_, kWindow));
	std::vector<uint64_t> out;
	out.reserve(n);
	size_t start = (next_ + kWindow - n) % kWindow;
	for (size_t i = 0; i < n; i++)
		out.push_back(window_[(start + i) % kWindow]);
	return out;
}

uint64_t DurationStats::medianNs() const
{
	std::vector<uint64_t> samples = recent();
	if (samples.empty())
		return 0;
	auto middle = samples.begin() + samples.size() / 2;
	std::nth_element(samples.begin(), middle, samples.end());
	return *middle;
}

uint64_t DurationStats::percentileNs(unsigned percent) const
{
	std::vector<uint64_t> samples = recent();
	if (samples.empty())
		return 0;
	percent = std::clamp(percent, 1u, 100u);
	/* Nearest rank: the smallest sample with at least percent% of the samples at or below. */
	size_t rank = (samples.size() * percent + 99) / 100;
	auto at = samples.begin() + static_cast<std::ptrdiff_t>(rank - 1);
	std::nth_element(samples.begin(), at, samples.end());
	return *at;
}

} /* namespace sluice */
