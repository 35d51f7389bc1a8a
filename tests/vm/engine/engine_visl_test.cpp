/* SPDX-License-Identifier: MIT */
/*
 * The stateless engine against the real visl driver, on the virtual board.
 *
 * visl's stateless FWHT format is the smallest codec there is: one control per frame, whose
 * backward_ref_ts names the reference. A tiny front-end here plays an IPPP… stream: every
 * frame refers to the one before, the "DPB" keeps the last frame, and a consumer stands in
 * for the compositor with a configurable hold. Every submission is logged to
 * $SLUICE_VM_OUT/fwht-submitted.txt; check_fwht_trace.py then proves from visl's ftrace that
 * each request carried exactly the control queued for it.
 */
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <gtest/gtest.h>
#include <linux/media.h>
#include <linux/videodev2.h>
#include <map>
#include <poll.h>
#include <set>
#include <string>
#include <vector>

#include "engine/stateless_engine.h"
#include "fault_backend.h"
#include "v4l2/timestamp.h"
#include "visl_nodes.h"

using namespace sluice;
using sluice::test::FaultBackend;

namespace {

FILE *submissionLog()
{
	static FILE *log = [] {
		const char *out = std::getenv("SLUICE_VM_OUT");
		std::string path = std::string(out ? out : "/tmp") + "/fwht-submitted.txt";
		return std::fopen(path.c_str(), "w");
	}();
	return log;
}

/* Every test uses fresh frame ids so that the trace check can tell them apart. */
uint64_t nextFrameId = 1;

class FwhtPlayer
{
public:
	/* Frames the consumer keeps "on screen" before releasing them, counted in frames. */
	unsigned compositorHoldFrames = 1;
	/* Bytes of each frame's bitstream (visl reads none of it). */
	size_t bitstreamBytes = 4096;

	explicit FwhtPlayer(StatelessEngine &engine) : engine_(engine)
	{
		engine_.setDecodedCallback([this](const DecodedPicture &p) { decoded(p); });
		engine_.setResetCallback([this](const std::string &) { resets_++; needKeyframe_ = true; });
	}

	int configure(uint32_t width, uint32_t height, unsigned maxSlots = 32)
	{
		width_ = width;
		height_ = height;
		EngineConfig config;
		config.codedFourcc = V4L2_PIX_FMT_FWHT_STATELESS;
		config.width = width;
		config.height = height;
		config.referenceSlots = 1;
		config.displayDepth = 1;
		config.expectedCompositorHold = 1;
		config.maxInFlight = 2;
		config.maxSlots = maxSlots;
		config.watchdogMs = 300;
		config.capturePreference = { V4L2_PIX_FMT_NV12, V4L2_PIX_FMT_YUV420 };
		needKeyframe_ = true;
		return engine_.configure(config, {});
	}

	/* Submits one frame, waiting (in the poll loop) while the engine is full. */
	int submitFrame()
	{
		uint64_t id = nextFrameId++;
		bool keyframe = needKeyframe_ || !lastFrame_;

		v4l2_ctrl_fwht_params params{};
		params.backward_ref_ts = keyframe ? 0 : frameIdToNs(*lastFrame_);
		params.version = V4L2_FWHT_VERSION;
		params.width = width_;
		params.height = height_;
		params.flags = (3u << V4L2_FWHT_FL_COMPONENTS_NUM_OFFSET) | V4L2_FWHT_FL_PIXENC_YUV |
			       (keyframe ? V4L2_FWHT_FL_I_FRAME : 0);
		params.colorspace = V4L2_COLORSPACE_REC709;
		ControlValue control = ControlValue::compound(V4L2_CID_STATELESS_FWHT_PARAMS, params);

		std::vector<uint8_t> bitstream(bitstreamBytes, static_cast<uint8_t>(id));
		std::vector<uint64_t> refs;
		if (!keyframe)
			refs.push_back(*lastFrame_);

		PictureSubmission picture;
		picture.frameId = id;
		picture.bitstream = bitstream;
		picture.controls = { &control, 1 };
		picture.references = refs;
		picture.isReference = true;
		picture.willDisplay = true;

		int ret;
		while ((ret = engine_.submit(picture)) == -EAGAIN) {
			if (!pumpOnce())
				return -ETIMEDOUT;
			releaseDueFrames(true);
		}
		if (ret < 0)
			return ret;

		std::fprintf(submissionLog(), "%llu %llu %u %u %u\n", (unsigned long long)id,
			     (unsigned long long)params.backward_ref_ts, params.width, params.height,
			     params.flags);
		std::fflush(submissionLog());
		submitted_.push_back(id);

		/* The new frame replaces the old one as the only reference: the old one stays
		 * pinned by the engine until the new one is decoded. */
		if (lastFrame_)
			engine_.releaseReference(*lastFrame_);
		lastFrame_ = id;
		needKeyframe_ = false;
		return 0;
	}

