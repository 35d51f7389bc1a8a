/* SPDX-License-Identifier: MIT */
/*
 * The VP9 compressed header: the probability arithmetic against values derived by hand from
 * the specification's definitions (sections 6.3.4-6.3.6), the delta code read back from
 * bits a test-side boolean encoder (RFC 6386 section 7.3's algorithm) wrote, and every frame
 * of the libvpx corpus parsed to the end of its compressed header without overrun.
 */
#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "base/bool_decoder.h"
#include "codec/vp9/vp9_compressed_header.h"
#include "codec/vp9/vp9_probability.h"
#include "codec/vp9/vp9_superframe.h"
#include "codec/vp9/vp9_uncompressed_header.h"
#include "bool_encoder.h"
#include "vp9_test_streams.h"

namespace sluice {
namespace {

using test::BoolEncoder;

TEST(Vp9Probability, InvMapTableFollowsTheSpecificationsOrder)
{
	/* Section 6.3.5: 7, 20, ..., 254 first, then the rest ascending, 253 repeated last. */
	EXPECT_EQ(vp9InvMapTable(0), 7);
	EXPECT_EQ(vp9InvMapTable(1), 20);
	EXPECT_EQ(vp9InvMapTable(19), 254);
	EXPECT_EQ(vp9InvMapTable(20), 1);
	EXPECT_EQ(vp9InvMapTable(25), 6);
	EXPECT_EQ(vp9InvMapTable(26), 8);   /* 7 already came first */
	EXPECT_EQ(vp9InvMapTable(38), 21);  /* 20 too */
	EXPECT_EQ(vp9InvMapTable(253), 253);
	EXPECT_EQ(vp9InvMapTable(254), 253);
	for (unsigned i = 0; i < 255; i++)
		EXPECT_NE(vp9InvMapTable(i), 0) << i; /* why the uAPI can use 0 for "no update" */
}

TEST(Vp9Probability, InvRemapProbHandDerived)
{
	/* prob 128: m = 127, 2m <= 255, so 1 + inv_recenter_nonneg(v, 127). */
	EXPECT_EQ(vp9InvRemapProb(0, 128), 124);   /* v = 7 (odd): 127 - 4 = 123 */
	EXPECT_EQ(vp9InvRemapProb(20, 10), 9);     /* v = 1: m = 9, 9 - 1 = 8 */
	EXPECT_EQ(vp9InvRemapProb(21, 10), 11);    /* v = 2: 9 + 1 = 10 */
	EXPECT_EQ(vp9InvRemapProb(1, 5), 21);      /* v = 20 > 2 * 4: v itself */
	/* prob 200: m = 199, 2m > 255, so 255 - inv_recenter_nonneg(v, 55). */
	EXPECT_EQ(vp9InvRemapProb(0, 200), 204);   /* 55 - 4 = 51 */
	EXPECT_EQ(vp9InvRemapProb(21, 200), 199);  /* v = 2: 55 + 1 = 56 */
	EXPECT_EQ(vp9InvRemapProb(254, 1), 254);   /* v = 253, m = 0 */
	EXPECT_EQ(vp9InvRecenterNonneg(5, 10), 7); /* odd: 10 - 3 */
	EXPECT_EQ(vp9InvRecenterNonneg(6, 10), 13);
	EXPECT_EQ(vp9InvRecenterNonneg(21, 10), 21);
}

TEST(Vp9Probability, DecodeTermSubexpReadsEachRange)
{
	struct Case {
		std::vector<std::pair<uint32_t, unsigned>> literals; /* value, bits */
		unsigned expected;
	};
	const Case cases[] = {
		{ { { 0, 1 }, { 5, 4 } }, 5 },
		{ { { 1, 1 }, { 0, 1 }, { 3, 4 } }, 19 },
		{ { { 1, 1 }, { 1, 1 }, { 0, 1 }, { 31, 5 } }, 63 },
		{ { { 1, 1 }, { 1, 1 }, { 1, 1 }, { 0, 7 } }, 64 },
		{ { { 1, 1 }, { 1, 1 }, { 1, 1 }, { 64, 7 } }, 128 },
		{ { { 1, 1 }, { 1, 1 }, { 1, 1 }, { 65, 7 }, { 0, 1 } }, 129 },
		{ { { 1, 1 }, { 1, 1 }, { 1, 1 }, { 127, 7 }, { 1, 1 } }, 254 },
	};
	for (const Case &c : cases) {
		BoolEncoder enc;
		for (auto [value, bits] : c.literals)
			enc.literal(bits, value);
		enc.literal(8, 0x5a); /* what follows must be left in place */
		std::vector<uint8_t> bytes = enc.finish();
		BoolDecoder dec;
		ASSERT_EQ(dec.init(bytes), 0);
		EXPECT_EQ(vp9DecodeTermSubexp(dec), c.expected);
		EXPECT_EQ(dec.readLiteral(8), 0x5au);
	}
}

/* A compressed header written bit by bit from the syntax of section 6.3, for a keyframe. */
TEST(Vp9CompressedHeader, KeyframeUpdatesLandWhereTheSyntaxPutsThem)
{
	Vp9FrameHeader header;
	header.frameType = Vp9FrameType::Key;
	header.quant.baseQIdx = 60;

	BoolEncoder enc;
	enc.write(false);          /* marker bit */
	enc.literal(2, 3);    /* tx_mode ALLOW_32X32 ... */
	enc.literal(1, 1);    /* ... + tx_mode_select = TX_MODE_SELECT */
	/* tx probs: tx8[0][0] updated with delta 20 (inv_map_table: 1), all others not. */
	enc.write(true, 252);
	enc.literal(1, 1); enc.literal(1, 0); enc.literal(4, 4); /* 16 + 4 = 20 */
	for (int i = 0; i < 1 + 4 + 6; i++)
		enc.write(false, 252);
	/* coefficients: 4x4 updated only at [0][0][0][0][0]; 8x8, 16x16 and 32x32 not. */
	enc.literal(1, 1);
	for (int i = 0; i < 2 * 2 * (3 + 5 * 6) * 3; i++) {
		enc.write(i == 0, 252);
		if (i == 0)
			enc.literal(1, 0), enc.literal(4, 2); /* delta 2 -> 33 */
	}
	for (int t = 1; t < 4; t++)
		enc.literal(1, 0);
	/* skip[2] updated with delta 0 (inv_map_table: 7). */
	enc.write(false, 252); enc.write(false, 252); enc.write(true, 252);
	enc.literal(1, 0); enc.literal(4, 0);
	std::vector<uint8_t> bytes = enc.finish();

	Vp9CompressedHeader c;
	std::string error;
	ASSERT_EQ(parseVp9CompressedHeader(bytes, header, &c, &error), 0) << error;
	EXPECT_EQ(c.txMode, Vp9TxMode::Select);
	EXPECT_EQ(c.updates.tx8[0][0], 1);
	EXPECT_EQ(c.updates.tx32[1][2], 0);
	EXPECT_EQ(c.updates.coef[0][0][0][0][0][0], 33);
	EXPECT_EQ(c.updates.coef[0][0][0][0][0][1], 0);
	EXPECT_EQ(c.updates.skip[2], 7);
	EXPECT_EQ(c.updateCount, 3u);
	EXPECT_EQ(c.referenceMode, Vp9ReferenceMode::Single);
}

TEST(Vp9CompressedHeader, MarkerBitAndTruncationAreErrors)
{
	Vp9FrameHeader header;
	BoolEncoder enc;
	enc.write(true);
	std::vector<uint8_t> bytes = enc.finish();
	Vp9CompressedHeader c;
	EXPECT_EQ(parseVp9CompressedHeader(bytes, header, &c), -EINVAL);
	EXPECT_EQ(parseVp9CompressedHeader({}, header, &c), -EINVAL);
	/* One byte cannot hold a keyframe's update flags. */
	const uint8_t tiny[] = { 0x00 };
	EXPECT_EQ(parseVp9CompressedHeader(tiny, header, &c), -EINVAL);
}

class Vp9CompressedHeaderCorpus : public ::testing::TestWithParam<test::Vp9StreamCase>
{
};

TEST_P(Vp9CompressedHeaderCorpus, EveryFrameParsesWithinItsHeader)
{
	if (!test::ffmpegAvailable())
		GTEST_SKIP() << "ffmpeg/ffprobe not installed";
	const test::Vp9StreamCase &c = GetParam();
	std::string path = test::generateVp9(c);
	ASSERT_FALSE(path.empty()) << "ffmpeg failed to make " << c.name;
	Vp9PersistentState state;
	size_t frames = 0, updates = 0, compound = 0;
	for (const std::vector<uint8_t> &packet : test::readIvfPackets(test::readVp9File(path))) {
		std::vector<std::span<const uint8_t>> parts;
		ASSERT_EQ(splitVp9Superframe(packet, &parts), 0);
		for (std::span<const uint8_t> frame : parts) {
			SCOPED_TRACE(std::string(c.name) + ": frame " + std::to_string(frames));
			Vp9FrameHeader header;
			std::string error;
			ASSERT_EQ(parseVp9UncompressedHeader(frame, state, &header, &error), 0) << error;
			if (!header.showExistingFrame) {
				Vp9CompressedHeader ch;
				std::span<const uint8_t> data = frame.subspan(
					header.uncompressedHeaderSize, header.compressedHeaderSize);
				ASSERT_EQ(parseVp9CompressedHeader(data, header, &ch, &error), 0) << error;
				if (header.quant.lossless) {
					EXPECT_EQ(ch.txMode, Vp9TxMode::Only4x4);
				}
				updates += ch.updateCount;
				compound += ch.referenceMode != Vp9ReferenceMode::Single;
			}
			state.update(header);
			frames++;
		}
	}
	EXPECT_GT(updates, 0u);
	/* libvpx gives the alt-ref the opposite sign bias and then predicts compound. */
	if (c.twoPass) {
		EXPECT_GT(compound, 0u);
	}
	std::printf("[ %s ] %zu frames, %zu probability updates, %zu compound-capable\n", c.name,
		    frames, updates, compound);
}

INSTANTIATE_TEST_SUITE_P(Streams, Vp9CompressedHeaderCorpus, ::testing::ValuesIn(test::vp9Corpus()),
			 [](const auto &param) { return std::string(param.param.name); });

} /* namespace */
} /* namespace sluice */
