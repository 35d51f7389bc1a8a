/* SPDX-License-Identifier: MIT */
/*
 * Our own small types for what a V4L2 memory-to-memory device describes and returns, so the
 * layers above never see a kernel struct. Fourccs and control ids are the kernel's numbers
 * (they are stable uAPI values and are what codec code speaks).
 */
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/unique_fd.h"

namespace sluice {

/* VIDEO_MAX_PLANES; checked against the header in video_device.cpp. */
inline constexpr unsigned kMaxPlanes = 8;

/* The two queues of a memory-to-memory decoder. */
enum class Queue {
	Output,  /* bitstream in (V4L2 "OUTPUT": the application outputs to the device) */
	Capture, /* decoded frames out */
};

const char *queueName(Queue queue);

struct DeviceCapabilities {
	std::string driver;
	std::string card;
	std::string busInfo;
	uint32_t version = 0;
	uint32_t deviceCaps = 0; /* V4L2_CAP_* of this node (not of the whole physical device) */
	bool memToMem = false;      /* M2M or M2M_MPLANE */
	bool multiplanar = false;   /* uses the _MPLANE buffer types */
	bool streaming = false;
};

struct FormatDescription {
	uint32_t fourcc = 0;
	uint32_t flags = 0; /* V4L2_FMT_FLAG_* */
	std::string description;
};

struct FrameSizeRange {
	enum class Kind { Discrete, Continuous, Stepwise };
	Kind kind = Kind::Discrete;
	uint32_t minWidth = 0, maxWidth = 0, stepWidth = 1;
	uint32_t minHeight = 0, maxHeight = 0, stepHeight = 1;
};

/* One memory plane's layout, always as the driver reports it (never computed here). */
struct PlaneFormat {
	uint32_t bytesPerLine = 0;
	uint32_t sizeImage = 0;
};

struct ImageFormat {
	uint32_t fourcc = 0;
	uint32_t width = 0;
	uint32_t height = 0;
	unsigned numPlanes = 1; /* memory planes */
	std::array<PlaneFormat, kMaxPlanes> planes{};
	uint32_t colorspace = 0;
	uint32_t flags = 0;
};

enum class Memory { Mmap, DmaBuf };

/* What REQBUFS/CREATE_BUFS told us about a queue. */
struct QueueCapabilities {
	uint32_t raw = 0; /* V4L2_BUF_CAP_* */
	bool supportsRequests = false;
	bool supportsHoldCaptureBuffer = false;
	bool supportsDmaBuf = false;
};

struct BufferPlane {
	size_t length = 0;     /* bytes of the plane's memory */
	uint32_t memOffset = 0; /* the mmap cookie (m.mem_offset) */
	uint8_t *mapping = nullptr; /* null when not mapped */
	UniqueFD dmabuf;        /* invalid when not exported */

	std::span<uint8_t> data() const { return { mapping, mapping ? length : 0 }; }
};

struct Buffer {
	unsigned index = 0;
	std::vector<BufferPlane> planes;
};

struct AllocationOptions {
	bool map = true;     /* mmap every plane for CPU access (bitstream writes) */
	bool exportDmaBuf = false; /* EXPBUF every plane (frames handed to EGL/KMS) */
};

/* What to QBUF. */
struct QueueParams {
	unsigned index = 0;
	/* Bytes of payload per plane; OUTPUT only (CAPTURE buffers are filled by the device). */
	std::array<uint32_t, kMaxPlanes> bytesUsed{};
	/* The reference key (see timestamp.h); OUTPUT only, copied by the driver to CAPTURE. */
	uint64_t frameId = 0;
	int requestFd = -1; /* -1: not part of a request */
	/* Keep the CAPTURE buffer for the next OUTPUT buffer too (multi-slice frames). */
	bool holdCaptureBuffer = false;
};

struct DequeuedBuffer {
	unsigned index = 0;
	unsigned numPlanes = 0;
	std::array<uint32_t, kMaxPlanes> bytesUsed{};
	uint64_t frameId = 0;  /* from the timestamp */
	uint32_t sequence = 0;
	bool error = false;    /* V4L2_BUF_FLAG_ERROR: the content is not to be trusted */
	bool last = false;     /* V4L2_BUF_FLAG_LAST: the last buffer before a drain completes */
};

struct MenuEntry {
	uint32_t index = 0;
	std::string name; /* menu controls */
	int64_t value = 0; /* integer-menu controls */
};

struct ControlInfo {
	uint32_t id = 0;
	uint32_t type = 0; /* V4L2_CTRL_TYPE_* */
	std::string name;
	int64_t minimum = 0;
	int64_t maximum = 0;
	uint64_t step = 0;
	int64_t defaultValue = 0;
	uint32_t flags = 0; /* V4L2_CTRL_FLAG_* */
	uint32_t elemSize = 0;
	uint32_t elems = 0;
	std::vector<uint32_t> dims;
	std::vector<MenuEntry> menu; /* valid entries only (drivers skip unsupported ones) */

	bool isMenu() const;
	bool isCompound() const;
	/* The name of menu entry index, or empty when it is not a valid entry. */
	std::string menuName(int64_t index) const;
};

/* A control to set: either a scalar value or a compound payload (a codec control struct). */
struct ControlValue {
	uint32_t id = 0;
	int64_t value = 0;
	std::span<const uint8_t> payload; /* non-empty: compound or array control */

	static ControlValue scalar(uint32_t id, int64_t value) { return { id, value, {} }; }
	template<typename T>
	static ControlValue compound(uint32_t id, const T &data)
	{
		return { id, 0, { reinterpret_cast<const uint8_t *>(&data), sizeof(T) } };
	}
	template<typename T>
	static ControlValue array(uint32_t id, std::span<const T> data)
	{
		return { id, 0, { reinterpret_cast<const uint8_t *>(data.data()), data.size_bytes() } };
	}
};

enum class EventType { SourceChange, EndOfStream };

struct Event {
	EventType type = EventType::SourceChange;
	bool resolutionChanged = false; /* SourceChange: V4L2_EVENT_SRC_CH_RESOLUTION */
	uint32_t sequence = 0;
	uint32_t pending = 0; /* events still queued after this one */
};

/*
 * Stop and Start are the stateful drain pair; Flush is the stateless one, releasing a CAPTURE
 * buffer held for more slices (V4L2_BUF_FLAG_M2M_HOLD_CAPTURE_BUF).
 */
enum class DecoderCommand { Stop, Start, Flush };

} /* namespace sluice */
