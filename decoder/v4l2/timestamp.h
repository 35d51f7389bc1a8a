/* SPDX-License-Identifier: MIT */
/*
 * Frame ids as V4L2 buffer timestamps.
 *
 * Stateless decoders identify reference frames by the timestamp of the OUTPUT buffer that
 * carried them: userspace sets a struct timeval on QBUF, the driver copies it to the decoded
 * CAPTURE buffer, and codec controls name references by the u64 nanoseconds the kernel
 * derives from it (v4l2_timeval_to_ns: sec * 1e9 + usec * 1000). The engine never deals in
 * wall-clock time here: the timestamp is only a key, so this file is the ONE place that turns
 * a frame id into a timeval and into the nanosecond value the controls want, and back.
 *
 * A frame id is carried in microseconds (tv_sec = id / 1e6, tv_usec = id % 1e6), which makes
 * the nanosecond key exactly id * 1000. Ids up to kMaxFrameId round-trip exactly.
 */
#pragma once

#include <cstdint>
#include <limits>
#include <sys/time.h>

namespace sluice {

/* The largest id whose nanosecond key still fits in a u64. */
inline constexpr uint64_t kMaxFrameId = std::numeric_limits<uint64_t>::max() / 1000;

constexpr bool frameIdFits(uint64_t id)
{
	return id <= kMaxFrameId;
}

constexpr struct timeval frameIdToTimeval(uint64_t id)
{
	struct timeval tv{};
	tv.tv_sec = static_cast<decltype(tv.tv_sec)>(id / 1000000);
	tv.tv_usec = static_cast<decltype(tv.tv_usec)>(id % 1000000);
	return tv;
}

constexpr uint64_t frameIdFromTimeval(const struct timeval &tv)
{
	return static_cast<uint64_t>(tv.tv_sec) * 1000000 + static_cast<uint64_t>(tv.tv_usec);
}

/* The kernel's v4l2_timeval_to_ns(), as the reference key of the codec controls. */
constexpr uint64_t timevalToNs(const struct timeval &tv)
{
	return static_cast<uint64_t>(tv.tv_sec) * 1000000000 + static_cast<uint64_t>(tv.tv_usec) * 1000;
}

constexpr uint64_t frameIdToNs(uint64_t id)
{
	return timevalToNs(frameIdToTimeval(id));
}

/* The frame id whose key is ns; ns must be a key made by frameIdToNs(). */
constexpr uint64_t frameIdFromNs(uint64_t ns)
{
	return ns / 1000;
}

} /* namespace sluice */
