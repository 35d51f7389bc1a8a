/* SPDX-License-Identifier: MIT */
/*
 * The host-side cost of the H.264 front-end per frame: NAL splitting, header parsing, POC and
 * DPB bookkeeping, and filling every stateless control, with no device. Prints frames and
 * microseconds per frame; `bench/h264/callgrind FILE` runs it under callgrind for an
 * instruction count per frame that does not depend on the machine's load.
 *
 *   h264-frontend-bench FILE.h264 [REPEAT]
 */
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "codec/h264/h264_controls.h"
#include "codec/h264/h264_decoder.h"
#include "container/open_demuxer.h"

using namespace sluice;

namespace {

/* Fills the controls of every picture, as the V4L2 delegate does, and keeps their size so
 * the work cannot be optimised away. */
class FillingAccelerator : public H264Accelerator
{
public:
	uint64_t pictures = 0;
	uint64_t controlBytes = 0;
	uint64_t outputs = 0;

	int submitPicture(const H264PictureParams &params) override
	{
		controls_.clear();
		int ret = fillH264Controls(params, 0, H264DecodeMode::FrameBased,
					   H264StartCode::AnnexB, &controls_);
		for (const Control &control : controls_)
			controlBytes += control.payload.size();
		pictures++;
		return ret;
	}
	void outputPicture(uint64_t) override { outputs++; }

private:
	ControlSet controls_;
};

} /* namespace */

int main(int argc, char **argv)
{
	if (argc < 2) {
		std::fprintf(stderr, "usage: h264-frontend-bench FILE.h264 [REPEAT]\n");
		return 2;
	}
	/* Demuxed up front: only the front-end's work is timed. */
	OpenResult opened = openDemuxerFile(argv[1]);
	if (!opened.demuxer || opened.demuxer->track().codec != Codec::H264) {
		std::fprintf(stderr, "h264-frontend-bench: %s: %s\n", argv[1],
			     opened.demuxer ? "not H.264" : opened.error.c_str());
		return 1;
	}
	const TrackInfo track = opened.demuxer->track();
	std::vector<Packet> packets;
	Packet packet;
	while (opened.demuxer->readPacket(&packet) == DemuxStatus::Ok)
		packets.push_back(packet);
	int repeat = argc > 2 ? std::atoi(argv[2]) : 1;
	NalFraming framing = track.nalLengthSize ? NalFraming::LengthPrefixed : NalFraming::AnnexB;

	FillingAccelerator accelerator;
	H264Capabilities caps;
	caps.maxWidth = 8192;
	caps.maxHeight = 8192;
	auto start = std::chrono::steady_clock::now();
	for (int r = 0; r < repeat; r++) {
		H264Decoder decoder(&accelerator, caps);
		uint64_t timestamp = 0;
		for (const std::vector<uint8_t> &nal : track.parameterSets)
			decoder.decodeNal(nal, 0);
		for (const Packet &p : packets) {
			timestamp += 1000;
			if (decoder.decode(p.data, framing, track.nalLengthSize, timestamp, true) < 0) {
				std::fprintf(stderr, "h264-frontend-bench: the stream did not decode\n");
				return 1;
			}
		}
		decoder.flush();
	}
	double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
	std::printf("h264-frontend-bench: %llu pictures, %.2f us/picture, %.0f control bytes/picture\n",
		    static_cast<unsigned long long>(accelerator.pictures),
		    seconds * 1e6 / accelerator.pictures,
		    static_cast<double>(accelerator.controlBytes) / accelerator.pictures);
	return 0;
}
