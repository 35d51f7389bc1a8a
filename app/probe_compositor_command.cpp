/* SPDX-License-Identifier: MIT */
/*
 * sluice --probe-compositor: for compositor developers. Every CAPTURE format the decoders
 * here can produce, as a DRM format and modifier, imported as a small test dmabuf; the
 * report says which the compositor advertises and which it really accepts.
 */
#include <cstdio>
#include <cstring>
#include <set>

#include "commands.h"
#include "v4l2/decoder_probe.h"
#include "v4l2/drm_format.h"
#include "wayland/compositor_probe.h"
#include "wayland/display.h"

namespace sluice {

int runProbeCompositor(const Options &options)
{
	DiscoveryOptions discovery;
	discovery.mediaNode = options.media;
	discovery.videoNode = options.device;
	DiscoveryResult found = discoverDecoders(discovery);

	std::vector<ProducibleFormat> producible;
	std::set<uint32_t> seen;
	for (const DecoderInfo &decoder : found.decoders)
		for (const CodecSupport &codec : decoder.codecs)
			for (const FormatDescription &format : codec.captureFormats) {
				std::optional<DrmFormat> drm = drmFormatForV4l2(format.fourcc);
				if (drm && seen.insert(format.fourcc).second)
					producible.push_back({ format.fourcc, drm->fourcc, drm->modifier });
			}
	if (producible.empty()) {
		std::fprintf(stderr, "sluice: no decoder here produces a format to probe with "
				     "(see sluice --list-devices)\n");
		return 1;
	}

	int error = 0;
	std::unique_ptr<Display> display = Display::connect(nullptr, &error);
	if (!display) {
		std::fprintf(stderr, "sluice: cannot connect to the Wayland compositor: %s\n",
			     std::strerror(-error));
		return 1;
	}
	ProbeReport report;
	int ret = probeCompositor(*display, producible, &report);
	std::fputs(formatProbeReport(report).c_str(), stdout);
	if (ret < 0) {
		std::fprintf(stderr, "sluice: the probe failed: %s\n", std::strerror(-ret));
		return 1;
	}
	return 0;
}

} /* namespace sluice */
