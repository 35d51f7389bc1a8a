/* SPDX-License-Identifier: MIT */
#include "stateless_formats.h"

#include <array>
#include <linux/v4l2-controls.h>
#include <linux/videodev2.h>

#include "v4l2/fourcc.h"

namespace sluice {

namespace {

/*
 * AV1's controls arrived after the 6.1 headers we build against; their ids are fixed uAPI
 * (stateless base + 500, codec base + 655/656), so spell them out when missing.
 */
#ifndef V4L2_CID_STATELESS_AV1_SEQUENCE
#define V4L2_CID_STATELESS_AV1_SEQUENCE (V4L2_CID_CODEC_STATELESS_BASE + 500)
#endif
#ifndef V4L2_CID_MPEG_VIDEO_AV1_PROFILE
#define V4L2_CID_MPEG_VIDEO_AV1_PROFILE (V4L2_CID_CODEC_BASE + 655)
#endif
#ifndef V4L2_CID_MPEG_VIDEO_AV1_LEVEL
#define V4L2_CID_MPEG_VIDEO_AV1_LEVEL (V4L2_CID_CODEC_BASE + 656)
#endif

constexpr std::array kFormats{
	StatelessFormat{ V4L2_PIX_FMT_H264_SLICE, "H.264", V4L2_CID_STATELESS_H264_SPS,
			 V4L2_CID_MPEG_VIDEO_H264_PROFILE, V4L2_CID_MPEG_VIDEO_H264_LEVEL,
			 V4L2_CID_STATELESS_H264_DECODE_MODE, V4L2_CID_STATELESS_H264_START_CODE },
	StatelessFormat{ V4L2_PIX_FMT_HEVC_SLICE, "HEVC", V4L2_CID_STATELESS_HEVC_SPS,
			 V4L2_CID_MPEG_VIDEO_HEVC_PROFILE, V4L2_CID_MPEG_VIDEO_HEVC_LEVEL,
			 V4L2_CID_STATELESS_HEVC_DECODE_MODE, V4L2_CID_STATELESS_HEVC_START_CODE },
	StatelessFormat{ V4L2_PIX_FMT_VP8_FRAME, "VP8", V4L2_CID_STATELESS_VP8_FRAME,
			 V4L2_CID_MPEG_VIDEO_VP8_PROFILE, 0, 0, 0 },
	StatelessFormat{ V4L2_PIX_FMT_VP9_FRAME, "VP9", V4L2_CID_STATELESS_VP9_FRAME,
			 V4L2_CID_MPEG_VIDEO_VP9_PROFILE, V4L2_CID_MPEG_VIDEO_VP9_LEVEL, 0, 0 },
	StatelessFormat{ V4L2_PIX_FMT_MPEG2_SLICE, "MPEG-2", V4L2_CID_STATELESS_MPEG2_SEQUENCE,
			 V4L2_CID_MPEG_VIDEO_MPEG2_PROFILE, V4L2_CID_MPEG_VIDEO_MPEG2_LEVEL, 0, 0 },
	StatelessFormat{ V4L2_PIX_FMT_AV1_FRAME, "AV1", V4L2_CID_STATELESS_AV1_SEQUENCE,
			 V4L2_CID_MPEG_VIDEO_AV1_PROFILE, V4L2_CID_MPEG_VIDEO_AV1_LEVEL, 0, 0 },
	StatelessFormat{ V4L2_PIX_FMT_FWHT_STATELESS, "FWHT", V4L2_CID_STATELESS_FWHT_PARAMS, 0,
			 0, 0, 0 },
};

} /* namespace */

std::span<const StatelessFormat> statelessFormats()
{
	return kFormats;
}

const StatelessFormat *findStatelessFormat(uint32_t fourcc)
{
	for (const StatelessFormat &format : kFormats) {
		if (format.fourcc == fourcc)
			return &format;
	}
	return nullptr;
}

} /* namespace sluice */
