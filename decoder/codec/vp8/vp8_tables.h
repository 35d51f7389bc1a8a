/* SPDX-License-Identifier: MIT */
/* The constant probability tables of RFC 6386 (see vp8_tables.cpp). */
#pragma once

#include <array>
#include <cstdint>

namespace sluice {

/* 13: 4 block types, 8 coefficient bands, 3 contexts, 11 branches of the token tree. */
inline constexpr unsigned kVp8BlockTypes = 4;
inline constexpr unsigned kVp8CoeffBands = 8;
inline constexpr unsigned kVp8PrevCoeffContexts = 3;
inline constexpr unsigned kVp8EntropyNodes = 11;
/* 17.2: per component: is-short, sign, 8 short-tree and 10 long-bit probabilities. */
inline constexpr unsigned kVp8MvProbCount = 19;

using Vp8CoeffProbs = std::array<
	std::array<std::array<std::array<uint8_t, kVp8EntropyNodes>, kVp8PrevCoeffContexts>, kVp8CoeffBands>,
	kVp8BlockTypes>;
using Vp8MvProbs = std::array<std::array<uint8_t, kVp8MvProbCount>, 2>;

extern const Vp8CoeffProbs kVp8CoeffUpdateProbs;
extern const Vp8CoeffProbs kVp8DefaultCoeffProbs;
extern const Vp8MvProbs kVp8MvUpdateProbs;
extern const Vp8MvProbs kVp8DefaultMvProbs;
extern const std::array<uint8_t, 4> kVp8DefaultYModeProbs;
/* 11.2, 11.4: the fixed mode probabilities of key frames. */
extern const std::array<uint8_t, 4> kVp8KeyFrameYModeProbs;
extern const std::array<uint8_t, 3> kVp8KeyFrameUvModeProbs;
extern const std::array<uint8_t, 3> kVp8DefaultUvModeProbs;

} /* namespace sluice */
