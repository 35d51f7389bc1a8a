/* SPDX-License-Identifier: MIT */
/*
 * FrameMd5: one MD5 per shown frame over its visible planes, read back from the slot's
 * mapping, printed in the layout of FFmpeg's framemd5 muxer. Planes are hashed packed
 * (visible width bytes per line, no stride padding), which is how FFmpeg hashes raw
 * frames, so users with real hardware can compare against
 * `ffmpeg -i FILE -pix_fmt nv12 -f framemd5 -`.
 */
#pragma once

#include <cstdio>
#include <string>

#include "video_output.h"

namespace sluice {

class FrameMd5
{
public:
	explicit FrameMd5(FILE *out) : out_(out) {}

	/* Hashes frame; -ENOTSUP for a CAPTURE format it cannot lay out, -EINVAL unmapped. */
	int add(const ShownFrame &frame);

	/* The hex digest of frame's visible planes, or empty when it cannot be read. */
	static std::string digest(const ShownFrame &frame);

private:
	FILE *out_;
	bool headerWritten_ = false;
	uint64_t index_ = 0;
};

} /* namespace sluice */