	/* One round of the event loop: poll the request fds, then dispatch. */
	bool pumpOnce()
	{
		std::vector<pollfd> fds;
		engine_.pollFds(&fds);
		int timeout = engine_.timeoutMs();
		if (fds.empty() && timeout < 0)
			return false;
		::poll(fds.data(), fds.size(), timeout < 0 ? 1000 : std::min(timeout, 1000));
		engine_.dispatch();
		return engine_.fatalError() == 0;
	}

	/* Runs the loop until nothing is in flight; false on timeout or a fatal error. */
	bool drain()
	{
		for (int i = 0; i < 200 && !engine_.idle(); i++)
			if (!pumpOnce())
				break;
		return engine_.idle();
	}

	/* Lets every frame the consumer still holds go. */
	void releaseAll()
	{
		while (!screen_.empty()) {
			engine_.releaseCompositor(screen_.front());
			heldSlots_.erase(heldSlots_.find(screen_.front()));
			screen_.pop_front();
		}
		if (lastFrame_)
			engine_.releaseReference(*lastFrame_);
		lastFrame_.reset();
	}

	std::vector<uint64_t> decodedOrder;
	unsigned errors = 0;
	unsigned slotReusedWhileHeld = 0;
	unsigned resets() const { return resets_; }
	const std::vector<uint64_t> &submitted() const { return submitted_; }

private:
	void decoded(const DecodedPicture &p)
	{
		decodedOrder.push_back(p.frameId);
		errors += p.error;
		/* Independent of the pool's own check: a slot we still show must not come back. */
		if (heldSlots_.count(p.slot))
			slotReusedWhileHeld++;
		engine_.holdCompositor(p.slot);
		engine_.releaseDisplay(p.frameId);
		heldSlots_.insert(p.slot);
		screen_.push_back(p.slot);
		releaseDueFrames(false);
	}

	void releaseDueFrames(bool force)
	{
		while (screen_.size() > compositorHoldFrames || (force && screen_.size() > 0 &&
								 screen_.size() >= compositorHoldFrames)) {
			engine_.releaseCompositor(screen_.front());
			heldSlots_.erase(heldSlots_.find(screen_.front()));
			screen_.pop_front();
			if (force)
				break;
		}
	}

	StatelessEngine &engine_;
	uint32_t width_ = 0, height_ = 0;
	std::optional<uint64_t> lastFrame_;
	bool needKeyframe_ = true;
	unsigned resets_ = 0;
	std::vector<uint64_t> submitted_;
	std::deque<uint32_t> screen_;
	std::multiset<uint32_t> heldSlots_;
};

class EngineOnVisl : public ::testing::Test
{
protected:
	void SetUp() override
	{
		if (!sluice::test::findVislNodes(&nodes)) {
			if (std::getenv("SLUICE_VM"))
				FAIL() << "visl is not loaded on the virtual board";
			GTEST_SKIP() << "no visl here: run through tests/vm/run";
		}
	}

