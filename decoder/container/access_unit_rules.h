/* SPDX-License-Identifier: MIT */
/*
 * Where one access unit ends and the next begins in an H.264 or HEVC Annex-B stream.
 *
 * A rules object sees every NAL unit in order and says whether it starts a new access unit
 * (given that the current one already holds a picture), whether it is coded picture data,
 * and whether it makes its access unit a random access point. It also keeps the few
 * sequence-level facts --probe shows (size, frame rate, colour), read from the SPS.
 */
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "demuxer.h"

namespace sluice {

class AccessUnitRules
{
public:
	struct Verdict {
		bool vcl = false;              /* a slice of a coded picture */
		bool startsAccessUnit = false; /* ends the current unit if it holds a picture */
		bool randomAccess = false;     /* IDR (H.264) or IRAP (HEVC) */
	};

	virtual ~AccessUnitRules() = default;

	/* nal: one NAL unit, header included, no start code. */
	virtual Verdict examine(std::span<const uint8_t> nal) = 0;
	/* Adds what the parameter sets seen so far tell: size, frame rate, colour. */
	virtual void describe(TrackInfo *track) const = 0;
};

/* H.264 7.4.1.2.3 and 7.4.1.2.4. */
std::unique_ptr<AccessUnitRules> makeH264AccessUnitRules();
/* HEVC 7.4.2.4.4. */
std::unique_ptr<AccessUnitRules> makeHevcAccessUnitRules();

} /* namespace sluice */
