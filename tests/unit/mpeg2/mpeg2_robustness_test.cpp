/* SPDX-License-Identifier: MIT */
/*
 * Hand-built field pictures and quant matrix extensions, and corrupt input: truncated
 * headers, forbidden values and random bytes are refused with -EINVAL, never a crash.
 */
#include <random>

#include <gtest/gtest.h>

#include "codec/mpeg2/mpeg2_parser.h"
#include "mpeg2_handmade.h"

namespace sluice {
namespace {

TEST(Mpeg2Handmade, FieldPicturesComeOutOneFieldEach)
{
	std::vector<uint8_t> data;
	test::writeSequence(&data, 720, 576);
	test::writeGop(&data, true);
	test::writePicture(&data, 0, 1, kMpeg2TopField, false, 3);
	test::writePicture(&data, 0, 2, kMpeg2BottomField, false, 3);
	test::writePicture(&data, 1, 3, kMpeg2BottomField, false, 2);
	test::writePicture(&data, 1, 3, kMpeg2TopField, false, 2);

	Mpeg2Parser parser;
	std::vector<Mpeg2Picture> pictures;
	ASSERT_EQ(parser.parse(data, &pictures), 0);
	ASSERT_EQ(pictures.size(), 4u);
	const uint8_t structures[] = { kMpeg2TopField, kMpeg2BottomField, kMpeg2BottomField, kMpeg2TopField };
	const Mpeg2PictureType types[] = { Mpeg2PictureType::I, Mpeg2PictureType::P,
					   Mpeg2PictureType::B, Mpeg2PictureType::B };
	const size_t slices[] = { 3, 3, 2, 2 };
	for (size_t i = 0; i < 4; i++) {
		EXPECT_TRUE(pictures[i].isField());
		EXPECT_EQ(pictures[i].coding.pictureStructure, structures[i]);
		EXPECT_EQ(pictures[i].header.codingType, types[i]);
		EXPECT_EQ(pictures[i].slices.size(), slices[i]);
		EXPECT_EQ(pictures[i].coding.intraDcPrecision, 1);
		EXPECT_TRUE(pictures[i].coding.qScaleType);
		EXPECT_EQ(pictures[i].width(), 720u);
		EXPECT_EQ(pictures[i].height(), 576u);
		/* 6.3.3: vbv_buffer_size = value + (extension << 10) */
		EXPECT_EQ(pictures[i].vbvBufferSize(), 112u + 1024u);
	}
	/* Each slice span starts at its start code value, in order. */
	EXPECT_EQ(pictures[0].slices[0][0], 1);
	EXPECT_EQ(pictures[0].slices[2][0], 3);
}

TEST(Mpeg2Handmade, SizeExtensionsAddTheTopBits)
{
	std::vector<uint8_t> data;
	test::writeSequence(&data, 4096 + 16, 2048 + 32, true);
	test::writePicture(&data, 0, 1, kMpeg2FramePicture, false);
	Mpeg2Parser parser;
	std::vector<Mpeg2Picture> pictures;
	ASSERT_EQ(parser.parse(data, &pictures), 0);
	ASSERT_EQ(pictures.size(), 1u);
	EXPECT_EQ(pictures[0].width(), 4096u + 16);
	EXPECT_EQ(pictures[0].height(), 2048u + 32);
	EXPECT_TRUE(pictures[0].sequenceExtension.progressiveSequence);
}

/* 6.3.11: a quant matrix extension replaces the luma matrix and, unless it loads one of its
 * own, the chroma matrix; the next sequence header goes back to the defaults. */
TEST(Mpeg2Handmade, QuantMatrixExtensionAndItsReset)
{
	std::vector<uint8_t> data;
	test::writeSequence(&data, 176, 144);
	{
		test::Mpeg2UnitWriter w(&data, 0xb5);
		w.put(4, 3);
		w.put(1, 1); /* load_intra_quantiser_matrix */
		for (unsigned i = 0; i < 64; i++)
			w.put(8, 100 + i);
		w.put(1, 0);
		w.put(1, 1); /* load_chroma_intra_quantiser_matrix */
		for (unsigned i = 0; i < 64; i++)
			w.put(8, 10 + i);
		w.put(1, 0);
	}
	test::writePicture(&data, 0, 1, kMpeg2FramePicture, true);
	test::writeSequence(&data, 176, 144);
	test::writePicture(&data, 1, 1, kMpeg2FramePicture, true);

	Mpeg2Parser parser;
	std::vector<Mpeg2Picture> pictures;
	ASSERT_EQ(parser.parse(data, &pictures), 0);
	ASSERT_EQ(pictures.size(), 2u);
	for (unsigned i = 0; i < 64; i++) {
		EXPECT_EQ(pictures[0].matrices.intra[i], 100 + i);
		EXPECT_EQ(pictures[0].matrices.chromaIntra[i], 10 + i);
		EXPECT_EQ(pictures[0].matrices.nonIntra[i], 16);
		EXPECT_EQ(pictures[1].matrices.nonIntra[i], 16);
	}
	/* Default intra matrix, zigzag order: DC 8, then 16, 16, 19 (6.3.11). */
	EXPECT_EQ(pictures[1].matrices.intra[0], 8);
	EXPECT_EQ(pictures[1].matrices.intra[1], 16);
	EXPECT_EQ(pictures[1].matrices.intra[3], 19);
	EXPECT_EQ(pictures[1].matrices.intra[63], 83);
	EXPECT_EQ(pictures[1].matrices.chromaIntra, pictures[1].matrices.intra);
}

TEST(Mpeg2Robustness, PictureBeforeSequenceHeaderIsRefused)
{
	std::vector<uint8_t> data;
	test::writePicture(&data, 0, 1, kMpeg2FramePicture, true);
	Mpeg2Parser parser;
	std::vector<Mpeg2Picture> pictures;
	EXPECT_EQ(parser.parse(data, &pictures), -EINVAL);
	EXPECT_TRUE(pictures.empty());
}

TEST(Mpeg2Robustness, ForbiddenValuesAreRefused)
{
	Mpeg2SequenceHeader sequence;
	const uint8_t zeroWidth[] = { 0xb3, 0x00, 0x00, 0x09, 0x01, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00 };
	EXPECT_EQ(parseMpeg2SequenceHeader(zeroWidth, &sequence), -EINVAL);
	Mpeg2PictureHeader header;
	const uint8_t codingTypeZero[] = { 0x00, 0x00, 0x00, 0xff, 0xff, 0x00 };
	EXPECT_EQ(parseMpeg2PictureHeader(codingTypeZero, &header), -EINVAL);
	Mpeg2Extension ext;
	/* Picture coding extension with f_code 0 (forbidden, 6.3.10). */
	const uint8_t fCodeZero[] = { 0xb5, 0x80, 0xff, 0xff, 0x03, 0x80 };
	EXPECT_EQ(parseMpeg2Extension(fCodeZero, &ext), -EINVAL);
	/* Sequence extension with chroma_format 0 (reserved, Table 6-5). */
	const uint8_t chromaZero[] = { 0xb5, 0x14, 0x88, 0x00, 0x01, 0x00, 0x00 };
	EXPECT_EQ(parseMpeg2Extension(chromaZero, &ext), -EINVAL);
}

TEST(Mpeg2Robustness, EveryTruncationIsRefusedOrParsedNeverACrash)
{
	std::vector<uint8_t> data;
	test::writeSequence(&data, 176, 144);
	test::writePicture(&data, 0, 1, kMpeg2FramePicture, true);
	for (size_t n = 0; n <= data.size(); n++) {
		Mpeg2Parser parser;
		std::vector<Mpeg2Picture> pictures;
		int ret = parser.parse(std::span<const uint8_t>(data).first(n), &pictures);
		EXPECT_TRUE(ret == 0 || ret == -EINVAL);
		for (const Mpeg2Picture &p : pictures)
			for (std::span<const uint8_t> slice : p.slices)
				EXPECT_FALSE(slice.empty());
	}
}

TEST(Mpeg2Robustness, RandomBytesAfterAValidSequence)
{
	std::mt19937 random(1234);
	std::vector<uint8_t> head;
	test::writeSequence(&head, 176, 144);
	for (int round = 0; round < 2000; round++) {
		std::vector<uint8_t> data = head;
		size_t n = random() % 200;
		for (size_t i = 0; i < n; i++) {
			uint32_t r = random();
			/* Plenty of start code prefixes, so headers get parsed from garbage. */
			if (r % 7 == 0)
				data.insert(data.end(), { 0, 0, 1, static_cast<uint8_t>(r % 3 ? r >> 8 : 0) });
			else
				data.push_back(static_cast<uint8_t>(r >> 16));
		}
		Mpeg2Parser parser;
		std::vector<Mpeg2Picture> pictures;
		int ret = parser.parse(data, &pictures);
		ASSERT_TRUE(ret == 0 || ret == -EINVAL);
	}
}

/* Found by fuzzing: a corrupt header after a picture's slices left that picture open, and the
 * next packet completed it with slices pointing into the previous packet's freed data. */
TEST(Mpeg2Robustness, PictureCutShortByACorruptHeaderIsDroppedWithItsData)
{
	std::vector<uint8_t> first;
	test::writeSequence(&first, 176, 144);
	test::writePicture(&first, 0, 1, kMpeg2FramePicture, false, 2);
	{
		test::Mpeg2UnitWriter w(&first, 0xb5);
		w.put(4, 8); /* a picture coding extension whose f_code 0 is forbidden (6.3.10) */
		w.put(16, 0);
	}
	std::vector<uint8_t> second;
	{
		test::Mpeg2UnitWriter w(&second, 3); /* a slice without its picture */
		w.put(5, 8);
		w.put(1, 0);
		w.put(16, 0xa5c3);
	}
	test::writePicture(&second, 1, 1, kMpeg2FramePicture, false, 1);

	Mpeg2Parser parser;
	std::vector<Mpeg2Picture> pictures;
	EXPECT_EQ(parser.parse(first, &pictures), -EINVAL);
	EXPECT_TRUE(pictures.empty());
	pictures.clear();
	ASSERT_EQ(parser.parse(second, &pictures), 0);
	/* Only the second packet's own picture, and every slice inside that packet. */
	ASSERT_EQ(pictures.size(), 1u);
	EXPECT_EQ(pictures[0].header.temporalReference, 1u);
	for (std::span<const uint8_t> slice : pictures[0].slices) {
		EXPECT_GE(slice.data(), second.data());
		EXPECT_LE(slice.data() + slice.size(), second.data() + second.size());
	}
}

} /* namespace */
} /* namespace sluice */
