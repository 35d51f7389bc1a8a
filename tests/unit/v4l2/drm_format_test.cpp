/* SPDX-License-Identifier: MIT */
#include <drm_fourcc.h>
#include <gtest/gtest.h>
#include <linux/videodev2.h>

#include "v4l2/drm_format.h"
#include "v4l2/fourcc.h"

using namespace sluice;

namespace {

void expectMaps(uint32_t v4l2, uint32_t drm, uint64_t modifier, unsigned planes)
{
	SCOPED_TRACE(fourccToString(v4l2));
	std::optional<DrmFormat> format = drmFormatForV4l2(v4l2);
	ASSERT_TRUE(format.has_value());
	EXPECT_EQ(format->fourcc, drm);
	EXPECT_EQ(format->modifier, modifier);
	EXPECT_EQ(format->memoryPlanes, planes);
}

} /* namespace */

TEST(DrmFormat, LinearFormats)
{
	expectMaps(V4L2_PIX_FMT_NV12, DRM_FORMAT_NV12, DRM_FORMAT_MOD_LINEAR, 1);
	expectMaps(V4L2_PIX_FMT_YUV420, DRM_FORMAT_YUV420, DRM_FORMAT_MOD_LINEAR, 1);
	expectMaps(V4L2_PIX_FMT_P010, DRM_FORMAT_P010, DRM_FORMAT_MOD_LINEAR, 1);
	expectMaps(V4L2_PIX_FMT_NV15, DRM_FORMAT_NV15, DRM_FORMAT_MOD_LINEAR, 1);
}

TEST(DrmFormat, MultiPlaneVariantsKeepTheirPlaneCount)
{
	expectMaps(V4L2_PIX_FMT_NV12M, DRM_FORMAT_NV12, DRM_FORMAT_MOD_LINEAR, 2);
	expectMaps(V4L2_PIX_FMT_YUV420M, DRM_FORMAT_YUV420, DRM_FORMAT_MOD_LINEAR, 3);
}

TEST(DrmFormat, TiledFormatsCarryTheVendorModifier)
{
	expectMaps(V4L2_PIX_FMT_NV12_32L32, DRM_FORMAT_NV12, DRM_FORMAT_MOD_ALLWINNER_TILED, 1);
	expectMaps(V4L2_PIX_FMT_NV12_4L4, DRM_FORMAT_NV12, DRM_FORMAT_MOD_VIVANTE_TILED, 1);
}

TEST(DrmFormat, FourccsAreTheDocumentedCharacters)
{
	/* Guards the #ifndef fallbacks against a typo: the kernel's values, spelt out. */
	EXPECT_EQ(fourccToString(V4L2_PIX_FMT_NV15), "NV15");
	EXPECT_EQ(fourccToString(V4L2_PIX_FMT_AV1_FRAME), "AV1F");
	EXPECT_EQ(fourccToString(V4L2_PIX_FMT_NV12_32L32), "ST12");
	EXPECT_EQ(fourccToString(V4L2_PIX_FMT_NV12_4L4), "VT12");
}

TEST(DrmFormat, CodedAndUnknownFormatsHaveNoMapping)
{
	EXPECT_FALSE(drmFormatForV4l2(V4L2_PIX_FMT_H264_SLICE).has_value());
	EXPECT_FALSE(drmFormatForV4l2(V4L2_PIX_FMT_AV1_FRAME).has_value());
	EXPECT_FALSE(drmFormatForV4l2(0).has_value());
}

TEST(DrmFormat, EveryKnownFormatMaps)
{
	ASSERT_FALSE(knownV4l2PixelFormats().empty());
	for (uint32_t fourcc : knownV4l2PixelFormats()) {
		SCOPED_TRACE(fourccToString(fourcc));
		std::optional<DrmFormat> format = drmFormatForV4l2(fourcc);
		ASSERT_TRUE(format.has_value());
		EXPECT_GE(format->memoryPlanes, 1u);
		EXPECT_NE(format->modifier, DRM_FORMAT_MOD_INVALID);
	}
}

TEST(Fourcc, PrintsUnprintableAsHex)
{
	EXPECT_EQ(fourccToString(0x00000001), "0x00000001");
	EXPECT_EQ(fourccToString(v4l2_fourcc('Y', '1', '0', ' ')), "Y10");
	EXPECT_EQ(fourccToString(v4l2_fourcc_be('Y', '1', '6', ' ')), "Y16-BE");
}
