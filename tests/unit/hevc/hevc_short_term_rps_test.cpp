/* SPDX-License-Identifier: MIT */
/*
 * st_ref_pic_set() (7.3.7, 7.4.8) on hand-written bits: a set worked out by hand from
 * equations 7-63..7-66, and out-of-range deltas, which fail the read without arithmetic
 * overflow (found by fuzzing; the corpus replay runs the input under UBSan).
 */
#include <vector>

#include <gtest/gtest.h>

#include "base/bit_reader.h"
#include "codec/hevc/hevc_short_term_rps.h"
#include "codec/syntax_reader.h"

namespace sluice {
namespace {

/* MSB-first bits with Exp-Golomb codes, written independently of the reader. */
class Bits
{
public:
	Bits &bit(unsigned b)
	{
		if (count_ % 8 == 0)
			bytes_.push_back(0);
		bytes_.back() |= (b & 1) << (7 - count_ % 8);
		count_++;
		return *this;
	}
	Bits &ue(uint32_t value)
	{
		uint64_t code = uint64_t{ value } + 1;
		int length = 64 - __builtin_clzll(code);
		for (int i = 1; i < length; i++)
			bit(0);
		for (int i = length; i-- > 0;)
			bit(static_cast<unsigned>(code >> i));
		return *this;
	}
	/* Stop bit and padding, so the reader never runs out before the syntax ends. */
	std::vector<uint8_t> bytes()
	{
		bit(1);
		std::vector<uint8_t> out = bytes_;
		out.insert(out.end(), 4, 0);
		return out;
	}

private:
	std::vector<uint8_t> bytes_;
	size_t count_ = 0;
};

bool parse(std::vector<uint8_t> bytes, unsigned stRpsIdx, const std::vector<HevcShortTermRps> &sets,
	   HevcShortTermRps *out)
{
	BitReader bits(bytes);
	SyntaxReader reader(bits, nullptr);
	parseShortTermRps(reader, stRpsIdx, static_cast<unsigned>(sets.size()), sets.data(), 16, out);
	return !reader.failed();
}

TEST(HevcShortTermRps, ExplicitSetAccumulatesDeltas)
{
	/* Two pictures before (delta_poc_s0_minus1 0 and 1: POC -1 and -3), one after (+2). */
	Bits b;
	b.ue(2).ue(1);
	b.ue(0).bit(1).ue(1).bit(0);
	b.ue(1).bit(1);
	HevcShortTermRps rps;
	ASSERT_TRUE(parse(b.bytes(), 0, {}, &rps));
	ASSERT_EQ(rps.numNegativePics, 2u);
	ASSERT_EQ(rps.numPositivePics, 1u);
	EXPECT_EQ(rps.deltaPocS0[0], -1);
	EXPECT_EQ(rps.deltaPocS0[1], -3);
	EXPECT_TRUE(rps.usedByCurrPicS0[0]);
	EXPECT_FALSE(rps.usedByCurrPicS0[1]);
	EXPECT_EQ(rps.deltaPocS1[0], 2);
}

TEST(HevcShortTermRps, HugeDeltaPocFailsTheRead)
{
	/* Two delta_poc_s0_minus1 near 2^31: beyond 7.4.8's 2^15 - 1, and their sum once
	 * overflowed. */
	Bits b;
	b.ue(2).ue(0);
	b.ue(0x7ffffffe).bit(1).ue(0x7ffffffe).bit(1);
	HevcShortTermRps rps;
	EXPECT_FALSE(parse(b.bytes(), 0, {}, &rps));
}

TEST(HevcShortTermRps, HugeAbsDeltaRpsFailsTheRead)
{
	/* A predicted set (inter_ref_pic_set_prediction_flag) whose abs_delta_rps_minus1 is
	 * 2^31 - 1: beyond 2^15 - 1, and once negated as INT32_MIN. */
	std::vector<HevcShortTermRps> sets(1);
	sets[0].numNegativePics = 1;
	sets[0].deltaPocS0[0] = -1;
	sets[0].usedByCurrPicS0[0] = true;
	Bits b;
	b.bit(1);                 /* inter_ref_pic_set_prediction_flag */
	b.bit(1).ue(0x7fffffff);  /* delta_rps_sign, abs_delta_rps_minus1 */
	b.bit(1).bit(1);          /* used_by_curr_pic_flag for both entries */
	HevcShortTermRps rps;
	EXPECT_FALSE(parse(b.bytes(), 1, sets, &rps));
}

} /* namespace */
} /* namespace sluice */
