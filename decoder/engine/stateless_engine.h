/* SPDX-License-Identifier: MIT */
/*
 * StatelessEngine: drives one V4L2 stateless decoder, one picture per media request.
 *
 * It knows no codec. A codec front-end hands it, per picture, the bitstream, the filled
 * controls, the frame ids the picture reads as references, and whether the result will be a
 * reference and will be shown. The engine:
 *
 *  - negotiates formats as the stateless uAPI describes: OUTPUT coded format and size first,
 *    then the sequence controls, then the CAPTURE format chosen from what the driver offers
 *    and the renderer prefers, with strides learnt from G_FMT, never computed and never
 *    cached across configure() calls;
 *  - copies the bitstream once into an mmapped OUTPUT buffer, sets the controls on a request,
 *    queues a FREE CAPTURE slot, the OUTPUT buffer and the request;
 *  - learns completion from the request fds, polled by the application's one event loop
 *    (pollFds() + dispatch(); nothing here blocks);
 *  - pins the slots a picture reads until its decode completes, so the DPB dropping a
 *    reference early can never free a buffer the hardware is still reading;
 *  - grows the CAPTURE pool with CREATE_BUFS when the compositor holds more than planned;
 *  - resets on a stuck request (watchdog), on flush (seek), and stops cleanly on ENODEV.
 *
 * Slots are identified by their SlotPool index; pool index = slotBase + V4L2 buffer index
 * within one allocation, so retired slots of an earlier size keep their identity.
 */
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engine/slot_pool.h"
#include "v4l2/request_pool.h"
#include "v4l2/video_device.h"
#include "v4l2/video_types.h"

struct pollfd;

namespace sluice {

struct EngineConfig {
	uint32_t codedFourcc = 0; /* V4L2 coded format, e.g. V4L2_PIX_FMT_H264_SLICE */
	uint32_t width = 0;
	uint32_t height = 0;
	/* Bytes per OUTPUT buffer at first; 0: a size from the picture size. Either way a
	 * larger picture grows the buffer, up to 64 MiB. */
	uint32_t bitstreamBufferSize = 0;

	/* Pool sizing: what the codec keeps as references, what waits to be shown, and what the
	 * compositor is expected to hold at once. */
	unsigned referenceSlots = 4;
	unsigned displayDepth = 2;
	unsigned expectedCompositorHold = 2;
	unsigned maxSlots = 32;

