/* SPDX-License-Identifier: MIT */
/*
 * Probing and discovery of V4L2 stateless decoders.
 *
 * Discovery walks /dev/media* (whatever exists, by reading the directory), reads each media
 * graph, and probes every decoder entity's video node: memory-to-memory capabilities, the
 * stateless coded formats it takes, for each of them the CAPTURE formats it gives and the
 * frame sizes, request support, the STOP command, and the codec controls with their menus.
 * Anything that is not a stateless decoder (a capture device, a converter, a stateful
 * decoder) is left out.
 */
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "v4l2/driver_quirks.h"
#include "v4l2/video_types.h"

namespace sluice {

struct CodecSupport {
	uint32_t codedFourcc = 0;
	std::string codec;        /* "H.264" */
	std::string description;  /* the driver's description of the coded format */
	std::vector<FrameSizeRange> frameSizes;
	/* CAPTURE formats after S_FMT OUTPUT to this coded format, in the driver's order. */
	std::vector<FormatDescription> captureFormats;
	bool parameterControlPresent = false; /* the codec's parameter control exists */
	/* Menu entry names, when the driver exposes the control. */
	std::vector<std::string> profiles;
	std::vector<std::string> levels;
	std::vector<std::string> decodeModes;
	std::vector<std::string> startCodes;
};

struct DecoderInfo {
	std::string mediaNode;   /* /dev/mediaN */
	std::string videoNode;   /* /dev/videoN */
	std::string entityName;  /* the decoder entity in the media graph */
	std::string mediaModel;
	DeviceCapabilities caps;
	bool supportsRequests = false;     /* V4L2_BUF_CAP_SUPPORTS_REQUESTS on OUTPUT */
	bool supportsHoldCaptureBuffer = false;
	bool supportsStopCommand = false;  /* TRY_DECODER_CMD STOP */
	bool supportsFlushCommand = false; /* TRY_DECODER_CMD FLUSH (stateless hold release) */
	std::vector<CodecSupport> codecs;
	DriverQuirks quirks;

	const CodecSupport *codec(uint32_t codedFourcc) const;
};

/*
 * Probes videoNode (paired with mediaNode) as a stateless decoder. -ENODEV when it is a
 * video node but not a stateless decoder (no M2M caps, or no stateless coded format).
 */
int probeDecoder(const std::string &mediaNode, const std::string &videoNode, DecoderInfo *info);

struct DiscoveryOptions {
	std::string devDir = "/dev";
	std::string sysRoot = "/sys";
	std::string mediaNode; /* --media: only this media device */
	std::string videoNode; /* --device: only this video node */
};

struct DiscoveryResult {
	std::vector<DecoderInfo> decoders;
	std::vector<std::string> mediaNodesSeen; /* every media node looked at */
	/* Set when an explicit --media/--device could not be used: one line, for the user. */
	std::string error;
};

/* Never fails as a whole: no decoder is an empty list (and, for overrides, an error line). */
DiscoveryResult discoverDecoders(const DiscoveryOptions &options);

/* The first decoder in result that takes codedFourcc, or null. */
const DecoderInfo *pickDecoder(const DiscoveryResult &result, uint32_t codedFourcc);

} /* namespace sluice */
