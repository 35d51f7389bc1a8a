/* SPDX-License-Identifier: MIT */
#include "decoder_probe.h"

#include <cerrno>
#include <cstring>
#include <linux/videodev2.h>

#include "v4l2/device_node.h"
#include "v4l2/fourcc.h"
#include "v4l2/media_device.h"
#include "v4l2/stateless_formats.h"
#include "v4l2/v4l2_log.h"
#include "v4l2/video_device.h"

namespace sluice {

const CodecSupport *DecoderInfo::codec(uint32_t codedFourcc) const
{
	for (const CodecSupport &c : codecs) {
		if (c.codedFourcc == codedFourcc)
			return &c;
	}
	return nullptr;
}

namespace {

/*
 * A small coded size every decoder accepts: CAPTURE formats only need the OUTPUT format to
 * be a coded one, not a real stream size.
 */
constexpr uint32_t kProbeWidth = 320;
constexpr uint32_t kProbeHeight = 240;

std::vector<std::string> menuNames(VideoDevice &device, uint32_t id)
{
	std::vector<std::string> names;
	ControlInfo info;
	if (id == 0 || device.queryControl(id, &info) < 0)
		return names;
	for (const MenuEntry &entry : info.menu)
		names.push_back(entry.name.empty() ? std::to_string(entry.value) : entry.name);
	return names;
}

/* The CAPTURE formats for one coded format, on a fresh open so no earlier S_FMT lingers. */
int probeCaptureFormats(const std::string &videoNode, uint32_t coded,
			std::vector<FormatDescription> *formats)
{
	VideoDevice device;
	int ret = device.open(videoNode);
	if (ret < 0)
		return ret;
	ImageFormat format;
	format.fourcc = coded;
	format.width = kProbeWidth;
	format.height = kProbeHeight;
	ret = device.setFormat(Queue::Output, &format);
	if (ret < 0)
		return ret;
	if (format.fourcc != coded) {
		LOG(V4L2, Warn) << videoNode << ": S_FMT OUTPUT " << fourccToString(coded)
				<< " gave " << fourccToString(format.fourcc);
		return -EINVAL;
	}
	return device.enumFormats(Queue::Capture, formats);
}

} /* namespace */

int probeDecoder(const std::string &mediaNode, const std::string &videoNode, DecoderInfo *info)
{
	*info = {};
	info->mediaNode = mediaNode;
	info->videoNode = videoNode;

	VideoDevice device;
	int ret = device.open(videoNode);
	if (ret == -ENOTTY)
		return -ENODEV;
	if (ret < 0)
		return ret;
	info->caps = device.capabilities();
	info->quirks = driverQuirks(info->caps.driver);

	std::vector<FormatDescription> outputFormats;
	ret = device.enumFormats(Queue::Output, &outputFormats);
	if (ret < 0)
		return ret;

	std::vector<ControlInfo> controls;
	ret = device.queryControls(&controls);
	if (ret < 0)
		return ret;

	for (const FormatDescription &coded : outputFormats) {
		const StatelessFormat *known = findStatelessFormat(coded.fourcc);
		if (!known) {
			LOG(V4L2, Debug) << videoNode << ": OUTPUT format "
					 << fourccToString(coded.fourcc) << " is not stateless";
			continue;
		}

		CodecSupport codec;
		codec.codedFourcc = coded.fourcc;
		codec.codec = std::string(known->codec);
		codec.description = coded.description;
		ControlInfo parameters;
		codec.parameterControlPresent =
			known->requiredControl && device.queryControl(known->requiredControl, &parameters) == 0;
		codec.profiles = menuNames(device, known->profileControl);
		codec.levels = menuNames(device, known->levelControl);
		codec.decodeModes = menuNames(device, known->decodeModeControl);
		codec.startCodes = menuNames(device, known->startCodeControl);

		if (device.enumFrameSizes(coded.fourcc, &codec.frameSizes) < 0)
			codec.frameSizes.clear();
		if (probeCaptureFormats(videoNode, coded.fourcc, &codec.captureFormats) < 0)
			LOG(V4L2, Warn) << videoNode << ": no CAPTURE formats for "
					<< fourccToString(coded.fourcc);
		info->codecs.push_back(std::move(codec));
	}

	if (info->codecs.empty()) {
		LOG(V4L2, Debug) << videoNode << " (" << info->caps.driver
				 << ") takes no stateless coded format";
		return -ENODEV;
	}

	QueueCapabilities queueCaps;
	if (device.queryQueueCapabilities(Queue::Output, Memory::Mmap, &queueCaps) == 0) {
		info->supportsRequests = queueCaps.supportsRequests;
		info->supportsHoldCaptureBuffer = queueCaps.supportsHoldCaptureBuffer;
	}
	info->supportsStopCommand = device.tryDecoderCommand(DecoderCommand::Stop) == 0;
	info->supportsFlushCommand = device.tryDecoderCommand(DecoderCommand::Flush) == 0;
	return 0;
}

namespace {

/* Probes the decoders of one media device into result. */
void discoverOnMediaDevice(const std::string &mediaNode, const DiscoveryOptions &options,
			   DiscoveryResult *result, bool *videoNodeMatched)
{
	MediaDevice media;
	if (media.open(mediaNode) < 0)
		return;
	MediaGraph graph;
	if (media.readGraph(&graph) < 0)
		return;

	uint32_t wantMajor = 0, wantMinor = 0;
	bool wantNumber = !options.videoNode.empty() &&
			  charDeviceNumber(options.videoNode, &wantMajor, &wantMinor);

	for (const DecoderNode &node : findDecoderNodes(graph)) {
		const MediaInterface &intf = node.videoInterface;
		std::string videoNode = charDeviceNode(intf.major, intf.minor, options.sysRoot,
						       options.devDir);
		if (videoNode.empty()) {
			LOG(V4L2, Warn) << mediaNode << ": no device node for decoder '"
					<< node.entity.name << "' (" << intf.major << ":"
					<< intf.minor << ")";
			continue;
		}
		if (!options.videoNode.empty()) {
			bool same = wantNumber ? (intf.major == wantMajor && intf.minor == wantMinor)
					       : videoNode == options.videoNode;
			if (!same)
				continue;
			/* Keep the user's spelling of the path. */
			videoNode = options.videoNode;
			*videoNodeMatched = true;
		}

		DecoderInfo info;
		int ret = probeDecoder(mediaNode, videoNode, &info);
		if (ret < 0) {
			LOG(V4L2, Debug) << videoNode << ": not usable: " << strerror(-ret);
			continue;
		}
		info.entityName = node.entity.name;
		info.mediaModel = media.info().model;
		result->decoders.push_back(std::move(info));
	}
}

} /* namespace */

DiscoveryResult discoverDecoders(const DiscoveryOptions &options)
{
	DiscoveryResult result;
	if (!options.mediaNode.empty())
		result.mediaNodesSeen.push_back(options.mediaNode);
	else
		result.mediaNodesSeen = listDeviceNodes(options.devDir, "media");

	bool videoNodeMatched = false;
	for (const std::string &mediaNode : result.mediaNodesSeen)
		discoverOnMediaDevice(mediaNode, options, &result, &videoNodeMatched);

	if (!options.mediaNode.empty() && result.decoders.empty()) {
		MediaDevice media;
		int ret = media.open(options.mediaNode);
		result.error = ret < 0 ? options.mediaNode + ": cannot open as a media device: " +
						 strerror(-ret)
				       : options.mediaNode + " has no V4L2 stateless decoder";
	}
	if (!options.videoNode.empty() && !videoNodeMatched && result.error.empty())
		result.error = options.videoNode + " is not the video node of a decoder on " +
			       (options.mediaNode.empty() ? "any media device" : options.mediaNode);
	else if (!options.videoNode.empty() && videoNodeMatched && result.decoders.empty() &&
		 result.error.empty())
		result.error = options.videoNode + " is not a V4L2 stateless decoder";
	return result;
}

const DecoderInfo *pickDecoder(const DiscoveryResult &result, uint32_t codedFourcc)
{
	for (const DecoderInfo &decoder : result.decoders) {
		if (decoder.supportsRequests && decoder.codec(codedFourcc))
			return &decoder;
	}
	return nullptr;
}

} /* namespace sluice */
