/* SPDX-License-Identifier: MIT */
#include "base/bool_decoder.h"
#include "bool_encoder.h"

#include <gtest/gtest.h>
#include <random>
#include <vector>

using sluice::BoolDecoder;

namespace {

using sluice::test::BoolEncoder;

TEST(BoolDecoder, RoundTripsRandomBitsAtRandomProbabilities)
{
	std::mt19937 rng(42);
	std::vector<std::pair<bool, uint8_t>> symbols;
	BoolEncoder enc;
	for (int i = 0; i < 20000; i++) {
		uint8_t p = static_cast<uint8_t>(1 + rng() % 255);
		/* Bits drawn near their probability make long runs, as real data does. */
		bool bit = (rng() % 256) >= p;
		symbols.emplace_back(bit, p);
		enc.write(bit, p);
	}
	std::vector<uint8_t> data = enc.finish();

	BoolDecoder dec;
	ASSERT_EQ(dec.init(data), 0);
	for (size_t i = 0; i < symbols.size(); i++)
		ASSERT_EQ(dec.readBool(symbols[i].second), symbols[i].first) << "symbol " << i;
	EXPECT_FALSE(dec.overrun());
}

TEST(BoolDecoder, LiteralsAreMsbFirstAtHalfProbability)
{
	BoolEncoder enc;
	for (uint32_t value : { 0x5u, 0xabcu, 0x0u, 0x7fu })
		for (int i = 11; i >= 0; i--)
			enc.write((value >> i) & 1, 128);
	std::vector<uint8_t> data = enc.finish();

	BoolDecoder dec;
	ASSERT_EQ(dec.init(data), 0);
	EXPECT_EQ(dec.readLiteral(12), 0x5u);
	EXPECT_EQ(dec.readLiteral(12), 0xabcu);
	EXPECT_EQ(dec.readLiteral(12), 0x0u);
	EXPECT_EQ(dec.readLiteral(12), 0x7fu);
}

TEST(BoolDecoder, PositionStartsAtEightAndAdvancesWithRenormalisation)
{
	/*
	 * At probability 128 the first symbol from range 255 splits at 128: BoolValue 0x5a is
	 * below it, so the result is 0 with range 128 and no shift. From then on every symbol
	 * at probability 128 halves the range and shifts exactly one bit in.
	 */
	const std::vector<uint8_t> data(16, 0x5a);
	BoolDecoder dec;
	ASSERT_EQ(dec.init(data), 0);
	EXPECT_EQ(dec.bitPosition(), 8u);
	EXPECT_FALSE(dec.readBit());
	EXPECT_EQ(dec.bitPosition(), 8u);
	dec.readLiteral(12);
	EXPECT_EQ(dec.bitPosition(), 20u);
	BoolDecoder::State s = dec.state();
	EXPECT_GE(s.range, 128);
	EXPECT_EQ(s.bitCount, 20 % 8);
}

TEST(BoolDecoder, ReadingPastTheEndFeedsZerosAndReportsOverrun)
{
	const std::vector<uint8_t> data{ 0x00 };
	BoolDecoder dec;
	ASSERT_EQ(dec.init(data), 0);
	EXPECT_FALSE(dec.overrun());
	for (int i = 0; i < 64; i++)
		EXPECT_FALSE(dec.readBit());
	EXPECT_TRUE(dec.overrun());
}

TEST(BoolDecoder, EmptyBufferIsRejected)
{
	BoolDecoder dec;
	EXPECT_EQ(dec.init({}), -EINVAL);
}

} /* namespace */
