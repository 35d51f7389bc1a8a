/* SPDX-License-Identifier: MIT */
#include "wayland/yuv_convert.h"

#include <gtest/gtest.h>
#include <vector>

namespace sluice {
namespace {

uint32_t convertOne(uint8_t y, uint8_t u, uint8_t v, YuvMatrix m, bool full)
{
	std::vector<uint8_t> luma(2 * 2, y);
	std::vector<uint8_t> chroma = { u, v };
	std::vector<uint32_t> out(4, 0);
	Nv12View src{ luma.data(), 2, chroma.data(), 2, 2, 2 };
	convertNv12ToXrgb(src, m, full, reinterpret_cast<uint8_t *>(out.data()), 8);
	return out[3];
}

TEST(YuvConvert, LimitedRangeBlackAndWhite)
{
	EXPECT_EQ(convertOne(16, 128, 128, YuvMatrix::Bt709, false), 0xff000000u);
	EXPECT_EQ(convertOne(235, 128, 128, YuvMatrix::Bt709, false), 0xffffffffu);
	EXPECT_EQ(convertOne(235, 128, 128, YuvMatrix::Bt601, false), 0xffffffffu);
}

TEST(YuvConvert, Bt709LimitedPrimaries)
{
	/* 75% bars are common; use the 100% red of BT.709 limited: Y=63 U=102 V=240. */
	uint32_t red = convertOne(63, 102, 240, YuvMatrix::Bt709, false);
	EXPECT_NEAR(int((red >> 16) & 0xff), 255, 2);
	EXPECT_NEAR(int((red >> 8) & 0xff), 0, 2);
	EXPECT_NEAR(int(red & 0xff), 0, 2);
}

TEST(YuvConvert, Bt601LimitedPrimaries)
{
	/* BT.601 100% red: Y=81 U=90 V=240. */
	uint32_t red = convertOne(81, 90, 240, YuvMatrix::Bt601, false);
	EXPECT_NEAR(int((red >> 16) & 0xff), 255, 2);
	EXPECT_NEAR(int((red >> 8) & 0xff), 0, 2);
	EXPECT_NEAR(int(red & 0xff), 0, 2);
}

TEST(YuvConvert, CopyHonoursBothStridesAndCountsBytes)
{
	/* 4x2 visible inside a 6-byte-stride source, into an 8-byte-stride destination. */
	std::vector<uint8_t> y = { 1, 2, 3, 4, 99, 99, 5, 6, 7, 8, 99, 99 };
	std::vector<uint8_t> uv = { 10, 11, 12, 13, 99, 99 };
	std::vector<uint8_t> dy(16, 0), duv(8, 0);
	Nv12View src{ y.data(), 6, uv.data(), 6, 4, 2 };
	size_t bytes = copyNv12(src, dy.data(), 8, duv.data(), 8);
	EXPECT_EQ(bytes, 12u);
	EXPECT_EQ(dy, (std::vector<uint8_t>{ 1, 2, 3, 4, 0, 0, 0, 0, 5, 6, 7, 8, 0, 0, 0, 0 }));
	EXPECT_EQ(duv, (std::vector<uint8_t>{ 10, 11, 12, 13, 0, 0, 0, 0 }));
}

} /* namespace */
} /* namespace sluice */