	unsigned maxInFlight = 2;
	/* CAPTURE fourccs the presentation side accepts, best first; empty: the driver's first. */
	std::vector<uint32_t> capturePreference;
	bool exportDmaBuf = true;
	/* mmap the CAPTURE planes, for outputs that read frames on the CPU (--md5, the shm
	 * copy). A mapping nobody reads only costs memory. */
	bool mapCapture = true;
	uint32_t watchdogMs = 1000;
};

/*
 * A CAPTURE layout the presentation asks for (see StatelessEngine::setCaptureLayout()):
 * formats to try before the front-end's preference, and a bytesperline multiple an importer
 * needs (an 864-wide NV12 frame has 864-byte lines; Mesa's WSI wants multiples of 64).
 */
struct CaptureLayout {
	std::vector<uint32_t> preferredFourccs;
	uint32_t strideAlignment = 0; /* 0: whatever the driver chooses */
	bool operator==(const CaptureLayout &) const = default;
};

/*
 * Which part of a frame a submission decodes. A frame coded as two field pictures (MPEG-2,
 * H.264 PAFF) takes two requests that write ONE CAPTURE slot and share one frame id, so one
 * timestamp: references name the frame, never a field. The first field's request queues a FREE slot;
 * when it completes the slot is FIELD_PENDING (SlotPool): not shown, not yet a reference.
 * The second field's request queues that same slot again (the only re-queue of a non-FREE
 * slot the pool allows), and only its completion makes the frame DECODED, applies the
 * reference and display holds and reports it. The second field may read the first as a
 * reference: the hardware reads the slot it writes, in the other field's lines. The second
 * field waits (-EAGAIN) while the first is still in flight, since a buffer the driver
 * holds cannot be queued twice; fields are consecutive in decode order, so nothing else
 * waits behind it.
 */
enum class FieldPart : uint8_t { Frame, FirstOfPair, SecondOfPair };

struct PictureSubmission {
	uint64_t frameId = 0;
	std::span<const uint8_t> bitstream;
	std::span<const ControlValue> controls;
	/* Frame ids this picture reads; their slots stay pinned until it is decoded. */
	std::span<const uint64_t> references;
	bool isReference = false; /* the DPB keeps the result: call releaseReference() later */
	bool willDisplay = true;  /* it will be shown: call releaseDisplay() later */
	/* Slice-based decoding: another request for the same picture follows. */
	bool moreSlicesFollow = false;
	/* Field pairs: frameId of a SecondOfPair is the FirstOfPair's (see FieldPart). */
	FieldPart field = FieldPart::Frame;
};

struct DecodedPicture {
	uint64_t frameId = 0;
	uint32_t slot = 0;
	bool error = false; /* V4L2_BUF_FLAG_ERROR: shown only if the caller chooses to */
};

struct EngineStats {
	uint64_t picturesSubmitted = 0;
	uint64_t framesDecoded = 0;
	uint64_t decoderErrors = 0;
	uint64_t watchdogResets = 0;
	uint64_t flushes = 0;
	uint64_t poolGrowths = 0;
	uint64_t bytesCopiedToOutput = 0;
	DurationStats decodeLatency; /* request queued to request complete */
};

class StatelessEngine
{
public:
	using DecodedCallback = std::function<void(const DecodedPicture &)>;
	/* Told once per watchdog reset: the caller resumes at the next keyframe. */
	using ResetCallback = std::function<void(const std::string &reason)>;

	StatelessEngine();
	~StatelessEngine();

	/* Opens the video node and its media device (for requests). */
	int open(const std::string &videoPath, const std::string &mediaPath);

	/*
	 * (Re)configures for a stream: everything is negotiated afresh. sequenceControls are
	 * set as current values before the CAPTURE format is chosen, since drivers derive the
	 * CAPTURE formats they offer (bit depth, layout) from them. Must be idle (drained or
	 * flushed); slots still held from an earlier configuration stay alive until released.
	 */
	int configure(const EngineConfig &config, std::span<const ControlValue> sequenceControls);

	/*
	 * The presentation's CAPTURE layout, for this and every later configure(). While
	 * streaming it renegotiates the CAPTURE side at once, so the caller must be at a safe
	 * point: idle, flushed (no references), at a keyframe. Slots of the old layout die as
	 * their holders let go. 0 once renegotiated, whether or not the driver could honour
	 * the stride (compare captureFormat()); -errno leaves the engine unconfigured.
	 */
	int setCaptureLayout(const CaptureLayout &layout);
	const CaptureLayout &captureLayout() const { return layout_; }

	/* -EAGAIN: no request, OUTPUT buffer or CAPTURE slot free now; retry after dispatch(). */
	int submit(const PictureSubmission &picture);

	/*
	 * Whether a whole new picture can start now: an OUTPUT buffer and a request are free,
	 * and a CAPTURE slot is FREE or the pool may grow. The player asks before it feeds the
	 * front-end a packet, so a picture never stalls half-submitted on a consumer.
	 */
	bool canAcceptPicture() const;
	/*
	 * Waits up to timeoutMs for the oldest request to complete, then dispatches: for the
	 * later slices of a picture, which need only a request and an OUTPUT buffer back.
	 */
	int waitForRequest(int timeoutMs);

	/* The fds to poll (request fds with POLLPRI), and the ms until the watchdog's deadline. */
	void pollFds(std::vector<struct pollfd> *fds) const;
	int timeoutMs() const;
	/* Completes what has finished and runs the watchdog; never blocks. */
	int dispatch();

