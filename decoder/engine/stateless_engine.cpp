/* SPDX-License-Identifier: MIT */
#include "stateless_engine.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <poll.h>

#include "engine_log.h"
#include "v4l2/fourcc.h"
#include "v4l2/ioctl_backend.h"

namespace sluice {

namespace {

uint64_t monotonicNs()
{
	timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return static_cast<uint64_t>(ts.tv_sec) * 1000000000u + static_cast<uint64_t>(ts.tv_nsec);
}

/* The largest bitstream buffer the engine asks for. */
constexpr uint64_t kMaxBitstreamSize = 64u << 20;

/*
 * The first bitstream buffers: a quarter of the uncompressed 4:2:0 picture, at least 1 MiB,
 * which holds the compressed pictures of ordinary streams many times over. A picture that
 * does not fit gets a larger buffer (growOutput()), so the size follows the stream: every
 * OUTPUT buffer is mmapped whole, and its pages count in the player's memory.
 */
uint32_t initialBitstreamSize(uint32_t width, uint32_t height)
{
	uint64_t bytes = uint64_t{ width } * height * 3 / 8;
	return static_cast<uint32_t>(std::clamp<uint64_t>(bytes, 1u << 20, kMaxBitstreamSize));
}

} /* namespace */

StatelessEngine::StatelessEngine() = default;

StatelessEngine::~StatelessEngine()
{
	/* A vanished device has nothing left to stop. */
	if (streaming_ && !fatal_) {
		device_.streamOff(Queue::Output);
		device_.streamOff(Queue::Capture);
	}
}

int StatelessEngine::fail(int ret, const char *what)
{
	if (ret == -ENODEV && !fatal_) {
		fatal_ = -ENODEV;
		LOG(Engine, Error) << "the decoder device disappeared (" << what << ": ENODEV)";
	}
	return ret;
}

int StatelessEngine::open(const std::string &videoPath, const std::string &mediaPath)
{
	int ret = device_.open(videoPath);
	if (ret < 0)
		return fail(ret, "open");

	int fd = ioctlBackend().open(mediaPath.c_str(), O_RDWR | O_NONBLOCK);
	if (fd < 0) {
		LOG(Engine, Error) << "cannot open media device " << mediaPath << ": " << strerror(-fd);
		return fd;
	}
	media_.reset(fd);
	return 0;
}

int StatelessEngine::allocateCapture(unsigned count)
{
	AllocationOptions options;
	options.map = config_.mapCapture;
	options.exportDmaBuf = config_.exportDmaBuf;
	QueueCapabilities caps;
	int ret = device_.allocateBuffers(Queue::Capture, count, options, &caps);
	if (ret < 0)
		return fail(ret, "CAPTURE REQBUFS");

	size_t granted = device_.buffers(Queue::Capture).size();
	slotBase_ = pool_.addSlots(static_cast<uint32_t>(granted));
	slotFrame_.resize(pool_.size(), -1);
	LOG(Engine, Info) << "CAPTURE pool: " << granted << " slots of "
			  << fourccToString(captureFormat_.fourcc) << " " << captureFormat_.width << "x"
			  << captureFormat_.height << " (asked " << count << ")";
	return 0;
}

int StatelessEngine::configure(const EngineConfig &config,
			       std::span<const ControlValue> sequenceControls)
{
	if (!inFlight_.empty()) {
		LOG(Engine, Error) << "configure() with " << inFlight_.size() << " requests in flight";
		return -EBUSY;
	}
	if (fatal_)
		return fatal_;

	/* A new sequence that fits in the buffers we have (same coded format, no larger) only
	 * needs its sequence controls: the CAPTURE slots, and whatever holds them, carry on. */
	if (streaming_ && !layoutChanged_ && config.codedFourcc == config_.codedFourcc &&
	    config.width <= captureFormat_.width && config.height <= captureFormat_.height &&
	    config.capturePreference == config_.capturePreference) {
		int ret = sequenceControls.empty() ? 0 : device_.setControls(sequenceControls);
		if (ret == 0) {
			unsigned maxSlots = config_.maxSlots;
			config_ = config;
			config_.maxSlots = std::max(maxSlots, config.maxSlots);
			LOG(Engine, Info) << "new sequence " << config.width << "x" << config.height
					  << " fits the CAPTURE buffers; keeping them";
			return 0;
		}
		/* The driver wants a full renegotiation for this sequence: do it below. */
	}
	config_ = config;
	layoutChanged_ = false;

	/* Stop and forget the previous configuration. Slots the compositor or the display still
	 * hold die when released; their memory stays alive through the exported dmabufs. */
	if (streaming_) {
		device_.streamOff(Queue::Output);
		device_.streamOff(Queue::Capture);
		streaming_ = false;
	}
	pool_.retireAll();
	device_.releaseBuffers(Queue::Capture);
	device_.releaseBuffers(Queue::Output);

	/* 1. OUTPUT: the coded format and size. */
	ImageFormat coded;
	coded.fourcc = config.codedFourcc;
	coded.width = config.width;
	coded.height = config.height;
	coded.numPlanes = 1;
	coded.planes[0].sizeImage = config.bitstreamBufferSize
					    ? config.bitstreamBufferSize
					    : initialBitstreamSize(config.width, config.height);
	int ret = device_.setFormat(Queue::Output, &coded);
	if (ret < 0)
		return fail(ret, "OUTPUT S_FMT");
	if (coded.fourcc != config.codedFourcc) {
		LOG(Engine, Error) << "the decoder does not take " << fourccToString(config.codedFourcc);
		return -EINVAL;
	}
	outputFormat_ = coded;

	/* 2. Sequence controls, before CAPTURE formats are enumerated. */
	if (!sequenceControls.empty()) {
		ret = device_.setControls(sequenceControls);
		if (ret < 0)
			return fail(ret, "sequence controls");
	}

	/* 3. CAPTURE: the renderer's best among what the driver offers now. */
	std::vector<FormatDescription> offered;
	ret = device_.enumFormats(Queue::Capture, &offered);
	if (ret < 0 || offered.empty()) {
		LOG(Engine, Error) << "the decoder offers no CAPTURE format for "
				   << fourccToString(config.codedFourcc);
		return ret < 0 ? fail(ret, "CAPTURE ENUM_FMT") : -EINVAL;
	}
	uint32_t chosen = chooseCaptureFourcc(offered);
	if (!chosen) {
		LOG(Engine, Error) << "none of the presentation's formats is offered by the decoder";
		return -EINVAL;
	}
	ret = setCaptureFormat(chosen);
	if (ret < 0)
		return ret;

	/* 4. Buffers: one OUTPUT buffer per request in flight (submit() takes both at once and
	 * completeRequest() gives both back, so a spare one would never be used), CAPTURE sized
	 * for references + display + compositor + decodes in flight. */
	AllocationOptions outputOptions;
	outputOptions.map = true;
	QueueCapabilities outputCaps;
	ret = device_.allocateBuffers(Queue::Output, config.maxInFlight, outputOptions,
				      &outputCaps);
	if (ret < 0)
		return fail(ret, "OUTPUT REQBUFS");
	if (!outputCaps.supportsRequests) {
		LOG(Engine, Error) << "the decoder's OUTPUT queue does not support requests";
		return -ENOTSUP;
	}
	outputFree_.assign(device_.buffers(Queue::Output).size(), true);

	unsigned wanted = config.referenceSlots + config.displayDepth +
			  config.expectedCompositorHold + config.maxInFlight;
	ret = allocateCapture(std::min(wanted, config.maxSlots));
	if (ret < 0)
		return ret;

	if (!requests_)
		requests_ = std::make_unique<RequestPool>(media_.get(), config.maxInFlight);

	ret = device_.streamOn(Queue::Output);
	if (ret == 0)
		ret = device_.streamOn(Queue::Capture);
	if (ret < 0)
		return fail(ret, "STREAMON");
	streaming_ = true;
	currentPictureSlotQueued_ = false;
	return 0;
}

/* The presentation's formats first, then the front-end's; the driver's first if neither
 * says anything. 0 when preferences exist and the driver offers none of them. */
uint32_t StatelessEngine::chooseCaptureFourcc(const std::vector<FormatDescription> &offered) const
{
	auto isOffered = [&](uint32_t fourcc) {
		return std::any_of(offered.begin(), offered.end(),
				   [&](const FormatDescription &f) { return f.fourcc == fourcc; });
	};
	for (uint32_t wanted : layout_.preferredFourccs)
		if (isOffered(wanted))
			return wanted;
	for (uint32_t wanted : config_.capturePreference)
		if (isOffered(wanted))
			return wanted;
	return config_.capturePreference.empty() ? offered.front().fourcc : 0;
}

/*
 * S_FMT for the coded size, then, when the layout asks for a stride alignment the driver's
 * own pitch misses, once more with padded bytesperline. Drivers that derive the pitch from
 * the width keep theirs; G_FMT says which, and the strides are always the driver's.
 */
int StatelessEngine::setCaptureFormat(uint32_t fourcc)
{
	ImageFormat capture;
	capture.fourcc = fourcc;
	capture.width = config_.width;
	capture.height = config_.height;
	int ret = device_.setFormat(Queue::Capture, &capture);
	if (ret < 0)
		return fail(ret, "CAPTURE S_FMT");

	uint32_t align = layout_.strideAlignment;
	if (align && capture.planes[0].bytesPerLine % align) {
		ImageFormat padded = capture;
		for (unsigned i = 0; i < padded.numPlanes; i++) {
			uint32_t &bpl = padded.planes[i].bytesPerLine;
			bpl = (bpl + align - 1) / align * align;
			padded.planes[i].sizeImage = 0; /* the driver recomputes it */
		}
		ret = device_.setFormat(Queue::Capture, &padded);
		if (ret < 0)
			return fail(ret, "CAPTURE S_FMT with padded bytesperline");
	}

	/* Strides and plane sizes are the driver's; read them back rather than trust S_FMT. */
	ret = device_.getFormat(Queue::Capture, &captureFormat_);
	if (ret < 0)
		return fail(ret, "CAPTURE G_FMT");
	if (align && captureFormat_.planes[0].bytesPerLine % align)
		LOG(Engine, Warn) << "the decoder keeps bytesperline "
				  << captureFormat_.planes[0].bytesPerLine << "; it cannot pad lines to "
				  << align << " bytes";
	return 0;
}

int StatelessEngine::setCaptureLayout(const CaptureLayout &layout)
{
	if (layout == layout_)
		return 0;
	layout_ = layout;
	layoutChanged_ = true;
	if (!streaming_)
		return 0; /* the first configure() applies it */
	if (!inFlight_.empty())
		return -EBUSY;
	LOG(Engine, Info) << "renegotiating CAPTURE for the presentation's layout";
	/* The sequence controls are the device's current values already. */
	EngineConfig same = config_;
	return configure(same, {});
}

int StatelessEngine::growPool()
{
	if (pool_.liveCount() >= config_.maxSlots)
		return -EAGAIN;
	AllocationOptions options;
	options.map = config_.mapCapture;
	options.exportDmaBuf = config_.exportDmaBuf;
	size_t before = device_.buffers(Queue::Capture).size();
	int ret = device_.createBuffers(Queue::Capture, 1, captureFormat_, options);
	if (ret < 0)
		return fail(ret, "CAPTURE CREATE_BUFS");
	size_t added = device_.buffers(Queue::Capture).size() - before;
	pool_.addSlots(static_cast<uint32_t>(added));
	slotFrame_.resize(pool_.size(), -1);
	stats_.poolGrowths++;
	LOG(Engine, Info) << "CAPTURE pool grew to " << pool_.liveCount()
			  << " slots: the compositor and display hold more than planned";
	return 0;
}

int StatelessEngine::growOutput(unsigned *outputIndex, size_t needed)
{
	const Buffer &small = device_.buffers(Queue::Output)[*outputIndex];
	uint64_t size = std::max<uint64_t>(needed, uint64_t{ small.planes[0].length } * 2);
	size = std::min(size, kMaxBitstreamSize);
	if (needed > size) {
		LOG(Engine, Error) << "picture of " << needed << " bytes exceeds the "
				   << kMaxBitstreamSize << "-byte bitstream buffer limit";
		return -ENOSPC;
	}

	/* CREATE_BUFS adds a larger buffer while both queues stream; the small one is retired
	 * (never free again) and stays mapped until the next configure(). */
	ImageFormat format = outputFormat_;
	format.planes[0].sizeImage = static_cast<uint32_t>(size);
	AllocationOptions options;
	options.map = true;
	size_t before = device_.buffers(Queue::Output).size();
	int ret = device_.createBuffers(Queue::Output, 1, format, options);
	if (ret < 0) {
		LOG(Engine, Error) << "no bitstream buffer of " << size << " bytes for a picture of "
				   << needed << " bytes";
		return ret == -ENODEV ? fail(ret, "OUTPUT CREATE_BUFS") : -ENOSPC;
	}
	std::span<const Buffer> buffers = device_.buffers(Queue::Output);
	if (buffers.size() == before || buffers.back().planes[0].length < needed)
		return -ENOSPC;
	outputFree_[*outputIndex] = false;
	outputFree_.resize(buffers.size(), true);
	*outputIndex = static_cast<unsigned>(buffers.size() - 1);
	LOG(Engine, Info) << "bitstream buffer grown to " << buffers.back().planes[0].length
			  << " bytes for a picture of " << needed << " bytes";
	return 0;
}

int StatelessEngine::acquireSlot()
{
	int slot = pool_.acquire();
	if (slot != -EAGAIN)
		return slot;

	/* Grow only when it is a consumer that holds the slots: if references and decodes in
	 * flight fill the pool, more buffers would not help and the sizing is wrong. */
	if (!consumersHoldSlots())
		return -EAGAIN;
	int ret = growPool();
	if (ret < 0)
		return ret;
	return pool_.acquire();
}

int StatelessEngine::pin(uint64_t frameId)
{
	auto it = frames_.find(frameId);
	if (it == frames_.end())
		return -ENOENT;
	Frame &frame = it->second;
	if (frame.decoded)
		return pool_.hold(frame.slot, Holder::References);
	frame.pendingReferences++;
	return 0;
}

void StatelessEngine::unpin(uint64_t frameId)
{
	releaseHold(frameId, Holder::References);
}

int StatelessEngine::submit(const PictureSubmission &picture)
{
	if (fatal_)
		return fatal_;
	if (!streaming_)
		return -EINVAL;
	if (picture.bitstream.empty())
		return -EINVAL;

	auto freeOutput = std::find(outputFree_.begin(), outputFree_.end(), true);
	if (freeOutput == outputFree_.end())
		return -EAGAIN;
	unsigned outputIndex = static_cast<unsigned>(freeOutput - outputFree_.begin());
	if (picture.bitstream.size() > device_.buffers(Queue::Output)[outputIndex].planes[0].length) {
		int ret = growOutput(&outputIndex, picture.bitstream.size());
		if (ret < 0)
			return ret;
	}
	const Buffer &output = device_.buffers(Queue::Output)[outputIndex];

	/* A second field decodes into its first field's slot, once that request is back. */
	bool secondField = picture.field == FieldPart::SecondOfPair;
	int slot = -1;
	if (secondField) {
		auto first = frames_.find(picture.frameId);
		if (first == frames_.end() || !first->second.awaitingSecondField) {
			LOG(Engine, Error) << "frame " << picture.frameId
					   << ": a second field without its first field";
			return -EINVAL;
		}
		if (pool_.state(first->second.slot) == SlotState::Queued)
			return -EAGAIN;
		slot = static_cast<int>(first->second.slot);
	}

	MediaRequest *request = requests_->acquire();
	if (!request)
		return -EAGAIN;

	if (secondField) {
		int ret = pool_.requeueSecondField(static_cast<uint32_t>(slot));
		if (ret < 0) {
			requests_->recycle(request);
			return ret;
		}
	} else if (!currentPictureSlotQueued_) {
		/* The first request of a picture takes a FREE slot; later slices decode into it. */
		slot = acquireSlot();
		if (slot < 0) {
			requests_->recycle(request);
			return slot;
		}
	}

	std::memcpy(output.planes[0].mapping, picture.bitstream.data(), picture.bitstream.size());
	stats_.bytesCopiedToOutput += picture.bitstream.size();

	int ret = device_.setControls(picture.controls, request->fd());
	bool captureQueued = false;
	if (ret == 0 && slot >= 0) {
		if (!pool_.mayQueue(slot)) {
			ret = -EPERM;
		} else {
			QueueParams capture;
			capture.index = static_cast<unsigned>(slot) - slotBase_;
			ret = device_.queueBuffer(Queue::Capture, capture);
			captureQueued = ret == 0;
		}
	}
	if (ret == 0) {
		QueueParams params;
		params.index = outputIndex;
		params.bytesUsed[0] = static_cast<uint32_t>(picture.bitstream.size());
		params.frameId = picture.frameId;
		params.requestFd = request->fd();
		params.holdCaptureBuffer = picture.moreSlicesFollow;
		ret = device_.queueBuffer(Queue::Output, params);
	}
	if (ret == 0)
		ret = request->queue();
	if (ret < 0) {
		LOG(Engine, Error) << "frame " << picture.frameId << " could not be queued: "
				   << strerror(-ret);
		fail(ret, "queue");
		/* A CAPTURE buffer already in the kernel comes back only through STREAMOFF. */
		if (captureQueued && !fatal_)
			flush();
		if (!fatal_)
			requests_->recycle(request);
		if (slot >= 0 && pool_.state(slot) == SlotState::Queued) {
			pool_.cancel(slot);
			forgetIfFree(static_cast<uint32_t>(slot));
		}
		return ret;
	}

	InFlight entry;
	entry.request = request;
	entry.outputIndex = outputIndex;
	entry.frameId = picture.frameId;
	entry.slot = slot;
	entry.completesPicture = !picture.moreSlicesFollow;
	entry.queuedNs = monotonicNs();
	outputFree_[outputIndex] = false;

	if (secondField) {
		frames_[picture.frameId].awaitingSecondField = false;
		for (uint64_t ref : picture.references)
			if (ref != picture.frameId && pin(ref) == 0)
				entry.pins.push_back(ref);
	} else if (slot >= 0) {
		Frame frame;
		frame.slot = static_cast<uint32_t>(slot);
		frame.pendingReferences = picture.isReference ? 1 : 0;
		frame.pendingDisplay = picture.willDisplay;
		frame.awaitingSecondField = picture.field == FieldPart::FirstOfPair;
		frames_[picture.frameId] = frame;
		slotFrame_[slot] = static_cast<int64_t>(picture.frameId);
		for (uint64_t ref : picture.references)
			if (ref != picture.frameId && pin(ref) == 0)
				entry.pins.push_back(ref);
	}
	currentPictureSlotQueued_ = picture.moreSlicesFollow;
	inFlight_.push_back(std::move(entry));
	stats_.picturesSubmitted++;
	return 0;
}

bool StatelessEngine::canAcceptPicture() const
{
	if (fatal_ || !streaming_ || !requests_)
		return false;
	if (std::find(outputFree_.begin(), outputFree_.end(), true) == outputFree_.end())
		return false;
	if (requests_->inFlight() >= requests_->maxInFlight())
		return false;
	if (pool_.countIn(SlotState::Free) > 0)
		return true;
	return pool_.liveCount() < config_.maxSlots && consumersHoldSlots();
}

bool StatelessEngine::consumersHoldSlots() const
{
	for (uint32_t s = 0; s < pool_.size(); s++)
		if (pool_.holds(s, Holder::Compositor) > 0 || pool_.holds(s, Holder::DisplayQueue) > 0)
			return true;
	return false;
}

int StatelessEngine::waitForRequest(int timeoutMs)
{
	if (inFlight_.empty())
		return dispatch();
	struct pollfd pfd = { inFlight_.front().request->fd(), POLLPRI, 0 };
	int ret = ioctlBackend().poll(&pfd, 1, timeoutMs);
	if (ret < 0 && ret != -EINTR)
		return ret;
	return dispatch();
}

void StatelessEngine::pollFds(std::vector<struct pollfd> *fds) const
{
	for (const InFlight &entry : inFlight_)
		fds->push_back({ entry.request->fd(), POLLPRI, 0 });
}

int StatelessEngine::timeoutMs() const
{
	if (inFlight_.empty())
		return -1;
	uint64_t deadline = inFlight_.front().queuedNs + uint64_t{ config_.watchdogMs } * 1000000;
	uint64_t now = monotonicNs();
	return now >= deadline ? 0 : static_cast<int>((deadline - now + 999999) / 1000000);
}

void StatelessEngine::completeFrame(uint64_t frameId, const DequeuedBuffer *captured)
{
	auto it = frames_.find(frameId);
	if (it == frames_.end())
		return;
	Frame &frame = it->second;
	if (frame.awaitingSecondField) {
		/* Half a picture: held back from display and references until the second field
		 * completes into the same slot. */
		pool_.completeFirstField(frame.slot);
		frame.firstFieldError = captured && captured->error;
		return;
	}
	HolderSet holders;
	holders.references = frame.pendingReferences > 0;
	holders.displayQueue = frame.pendingDisplay;
	pool_.complete(frame.slot, holders);
	frame.decoded = true;
	for (unsigned i = 1; i < frame.pendingReferences; i++)
		pool_.hold(frame.slot, Holder::References);
	frame.pendingReferences = 0;
	frame.pendingDisplay = false;

	stats_.framesDecoded++;
	DecodedPicture decoded;
	decoded.frameId = frameId;
	decoded.slot = frame.slot;
	decoded.error = (captured && captured->error) || frame.firstFieldError;
	if (decoded.error) {
		stats_.decoderErrors++;
		LOG(Engine, Warn) << "frame " << frameId << " decoded with an error flag";
	}
	uint32_t slot = frame.slot;
	if (holders.displayQueue && onDecoded_)
		onDecoded_(decoded);
	forgetIfFree(slot);
}

int StatelessEngine::completeRequest()
{
	InFlight entry = std::move(inFlight_.front());
	inFlight_.pop_front();
	stats_.decodeLatency.add(monotonicNs() - entry.queuedNs);

	/* The OUTPUT buffer comes back with the request. */
	DequeuedBuffer out;
	int ret = device_.dequeueBuffer(Queue::Output, &out);
	if (ret == 0 && out.index < outputFree_.size())
		outputFree_[out.index] = true;
	else if (ret < 0 && ret != -EAGAIN)
		return fail(ret, "OUTPUT DQBUF");

	if (entry.completesPicture) {
		DequeuedBuffer captured;
		ret = device_.dequeueBuffer(Queue::Capture, &captured);
		if (ret < 0)
			return fail(ret, "CAPTURE DQBUF");
		uint32_t slot = slotBase_ + captured.index;
		/* The kernel copies the OUTPUT timestamp; the slot must be the one we queued. */
		if (slot >= slotFrame_.size() ||
		    slotFrame_[slot] != static_cast<int64_t>(captured.frameId)) {
			LOG(Engine, Warn) << "CAPTURE index " << captured.index << " carries frame "
					  << captured.frameId << ", not the one queued into it";
		}
		completeFrame(captured.frameId, &captured);
	}
	for (uint64_t ref : entry.pins)
		unpin(ref);
	requests_->recycle(entry.request);
	return 0;
}

int StatelessEngine::dispatch()
{
	if (fatal_)
		return fatal_;
	/* Requests complete in queue order on an m2m device: finish from the front. */
	while (!inFlight_.empty() && inFlight_.front().request->isComplete()) {
		int ret = completeRequest();
		if (ret < 0)
			return ret;
	}
	watchdog();
	return fatal_;
}

void StatelessEngine::watchdog()
{
	if (inFlight_.empty() || timeoutMs() > 0)
		return;
	stats_.watchdogResets++;
	std::string reason = "frame " + std::to_string(inFlight_.front().frameId) +
			     " not decoded within " + std::to_string(config_.watchdogMs) + " ms";
	LOG(Engine, Warn) << "watchdog: " << reason << "; resetting the queues";
	flush();
	if (onReset_)
		onReset_(reason);
}

int StatelessEngine::flush()
{
	stats_.flushes++;
	/* STREAMOFF gives back every buffer and completes the requests that carried them. */
	device_.streamOff(Queue::Output);
	device_.streamOff(Queue::Capture);

	while (!inFlight_.empty()) {
		InFlight entry = std::move(inFlight_.front());
		inFlight_.pop_front();
		outputFree_[entry.outputIndex] = true;
		for (uint64_t ref : entry.pins)
			unpin(ref);
		requests_->recycle(entry.request);
	}
	/* Undecoded frames go back to FREE; decoded ones lose their reference and display holds
	 * (the codec starts over at the next keyframe) but keep any compositor hold. */
	for (auto it = frames_.begin(); it != frames_.end();) {
		Frame &frame = it->second;
		uint32_t slot = frame.slot;
		if (!frame.decoded) {
			pool_.cancel(slot);
		} else {
			while (pool_.holds(slot, Holder::References))
				pool_.release(slot, Holder::References);
			while (pool_.holds(slot, Holder::DisplayQueue))
				pool_.release(slot, Holder::DisplayQueue);
		}
		if (pool_.state(slot) == SlotState::Free || pool_.state(slot) == SlotState::Dead) {
			slotFrame_[slot] = -1;
			it = frames_.erase(it);
		} else {
			++it;
		}
	}
	currentPictureSlotQueued_ = false;

	int ret = device_.streamOn(Queue::Output);
	if (ret == 0)
		ret = device_.streamOn(Queue::Capture);
	return ret < 0 ? fail(ret, "STREAMON after flush") : 0;
}

void StatelessEngine::forgetIfFree(uint32_t slot)
{
	SlotState state = pool_.state(slot);
	if (state != SlotState::Free && state != SlotState::Dead)
		return;
	if (slotFrame_[slot] >= 0)
		frames_.erase(static_cast<uint64_t>(slotFrame_[slot]));
	slotFrame_[slot] = -1;
}

int StatelessEngine::releaseHold(uint64_t frameId, Holder holder)
{
	auto it = frames_.find(frameId);
	if (it == frames_.end())
		return -ENOENT;
	Frame &frame = it->second;
	if (!frame.decoded) {
		/* Dropped before its decode completed: the hold simply never starts. */
		if (holder == Holder::References && frame.pendingReferences)
			frame.pendingReferences--;
		else if (holder == Holder::DisplayQueue)
			frame.pendingDisplay = false;
		return 0;
	}
	uint32_t slot = frame.slot;
	int ret = pool_.release(slot, holder);
	forgetIfFree(slot);
	return ret;
}

int StatelessEngine::releaseReference(uint64_t frameId)
{
	return releaseHold(frameId, Holder::References);
}

int StatelessEngine::releaseDisplay(uint64_t frameId)
{
	return releaseHold(frameId, Holder::DisplayQueue);
}

int StatelessEngine::holdForDisplay(uint64_t frameId)
{
	auto it = frames_.find(frameId);
	if (it == frames_.end())
		return -ENOENT;
	Frame &frame = it->second;
	if (!frame.decoded) {
		if (frame.pendingDisplay)
			return -EBUSY;
		frame.pendingDisplay = true;
		return 0;
	}
	int ret = pool_.hold(frame.slot, Holder::DisplayQueue);
	if (ret < 0)
		return ret;
	DecodedPicture decoded;
	decoded.frameId = frameId;
	decoded.slot = frame.slot;
	if (onDecoded_)
		onDecoded_(decoded);
	return 0;
}

int StatelessEngine::holdCompositor(uint32_t slot)
{
	return pool_.hold(slot, Holder::Compositor);
}

int StatelessEngine::releaseCompositor(uint32_t slot)
{
	if (slot >= pool_.size())
		return -EINVAL;
	int ret = pool_.release(slot, Holder::Compositor);
	forgetIfFree(slot);
	return ret;
}

int StatelessEngine::abandonFirstField(uint64_t frameId)
{
	auto it = frames_.find(frameId);
	if (it == frames_.end() || !it->second.awaitingSecondField ||
	    pool_.state(it->second.slot) != SlotState::FieldPending)
		return -ENOENT;
	uint32_t slot = it->second.slot;
	pool_.cancel(slot);
	forgetIfFree(slot);
	return 0;
}

int StatelessEngine::slotOf(uint64_t frameId) const
{
	auto it = frames_.find(frameId);
	return it == frames_.end() ? -ENOENT : static_cast<int>(it->second.slot);
}

const Buffer *StatelessEngine::slotBuffer(uint32_t slot) const
{
	if (slot < slotBase_ || slot >= pool_.size() || pool_.state(slot) == SlotState::Dead)
		return nullptr;
	std::span<const Buffer> buffers = device_.buffers(Queue::Capture);
	uint32_t index = slot - slotBase_;
	return index < buffers.size() ? &buffers[index] : nullptr;
}

} /* namespace sluice */
