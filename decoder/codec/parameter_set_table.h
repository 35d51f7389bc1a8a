/* SPDX-License-Identifier: MIT */
/*
 * ParameterSetTable: the parameter sets (SPS, PPS, VPS) a parser has received, by id.
 *
 * A set replaces the one with the same id only once it parsed completely, so a damaged
 * parameter set leaves the last good one in place. The parse functions of later units see
 * the table as an array of pointers indexed by id, null where nothing was received.
 */
#pragma once

#include <array>
#include <memory>

namespace sluice {

template<typename Set, unsigned Count>
class ParameterSetTable
{
public:
	/*
	 * Parses a new set with parse(Set *) (0 or -errno; it checks the id is below Count)
	 * and, when that succeeds, stores it and sets *id to its id.
	 */
	template<typename Parse>
	int parseAndStore(Parse parse, unsigned *id)
	{
		auto set = std::make_unique<Set>();
		int ret = parse(set.get());
		if (ret)
			return ret;
		*id = set->id;
		byId_[set->id] = set.get();
		owned_[set->id] = std::move(set);
		return 0;
	}

	const Set *get(unsigned id) const { return id < Count ? byId_[id] : nullptr; }
	const Set *const *byId() const { return byId_.data(); }

private:
	std::array<std::unique_ptr<Set>, Count> owned_;
	std::array<const Set *, Count> byId_{};
};

} /* namespace sluice */
