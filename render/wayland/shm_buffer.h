/* SPDX-License-Identifier: MIT */
/*
 * ShmBuffer: one wl_shm buffer in its own memfd, mapped for the CPU, with its busy state.
 *
 * Used for the 1x1 black background when wp_single_pixel_buffer_v1 is missing, and for the
 * shm fallback of the video plane. A buffer is busy from attach until wl_buffer.release and
 * is never written while busy.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "base/unique_fd.h"
#include "wl_ptr.h"

namespace sluice {

struct ShmLayout {
	uint32_t drmFourcc = 0; /* DRM_FORMAT_XRGB8888 or DRM_FORMAT_NV12 */
	uint32_t width = 0;
	uint32_t height = 0;
	uint32_t strides[2] = {};
	uint32_t offsets[2] = {};
	size_t size = 0;
	bool operator==(const ShmLayout &) const = default;
};

/* Strides rounded to 64 bytes, NV12's chroma right after its luma. */
ShmLayout shmLayoutFor(uint32_t drmFourcc, uint32_t width, uint32_t height);

class ShmBuffer
{
public:
	static std::unique_ptr<ShmBuffer> create(wl_shm *shm, const ShmLayout &layout);
	~ShmBuffer();
	ShmBuffer(const ShmBuffer &) = delete;
	ShmBuffer &operator=(const ShmBuffer &) = delete;

	wl_buffer *buffer() const { return buffer_.get(); }
	uint8_t *data() const { return data_; }
	const ShmLayout &layout() const { return layout_; }

	bool busy() const { return busy_; }
	/* Call right before wl_surface.attach. */
	void markBusy() { busy_ = true; }

private:
	ShmBuffer() = default;
	static void buffer_release(void *data, wl_buffer *buffer);
	static const wl_buffer_listener listener;

	ShmLayout layout_;
	WlPtr<wl_buffer> buffer_;
	uint8_t *data_ = nullptr;
	bool busy_ = false;
};

} /* namespace sluice */
