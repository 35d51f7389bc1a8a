/* SPDX-License-Identifier: MIT */
/*
 * VP9's forward probability updates (bitstream specification, sections 6.3.3-6.3.6 and
 * 9.2): the sub-exponential delta code and the remapping of a delta around the current
 * probability.
 */
#pragma once

#include <cstdint>

namespace sluice {

class BoolDecoder;

/* inv_map_table[index] for index 0..254 (section 6.3.5); values are 1..254, never 0. */
uint8_t vp9InvMapTable(unsigned index);

/* decode_term_subexp() of section 6.3.4: a delta index 0..254. */
unsigned vp9DecodeTermSubexp(BoolDecoder &bool_decoder);

/* inv_recenter_nonneg(v, m) of section 6.3.6. */
unsigned vp9InvRecenterNonneg(unsigned v, unsigned m);

/* inv_remap_prob(deltaProb, prob) of section 6.3.5: the updated probability (1..255). */
uint8_t vp9InvRemapProb(unsigned deltaProb, uint8_t prob);

} /* namespace sluice */
