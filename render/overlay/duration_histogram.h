/* SPDX-License-Identifier: MIT */
/*
 * Durations bucketed into milliseconds, for ImGui::PlotHistogram.
 *
 * The bucket width is a round number (1, 2 or 5 times a power of ten, in ms) picked so that
 * the largest sample still fits; then a 875 ms re-queue interval and a 50 ms hold land in
 * clearly different bars, and the axis label stays readable ("bars of 50 ms").
 */
#pragma once

#include <cstdint>
#include <vector>

namespace sluice {

struct DurationHistogram {
	std::vector<float> counts; /* counts[i]: samples in [i*bucketMs, (i+1)*bucketMs) */
	double bucketMs = 0;
};

/* The smallest 1/2/5 x 10^k (k >= -1) at least rawMs. */
double roundBucketWidthMs(double rawMs);

DurationHistogram bucketDurations(const std::vector<uint64_t> &samplesNs, int bucketCount);

} /* namespace sluice */
