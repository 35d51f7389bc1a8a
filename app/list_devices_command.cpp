/* SPDX-License-Identifier: MIT */
/*
 * sluice --list-devices [--json] [--media /dev/mediaN] [--device /dev/videoN]
 *
 * One block per stateless decoder found: identity, nodes, request support, and per coded
 * format the codec's menus and the CAPTURE formats with the DRM format each maps to.
 */
#include <cstdio>
#include <string>

#include "commands.h"
#include "json_writer.h"
#include "v4l2/decoder_probe.h"
#include "v4l2/drm_format.h"
#include "v4l2/fourcc.h"

namespace sluice {

namespace {

const char *sizeKindName(FrameSizeRange::Kind kind)
{
	switch (kind) {
	case FrameSizeRange::Kind::Discrete:
		return "discrete";
	case FrameSizeRange::Kind::Continuous:
		return "continuous";
	case FrameSizeRange::Kind::Stepwise:
		return "stepwise";
	}
	return "?";
}

std::string sizeText(const FrameSizeRange &size)
{
	char text[96];
	if (size.kind == FrameSizeRange::Kind::Discrete)
		std::snprintf(text, sizeof(text), "%ux%u", size.minWidth, size.minHeight);
	else
		std::snprintf(text, sizeof(text), "%ux%u..%ux%u step %ux%u", size.minWidth,
			      size.minHeight, size.maxWidth, size.maxHeight, size.stepWidth,
			      size.stepHeight);
	return text;
}

std::string joined(const std::vector<std::string> &items)
{
	std::string out;
	for (const std::string &item : items)
		out += (out.empty() ? "" : ", ") + item;
	return out;
}

std::string drmText(uint32_t v4l2Fourcc)
{
	std::optional<DrmFormat> drm = drmFormatForV4l2(v4l2Fourcc);
	if (!drm)
		return "no DRM mapping";
	std::string text = "DRM " + fourccToString(drm->fourcc) + " " + drmModifierName(drm->modifier);
	if (drm->memoryPlanes > 1)
		text += ", " + std::to_string(drm->memoryPlanes) + " buffers";
	return text;
}

void printText(const DiscoveryResult &result)
{
	bool first = true;
	for (const DecoderInfo &d : result.decoders) {
		if (!first)
			std::printf("\n");
		first = false;
		std::printf("%s (%s)\n", d.caps.driver.c_str(), d.caps.busInfo.c_str());
		std::printf("  card:          %s\n", d.caps.card.c_str());
		std::printf("  media node:    %s (entity '%s')\n", d.mediaNode.c_str(),
			    d.entityName.c_str());
		std::printf("  video node:    %s (%s)\n", d.videoNode.c_str(),
			    d.caps.multiplanar ? "multi-planar" : "single-planar");
		std::printf("  requests:      %s\n", d.supportsRequests ? "supported" : "NOT supported");
		std::printf("  stop command:  %s\n", d.supportsStopCommand ? "supported" : "not supported");
		std::printf("  flush command: %s\n", d.supportsFlushCommand ? "supported" : "not supported");
		std::printf("  hold capture:  %s\n",
			    d.supportsHoldCaptureBuffer ? "supported" : "not supported");
		std::printf("  driver notes:  %.*s\n", static_cast<int>(d.quirks.note.size()),
			    d.quirks.note.data());
		std::printf("  codecs:\n");
		for (const CodecSupport &c : d.codecs) {
			std::printf("    %s (%s)", c.codec.c_str(), fourccToString(c.codedFourcc).c_str());
			for (const FrameSizeRange &size : c.frameSizes)
				std::printf("  %s", sizeText(size).c_str());
			std::printf("\n");
			if (!c.parameterControlPresent)
				std::printf("      warning: the driver lacks this codec's parameter control\n");
			if (!c.profiles.empty())
				std::printf("      profiles:     %s\n", joined(c.profiles).c_str());
			if (!c.levels.empty())
				std::printf("      levels:       %s\n", joined(c.levels).c_str());
			if (!c.decodeModes.empty())
				std::printf("      decode modes: %s\n", joined(c.decodeModes).c_str());
			if (!c.startCodes.empty())
				std::printf("      start codes:  %s\n", joined(c.startCodes).c_str());
			for (const FormatDescription &f : c.captureFormats)
				std::printf("      capture:      %-6s -> %s\n",
					    fourccToString(f.fourcc).c_str(), drmText(f.fourcc).c_str());
		}
	}
}

void writeStrings(JsonWriter &json, const char *name, const std::vector<std::string> &items)
{
	json.key(name);
	json.beginArray();
	for (const std::string &item : items)
		json.value(item);
	json.endArray();
}

void printJson(const DiscoveryResult &result)
{
	JsonWriter json;
	json.beginObject();
	writeStrings(json, "media_nodes_seen", result.mediaNodesSeen);
	json.key("decoders");
	json.beginArray();
	for (const DecoderInfo &d : result.decoders) {
		json.beginObject();
		json.key("driver");
		json.value(d.caps.driver);
		json.key("card");
		json.value(d.caps.card);
		json.key("bus");
		json.value(d.caps.busInfo);
		json.key("media_node");
		json.value(d.mediaNode);
		json.key("video_node");
		json.value(d.videoNode);
		json.key("entity");
		json.value(d.entityName);
		json.key("multiplanar");
		json.value(d.caps.multiplanar);
		json.key("requests");
		json.value(d.supportsRequests);
		json.key("stop_command");
		json.value(d.supportsStopCommand);
		json.key("flush_command");
		json.value(d.supportsFlushCommand);
		json.key("hold_capture_buffer");
		json.value(d.supportsHoldCaptureBuffer);
		json.key("known_driver");
		json.value(d.quirks.known);
		json.key("driver_notes");
		json.value(d.quirks.note);

		json.key("codecs");
		json.beginArray();
		for (const CodecSupport &c : d.codecs) {
			json.beginObject();
			json.key("fourcc");
			json.value(fourccToString(c.codedFourcc));
			json.key("codec");
			json.value(c.codec);
			json.key("description");
			json.value(c.description);
			json.key("parameter_control");
			json.value(c.parameterControlPresent);
			json.key("frame_sizes");
			json.beginArray();
			for (const FrameSizeRange &s : c.frameSizes) {
				json.beginObject();
				json.key("type");
				json.value(sizeKindName(s.kind));
				json.key("min_width");
				json.value(s.minWidth);
				json.key("max_width");
				json.value(s.maxWidth);
				json.key("step_width");
				json.value(s.stepWidth);
				json.key("min_height");
				json.value(s.minHeight);
				json.key("max_height");
				json.value(s.maxHeight);
				json.key("step_height");
				json.value(s.stepHeight);
				json.endObject();
			}
			json.endArray();
			writeStrings(json, "profiles", c.profiles);
			writeStrings(json, "levels", c.levels);
			writeStrings(json, "decode_modes", c.decodeModes);
			writeStrings(json, "start_codes", c.startCodes);
			json.key("capture_formats");
			json.beginArray();
			for (const FormatDescription &f : c.captureFormats) {
				json.beginObject();
				json.key("fourcc");
				json.value(fourccToString(f.fourcc));
				json.key("description");
				json.value(f.description);
				std::optional<DrmFormat> drm = drmFormatForV4l2(f.fourcc);
				json.key("drm_fourcc");
				if (drm)
					json.value(fourccToString(drm->fourcc));
				else
					json.null();
				json.key("drm_modifier");
				if (drm)
					json.value(drmModifierName(drm->modifier));
				else
					json.null();
				json.key("memory_planes");
				if (drm)
					json.value(drm->memoryPlanes);
				else
					json.null();
				json.endObject();
			}
			json.endArray();
			json.endObject();
		}
		json.endArray();
		json.endObject();
	}
	json.endArray();
	json.endObject();
	std::fputs(json.text().c_str(), stdout);
}

} /* namespace */

int runListDevices(const Options &options)
{
	DiscoveryOptions discovery;
	discovery.mediaNode = options.media;
	discovery.videoNode = options.device;
	DiscoveryResult result = discoverDecoders(discovery);

	if (!result.error.empty()) {
		std::fprintf(stderr, "sluice: %s\n", result.error.c_str());
		return 1;
	}
	if (result.decoders.empty()) {
		std::fprintf(stderr, "sluice: no V4L2 stateless decoder found (looked at /dev/media*)\n");
		return 1;
	}

	if (options.json)
		printJson(result);
	else
		printText(result);
	return 0;
}

} /* namespace sluice */
