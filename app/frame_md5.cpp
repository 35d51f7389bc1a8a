/* SPDX-License-Identifier: MIT */
#include "frame_md5.h"

#include <cerrno>
#include <linux/videodev2.h>
#include <md5.h>

namespace sluice {

namespace {

struct PlaneLayout {
	const uint8_t *data;
	size_t available; /* bytes mapped from data on */
	uint32_t stride;
	uint32_t width;  /* visible bytes per line */
	uint32_t height; /* visible lines */
};

/*
 * Where each colour plane of frame lies. Single-buffer formats keep their colour planes one
 * after another in memory plane 0, each starting after the previous one's full allocated
 * height; multi-buffer formats have one memory plane each.
 */
int layoutPlanes(const ShownFrame &frame, PlaneLayout planes[3], unsigned *count)
{
	const ImageFormat &f = frame.format;
	const Buffer *buffer = frame.buffer;
	if (!buffer || buffer->planes.empty() || !buffer->planes[0].mapping)
		return -EINVAL;

	uint32_t w = frame.visible.width, h = frame.visible.height;
	uint32_t x = frame.visible.x, y = frame.visible.y;
	uint32_t stride = f.planes[0].bytesPerLine;

	auto plane = [&](unsigned memoryPlane, size_t offset, uint32_t planeStride, uint32_t bytes,
			 uint32_t lines, uint32_t xBytes, uint32_t yLines) -> PlaneLayout {
		const BufferPlane &p = buffer->planes[memoryPlane];
		size_t start = offset + size_t{ yLines } * planeStride + xBytes;
		return { p.mapping + start, p.length > start ? p.length - start : 0, planeStride, bytes,
			 lines };
	};

	switch (f.fourcc) {
	case V4L2_PIX_FMT_NV12:
		planes[0] = plane(0, 0, stride, w, h, x, y);
		planes[1] = plane(0, size_t{ stride } * f.height, stride, w, (h + 1) / 2, x, y / 2);
		*count = 2;
		break;
	case V4L2_PIX_FMT_NV12M:
		if (buffer->planes.size() < 2 || !buffer->planes[1].mapping)
			return -EINVAL;
		planes[0] = plane(0, 0, stride, w, h, x, y);
		planes[1] = plane(1, 0, f.planes[1].bytesPerLine, w, (h + 1) / 2, x, y / 2);
		*count = 2;
		break;
	case V4L2_PIX_FMT_YUV420: {
		uint32_t cstride = stride / 2;
		size_t lumaSize = size_t{ stride } * f.height;
		size_t chromaSize = size_t{ cstride } * ((f.height + 1) / 2);
		planes[0] = plane(0, 0, stride, w, h, x, y);
		planes[1] = plane(0, lumaSize, cstride, (w + 1) / 2, (h + 1) / 2, x / 2, y / 2);
		planes[2] = plane(0, lumaSize + chromaSize, cstride, (w + 1) / 2, (h + 1) / 2, x / 2,
				  y / 2);
		*count = 3;
		break;
	}
	default:
		/* Tiled and packed 10-bit layouts need de-tiling first: not hashed. */
		return -ENOTSUP;
	}
	return 0;
}

} /* namespace */

std::string FrameMd5::digest(const ShownFrame &frame)
{
	PlaneLayout planes[3];
	unsigned count = 0;
	if (layoutPlanes(frame, planes, &count) < 0)
		return {};

	MD5_CTX ctx;
	MD5Init(&ctx);
	for (unsigned i = 0; i < count; i++) {
		const PlaneLayout &p = planes[i];
		for (uint32_t line = 0; line < p.height; line++) {
			size_t start = size_t{ line } * p.stride;
			if (start + p.width > p.available)
				return {};
			MD5Update(&ctx, p.data + start, p.width);
		}
	}
	uint8_t sum[MD5_DIGEST_LENGTH];
	MD5Final(sum, &ctx);
	static const char hex[] = "0123456789abcdef";
	std::string text;
	for (uint8_t byte : sum) {
		text += hex[byte >> 4];
		text += hex[byte & 15];
	}
	return text;
}

int FrameMd5::add(const ShownFrame &frame)
{
	std::string sum = digest(frame);
	if (sum.empty())
		return -ENOTSUP;

	uint32_t w = frame.visible.width, h = frame.visible.height;
	/* 4:2:0, 8 bits: what FFmpeg's size column says for these frames. */
	uint64_t size = uint64_t{ w } * h + 2 * uint64_t{ (w + 1) / 2 } * ((h + 1) / 2);
	if (!headerWritten_) {
		std::fprintf(out_, "#format: frame checksums\n#version: 2\n#hash: MD5\n"
				   "#tb 0: 1/1000\n#media_type 0: video\n#codec_id 0: rawvideo\n"
				   "#dimensions 0: %ux%u\n#sar 0: 1/1\n"
				   "#stream#, dts,        pts, duration,     size, hash\n",
			     w, h);
		headerWritten_ = true;
	}
	long long ptsMs = frame.ptsNs / 1000000;
	std::fprintf(out_, "0, %10lld, %10lld, %8d, %8llu, %s\n", ptsMs, ptsMs, 1,
		     static_cast<unsigned long long>(size), sum.c_str());
	index_++;
	return 0;
}

} /* namespace sluice */
