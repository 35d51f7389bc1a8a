/* SPDX-License-Identifier: MIT */
#include "demuxer.h"

#include "container_log.h"

namespace sluice {

std::string_view containerName(ContainerType type)
{
	switch (type) {
	case ContainerType::Matroska: return "matroska";
	case ContainerType::Ivf: return "ivf";
	case ContainerType::AnnexBH264: return "h264 annex-b";
	case ContainerType::AnnexBHevc: return "hevc annex-b";
	case ContainerType::Mpeg2Es: return "mpeg-2 elementary stream";
	case ContainerType::Unknown: break;
	}
	return "unknown";
}

std::string_view codecName(Codec codec)
{
	switch (codec) {
	case Codec::H264: return "h264";
	case Codec::HEVC: return "hevc";
	case Codec::VP8: return "vp8";
	case Codec::VP9: return "vp9";
	case Codec::AV1: return "av1";
	case Codec::MPEG2: return "mpeg2";
	case Codec::Unknown: break;
	}
	return "unknown";
}

DemuxStatus Demuxer::fail(std::string message)
{
	/* Keep the first error: it is the cause, later ones are consequences. */
	if (error_.empty()) {
		error_ = source_ ? source_->name() + ": " + message : message;
		LOG(Container, Error) << error_;
	}
	return DemuxStatus::Error;
}

} /* namespace sluice */
