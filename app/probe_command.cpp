/* SPDX-License-Identifier: MIT */
/*
 * sluice --probe FILE [--track N] [--json]
 *
 * What the container layer sees in FILE: the container (told by content), every track, and
 * for video tracks codec, size, frame rate, duration and colour. Elementary streams state
 * no duration, so their packets are counted: that reads the whole file, which is what a
 * probe of a raw stream costs in any tool. The selected track's sample and display aspect
 * ratio are the ones playback uses: read from the first sequence's headers, the container's
 * display size winning over them.
 */
#include <cinttypes>
#include <cstdio>
#include <string>

#include "commands.h"
#include "container/container_log.h"
#include "container/open_demuxer.h"
#include "frontend/stream_aspect.h"
#include "json_writer.h"

namespace sluice {

namespace {

const char *rangeName(ColourDescription::Range range)
{
	switch (range) {
	case ColourDescription::Range::Limited: return "limited";
	case ColourDescription::Range::Full: return "full";
	case ColourDescription::Range::Unknown: break;
	}
	return "unknown";
}

bool isElementaryStream(ContainerType type)
{
	return type == ContainerType::AnnexBH264 || type == ContainerType::AnnexBHevc ||
	       type == ContainerType::Mpeg2Es;
}

/*
 * The container layer logs its one error line under the Container category; repeat the
 * message only when that category is silenced, so the user sees it exactly once.
 */
void reportError(const std::string &message)
{
	if (!sluiceLogCategoryContainer().enabled(LogLevel::Error))
		std::fprintf(stderr, "sluice: %s\n", message.c_str());
}

struct Counted {
	uint64_t packets = 0;
	uint64_t keyframes = 0;
	int64_t durationNs = -1;
};

/* The aspect ratios playback will use for the selected track. */
struct Aspect {
	bool known = false;
	SampleAspect sar;
	SampleAspect dar;
	bool codecRejected = false; /* the stream stated an absurd ratio, ignored */
	const char *source = "none";
};

/* Packets read before giving up on finding a sequence header. */
constexpr unsigned kAspectPacketLimit = 64;

Aspect readAspect(Demuxer &demuxer)
{
	const TrackInfo &track = demuxer.track();
	StreamAspectReader reader(track);
	Packet packet;
	for (unsigned i = 0; !reader.known() && i < kAspectPacketLimit; i++)
		if (demuxer.readPacket(&packet) != DemuxStatus::Ok || reader.feed(packet))
			break;
	Aspect aspect;
	if (!reader.known())
		return aspect;
	aspect.known = true;
	aspect.codecRejected = reader.stated().rejected;
	bool fromContainer = false;
	aspect.sar = presentedSampleAspect(track, reader.visible(), reader.stated().sar, &fromContainer);
	aspect.dar = displayAspect(reader.visible(), aspect.sar);
	aspect.source = fromContainer ? "container" : "codec";
	return aspect;
}

std::string ratioText(SampleAspect ratio)
{
	return std::to_string(ratio.num) + ":" + std::to_string(ratio.den);
}

/* Counts the packets of a raw stream; its duration is their number at the frame rate. */
bool countPackets(Demuxer &demuxer, Counted *counted)
{
	Packet packet;
	DemuxStatus status;
	while ((status = demuxer.readPacket(&packet)) == DemuxStatus::Ok) {
		/* A second field completes a frame; it is not one more. */
		if (packet.secondField)
			continue;
		counted->packets++;
		counted->keyframes += packet.keyframe;
	}
	if (status == DemuxStatus::Error)
		return false;
	Rational rate = demuxer.track().frameRate;
	if (!rate.isKnown())
		rate = { 25, 1 }; /* what the demuxer times packets at */
	double seconds = static_cast<double>(counted->packets) * rate.den / rate.num;
	counted->durationNs = seconds < 9e9 ? static_cast<int64_t>(seconds * 1e9) : -1;
	return true;
}

std::string rateText(Rational rate)
{
	if (!rate.isKnown())
		return "unknown";
	char text[64];
	std::snprintf(text, sizeof(text), "%.3f fps (%u/%u)", double(rate.num) / rate.den, rate.num, rate.den);
	return text;
}

std::string durationText(int64_t ns)
{
	if (ns < 0)
		return "unknown";
	char text[32];
	std::snprintf(text, sizeof(text), "%.3f s", ns / 1e9);
	return text;
}

void printText(const std::string &file, const Demuxer &demuxer, const Counted *counted,
	       const Aspect &aspect)
{
	std::printf("%s: %s\n", file.c_str(), std::string(containerName(demuxer.containerType())).c_str());
	for (size_t i = 0; i < demuxer.tracks().size(); i++) {
		const TrackInfo &t = demuxer.tracks()[i];
		bool selected = &t == &demuxer.track();
		if (!t.isVideo) {
			std::printf("  track %" PRIu64 ": not video (%s)\n", t.number, t.codecId.c_str());
			continue;
		}
		std::printf("  track %" PRIu64 ": video, %s (%s)%s\n", t.number,
			    std::string(codecName(t.codec)).c_str(), t.codecId.c_str(),
			    selected ? ", selected" : "");
		if (t.codedWidth && t.codedHeight)
			std::printf("    size: %ux%u\n", t.codedWidth, t.codedHeight);
		else
			std::printf("    size: unknown\n");
		std::printf("    frame rate: %s\n", rateText(t.frameRate).c_str());
		int64_t duration = t.durationNs;
		if (selected && counted && duration < 0)
			duration = counted->durationNs;
		std::printf("    duration: %s\n", durationText(duration).c_str());
		if (selected && counted)
			std::printf("    frames: %" PRIu64 " (%" PRIu64 " keyframes)\n", counted->packets,
				    counted->keyframes);
		if (selected && aspect.known)
			std::printf("    aspect: sample %s, display %s (from the %s)%s\n",
				    ratioText(aspect.sar).c_str(), ratioText(aspect.dar).c_str(),
				    aspect.source,
				    aspect.codecRejected ? "; the stream's absurd ratio is ignored" : "");
		else if (selected)
			std::printf("    aspect: unknown (no sequence header found)\n");
		if (t.colour.isSpecified())
			std::printf("    colour: matrix %u, primaries %u, transfer %u, range %s\n",
				    t.colour.matrix, t.colour.primaries, t.colour.transfer,
				    rangeName(t.colour.range));
		else
			std::printf("    colour: unspecified\n");
		if (t.vp9Profile >= 0)
			std::printf("    vp9 profile: %d\n", t.vp9Profile);
		if (t.bitDepth >= 0)
			std::printf("    bit depth: %d\n", t.bitDepth);
		if (t.nalLengthSize)
			std::printf("    parameter sets: %zu, NAL length size %u\n", t.parameterSets.size(),
				    t.nalLengthSize);
	}
}

void printJson(const std::string &file, const Demuxer &demuxer, const Counted *counted,
	       const Aspect &aspect)
{
	JsonWriter json;
	json.beginObject();
	json.key("file");
	json.value(file);
	json.key("container");
	json.value(containerName(demuxer.containerType()));
	json.key("tracks");
	json.beginArray();
	for (const TrackInfo &t : demuxer.tracks()) {
		bool selected = &t == &demuxer.track();
		json.beginObject();
		json.key("number");
		json.value(t.number);
		json.key("video");
		json.value(t.isVideo);
		json.key("codec_id");
		json.value(t.codecId);
		if (t.isVideo) {
			json.key("codec");
			json.value(codecName(t.codec));
			json.key("selected");
			json.value(selected);
			json.key("width");
			json.value(t.codedWidth);
			json.key("height");
			json.value(t.codedHeight);
			json.key("frame_rate");
			if (t.frameRate.isKnown())
				json.value(std::to_string(t.frameRate.num) + "/" + std::to_string(t.frameRate.den));
			else
				json.null();
			int64_t duration = t.durationNs;
			if (selected && counted && duration < 0)
				duration = counted->durationNs;
			json.key("duration_ns");
			if (duration >= 0)
				json.value(duration);
			else
				json.null();
			if (selected && counted) {
				json.key("frames");
				json.value(counted->packets);
			}
			if (selected) {
				json.key("sample_aspect_ratio");
				if (aspect.known)
					json.value(ratioText(aspect.sar));
				else
					json.null();
				json.key("display_aspect_ratio");
				if (aspect.known)
					json.value(ratioText(aspect.dar));
				else
					json.null();
				json.key("aspect_source");
				json.value(aspect.source);
			}
			json.key("colour");
			json.beginObject();
			json.key("matrix");
			json.value(t.colour.matrix);
			json.key("primaries");
			json.value(t.colour.primaries);
			json.key("transfer");
			json.value(t.colour.transfer);
			json.key("range");
			json.value(rangeName(t.colour.range));
			json.endObject();
		}
		json.endObject();
	}
	json.endArray();
	json.endObject();
	std::printf("%s\n", json.text().c_str());
}

} /* namespace */

int runProbe(const Options &options)
{
	if (options.file.empty()) {
		std::fprintf(stderr, "sluice: --probe needs a FILE\n");
		return 1;
	}
	OpenResult opened = openDemuxerFile(options.file, options.track);
	if (!opened.demuxer) {
		reportError(opened.error);
		return 1;
	}
	Demuxer &demuxer = *opened.demuxer;

	/* Read from a demuxer of its own, so counting starts at the first packet. */
	Aspect aspect;
	OpenResult forAspect = openDemuxerFile(options.file, options.track);
	if (forAspect.demuxer)
		aspect = readAspect(*forAspect.demuxer);

	Counted counted;
	bool count = isElementaryStream(demuxer.containerType());
	if (count && !countPackets(demuxer, &counted)) {
		reportError(demuxer.errorMessage());
		return 1;
	}
	if (options.json)
		printJson(options.file, demuxer, count ? &counted : nullptr, aspect);
	else
		printText(options.file, demuxer, count ? &counted : nullptr, aspect);
	return 0;
}

} /* namespace sluice */
