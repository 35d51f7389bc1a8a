/* SPDX-License-Identifier: MIT */
/*
 * NullOutput (--vo null): shows nothing and lets each frame go at once. It stands for a
 * display with zero hold time, for benchmarks and for decoding on machines without a
 * compositor; --md5 still reads every frame back from its slot.
 */
#pragma once

#include "video_output.h"

namespace sluice {

class NullOutput : public VideoOutput
{
public:
	int show(const ShownFrame &frame) override;
	std::string path() const override { return "null (no presentation)"; }
	OutputCounters counters() const override { return counters_; }

private:
	OutputCounters counters_;
};

} /* namespace sluice */
