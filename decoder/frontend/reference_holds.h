/* SPDX-License-Identifier: MIT */
/*
 * ReferenceHolds: the frames a front-end asked the engine to keep as references.
 *
 * The codec's reference state (a DPB, VP8's three buffers) says which frames later pictures
 * may still read; every frame it no longer lists stops being a held reference, so its slot
 * can return to the pool once nothing else holds it. The engine still pins whatever a decode
 * in flight reads.
 */
#pragma once

#include <cstdint>
#include <set>

namespace sluice {

class StatelessEngine;

class ReferenceHolds
{
public:
	explicit ReferenceHolds(StatelessEngine &engine) : engine_(engine) {}

	/* frameId was submitted as a reference: the engine holds it until released here. */
	void hold(uint64_t frameId) { held_.insert(frameId); }
	/* Releases every held frame that stillReferenced does not list. */
	void releaseAllBut(const std::set<uint64_t> &stillReferenced);
	/* Nothing will read the held frames again (end of stream, a new sequence). */
	void releaseAll();
	/* The engine already let go of every hold (it flushed): only forget them. */
	void forget() { held_.clear(); }

private:
	StatelessEngine &engine_;
	std::set<uint64_t> held_;
};

} /* namespace sluice */
