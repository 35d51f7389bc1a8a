/* SPDX-License-Identifier: MIT */
/*
 * st_ref_pic_set() (7.3.7) and its semantics (7.4.8): a short-term reference picture set as
 * POC deltas, either coded outright or predicted from an earlier set (inter RPS prediction).
 */
#pragma once

#include <array>
#include <cstdint>

#include "codec/syntax_reader.h"

namespace sluice {

/* 7.4.3.2.1: num_short_term_ref_pic_sets is at most 64; the slice header may add one more. */
constexpr unsigned kHevcMaxShortTermRpsSets = 64;
/* A.4.2: MaxDpbSize is at most 16, so no set names more than 16 pictures. */
constexpr unsigned kHevcMaxDpbSize = 16;

struct HevcShortTermRps {
	uint8_t numNegativePics = 0;
	uint8_t numPositivePics = 0;
	/* DeltaPocS0 (negative, decreasing) and DeltaPocS1 (positive, increasing). */
	std::array<int32_t, kHevcMaxDpbSize> deltaPocS0{};
	std::array<int32_t, kHevcMaxDpbSize> deltaPocS1{};
	std::array<bool, kHevcMaxDpbSize> usedByCurrPicS0{};
	std::array<bool, kHevcMaxDpbSize> usedByCurrPicS1{};

	/* Syntax kept for drivers that re-parse (V4L2 num_delta_pocs_of_ref_rps_idx). */
	bool interRpsPrediction = false;
	uint8_t numDeltaPocsOfRefRps = 0;

	unsigned numDeltaPocs() const { return numNegativePics + numPositivePics; }
};

/*
 * Reads st_ref_pic_set(stRpsIdx). `sets` holds the SPS's sets 0 .. stRpsIdx - 1 (the ones a
 * prediction may refer to); numSpsSets is num_short_term_ref_pic_sets (stRpsIdx equals it in
 * a slice header). maxPics bounds the pictures a set may name: sps_max_dec_pic_buffering_minus1
 * of the highest sub-layer (7.4.8). Errors stick in `reader`.
 */
void parseShortTermRps(SyntaxReader &reader, unsigned stRpsIdx, unsigned numSpsSets,
		       const HevcShortTermRps *sets, unsigned maxPics, HevcShortTermRps *out);

} /* namespace sluice */
