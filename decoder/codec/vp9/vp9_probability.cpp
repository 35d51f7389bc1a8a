/* SPDX-License-Identifier: MIT */
#include "vp9_probability.h"

#include <array>

#include "base/bool_decoder.h"

namespace sluice {

namespace {

/*
 * Section 6.3.5's table, built rather than transcribed: the 20 probabilities 7, 20, ..., 254
 * (every 13th, the cheapest deltas to code) come first, then every other value 1..253 in
 * increasing order, and a last entry repeats 253 so that the largest code (254) has a value.
 */
constexpr std::array<uint8_t, 255> makeInvMapTable()
{
	std::array<uint8_t, 255> table{};
	unsigned n = 0;
	for (unsigned v = 7; v <= 254; v += 13)
		table[n++] = static_cast<uint8_t>(v);
	for (unsigned v = 1; v <= 253; v++)
		if (v % 13 != 7)
			table[n++] = static_cast<uint8_t>(v);
	table[n++] = 253;
	return n == table.size() ? table : std::array<uint8_t, 255>{};
}

constexpr std::array<uint8_t, 255> kInvMapTable = makeInvMapTable();
static_assert(kInvMapTable[0] == 7 && kInvMapTable[19] == 254 && kInvMapTable[20] == 1,
	      "inv_map_table starts with the 13-step values, then 1");
static_assert(kInvMapTable[254] == 253, "inv_map_table is complete");

} /* namespace */

uint8_t vp9InvMapTable(unsigned index)
{
	return kInvMapTable[index < kInvMapTable.size() ? index : kInvMapTable.size() - 1];
}

unsigned vp9DecodeTermSubexp(BoolDecoder &bd)
{
	if (!bd.readLiteral(1))
		return bd.readLiteral(4);
	if (!bd.readLiteral(1))
		return bd.readLiteral(4) + 16;
	if (!bd.readLiteral(1))
		return bd.readLiteral(5) + 32;
	unsigned v = bd.readLiteral(7);
	if (v < 65)
		return v + 64;
	return (v << 1) - 1 + bd.readLiteral(1);
}

unsigned vp9InvRecenterNonneg(unsigned v, unsigned m)
{
	if (v > 2 * m)
		return v;
	if (v & 1)
		return m - ((v + 1) >> 1);
	return m + (v >> 1);
}

uint8_t vp9InvRemapProb(unsigned deltaProb, uint8_t prob)
{
	constexpr unsigned kMaxProb = 255;
	unsigned v = vp9InvMapTable(deltaProb);
	/* A probability is never 0; treat a corrupt 0 as 1 rather than wrap below. */
	unsigned m = prob ? prob - 1u : 0u;
	if ((m << 1) <= kMaxProb)
		return static_cast<uint8_t>(1 + vp9InvRecenterNonneg(v, m));
	return static_cast<uint8_t>(kMaxProb - vp9InvRecenterNonneg(v, kMaxProb - 1 - m));
}

} /* namespace sluice */
