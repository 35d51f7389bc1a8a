/* SPDX-License-Identifier: MIT */
/*
 * The HEVC state machine's POC, reference sets and output order against ffprobe: libx265
 * streams in Matroska give each packet's presentation time in decoding order; the decoder,
 * fed the same access units, must output them in increasing presentation time, every one of
 * them, and (from a CRA in mid-stream) skip exactly the leading pictures before that CRA.
 */
#include <algorithm>
#include <map>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "codec/hevc/hevc_decoder.h"
#include "hevc_test_streams.h"

namespace sluice {
namespace {

struct RecordingAccelerator : HevcAccelerator {
	int submitPicture(const HevcPictureParams &params) override
	{
		submitted.push_back(params.timestampNs);
		for (const HevcSliceParams &slice : params.slices)
			for (const auto *list : { &slice.refPicList0, &slice.refPicList1 })
				for (uint8_t index : *list)
					if (index >= params.dpb.size())
						badReference = true;
		maxDpb = std::max(maxDpb, params.dpb.size());
		return 0;
	}
	void outputPicture(uint64_t timestampNs) override { output.push_back(timestampNs); }

	std::vector<uint64_t> submitted, output;
	size_t maxDpb = 0;
	bool badReference = false;
};

struct AccessUnits {
	std::vector<std::vector<std::span<const uint8_t>>> units; /* NAL units of each picture */
	std::vector<std::span<const uint8_t>> parameterSets;
	std::vector<unsigned> types; /* nal_unit_type of each picture */
};

/* Groups NAL units into pictures by first_slice_segment_in_pic_flag (the first bit after the
 * two-byte header); non-VCL units go with the picture that follows. */
AccessUnits groupPictures(const std::vector<std::span<const uint8_t>> &nals)
{
	AccessUnits au;
	std::vector<std::span<const uint8_t>> pending;
	for (std::span<const uint8_t> nal : nals) {
		unsigned type = (nal[0] >> 1) & 0x3f;
		if (type >= 32 && type <= 34)
			au.parameterSets.push_back(nal);
		if (type < 32 && (nal[2] & 0x80)) {
			au.units.push_back(std::move(pending));
			pending.clear();
			au.types.push_back(type);
		}
		if (type < 32)
			au.units.back().push_back(nal);
		else
			pending.push_back(nal);
	}
	return au;
}

std::vector<int64_t> packetPts(const std::string &mkv)
{
	std::string out;
	test::runCommand("ffprobe -v error -show_entries packet=pts -of csv=p=0 '" + mkv + "'", &out);
	std::vector<int64_t> pts;
	std::istringstream in(out);
	for (std::string line; std::getline(in, line);)
		if (!line.empty())
			pts.push_back(std::stoll(line));
	return pts;
}

struct OrderCase {
	const char *name;
	const char *x265params;
};

const OrderCase kOrderCases[] = {
	{ "ip", "bframes=0:keyint=10" },
	{ "b3_open_gop", "bframes=3:keyint=8:min-keyint=8:open-gop=1:scenecut=0" },
	{ "b4_pyramid_ref4", "bframes=4:b-pyramid=1:ref=4:keyint=16:open-gop=0" },
	{ "b8_closed", "bframes=8:b-adapt=0:keyint=30:open-gop=0" },
	{ "temporal_layers", "temporal-layers=1:bframes=3:b-pyramid=1:keyint=12" },
};

class HevcOutputOrder : public ::testing::TestWithParam<OrderCase>
{
protected:
	/* Encodes to Matroska and to Annex B with the same bytes; false when ffmpeg fails. */
	bool make(const OrderCase &c, std::vector<int64_t> *pts, std::vector<uint8_t> *bytes)
	{
		std::string base = test::hevcScratchDir() + "/order_" + c.name;
		std::string command = "ffmpeg -hide_banner -loglevel error -nostats -y -f lavfi -i "
				      "testsrc=size=176x144:rate=25 -frames:v 40 -pix_fmt yuv420p -c:v libx265 "
				      "-threads 1 -x265-params 'log-level=error:frame-threads=1:" +
				      std::string(c.x265params) + "' '" + base + ".mkv' && ffmpeg -hide_banner "
				      "-loglevel error -y -i '" + base + ".mkv' -c copy -bsf:v hevc_mp4toannexb -f hevc '" +
				      base + ".hevc'";
		if (test::runCommand(command) != 0)
			return false;
		*pts = packetPts(base + ".mkv");
		*bytes = test::readHevcFile(base + ".hevc");
		return true;
	}
};

TEST_P(HevcOutputOrder, MatchesFfprobeDisplayOrder)
{
	if (!test::ffmpegAvailable())
		GTEST_SKIP() << "ffmpeg/ffprobe not installed";
	std::vector<int64_t> pts;
	std::vector<uint8_t> bytes;
	ASSERT_TRUE(make(GetParam(), &pts, &bytes));
	std::vector<std::span<const uint8_t>> nals;
	ASSERT_EQ(splitNalUnits(bytes, NalFraming::AnnexB, 0, &nals), 0);
	AccessUnits au = groupPictures(nals);
	ASSERT_EQ(au.units.size(), pts.size());

	RecordingAccelerator accelerator;
	HevcDecoder decoder(&accelerator, HevcCapabilities{});
	for (size_t i = 0; i < au.units.size(); i++)
		for (std::span<const uint8_t> nal : au.units[i])
			ASSERT_EQ(decoder.decodeNal(nal, i), 0) << "picture " << i;
	ASSERT_EQ(decoder.flush(), 0);

	EXPECT_FALSE(accelerator.badReference);
	ASSERT_EQ(accelerator.output.size(), pts.size());
	for (size_t i = 1; i < accelerator.output.size(); i++)
		EXPECT_LT(pts[accelerator.output[i - 1]], pts[accelerator.output[i]]) << "output " << i;
	std::printf("[ %s ] %zu pictures in display order, DPB up to %zu references\n", GetParam().name,
		    accelerator.output.size(), accelerator.maxDpb);
}

INSTANTIATE_TEST_SUITE_P(Streams, HevcOutputOrder, ::testing::ValuesIn(kOrderCases),
			 [](const auto &param) { return std::string(param.param.name); });

/* Playback that starts at a CRA in mid-stream (a seek): its RASL pictures are skipped, every
 * picture from the CRA on in display order is output, in order. */
TEST(HevcRaslSkip, StartingAtAMidStreamCraSkipsItsLeadingPictures)
{
	if (!test::ffmpegAvailable())
		GTEST_SKIP() << "ffmpeg/ffprobe not installed";
	std::string base = test::hevcScratchDir() + "/cra_seek";
	ASSERT_EQ(test::runCommand("ffmpeg -hide_banner -loglevel error -nostats -y -f lavfi -i "
				   "testsrc=size=176x144:rate=25 -frames:v 40 -pix_fmt yuv420p -c:v libx265 "
				   "-threads 1 -x265-params 'log-level=error:frame-threads=1:bframes=3:keyint=12:"
				   "min-keyint=12:open-gop=1:scenecut=0' '" + base + ".mkv' && ffmpeg -hide_banner "
				   "-loglevel error -y -i '" + base + ".mkv' -c copy -bsf:v hevc_mp4toannexb -f hevc '" +
				   base + ".hevc'"), 0);
	std::vector<int64_t> pts = packetPts(base + ".mkv");
	std::vector<uint8_t> bytes = test::readHevcFile(base + ".hevc");
	std::vector<std::span<const uint8_t>> nals;
	ASSERT_EQ(splitNalUnits(bytes, NalFraming::AnnexB, 0, &nals), 0);
	AccessUnits au = groupPictures(nals);
	ASSERT_EQ(au.units.size(), pts.size());

	/* The second CRA (nal_unit_type 21) in decoding order. */
	size_t cra = 0;
	for (size_t i = 1; i < au.types.size() && !cra; i++)
		if (au.types[i] == 21)
			cra = i;
	ASSERT_GT(cra, 0u) << "x265 made no mid-stream CRA";
	/* Expected from ffprobe alone: the pictures from the CRA on that display at or after it. */
	std::vector<int64_t> expected;
	size_t leading = 0;
	for (size_t i = cra; i < pts.size(); i++) {
		if (pts[i] >= pts[cra])
			expected.push_back(pts[i]);
		else if (i > cra)
			leading++;
	}
	std::sort(expected.begin(), expected.end());
	ASSERT_GT(leading, 0u) << "the CRA has no leading pictures to skip";

	RecordingAccelerator accelerator;
	HevcDecoder decoder(&accelerator, HevcCapabilities{});
	for (std::span<const uint8_t> ps : au.parameterSets)
		decoder.decodeNal(ps, 0);
	for (size_t i = cra; i < au.units.size(); i++)
		for (std::span<const uint8_t> nal : au.units[i])
			ASSERT_EQ(decoder.decodeNal(nal, i), 0) << "picture " << i;
	ASSERT_EQ(decoder.flush(), 0);

	EXPECT_EQ(decoder.skippedRaslPictures(), leading);
	EXPECT_FALSE(accelerator.badReference);
	std::vector<int64_t> got;
	for (uint64_t index : accelerator.output)
		got.push_back(pts[index]);
	EXPECT_EQ(got, expected);
}

} /* namespace */
} /* namespace sluice */
