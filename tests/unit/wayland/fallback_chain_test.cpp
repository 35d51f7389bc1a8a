/* SPDX-License-Identifier: MIT */
#include "wayland/fallback_chain.h"

#include <drm_fourcc.h>
#include <gtest/gtest.h>
#include <linux/videodev2.h>

namespace sluice {
namespace {

constexpr uint64_t kInvalid = DRM_FORMAT_MOD_INVALID;
constexpr uint64_t kLinear = DRM_FORMAT_MOD_LINEAR;

const ProducibleFormat kNv12{ V4L2_PIX_FMT_NV12, DRM_FORMAT_NV12, kLinear };
const ProducibleFormat kNv12Tiled{ V4L2_PIX_FMT_NV12_4L4, DRM_FORMAT_NV12, DRM_FORMAT_MOD_VIVANTE_TILED };
const ProducibleFormat kP010{ V4L2_PIX_FMT_P010, DRM_FORMAT_P010, kLinear };

const uint32_t kShmRgbOnly[] = { DRM_FORMAT_XRGB8888, DRM_FORMAT_ARGB8888 };
const uint32_t kShmWithNv12[] = { DRM_FORMAT_XRGB8888, DRM_FORMAT_ARGB8888, DRM_FORMAT_NV12 };

FeedbackState oneTranche(std::vector<DmabufPair> pairs, bool scanout = false)
{
	FeedbackState s;
	s.tranches.push_back({ 0, scanout, std::move(pairs) });
	return s;
}

struct Chain {
	std::vector<ProducibleFormat> producible{ kNv12 };
	std::vector<ImportFailure> failures;
	ChainInput in;

