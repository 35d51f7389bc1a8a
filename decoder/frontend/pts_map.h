/* SPDX-License-Identifier: MIT */
/*
 * PtsMap: the container's presentation time of each picture, kept from the packet that
 * carried it until the picture is shown (in display order, possibly much later).
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>

namespace sluice {

class PtsMap
{
public:
	/* Remembers ptsNs for key (a frame id or its timestamp key). */
	void record(uint64_t key, int64_t ptsNs)
	{
		pts_[key] = ptsNs;
		/* Packets that carry no picture (SEI, parameter sets) or pictures that were
		 * dropped are never taken: the oldest entries go first. */
		while (pts_.size() > kMaxPending)
			pts_.erase(pts_.begin());
	}
	/* The time recorded for key, forgotten once taken; 0 when none was kept. */
	int64_t take(uint64_t key)
	{
		auto it = pts_.find(key);
		if (it == pts_.end())
			return 0;
		int64_t pts = it->second;
		pts_.erase(it);
		return pts;
	}
	void clear() { pts_.clear(); }

private:
	static constexpr size_t kMaxPending = 64;

	std::map<uint64_t, int64_t> pts_;
};

} /* namespace sluice */
