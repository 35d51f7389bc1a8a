/* SPDX-License-Identifier: MIT */
#include "wayland/compositor_probe.h"

#include <drm_fourcc.h>
#include <gtest/gtest.h>

namespace sluice {
namespace {

TEST(ProbeLayout, TestBuffersMeetTheAlignmentAndTileRules)
{
	TestLayout l;
	ASSERT_TRUE(testLayoutFor(DRM_FORMAT_NV12, DRM_FORMAT_MOD_LINEAR, 64, 64, 64, &l));
	EXPECT_EQ(l.strides[0], 64u);
	EXPECT_EQ(l.offsets[1], 64u * 64);
	EXPECT_EQ(l.size, 64u * 64 * 3 / 2);

	ASSERT_TRUE(testLayoutFor(DRM_FORMAT_NV12, DRM_FORMAT_MOD_ALLWINNER_TILED, 40, 40, 64, &l));
	EXPECT_EQ(l.offsets[1], 64u * 64) << "luma covers whole 32x32 tiles";

	ASSERT_TRUE(testLayoutFor(DRM_FORMAT_P010, DRM_FORMAT_MOD_LINEAR, 64, 64, 64, &l));
	EXPECT_EQ(l.strides[0], 128u);

	ASSERT_TRUE(testLayoutFor(DRM_FORMAT_NV15, DRM_FORMAT_MOD_LINEAR, 64, 64, 64, &l));
	EXPECT_EQ(l.strides[0], 128u) << "80 bytes of samples padded to 64";

	EXPECT_FALSE(testLayoutFor(DRM_FORMAT_YUYV, DRM_FORMAT_MOD_LINEAR, 64, 64, 64, &l));
}

} /* namespace */
} /* namespace sluice */
