/* SPDX-License-Identifier: MIT */
/*
 * VideoFrame: what the player hands the presenter for one decoded picture.
 *
 * It describes a CAPTURE slot without naming the engine: the app fills it from the slot's
 * Buffer and the engine's CAPTURE format. Plane fds are borrowed from the slot (the slot
 * keeps them open for its whole life); offsets and strides come from G_FMT, never computed.
 */
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "yuv_convert.h"

namespace sluice {

struct FramePlane {
	int fd = -1;
	uint32_t offset = 0;
	uint32_t stride = 0;
};

struct VideoFrame {
	uint32_t slot = 0;
	uint32_t v4l2Fourcc = 0; /* the CAPTURE format, for the fallback chain's requests */
	uint32_t drmFourcc = 0;
	uint64_t modifier = 0;
	uint32_t width = 0; /* buffer size in pixels */
	uint32_t height = 0;
	struct {
		uint32_t x = 0, y = 0, w = 0, h = 0;
	} visible;
	std::vector<FramePlane> planes; /* colour planes: NV12 has 2, possibly on one fd */
	/* CPU mappings per colour plane, starting at the plane's first byte (shm fallback). */
	std::span<const uint8_t> planeMaps[4];
	YuvMatrix matrix = YuvMatrix::Bt709;
	bool fullRange = false;
	uint64_t ptsNs = 0;
};

} /* namespace sluice */