	/* Holders outside the engine. */
	int releaseReference(uint64_t frameId);
	int releaseDisplay(uint64_t frameId);
	/* VP9 show_existing_frame: shows an already submitted frame again. Takes a display hold
	 * and reports the frame through the decoded callback, now if it is decoded, else when
	 * its decode completes. -EBUSY while an earlier display of it still awaits its decode. */
	int holdForDisplay(uint64_t frameId);
	int holdCompositor(uint32_t slot);
	int releaseCompositor(uint32_t slot);
	/* A first field whose second field will not come (broken stream): its slot goes
	 * back to FREE and the frame is forgotten. -ENOENT when no such field waits. */
	int abandonFirstField(uint64_t frameId);
	/* The slot a decoded frame lives in, or -ENOENT. */
	int slotOf(uint64_t frameId) const;

	/* Stops both queues, drops everything in flight and all references (seek). */
	int flush();
	bool idle() const { return inFlight_.empty(); }
	/* configure() succeeded and the queues run. */
	bool isStreaming() const { return streaming_; }
	/* The error that stopped the engine (-ENODEV when the device vanished), or 0. */
	int fatalError() const { return fatal_; }

	void setDecodedCallback(DecodedCallback cb) { onDecoded_ = std::move(cb); }
	void setResetCallback(ResetCallback cb) { onReset_ = std::move(cb); }

	const ImageFormat &captureFormat() const { return captureFormat_; }
	/* The CAPTURE buffer behind a slot (planes, mappings, dmabuf fds); null if dead. */
	const Buffer *slotBuffer(uint32_t slot) const;
	const SlotPool &slots() const { return pool_; }
	const EngineStats &stats() const { return stats_; }
	VideoDevice &device() { return device_; }

private:
	struct InFlight {
		MediaRequest *request = nullptr;
		unsigned outputIndex = 0;
		uint64_t frameId = 0;
		int slot = -1; /* -1: a later slice of a picture whose slot is already queued */
		bool completesPicture = true;
		uint64_t queuedNs = 0;
		std::vector<uint64_t> pins;
	};

	/* What the engine knows of a frame whose slot is QUEUED or DECODED. */
	struct Frame {
		uint32_t slot = 0;
		bool decoded = false;
		/* Holds to apply when the decode completes (the pool takes no holds on QUEUED). */
		unsigned pendingReferences = 0;
		bool pendingDisplay = false;
		/* A first field: the slot waits for the second field's request (FieldPart). */
		bool awaitingSecondField = false;
		bool firstFieldError = false;
	};

	/* Replaces the free OUTPUT buffer *outputIndex, too small for needed bytes, by a
	 * larger one; -ENOSPC when none can be had. */
	int growOutput(unsigned *outputIndex, size_t needed);
	int acquireSlot();
	bool consumersHoldSlots() const;
	int growPool();
	int completeRequest();
	void completeFrame(uint64_t frameId, const DequeuedBuffer *captured);
	int pin(uint64_t frameId);
	void unpin(uint64_t frameId);
	int releaseHold(uint64_t frameId, Holder holder);
	void forgetIfFree(uint32_t slot);
	int fail(int ret, const char *what);
	void watchdog();
	int allocateCapture(unsigned count);

	VideoDevice device_;
	std::unique_ptr<RequestPool> requests_;
	uint32_t chooseCaptureFourcc(const std::vector<FormatDescription> &offered) const;
	int setCaptureFormat(uint32_t fourcc);

	EngineConfig config_;
	CaptureLayout layout_;
	bool layoutChanged_ = false; /* the next configure() renegotiates even if it fits */
	ImageFormat outputFormat_; /* as S_FMT returned it: CREATE_BUFS of larger ones */
	ImageFormat captureFormat_;
	SlotPool pool_;
	uint32_t slotBase_ = 0;
	std::vector<bool> outputFree_;
	std::deque<InFlight> inFlight_;
	std::map<uint64_t, Frame> frames_;
	std::vector<int64_t> slotFrame_; /* pool slot -> frame id, -1 when none */
	UniqueFD media_;
	bool streaming_ = false;
	bool currentPictureSlotQueued_ = false;
	int fatal_ = 0;
	EngineStats stats_;
	DecodedCallback onDecoded_;
	ResetCallback onReset_;
};

} /* namespace sluice */
