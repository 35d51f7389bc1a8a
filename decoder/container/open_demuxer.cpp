/* SPDX-License-Identifier: MIT */
#include "open_demuxer.h"

#include <cstring>

#include "annexb_demuxer.h"
#include "container_log.h"
#include "ivf_demuxer.h"
#include "mpeg2_demuxer.h"
#include "webm_demuxer.h"

namespace sluice {

namespace {

/*
 * How plausible a NAL header is under each codec's syntax. Streams start with delimiters
 * and parameter sets whose first bytes differ between the two: an H.264 SPS (67) has
 * forbidden HEVC type 51, an HEVC VPS (40 01) is H.264 type 0, which is unspecified.
 */
int h264Score(std::span<const uint8_t> nal)
{
	if (nal.empty() || (nal[0] & 0x80))
		return -4;
	unsigned type = nal[0] & 0x1f;
	unsigned refIdc = nal[0] >> 5;
	switch (type) {
	case 1: case 5:
		return 1;
	case 7: case 8:
		return refIdc != 0 ? 2 : -2;
	case 6: case 9: case 10: case 11: case 12:
		return refIdc == 0 ? 2 : -2; /* these must have nal_ref_idc 0 */
	case 2: case 3: case 4: case 13: case 14: case 15: case 19: case 20:
		return 0;
	default:
		return -4;
	}
}

int hevcScore(std::span<const uint8_t> nal)
{
	if (nal.size() < 2 || (nal[0] & 0x80))
		return -4;
	unsigned type = (nal[0] >> 1) & 0x3f;
	unsigned layerId = ((nal[0] & 1) << 5) | (nal[1] >> 3);
	unsigned temporalIdPlus1 = nal[1] & 7;
	if (temporalIdPlus1 == 0)
		return -4; /* forbidden */
	if (layerId != 0)
		return 0;
	if ((type >= 32 && type <= 35) || type == 39 || type == 40)
		return 2;
	if (type <= 9 || (type >= 16 && type <= 21))
		return 1;
	return -4;
}

bool isAnnexB(std::span<const uint8_t> head, Codec *codec)
{
	int h264 = 0, hevc = 0, units = 0;
	size_t i = 0;
	while (i + 3 < head.size() && head[i] == 0)
		i++;
	/* Only zeros may precede the first start code. */
	if (i < 2 || head[i] != 1)
		return false;
	while (i + 3 < head.size() && units < 16) {
		if (head[i - 1] == 0 && head[i - 2] == 0 && head[i] == 1) {
			std::span<const uint8_t> nal = head.subspan(i + 1);
			h264 += h264Score(nal);
			hevc += hevcScore(nal);
			units++;
			i += 3;
			continue;
		}
		i++;
	}
	if (units == 0 || (h264 <= 0 && hevc <= 0) || h264 == hevc)
		return false;
	*codec = h264 > hevc ? Codec::H264 : Codec::HEVC;
	return true;
}

} /* namespace */

ContainerType detectContainer(std::span<const uint8_t> head)
{
	static constexpr uint8_t ebml[4] = { 0x1a, 0x45, 0xdf, 0xa3 };
	if (head.size() >= 4 && std::memcmp(head.data(), ebml, 4) == 0)
		return ContainerType::Matroska;
	if (head.size() >= 4 && std::memcmp(head.data(), "DKIF", 4) == 0)
		return ContainerType::Ivf;

	size_t zeros = 0;
	while (zeros < head.size() && head[zeros] == 0)
		zeros++;
	if (zeros >= 2 && zeros + 1 < head.size() && head[zeros] == 1 && head[zeros + 1] == 0xb3)
		return ContainerType::Mpeg2Es;

	Codec codec;
	if (isAnnexB(head, &codec))
		return codec == Codec::H264 ? ContainerType::AnnexBH264 : ContainerType::AnnexBHevc;
	return ContainerType::Unknown;
}

OpenResult openDemuxer(std::unique_ptr<ByteSource> source, int trackNumber)
{
	OpenResult result;
	uint8_t head[64 * 1024];
	int64_t got = source->readAt(0, head);
	if (got < 0) {
		result.error = source->name() + ": " + std::strerror(static_cast<int>(-got));
		LOG(Container, Error) << result.error;
		return result;
	}

	std::span<const uint8_t> bytes(head, static_cast<size_t>(got));
	std::unique_ptr<Demuxer> demuxer;
	switch (detectContainer(bytes)) {
	case ContainerType::Matroska:
		demuxer = std::make_unique<WebmDemuxer>(std::move(source));
		break;
	case ContainerType::Ivf:
		demuxer = std::make_unique<IvfDemuxer>(std::move(source));
		break;
	case ContainerType::AnnexBH264:
		demuxer = std::make_unique<AnnexBDemuxer>(std::move(source), Codec::H264);
		break;
	case ContainerType::AnnexBHevc:
		demuxer = std::make_unique<AnnexBDemuxer>(std::move(source), Codec::HEVC);
		break;
	case ContainerType::Mpeg2Es:
		demuxer = std::make_unique<Mpeg2Demuxer>(std::move(source));
		break;
	case ContainerType::Unknown:
		result.error = source->name() + ": " +
			       (got == 0 ? "the file is empty"
					 : "unrecognised content (not Matroska/WebM, IVF, H.264/HEVC Annex B or MPEG-2 video)");
		LOG(Container, Error) << result.error;
		return result;
	}

	if (demuxer->open(trackNumber) != DemuxStatus::Ok) {
		result.error = demuxer->errorMessage();
		return result;
	}
	result.demuxer = std::move(demuxer);
	return result;
}

OpenResult openDemuxerFile(const std::string &path, int trackNumber)
{
	std::unique_ptr<ByteSource> source;
	int ret = openFileSource(path, &source);
	if (ret < 0) {
		OpenResult result;
		result.error = path + ": " + std::strerror(-ret);
		LOG(Container, Error) << result.error;
		return result;
	}
	return openDemuxer(std::move(source), trackNumber);
}

} /* namespace sluice */
