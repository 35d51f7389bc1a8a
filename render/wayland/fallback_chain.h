/* SPDX-License-Identifier: MIT */
/*
 * The presentation fallback chain, as one pure function.
 *
 * Given what the compositor advertises, what the decoder can produce, what it produces now
 * and which imports have already failed, it decides how the current frames are shown and
 * what, if anything, the player should change at its next safe point:
 *
 *   1. dmabuf, zero copy, with the pair the decoder produces (scanout tranche preferred);
 *   2. (a) another pair the decoder can produce that the compositor lists
 *          -> request "need another CAPTURE format";
 *      (b) the same pair with a padded stride, from a data-driven alignment list
 *          -> request "need stride aligned to N";
 *   3. GPU composition: EGL imports the dmabuf and draws into the video surface;
 *   4. shm: a CPU copy (NV12 if the compositor takes NV12 in shm, else XRGB8888 with a
 *      YUV->RGB conversion).
 * While a request of step 2 is pending, the current frames go through 3 or 4.
 *
 * The player may start the chain further down (--present gpu or shm, to compare the paths);
 * a path that fails still falls to the next one, and the reason says both.
 */
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "dmabuf_feedback.h"

namespace sluice {

enum class PresentationPath : uint8_t { None, DmaBuf, Egl, Shm };

std::string_view presentationPathName(PresentationPath path);

/* A CAPTURE format the decoder can produce, as DRM sees it. */
struct ProducibleFormat {
	uint32_t v4l2Fourcc = 0;
	uint32_t drmFourcc = 0;
	uint64_t modifier = 0;
	bool operator==(const ProducibleFormat &) const = default;
};

/* An import the compositor (or EGL) refused: the pair as sent and the first plane's stride. */
struct ImportFailure {
	uint32_t drmFourcc = 0;
	uint64_t modifier = 0;
	uint32_t stride = 0;
};

enum class PlayerRequest : uint8_t { None, OtherCaptureFormat, StrideAlignment };

struct ChainInput {
	bool compositorHasDmabuf = false;
	bool dmabufDisabled = false; /* the player turned zero copy off (a debugging option) */
	/* The first step tried: DmaBuf (the whole chain), Egl or Shm; startWhy says who asked. */
	PresentationPath startAt = PresentationPath::DmaBuf;
	std::string_view startWhy;
	FeedbackState feedback;
	/* Decoder's formats, best first. */
	std::span<const ProducibleFormat> producible;
	ProducibleFormat current;
	uint32_t currentStride = 0;   /* bytesperline of plane 0 */
	uint32_t currentWidth = 0;    /* pixels, to know whether padding is possible */
	std::span<const ImportFailure> failures;
	/*
	 * Stride alignments importers are known to need, smallest first (64: Mesa's WSI and
	 * most GPUs; 256: AMD). A stride that fails is retried at the next one it misses.
	 */
	std::span<const uint32_t> strideAlignments;
	/* CAPTURE changes the decoder could not make (its driver kept its own layout): the
	 * chain never asks for them again, so it moves on down instead of asking in a loop. */
	std::span<const ProducibleFormat> refusedFormats;
	std::span<const uint32_t> refusedStrideAlignments;
	bool eglAvailable = false; /* the client can import dmabufs through EGL */
	bool eglFailed = false;    /* ...and that import failed for the current pair */
	std::string eglWhyNot; /* why EGL is unavailable or failed, for the reason line */
	std::span<const uint32_t> shmFormats; /* DRM fourccs */
};

struct PathDecision {
	PresentationPath path = PresentationPath::None;
	/* DmaBuf: the pair to import (modifier may be INVALID: implicit layout). Shm: the shm
	 * format, modifier unused. */
	uint32_t fourcc = 0;
	uint64_t modifier = 0;
	bool scanout = false;

	PlayerRequest request = PlayerRequest::None;
	ProducibleFormat wanted;        /* OtherCaptureFormat */
	uint32_t strideAlignment = 0;   /* StrideAlignment */

	std::string reason; /* one line, for the log, stats and the overlay */
};

PathDecision choosePresentationPath(const ChainInput &in);

/*
 * The decoder's formats in the order to ask the decoder for them before the first frame:
 * pairs on a scanout tranche first, then pairs listed in any tranche, then the rest, each
 * group in the decoder's order. So the first CAPTURE format is already the compositor's.
 */
std::vector<ProducibleFormat> rankForCompositor(const FeedbackState &feedback,
						std::span<const ProducibleFormat> producible);

/* The alignments sluice knows importers to want; the chain's default. */
std::span<const uint32_t> defaultStrideAlignments();

/* "NV12:LINEAR" */
std::string pairName(uint32_t fourcc, uint64_t modifier);

} /* namespace sluice */