	sluice::test::VislNodes nodes;
};

TEST_F(EngineOnVisl, DecodesEveryFrameInOrderWithoutUnsafeRequeue)
{
	StatelessEngine engine;
	ASSERT_EQ(engine.open(nodes.video, nodes.media), 0);
	FwhtPlayer player(engine);
	ASSERT_EQ(player.configure(320, 240), 0);
	EXPECT_TRUE(engine.captureFormat().fourcc == V4L2_PIX_FMT_NV12 ||
		    engine.captureFormat().fourcc == V4L2_PIX_FMT_YUV420);
	EXPECT_GE(engine.captureFormat().planes[0].bytesPerLine, 320u);

	for (int i = 0; i < 30; i++)
		ASSERT_EQ(player.submitFrame(), 0) << "frame " << i;
	ASSERT_TRUE(player.drain());

	EXPECT_EQ(player.decodedOrder, player.submitted());
	EXPECT_EQ(engine.stats().framesDecoded, 30u);
	EXPECT_EQ(engine.stats().decoderErrors, 0u);
	EXPECT_EQ(engine.slots().stats().unsafeRequeues, 0u);
	EXPECT_EQ(engine.slots().stats().invariantViolations, 0u);
	EXPECT_EQ(player.slotReusedWhileHeld, 0u);
	EXPECT_GT(engine.slots().stats().requeueInterval.count(), 0u);
	EXPECT_EQ(engine.stats().bytesCopiedToOutput, 30u * 4096);

	player.releaseAll();
	EXPECT_EQ(engine.slots().countIn(SlotState::Free), engine.slots().liveCount());
}

TEST_F(EngineOnVisl, SlowConsumerMakesThePoolGrowInsteadOfReusingHeldSlots)
{
	StatelessEngine engine;
	ASSERT_EQ(engine.open(nodes.video, nodes.media), 0);
	FwhtPlayer player(engine);
	ASSERT_EQ(player.configure(320, 240), 0);
	uint32_t initial = engine.slots().liveCount();
	player.compositorHoldFrames = 10;

	for (int i = 0; i < 40; i++)
		ASSERT_EQ(player.submitFrame(), 0) << "frame " << i;
	ASSERT_TRUE(player.drain());

	EXPECT_EQ(engine.stats().framesDecoded, 40u);
	EXPECT_GT(engine.slots().liveCount(), initial) << "a 10-frame hold needs more slots";
	EXPECT_GT(engine.stats().poolGrowths, 0u);
	EXPECT_EQ(engine.slots().stats().unsafeRequeues, 0u);
	EXPECT_EQ(player.slotReusedWhileHeld, 0u);
	const DurationStats &hold =
		engine.slots().stats().holdTime[static_cast<size_t>(Holder::Compositor)];
	EXPECT_GT(hold.count(), 20u);
	std::printf("pool %u -> %u slots; compositor hold median %.2f ms; requeue interval "
		    "min/median/max %.2f/%.2f/%.2f ms\n",
		    initial, engine.slots().liveCount(), hold.medianNs() / 1e6,
		    engine.slots().stats().requeueInterval.minNs() / 1e6,
		    engine.slots().stats().requeueInterval.medianNs() / 1e6,
		    engine.slots().stats().requeueInterval.maxNs() / 1e6);
	player.releaseAll();
}

TEST_F(EngineOnVisl, PictureLargerThanTheBitstreamBufferGetsALargerOne)
{
	StatelessEngine engine;
	ASSERT_EQ(engine.open(nodes.video, nodes.media), 0);
	FwhtPlayer player(engine);
	ASSERT_EQ(player.configure(320, 240), 0);
	std::span<const Buffer> outputs = engine.device().buffers(Queue::Output);
	ASSERT_FALSE(outputs.empty());
	size_t initial = outputs[0].planes[0].length;

	for (int i = 0; i < 3; i++)
		ASSERT_EQ(player.submitFrame(), 0) << "frame " << i;
	player.bitstreamBytes = initial + 4096;
	for (int i = 0; i < 6; i++)
		ASSERT_EQ(player.submitFrame(), 0) << "large frame " << i;
	player.bitstreamBytes = 4096;
	for (int i = 0; i < 3; i++)
		ASSERT_EQ(player.submitFrame(), 0) << "frame after " << i;
	ASSERT_TRUE(player.drain());

	EXPECT_EQ(player.decodedOrder, player.submitted());
	EXPECT_EQ(engine.stats().bytesCopiedToOutput, 6u * 4096 + 6u * (initial + 4096));
	/* The large frames went to larger buffers, and no buffer was replaced twice. */
	outputs = engine.device().buffers(Queue::Output);
	size_t large = 0;
	for (const Buffer &buffer : outputs)
		large += buffer.planes[0].length >= initial + 4096;
	EXPECT_GE(large, 1u);
	EXPECT_LE(outputs.size(), 4u);
	EXPECT_EQ(engine.slots().stats().unsafeRequeues, 0u);
	player.releaseAll();
}

TEST_F(EngineOnVisl, FlushDropsWorkInFlightAndResumesAtAKeyframe)
{
	StatelessEngine engine;
	ASSERT_EQ(engine.open(nodes.video, nodes.media), 0);
	FwhtPlayer player(engine);
	ASSERT_EQ(player.configure(320, 240), 0);
	for (int i = 0; i < 6; i++)
		ASSERT_EQ(player.submitFrame(), 0);
	player.releaseAll(); /* the seek drops the references the codec kept */
	ASSERT_EQ(engine.flush(), 0);
	EXPECT_TRUE(engine.idle());
	EXPECT_EQ(engine.slots().countIn(SlotState::Queued), 0u);

	size_t before = player.decodedOrder.size();
	for (int i = 0; i < 10; i++)
		ASSERT_EQ(player.submitFrame(), 0);
	ASSERT_TRUE(player.drain());
	EXPECT_EQ(player.decodedOrder.size() - before, 10u);
	EXPECT_EQ(engine.slots().stats().unsafeRequeues, 0u);
	player.releaseAll();
	EXPECT_EQ(engine.slots().countIn(SlotState::Free), engine.slots().liveCount());
}

TEST_F(EngineOnVisl, ResolutionChangeKeepsHeldSlotsAliveAndRenegotiates)
{
	StatelessEngine engine;
	ASSERT_EQ(engine.open(nodes.video, nodes.media), 0);
	FwhtPlayer player(engine);
	ASSERT_EQ(player.configure(320, 240), 0);
	player.compositorHoldFrames = 3;
	for (int i = 0; i < 5; i++)
		ASSERT_EQ(player.submitFrame(), 0);
	ASSERT_TRUE(player.drain());
	uint32_t oldSlots = engine.slots().size();
	unsigned heldBefore = 0;
	for (uint32_t s = 0; s < oldSlots; s++)
		heldBefore += engine.slots().holds(s, Holder::Compositor) > 0;
	ASSERT_GT(heldBefore, 0u);

	ASSERT_EQ(player.configure(640, 480), 0);
	EXPECT_EQ(engine.captureFormat().width, 640u);
	EXPECT_GE(engine.captureFormat().planes[0].bytesPerLine, 640u);
	unsigned stillAlive = 0;
	for (uint32_t s = 0; s < oldSlots; s++)
		stillAlive += engine.slots().state(s) == SlotState::Decoded;
	EXPECT_EQ(stillAlive, heldBefore) << "slots on screen must survive the reallocation";

	for (int i = 0; i < 5; i++)
		ASSERT_EQ(player.submitFrame(), 0);
	ASSERT_TRUE(player.drain());
	player.releaseAll();
	for (uint32_t s = 0; s < oldSlots; s++)
		EXPECT_EQ(engine.slots().state(s), SlotState::Dead);
	EXPECT_EQ(engine.slots().stats().unsafeRequeues, 0u);
}

TEST_F(EngineOnVisl, SmallerSequenceKeepsTheSlots)
{
	StatelessEngine engine;
	ASSERT_EQ(engine.open(nodes.video, nodes.media), 0);
	FwhtPlayer player(engine);
	ASSERT_EQ(player.configure(640, 480), 0);
	for (int i = 0; i < 4; i++)
		ASSERT_EQ(player.submitFrame(), 0);
	ASSERT_TRUE(player.drain());
	uint32_t slotsBefore = engine.slots().size();

	ASSERT_EQ(player.configure(320, 240), 0);
	EXPECT_EQ(engine.slots().size(), slotsBefore) << "no reallocation for a smaller size";
	EXPECT_EQ(engine.slots().countIn(SlotState::Dead), 0u);
	EXPECT_EQ(engine.captureFormat().width, 640u) << "the buffers keep their allocation";
	for (int i = 0; i < 4; i++)
		ASSERT_EQ(player.submitFrame(), 0);
	ASSERT_TRUE(player.drain());
	EXPECT_EQ(engine.stats().framesDecoded, 8u);
	player.releaseAll();
}

TEST_F(EngineOnVisl, ErrorFlagIsCountedAndDecodingGoesOn)
{
	FaultBackend faults;
	ScopedIoctlBackend scope(faults);
	StatelessEngine engine;
	ASSERT_EQ(engine.open(nodes.video, nodes.media), 0);
	FwhtPlayer player(engine);
	ASSERT_EQ(player.configure(320, 240), 0);
	faults.arm(VIDIOC_DQBUF, 3, FaultBackend::Fault::SetErrorFlag);
	for (int i = 0; i < 8; i++)
		ASSERT_EQ(player.submitFrame(), 0);
	ASSERT_TRUE(player.drain());
	EXPECT_TRUE(faults.fired());
	EXPECT_EQ(engine.stats().decoderErrors, 1u);
	EXPECT_EQ(player.errors, 1u);
	EXPECT_EQ(engine.stats().framesDecoded, 8u);
	player.releaseAll();
}

TEST_F(EngineOnVisl, StuckRequestTripsTheWatchdogAndDecodingResumes)
{
	FaultBackend faults;
	ScopedIoctlBackend scope(faults);
	StatelessEngine engine;
	ASSERT_EQ(engine.open(nodes.video, nodes.media), 0);
	FwhtPlayer player(engine);
	ASSERT_EQ(player.configure(320, 240), 0);
	/* The 3rd request is never handed to the kernel, so it can never complete. */
	faults.arm(MEDIA_REQUEST_IOC_QUEUE, 3, FaultBackend::Fault::Swallow);
	for (int i = 0; i < 10; i++)
		ASSERT_EQ(player.submitFrame(), 0) << "frame " << i;
	ASSERT_TRUE(player.drain());
	EXPECT_TRUE(faults.fired());
	EXPECT_EQ(engine.stats().watchdogResets, 1u);
	EXPECT_EQ(player.resets(), 1u);
	EXPECT_GE(engine.stats().framesDecoded, 7u) << "decoding resumed after the reset";
	EXPECT_EQ(engine.slots().countIn(SlotState::Queued), 0u);
	EXPECT_EQ(engine.slots().stats().unsafeRequeues, 0u);
	player.releaseAll();
}

TEST_F(EngineOnVisl, VanishedDeviceStopsCleanly)
{
	FaultBackend faults;
	ScopedIoctlBackend scope(faults);
	StatelessEngine engine;
	ASSERT_EQ(engine.open(nodes.video, nodes.media), 0);
	FwhtPlayer player(engine);
	ASSERT_EQ(player.configure(320, 240), 0);
	faults.arm(VIDIOC_QBUF, 5, FaultBackend::Fault::ReturnError, -ENODEV);
	int ret = 0;
	for (int i = 0; i < 10 && ret == 0; i++)
		ret = player.submitFrame();
	EXPECT_EQ(ret, -ENODEV);
	EXPECT_EQ(engine.fatalError(), -ENODEV);
	EXPECT_EQ(engine.dispatch(), -ENODEV);
}

} /* namespace */
