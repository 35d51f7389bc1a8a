/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for one demuxer, chosen at compile time (SLUICE_FUZZ_WEBM, _IVF,
 * _ANNEXB_H264, _ANNEXB_HEVC, _MPEG2). The demuxer is constructed directly, not through
 * content detection, so every input reaches its parser. It opens, drains, seeks to a time
 * taken from the input's last byte and drains again; packet counts are bounded so that a
 * demuxer that stops making progress shows up as a timeout.
 */
#include <cstddef>
#include <cstdint>
#include <memory>

#include "base/log.h"
#include "container/annexb_demuxer.h"
#include "container/ivf_demuxer.h"
#include "container/mpeg2_demuxer.h"
#include "container/webm_demuxer.h"

using namespace sluice;

namespace {

std::unique_ptr<Demuxer> makeDemuxer(std::unique_ptr<ByteSource> source)
{
#if defined(SLUICE_FUZZ_WEBM)
	return std::make_unique<WebmDemuxer>(std::move(source));
#elif defined(SLUICE_FUZZ_IVF)
	return std::make_unique<IvfDemuxer>(std::move(source));
#elif defined(SLUICE_FUZZ_ANNEXB_H264)
	return std::make_unique<AnnexBDemuxer>(std::move(source), Codec::H264);
#elif defined(SLUICE_FUZZ_ANNEXB_HEVC)
	return std::make_unique<AnnexBDemuxer>(std::move(source), Codec::HEVC);
#elif defined(SLUICE_FUZZ_MPEG2)
	return std::make_unique<Mpeg2Demuxer>(std::move(source));
#else
#error "define one SLUICE_FUZZ_<TARGET>"
#endif
}

void drain(Demuxer &demuxer, size_t inputSize)
{
	Packet packet;
	/* Every packet consumes input, so more packets than input bytes means a loop. */
	for (size_t i = 0; i <= inputSize; i++) {
		if (demuxer.readPacket(&packet) != DemuxStatus::Ok)
			return;
	}
	__builtin_trap();
}

} /* namespace */

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
	setLogSpec("off");
	return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	std::unique_ptr<Demuxer> demuxer = makeDemuxer(makeMemorySource(std::span(data, size)));
	if (demuxer->open(-1) != DemuxStatus::Ok)
		return 0;
	drain(*demuxer, size);
	int64_t target = size ? int64_t{ data[size - 1] } * 20000000 : 0; /* 0..5.1 s */
	if (demuxer->seek(target) == DemuxStatus::Ok)
		drain(*demuxer, size);
	return 0;
}
