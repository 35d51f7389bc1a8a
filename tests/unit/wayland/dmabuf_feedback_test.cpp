/* SPDX-License-Identifier: MIT */
#include "wayland/dmabuf_feedback.h"

#include <cerrno>
#include <fcntl.h>

#include <drm_fourcc.h>
#include <gtest/gtest.h>

#include "feedback_recording.h"
#include "wayland/fallback_chain.h"

namespace sluice {
namespace {

using test::devBytes;
using test::indexBytes;
using test::makeFormatTable;

constexpr uint64_t kInvalid = DRM_FORMAT_MOD_INVALID;
constexpr uint64_t kLinear = DRM_FORMAT_MOD_LINEAR;
constexpr uint64_t kSunxi = DRM_FORMAT_MOD_ALLWINNER_TILED;

/* The table a GL compositor on an Allwinner board might send: entry order is arbitrary. */
const std::vector<DmabufPair> kTable = {
	{ DRM_FORMAT_XRGB8888, kLinear },  /* 0 */
	{ DRM_FORMAT_NV12, kLinear },      /* 1 */
	{ DRM_FORMAT_NV12, kSunxi },       /* 2 */
	{ DRM_FORMAT_ARGB8888, kLinear },  /* 3 */
	{ DRM_FORMAT_NV12, kInvalid },     /* 4 */
};

const dev_t kGpu = makedev(226, 128);
const dev_t kDisplay = makedev(226, 0);

/* Replays one batch: a scanout tranche on the display device, then the GPU's tranche. */
void sendBatch(FeedbackParser &p, bool withTable)
{
	p.mainDevice(devBytes(kGpu));
	if (withTable) {
		uint32_t size = 0;
		UniqueFD fd = makeFormatTable(kTable, &size);
		ASSERT_TRUE(fd.isValid());
		p.formatTable(std::move(fd), size);
	}
	p.trancheTargetDevice(devBytes(kDisplay));
	p.trancheFlags(ZWP_LINUX_DMABUF_FEEDBACK_V1_TRANCHE_FLAGS_SCANOUT);
	p.trancheFormats(indexBytes({ 2, 0 }));
	p.trancheDone();
	p.trancheTargetDevice(devBytes(kGpu));
	p.trancheFlags(0);
	p.trancheFormats(indexBytes({ 0, 3, 1 }));
	p.trancheFormats(indexBytes({ 4 })); /* a tranche may spread its formats over events */
	p.trancheDone();
}

TEST(FeedbackParser, AppliesTranchesInCompositorOrderOnDone)
{
	FeedbackParser p;
	sendBatch(p, true);
	EXPECT_TRUE(p.applied().tranches.empty()) << "nothing is applied before done";
	EXPECT_TRUE(p.done());

	const FeedbackState &s = p.applied();
	EXPECT_EQ(s.mainDevice, kGpu);
	ASSERT_EQ(s.tranches.size(), 2u);
	EXPECT_TRUE(s.tranches[0].scanout);
	EXPECT_EQ(s.tranches[0].targetDevice, kDisplay);
	EXPECT_EQ(s.tranches[0].pairs,
		  (std::vector<DmabufPair>{ { DRM_FORMAT_NV12, kSunxi }, { DRM_FORMAT_XRGB8888, kLinear } }));
	EXPECT_FALSE(s.tranches[1].scanout);
	EXPECT_EQ(s.tranches[1].targetDevice, kGpu);
	EXPECT_EQ(s.tranches[1].pairs,
		  (std::vector<DmabufPair>{ { DRM_FORMAT_XRGB8888, kLinear },
					    { DRM_FORMAT_ARGB8888, kLinear },
					    { DRM_FORMAT_NV12, kLinear },
					    { DRM_FORMAT_NV12, kInvalid } }));
	EXPECT_EQ(p.generation(), 1u);
}

TEST(FeedbackParser, EventsAfterDoneStayPendingUntilTheNextDone)
{
	FeedbackParser p;
	sendBatch(p, true);
	ASSERT_TRUE(p.done());
	const FeedbackState before = p.applied();

	/* A new batch (the surface moved off the scanout plane): no table, GPU tranche only. */
	p.mainDevice(devBytes(kGpu));
	p.trancheTargetDevice(devBytes(kGpu));
	p.trancheFlags(0);
	p.trancheFormats(indexBytes({ 1 }));
	p.trancheDone();
	EXPECT_EQ(p.applied(), before) << "a half-received batch leaked into the applied state";

	EXPECT_TRUE(p.done());
	ASSERT_EQ(p.applied().tranches.size(), 1u);
	EXPECT_FALSE(p.applied().tranches[0].scanout);
	/* The table from the first batch is still the one indices refer to. */
	EXPECT_EQ(p.applied().tranches[0].pairs,
		  (std::vector<DmabufPair>{ { DRM_FORMAT_NV12, kLinear } }));
}

TEST(FeedbackParser, IdenticalBatchIsNotAChange)
{
	FeedbackParser p;
	sendBatch(p, true);
	ASSERT_TRUE(p.done());
	sendBatch(p, false);
	EXPECT_FALSE(p.done());
	EXPECT_EQ(p.generation(), 2u);
}

TEST(FeedbackParser, OutOfRangeIndicesAreIgnored)
{
	FeedbackParser p;
	p.mainDevice(devBytes(kGpu));
	uint32_t size = 0;
	UniqueFD table = makeFormatTable(kTable, &size);
	p.formatTable(std::move(table), size);
	p.trancheTargetDevice(devBytes(kGpu));
	/* 5 == table size: the first index past the end (an off-by-one `<=` would read it). */
	p.trancheFormats(indexBytes({ 5, 1, 65535, 4 }));
	p.trancheDone();
	p.done();
	ASSERT_EQ(p.applied().tranches.size(), 1u);
	EXPECT_EQ(p.applied().tranches[0].pairs,
		  (std::vector<DmabufPair>{ { DRM_FORMAT_NV12, kLinear }, { DRM_FORMAT_NV12, kInvalid } }));
	EXPECT_EQ(p.badIndices(), 2u);
}

TEST(FeedbackParser, IndicesBeforeAnyTableResolveToNothing)
{
	FeedbackParser p;
	p.trancheFormats(indexBytes({ 0 }));
	p.trancheDone();
	p.done();
	ASSERT_EQ(p.applied().tranches.size(), 1u);
	EXPECT_TRUE(p.applied().tranches[0].pairs.empty());
	EXPECT_EQ(p.badIndices(), 1u);
}

TEST(FeedbackParser, MalformedTableIsRefusedAndItsFdClosed)
{
	FeedbackParser p;
	uint32_t size = 0;
	UniqueFD fd = makeFormatTable(kTable, &size);
	int raw = fd.get();
	p.formatTable(std::move(fd), size - 3); /* not a whole number of entries */
	errno = 0;
	EXPECT_EQ(fcntl(raw, F_GETFD), -1) << "the table fd must be owned (closed) at once";
	EXPECT_EQ(errno, EBADF);
	p.trancheFormats(indexBytes({ 0 }));
	p.trancheDone();
	p.done();
	EXPECT_TRUE(p.applied().tranches[0].pairs.empty());
}

TEST(FeedbackParser, ReplacedTableFdIsClosed)
{
	FeedbackParser p;
	uint32_t size = 0;
	UniqueFD first = makeFormatTable(kTable, &size);
	int raw = first.get();
	p.formatTable(std::move(first), size);
	EXPECT_NE(fcntl(raw, F_GETFD), -1) << "kept while it is the current table";
	UniqueFD second = makeFormatTable(kTable, &size);
	p.formatTable(std::move(second), size);
	EXPECT_EQ(fcntl(raw, F_GETFD), -1);
}

TEST(FeedbackParser, WrongSizedDevIsIgnored)
{
	FeedbackParser p;
	std::vector<uint8_t> shortDev = { 1, 2, 3 };
	p.mainDevice(shortDev);
	p.done();
	EXPECT_EQ(p.applied().mainDevice, 0u);
}

TEST(FeedbackParser, LegacyModifierListBecomesOneTranche)
{
	FeedbackParser p;
	std::vector<DmabufPair> mods = { { DRM_FORMAT_NV12, kInvalid }, { DRM_FORMAT_YUYV, kInvalid } };
	p.applyLegacy(mods);
	ASSERT_EQ(p.applied().tranches.size(), 1u);
	EXPECT_FALSE(p.applied().tranches[0].scanout);
	EXPECT_EQ(p.applied().tranches[0].pairs, mods);
}

/* The chosen pair for the recorded feedback: the decoder makes NV12 linear and sunxi-tiled. */
TEST(FeedbackParser, RecordedFeedbackChoosesTheScanoutPair)
{
	FeedbackParser p;
	sendBatch(p, true);
	p.done();

	const std::vector<ProducibleFormat> producible = {
		{ 0x3231564e /* V4L2 NV12 */, DRM_FORMAT_NV12, kLinear },
		{ 0x3231564d /* placeholder for NV12_32L32 */, DRM_FORMAT_NV12, kSunxi },
	};
	ChainInput in;
	in.compositorHasDmabuf = true;
	in.feedback = p.applied();
	in.producible = producible;
	in.current = producible[1];
	in.currentStride = 1920;
	PathDecision d = choosePresentationPath(in);
	EXPECT_EQ(d.path, PresentationPath::DmaBuf);
	EXPECT_EQ(d.fourcc, DRM_FORMAT_NV12);
	EXPECT_EQ(d.modifier, kSunxi);
	EXPECT_TRUE(d.scanout);
	EXPECT_EQ(d.request, PlayerRequest::None);
	EXPECT_EQ(d.reason, "dmabuf NV12:ALLWINNER_TILED (scanout tranche)");

	/* Decoding linear: zero copy through the GPU tranche, and ask for the scanout pair. */
	in.current = producible[0];
	d = choosePresentationPath(in);
	EXPECT_EQ(d.path, PresentationPath::DmaBuf);
	EXPECT_EQ(d.modifier, kLinear);
	EXPECT_FALSE(d.scanout);
	EXPECT_EQ(d.request, PlayerRequest::OtherCaptureFormat);
	EXPECT_EQ(d.wanted, producible[1]);
}

} /* namespace */
} /* namespace sluice */
