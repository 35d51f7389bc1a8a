/* SPDX-License-Identifier: MIT */
#include "duration_histogram.h"

#include <algorithm>
#include <cmath>

namespace sluice {

double roundBucketWidthMs(double rawMs)
{
	double decade = 0.1; /* 100 us: finer would only show timer noise */
	for (;;) {
		for (double step : { 1.0, 2.0, 5.0 }) {
			if (step * decade >= rawMs)
				return step * decade;
		}
		decade *= 10;
	}
}

DurationHistogram bucketDurations(const std::vector<uint64_t> &samplesNs, int bucketCount)
{
	DurationHistogram histogram;
	if (bucketCount <= 0)
		return histogram;
	histogram.counts.assign(static_cast<size_t>(bucketCount), 0.0f);
	if (samplesNs.empty())
		return histogram;
	const uint64_t maxNs = *std::max_element(samplesNs.begin(), samplesNs.end());
	/* The largest sample must fall inside the last bucket, not on its upper edge. */
	const double maxMs = static_cast<double>(maxNs) / 1e6;
	histogram.bucketMs = roundBucketWidthMs(std::nextafter(maxMs / bucketCount, INFINITY));
	for (uint64_t ns : samplesNs) {
		const double ms = static_cast<double>(ns) / 1e6;
		size_t index = static_cast<size_t>(ms / histogram.bucketMs);
		index = std::min(index, static_cast<size_t>(bucketCount - 1));
		histogram.counts[index] += 1.0f;
	}
	return histogram;
}

} /* namespace sluice */
