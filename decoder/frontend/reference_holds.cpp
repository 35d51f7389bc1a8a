/* SPDX-License-Identifier: MIT */
#include "reference_holds.h"

#include "engine/stateless_engine.h"

namespace sluice {

void ReferenceHolds::releaseAllBut(const std::set<uint64_t> &stillReferenced)
{
	for (auto it = held_.begin(); it != held_.end();) {
		if (stillReferenced.count(*it)) {
			++it;
			continue;
		}
		engine_.releaseReference(*it);
		it = held_.erase(it);
	}
}

void ReferenceHolds::releaseAll()
{
	for (uint64_t frameId : held_)
		engine_.releaseReference(frameId);
	held_.clear();
}

} /* namespace sluice */