	Chain()
	{
		in.compositorHasDmabuf = true;
		in.current = kNv12;
		in.currentStride = 864;
		in.currentWidth = 864;
		in.strideAlignments = defaultStrideAlignments();
		in.shmFormats = kShmRgbOnly;
	}
	PathDecision run()
	{
		in.producible = producible;
		in.failures = failures;
		return choosePresentationPath(in);
	}
};

TEST(FallbackChain, NoDmabufGoesToShmWithTheReason)
{
	Chain c;
	c.in.compositorHasDmabuf = false;
	PathDecision d = c.run();
	EXPECT_EQ(d.path, PresentationPath::Shm);
	EXPECT_EQ(d.fourcc, DRM_FORMAT_XRGB8888);
	EXPECT_EQ(d.reason, "shm XRGB8888 conversion (compositor has no linux-dmabuf)");

	c.in.shmFormats = kShmWithNv12;
	d = c.run();
	EXPECT_EQ(d.fourcc, DRM_FORMAT_NV12) << "a plain copy beats a conversion";
	EXPECT_EQ(d.reason, "shm NV12 copy (compositor has no linux-dmabuf)");
}

TEST(FallbackChain, DisabledDmabufSaysSo)
{
	Chain c;
	c.in.feedback = oneTranche({ { DRM_FORMAT_NV12, kLinear } });
	c.in.dmabufDisabled = true;
	PathDecision d = c.run();
	EXPECT_EQ(d.path, PresentationPath::Shm);
	EXPECT_EQ(d.reason, "shm XRGB8888 conversion (dmabuf disabled by the player)");
}

TEST(FallbackChain, NoDmabufPrefersEglOverShm)
{
	Chain c;
	c.in.compositorHasDmabuf = false;
	c.in.eglAvailable = true;
	EXPECT_EQ(c.run().path, PresentationPath::Egl);
	c.in.eglFailed = true;
	EXPECT_EQ(c.run().path, PresentationPath::Shm);
}

TEST(FallbackChain, StartingAtGpuSkipsDmabufAndSaysWhoAsked)
{
	Chain c;
	c.in.feedback = oneTranche({ { DRM_FORMAT_NV12, kLinear } });
	c.in.startAt = PresentationPath::Egl;
	c.in.startWhy = "--present gpu";
	c.in.eglAvailable = true;
	PathDecision d = c.run();
	EXPECT_EQ(d.path, PresentationPath::Egl);
	EXPECT_EQ(d.reason, "egl NV12:LINEAR (--present gpu)");
	EXPECT_EQ(d.request, PlayerRequest::None) << "no CAPTURE change for a path asked for";
}

TEST(FallbackChain, AFailedGpuStartFallsToShmWithBothReasons)
{
	Chain c;
	c.in.feedback = oneTranche({ { DRM_FORMAT_NV12, kLinear } });
	c.in.startAt = PresentationPath::Egl;
	c.in.startWhy = "--present gpu";
	c.in.eglAvailable = true;
	c.in.eglFailed = true;
	c.in.eglWhyNot = "eglCreateImageKHR(R8:LINEAR, plane 0 of NV12:LINEAR): EGL_BAD_ALLOC";
	PathDecision d = c.run();
	EXPECT_EQ(d.path, PresentationPath::Shm);
	EXPECT_EQ(d.reason, "shm XRGB8888 conversion (--present gpu; egl: "
			    "eglCreateImageKHR(R8:LINEAR, plane 0 of NV12:LINEAR): EGL_BAD_ALLOC)");
}

TEST(FallbackChain, StartingAtShmNeverTriesEgl)
{
	Chain c;
	c.in.feedback = oneTranche({ { DRM_FORMAT_NV12, kLinear } });
	c.in.startAt = PresentationPath::Shm;
	c.in.startWhy = "--present shm";
	c.in.eglAvailable = true;
	c.in.shmFormats = kShmWithNv12;
	PathDecision d = c.run();
	EXPECT_EQ(d.path, PresentationPath::Shm);
	EXPECT_EQ(d.fourcc, DRM_FORMAT_NV12);
	EXPECT_EQ(d.reason, "shm NV12 copy (--present shm)");
}

TEST(FallbackChain, StartingAtDmabufIsTheWholeChain)
{
	Chain c;
	c.in.feedback = oneTranche({ { DRM_FORMAT_NV12, kLinear } });
	c.in.startAt = PresentationPath::DmaBuf;
	c.in.startWhy = "--present dmabuf";
	c.in.eglAvailable = true;
	EXPECT_EQ(c.run().path, PresentationPath::DmaBuf);
	c.in.compositorHasDmabuf = false;
	PathDecision d = c.run();
	EXPECT_EQ(d.path, PresentationPath::Egl) << "falls down the chain like auto";
	EXPECT_EQ(d.reason, "egl NV12:LINEAR (compositor has no linux-dmabuf)");
}

TEST(FallbackChain, AdvertisedPairIsZeroCopy)
{
	Chain c;
	c.in.feedback = oneTranche({ { DRM_FORMAT_NV12, kLinear } });
	PathDecision d = c.run();
	EXPECT_EQ(d.path, PresentationPath::DmaBuf);
	EXPECT_EQ(d.modifier, kLinear);
	EXPECT_EQ(d.request, PlayerRequest::None);
}

TEST(FallbackChain, LinearIsSentAsImplicitWhenOnlyInvalidIsListed)
{
	/* What Mesa 22's llvmpipe advertises: NV12 with the implicit modifier only. */
	Chain c;
	c.in.feedback = oneTranche({ { DRM_FORMAT_NV12, kInvalid } });
	PathDecision d = c.run();
	EXPECT_EQ(d.path, PresentationPath::DmaBuf);
	EXPECT_EQ(d.modifier, kInvalid);
	EXPECT_EQ(d.reason, "dmabuf NV12:INVALID (tranche 0)");
}

TEST(FallbackChain, ExactModifierBeatsImplicitInTheSameTranche)
{
	Chain c;
	c.in.feedback = oneTranche({ { DRM_FORMAT_NV12, kInvalid }, { DRM_FORMAT_NV12, kLinear } });
	EXPECT_EQ(c.run().modifier, kLinear);
}

TEST(FallbackChain, UnlistedPairAsksForAnotherCaptureFormat)
{
	Chain c;
	c.producible = { kNv12Tiled, kNv12 };
	c.in.current = kNv12Tiled;
	c.in.feedback = oneTranche({ { DRM_FORMAT_NV12, kLinear } });
	c.in.shmFormats = kShmWithNv12;
	PathDecision d = c.run();
	EXPECT_EQ(d.request, PlayerRequest::OtherCaptureFormat);
	EXPECT_EQ(d.wanted, kNv12);
	/* A tiled frame cannot be copied by the CPU: nothing to show until the switch. */
	EXPECT_EQ(d.path, PresentationPath::None);
	EXPECT_NE(d.reason.find("need another CAPTURE format: NV12:LINEAR"), std::string::npos) << d.reason;
}

TEST(FallbackChain, FailedImportAsksForAStrideAlignmentThenTheNext)
{
	/* 864-wide NV12: 864 is 32-aligned but not 64-aligned. */
	Chain c;
	c.in.feedback = oneTranche({ { DRM_FORMAT_NV12, kLinear } });
	c.failures.push_back({ DRM_FORMAT_NV12, kLinear, 864 });
	PathDecision d = c.run();
	EXPECT_EQ(d.request, PlayerRequest::StrideAlignment);
	EXPECT_EQ(d.strideAlignment, 64u);
	EXPECT_EQ(d.path, PresentationPath::Shm) << "frames until the switch are copied";
	EXPECT_NE(d.reason.find("need stride aligned to 64"), std::string::npos) << d.reason;

	/* The decoder re-pitched to 896; the new stride is tried afresh. */
	c.in.currentStride = 896;
	d = c.run();
	EXPECT_EQ(d.path, PresentationPath::DmaBuf);

	/* 896 failed too: 256 is the next rule. */
	c.failures.push_back({ DRM_FORMAT_NV12, kLinear, 896 });
	d = c.run();
	EXPECT_EQ(d.request, PlayerRequest::StrideAlignment);
	EXPECT_EQ(d.strideAlignment, 256u);

	/* 1024 satisfies every rule and still fails: compose. */
	c.in.currentStride = 1024;
	c.failures.push_back({ DRM_FORMAT_NV12, kLinear, 1024 });
	d = c.run();
	EXPECT_EQ(d.request, PlayerRequest::None);
	EXPECT_EQ(d.path, PresentationPath::Shm);
}

TEST(FallbackChain, AlignmentRulesAreData)
{
	Chain c;
	c.in.feedback = oneTranche({ { DRM_FORMAT_NV12, kLinear } });
	c.failures.push_back({ DRM_FORMAT_NV12, kLinear, 864 });
	const uint32_t onlyAmd[] = { 256 };
	c.in.strideAlignments = onlyAmd;
	EXPECT_EQ(c.run().strideAlignment, 256u);
	const uint32_t only32[] = { 32 };
	c.in.strideAlignments = only32;
	EXPECT_EQ(c.run().request, PlayerRequest::None) << "864 already meets a 32-byte rule";
}

TEST(FallbackChain, AnotherPairBeforePadding)
{
	Chain c;
	c.producible = { kNv12, kP010 };
	c.in.feedback = oneTranche({ { DRM_FORMAT_NV12, kLinear }, { DRM_FORMAT_P010, kLinear } });
	c.failures.push_back({ DRM_FORMAT_NV12, kLinear, 864 });
	PathDecision d = c.run();
	EXPECT_EQ(d.request, PlayerRequest::OtherCaptureFormat);
	EXPECT_EQ(d.wanted, kP010);
}

TEST(FallbackChain, FailedImplicitFallsBackLikeAnyFailure)
{
	Chain c;
	c.in.feedback = oneTranche({ { DRM_FORMAT_NV12, kInvalid } });
	c.in.currentStride = 896;
	c.failures.push_back({ DRM_FORMAT_NV12, kInvalid, 896 });
	c.in.eglAvailable = true;
	PathDecision d = c.run();
	EXPECT_EQ(d.path, PresentationPath::Egl);
	EXPECT_EQ(d.request, PlayerRequest::StrideAlignment);
	EXPECT_EQ(d.strideAlignment, 256u);
}

TEST(FallbackChain, ScanoutTrancheWinsOverCompositorOrder)
{
	Chain c;
	c.producible = { kNv12, kNv12Tiled };
	FeedbackState s;
	s.tranches.push_back({ 0, false, { { DRM_FORMAT_NV12, kLinear } } });
	s.tranches.push_back({ 0, true, { { DRM_FORMAT_NV12, kLinear } } });
	c.in.feedback = s;
	PathDecision d = c.run();
	EXPECT_TRUE(d.scanout);
	EXPECT_EQ(d.reason, "dmabuf NV12:LINEAR (scanout tranche)");
}

TEST(FallbackChain, TiledWithoutAnyAdvertisementAndNoLinearHasNoPath)
{
	Chain c;
	c.producible = { kNv12Tiled };
	c.in.current = kNv12Tiled;
	c.in.compositorHasDmabuf = false;
	PathDecision d = c.run();
	EXPECT_EQ(d.path, PresentationPath::None);
	EXPECT_NE(d.reason.find("tiled"), std::string::npos);
}

TEST(FallbackChain, AStrideTheDecoderCannotPadIsNotAskedForAgain)
{
	Chain c;
	c.in.feedback = oneTranche({ { DRM_FORMAT_NV12, kLinear } });
	c.failures.push_back({ DRM_FORMAT_NV12, kLinear, 864 });
	const uint32_t refused64[] = { 64 };
	c.in.refusedStrideAlignments = refused64;
	PathDecision d = c.run();
	EXPECT_EQ(d.request, PlayerRequest::StrideAlignment);
	EXPECT_EQ(d.strideAlignment, 256u) << "the next rule, not the refused one";

	const uint32_t refusedBoth[] = { 64, 256 };
	c.in.refusedStrideAlignments = refusedBoth;
	d = c.run();
	EXPECT_EQ(d.request, PlayerRequest::None);
	EXPECT_EQ(d.path, PresentationPath::Shm) << d.reason;
}

TEST(FallbackChain, AFormatTheDecoderRefusedIsNotAskedForAgain)
{
	Chain c;
	c.producible = { kNv12Tiled, kNv12 };
	c.in.current = kNv12Tiled;
	c.in.feedback = oneTranche({ { DRM_FORMAT_NV12, kLinear } });
	EXPECT_EQ(c.run().request, PlayerRequest::OtherCaptureFormat);
	const ProducibleFormat refused[] = { kNv12 };
	c.in.refusedFormats = refused;
	PathDecision d = c.run();
	EXPECT_EQ(d.request, PlayerRequest::None);
	EXPECT_NE(d.path, PresentationPath::DmaBuf);
}

TEST(FallbackChain, RankingPutsScanoutThenListedThenTheRest)
{
	FeedbackState fb;
	fb.tranches.push_back({ 0, true, { { DRM_FORMAT_P010, kLinear } } });
	fb.tranches.push_back({ 0, false, { { DRM_FORMAT_NV12, kInvalid } } });
	const ProducibleFormat decoderOrder[] = { kNv12Tiled, kNv12, kP010 };
	std::vector<ProducibleFormat> ranked = rankForCompositor(fb, decoderOrder);
	ASSERT_EQ(ranked.size(), 3u);
	EXPECT_EQ(ranked[0], kP010) << "on the scanout tranche";
	EXPECT_EQ(ranked[1], kNv12) << "listed, as the implicit modifier";
	EXPECT_EQ(ranked[2], kNv12Tiled) << "not listed: last, still offered";

	EXPECT_EQ(rankForCompositor({}, decoderOrder)[0], kNv12Tiled)
		<< "without feedback the decoder's order stands";
}

} /* namespace */
} /* namespace sluice */
