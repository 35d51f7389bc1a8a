/* SPDX-License-Identifier: MIT */
/*
 * demux-bench FILE [--dump] [--seek MS] [--track N]: demuxes FILE through the container
 * layer and prints packets per second and megabytes per second. --dump lists every packet
 * (offset, size, pts, flags) instead, which is handy when comparing with ffprobe by eye.
 */
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "container/open_demuxer.h"

using namespace sluice;

int main(int argc, char **argv)
{
	const char *path = nullptr;
	bool dump = false;
	int track = -1;
	int64_t seekMs = -1;
	for (int i = 1; i < argc; i++) {
		if (!std::strcmp(argv[i], "--dump"))
			dump = true;
		else if (!std::strcmp(argv[i], "--seek") && i + 1 < argc)
			seekMs = std::strtoll(argv[++i], nullptr, 10);
		else if (!std::strcmp(argv[i], "--track") && i + 1 < argc)
			track = std::atoi(argv[++i]);
		else
			path = argv[i];
	}
	if (!path) {
		std::fprintf(stderr, "usage: demux-bench FILE [--dump] [--seek MS] [--track N]\n");
		return 2;
	}

	auto start = std::chrono::steady_clock::now();
	OpenResult opened = openDemuxerFile(path, track);
	if (!opened.demuxer) {
		std::fprintf(stderr, "demux-bench: %s\n", opened.error.c_str());
		return 1;
	}
	Demuxer &demuxer = *opened.demuxer;
	if (seekMs >= 0 && demuxer.seek(seekMs * 1000000) != DemuxStatus::Ok) {
		std::fprintf(stderr, "demux-bench: %s\n", demuxer.errorMessage().c_str());
		return 1;
	}

	Packet packet;
	uint64_t packets = 0, bytes = 0;
	DemuxStatus status;
	while ((status = demuxer.readPacket(&packet)) == DemuxStatus::Ok) {
		packets++;
		bytes += packet.data.size();
		if (dump)
			std::printf("%" PRIu64 " offset=%" PRIu64 " size=%zu pts=%.6f%s%s\n", packets - 1,
				    packet.offset, packet.data.size(), packet.ptsNs / 1e9,
				    packet.keyframe ? " K" : "", packet.secondField ? " F2" : "");
	}
	double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
	if (status == DemuxStatus::Error) {
		std::fprintf(stderr, "demux-bench: %s\n", demuxer.errorMessage().c_str());
		return 1;
	}
	std::printf("%s: %s, %" PRIu64 " packets, %.2f MB in %.3f s: %.0f packets/s, %.1f MB/s\n", path,
		    std::string(containerName(demuxer.containerType())).c_str(), packets, bytes / 1e6, seconds,
		    packets / seconds, bytes / 1e6 / seconds);
	return 0;
}
