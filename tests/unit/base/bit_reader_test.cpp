/* SPDX-License-Identifier: MIT */
#include "base/bit_reader.h"

#include <gtest/gtest.h>
#include <random>
#include <vector>

using sluice::BitReader;

namespace {

/* Builds a bitstream MSB-first, independent of the reader under test. */
class BitWriter
{
public:
	void put(uint32_t value, unsigned n)
	{
		for (unsigned i = n; i-- > 0;)
			putBit((value >> i) & 1);
	}
	void putUe(uint32_t v)
	{
		uint64_t code = uint64_t{ v } + 1;
		unsigned len = 64 - __builtin_clzll(code);
		put(0, len - 1);
		for (unsigned i = len; i-- > 0;)
			putBit((code >> i) & 1);
	}
	void putSe(int32_t v) { putUe(v > 0 ? 2 * uint32_t(v) - 1 : 2 * uint32_t(-int64_t(v))); }
	void putBit(unsigned b)
	{
		if (bits_ % 8 == 0)
			bytes_.push_back(0);
		bytes_.back() |= b << (7 - bits_ % 8);
		bits_++;
	}
	/* rbsp_trailing_bits(): a 1, then zeros to the byte boundary. */
	void trailingBits()
	{
		putBit(1);
		while (bits_ % 8)
			putBit(0);
	}
	const std::vector<uint8_t> &bytes() const { return bytes_; }

private:
	std::vector<uint8_t> bytes_;
	size_t bits_ = 0;
};

/* Inserts emulation prevention the way an encoder must (H.264 7.4.1). */
std::vector<uint8_t> escape(const std::vector<uint8_t> &rbsp, size_t *inserted)
{
	std::vector<uint8_t> out;
	unsigned zeros = 0;
	*inserted = 0;
	for (uint8_t b : rbsp) {
		if (zeros >= 2 && b <= 3) {
			out.push_back(3);
			(*inserted)++;
			zeros = 0;
		}
		out.push_back(b);
		zeros = b == 0 ? zeros + 1 : 0;
	}
	return out;
}

TEST(BitReader, ReadsFixedWidthFieldsMsbFirst)
{
	const std::vector<uint8_t> data{ 0xa5, 0x0f, 0xff, 0x00, 0x12, 0x34, 0x56, 0x78, 0x9a };
	BitReader r(data);
	EXPECT_EQ(r.readBits(1), 1u);
	EXPECT_EQ(r.readBits(3), 0x2u);
	EXPECT_EQ(r.readBits(4), 0x5u);
	EXPECT_TRUE(r.byteAligned());
	EXPECT_EQ(r.readBits(12), 0x0ffu);
	EXPECT_EQ(r.readBits(32), 0xf0012345u);
	EXPECT_EQ(r.bitPosition(), 52u);
	EXPECT_EQ(r.readBits(20), 0x6789au);
	EXPECT_FALSE(r.hasError());
	EXPECT_EQ(r.bitsLeft(), 0u);
}

TEST(BitReader, ExpGolombTableFromTheSpecification)
{
	/* H.264 Table 9-2: 1 -> 0, 010 -> 1, 011 -> 2, 00100 -> 3, 00111 -> 6, 0001000 -> 7. */
	BitWriter w;
	w.put(0b1, 1);
	w.put(0b010, 3);
	w.put(0b011, 3);
	w.put(0b00100, 5);
	w.put(0b00111, 5);
	w.put(0b0001000, 7);
	w.trailingBits();
	BitReader r(w.bytes());
	for (uint32_t expected : { 0u, 1u, 2u, 3u, 6u, 7u })
		EXPECT_EQ(r.readUe(), expected);
	EXPECT_FALSE(r.hasError());
}

TEST(BitReader, SignedExpGolombMapping)
{
	/* Table 9-3: codeNum 0, 1, 2, 3, 4 -> 0, 1, -1, 2, -2. */
	BitWriter w;
	for (uint32_t k : { 0u, 1u, 2u, 3u, 4u })
		w.putUe(k);
	w.trailingBits();
	BitReader r(w.bytes());
	for (int32_t expected : { 0, 1, -1, 2, -2 })
		EXPECT_EQ(r.readSe(), expected);
}

TEST(BitReader, RoundTripsRandomExpGolombThroughEmulationPrevention)
{
	std::mt19937 rng(1234);
	std::vector<int64_t> values;
	BitWriter w;
	for (int i = 0; i < 2000; i++) {
		/* Many zeros make 0x000000..03 patterns that need escaping. */
		uint32_t v = rng() % 4 == 0 ? rng() : rng() % 3;
		if (i % 2) {
			w.putUe(v);
			values.push_back(v);
		} else {
			int32_t s = static_cast<int32_t>(v % 100000) - 50000;
			w.putSe(s);
			values.push_back(s);
		}
		w.put(0, rng() % 17);
		values.push_back(-1000000); /* marker: zero run of that length follows */
	}
	w.trailingBits();

	size_t inserted = 0;
	std::vector<uint8_t> escaped = escape(w.bytes(), &inserted);
	ASSERT_GT(inserted, 10u) << "the stream should exercise emulation prevention";

	/* Replay with a second generator to know the zero-run lengths. */
	std::mt19937 replay(1234);
	BitReader r(escaped, BitReader::Mode::Rbsp);
	for (int i = 0; i < 2000; i++) {
		uint32_t v = replay() % 4 == 0 ? replay() : replay() % 3;
		if (i % 2)
			ASSERT_EQ(r.readUe(), v) << "at value " << i;
		else
			ASSERT_EQ(r.readSe(), static_cast<int32_t>(v % 100000) - 50000) << "at value " << i;
		EXPECT_EQ(r.readBits(replay() % 17), 0u);
	}
	EXPECT_FALSE(r.moreRbspData());
	EXPECT_FALSE(r.hasError());
	r.byteAlign();
	EXPECT_EQ(r.emulationBytesBefore(), inserted);
	EXPECT_EQ(r.rawBitPosition(), 8 * escaped.size());
}

TEST(BitReader, RawPositionCountsOnlyEscapesAlreadyPassed)
{
	const std::vector<uint8_t> data{ 0x00, 0x00, 0x03, 0x01, 0x00, 0x00, 0x03, 0x00, 0xff };
	BitReader r(data, BitReader::Mode::Rbsp);
	EXPECT_EQ(r.readBits(16), 0u);
	EXPECT_EQ(r.rawBitPosition(), 16u);
	EXPECT_EQ(r.readBits(8), 0x01u);
	EXPECT_EQ(r.emulationBytesBefore(), 1u);
	EXPECT_EQ(r.rawBitPosition(), 32u);
	EXPECT_EQ(r.readBits(24), 0u);
	EXPECT_EQ(r.readBits(8), 0xffu);
	EXPECT_EQ(r.emulationBytesBefore(), 2u);
}

TEST(BitReader, RawModeKeepsEveryByte)
{
	const std::vector<uint8_t> data{ 0x00, 0x00, 0x03, 0x01 };
	BitReader r(data);
	EXPECT_EQ(r.readBits(32), 0x00000301u);
}

TEST(BitReader, MoreRbspDataStopsAtTheStopBit)
{
	BitWriter w;
	w.put(0b101, 3);
	w.trailingBits();
	BitReader r(w.bytes());
	EXPECT_TRUE(r.moreRbspData());
	r.readBits(3);
	EXPECT_FALSE(r.moreRbspData());

	/* Trailing cabac_zero_words after the stop bit do not count as data. */
	std::vector<uint8_t> padded = w.bytes();
	padded.insert(padded.end(), { 0x00, 0x00 });
	BitReader p(padded);
	p.readBits(3);
	EXPECT_FALSE(p.moreRbspData());
}

TEST(BitReader, ErrorsAreStickyAndReturnZero)
{
	const std::vector<uint8_t> data{ 0xff };
	BitReader r(data);
	EXPECT_EQ(r.readBits(4), 0xfu);
	EXPECT_EQ(r.readBits(8), 0u);
	EXPECT_TRUE(r.hasError());
	EXPECT_EQ(r.readBits(1), 0u);
	EXPECT_TRUE(r.hasError());
}

TEST(BitReader, OverlongExpGolombIsAnError)
{
	const std::vector<uint8_t> zeros(8, 0x00);
	BitReader r(zeros);
	EXPECT_EQ(r.readUe(), 0u);
	EXPECT_TRUE(r.hasError());

	/* 31 leading zeros then all ones is the largest value: 2^32 - 2 + ... overflows. */
	BitWriter w;
	w.put(0, 31);
	w.put(1, 1);
	w.put(0x7fffffff, 31);
	BitReader big(w.bytes());
	EXPECT_EQ(big.readUe(), 0xfffffffeu);
	EXPECT_FALSE(big.hasError());
}

TEST(BitReader, ReadBitsRejectsWidthsOver32)
{
	const std::vector<uint8_t> data(16, 0xaa);
	BitReader r(data);
	EXPECT_EQ(r.readBits(33), 0u);
	EXPECT_TRUE(r.hasError());
}

TEST(BitReader, SignMagnitude)
{
	BitWriter w;
	w.put(5, 4);
	w.put(1, 1);
	w.put(3, 4);
	w.put(0, 1);
	BitReader r(w.bytes());
	EXPECT_EQ(r.readSignMagnitude(4), -5);
	EXPECT_EQ(r.readSignMagnitude(4), 3);
}

} /* namespace */
