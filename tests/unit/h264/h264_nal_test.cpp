/* SPDX-License-Identifier: MIT */
/*
 * Annex B splitting (B.2) on hand-made byte strings: where each NAL unit starts and ends
 * follows from the bytes, so the expected spans are written out here.
 */
#include "codec/h264/h264_nal.h"

#include <gtest/gtest.h>
#include <vector>

namespace sluice {
namespace {

std::vector<std::vector<uint8_t>> split(const std::vector<uint8_t> &bytes)
{
	std::vector<std::span<const uint8_t>> units;
	EXPECT_EQ(splitNalUnits(bytes, NalFraming::AnnexB, 0, &units), 0);
	std::vector<std::vector<uint8_t>> copies;
	for (std::span<const uint8_t> u : units)
		copies.emplace_back(u.begin(), u.end());
	return copies;
}

TEST(AnnexBSplit, ThreeAndFourByteStartCodes)
{
	EXPECT_EQ(split({ 0, 0, 0, 1, 0x67, 0xaa, 0, 0, 1, 0x68, 0xbb }),
		  (std::vector<std::vector<uint8_t>>{ { 0x67, 0xaa }, { 0x68, 0xbb } }));
}

TEST(AnnexBSplit, TrailingZerosBelongToNoUnit)
{
	EXPECT_EQ(split({ 0, 0, 1, 0x65, 0x80, 0, 0, 0, 0, 0, 1, 0x41, 0x9a, 0, 0 }),
		  (std::vector<std::vector<uint8_t>>{ { 0x65, 0x80 }, { 0x41, 0x9a } }));
}

TEST(AnnexBSplit, OneBytesInsidePayloadAreNotStartCodes)
{
	/* 0x01 after one zero, after none, and at the very start of the payload. */
	EXPECT_EQ(split({ 0, 0, 1, 0x01, 0x06, 0x00, 0x01, 0x01, 0x02, 0x00, 0x03, 0x01 }),
		  (std::vector<std::vector<uint8_t>>{
			  { 0x01, 0x06, 0x00, 0x01, 0x01, 0x02, 0x00, 0x03, 0x01 } }));
}

TEST(AnnexBSplit, BytesBeforeTheFirstStartCodeAreSkipped)
{
	EXPECT_EQ(split({ 0x12, 0x34, 0, 0, 1, 0x09, 0xf0 }),
		  (std::vector<std::vector<uint8_t>>{ { 0x09, 0xf0 } }));
}

TEST(AnnexBSplit, NoStartCodeAndEmptyUnitsGiveNothing)
{
	EXPECT_TRUE(split({ 0x01, 0x02, 0x00, 0x01 }).empty());
	EXPECT_TRUE(split({ 0, 0, 1, 0, 0, 1 }).empty());
	EXPECT_TRUE(split({}).empty());
	/* A start code as the last three bytes: nothing follows it. */
	EXPECT_EQ(split({ 0, 0, 1, 0x67, 0, 0, 1 }),
		  (std::vector<std::vector<uint8_t>>{ { 0x67 } }));
}

} /* namespace */
} /* namespace sluice */
