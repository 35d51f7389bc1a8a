/* SPDX-License-Identifier: MIT */
#include <linux/videodev2.h>

#include "h264_frontend.h"
#include "hevc_frontend.h"
#include "mpeg2_frontend.h"
#include "vp8_frontend.h"
#include "video_frontend.h"
#include "vp9_frontend.h"

namespace sluice {

std::unique_ptr<VideoFrontend> createFrontend(const TrackInfo &track, const DecoderInfo &decoder,
					      StatelessEngine &engine, const FrontendConfig &config,
					      std::string *error)
{
	switch (track.codec) {
	case Codec::H264:
		return std::make_unique<H264Frontend>(track, decoder, engine, config);
	case Codec::HEVC:
		return std::make_unique<HevcFrontend>(track, decoder, engine, config);
	case Codec::MPEG2:
		return std::make_unique<Mpeg2Frontend>(track, engine, config);
	case Codec::VP8:
		return std::make_unique<Vp8Frontend>(track, engine, config);
	case Codec::VP9:
		return std::make_unique<Vp9Frontend>(track, decoder, engine, config);
	default:
		*error = std::string(codecName(track.codec)) + " is not decoded yet";
		return nullptr;
	}
}

} /* namespace sluice */
