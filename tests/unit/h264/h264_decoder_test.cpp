/* SPDX-License-Identifier: MIT */
/*
 * H264Decoder end to end on libx264 streams with a recording accelerator: pictures must be
 * submitted in decoding order and leave in display order, which must equal the order of
 * the encoder's own presentation timestamps (read back from the MP4 with ffprobe, an
 * independent peer). Also checks that every picture's controls fill without error.
 */
#include <algorithm>
#include <numeric>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "codec/h264/h264_controls.h"
#include "codec/h264/h264_decoder.h"
#include "h264_test_streams.h"

namespace sluice {
namespace {

class RecordingAccelerator : public H264Accelerator
{
public:
	int submitPicture(const H264PictureParams &params) override
	{
		submitted.push_back(params.picture.timestampNs);
		secondFields += params.picture.isField() && params.picture.firstFieldStore >= 0;
		for (H264DecodeMode mode : { H264DecodeMode::FrameBased, H264DecodeMode::SliceBased }) {
			for (unsigned i = 0; i < params.slices.size(); i++) {
				ControlSet controls;
				if (fillH264Controls(params, i, mode, H264StartCode::AnnexB, &controls))
					controlErrors++;
				controlSets++;
				if (mode == H264DecodeMode::FrameBased)
					break;
			}
		}
		return 0;
	}
	void outputPicture(uint64_t timestampNs) override { output.push_back(timestampNs); }

	std::vector<uint64_t> submitted;
	std::vector<uint64_t> output;
	unsigned controlErrors = 0;
	unsigned controlSets = 0;
	unsigned secondFields = 0;
};

struct OrderCase {
	const char *name;
	const char *x264opts;
	unsigned frames = 60;
};

const OrderCase kOrderCases[] = {
	{ "ipp_poc2", "bframes=0:keyint=25" },
	{ "bpyramid", "bframes=3:b-pyramid=normal:ref=4:keyint=30" },
	{ "bstrict", "bframes=2:b-pyramid=strict:ref=2" },
	{ "weighted", "weightp=2:weightb=1:bframes=3" },
	{ "slices", "slices=4:bframes=2" },
	{ "mbaff", "interlaced=1:bframes=2:ref=3" },
	{ "many_refs", "ref=16:bframes=4:b-pyramid=normal:keyint=250", 120 },
};

class H264DecoderOrder : public ::testing::TestWithParam<OrderCase>
{
};

TEST_P(H264DecoderOrder, DisplayOrderMatchesEncoderTimestamps)
{
	if (!test::ffmpegAvailable())
		GTEST_SKIP() << "ffmpeg/ffprobe not installed";
	const OrderCase &c = GetParam();
	std::string base = test::scratchDir() + "/order_" + c.name;
	std::string out;
	ASSERT_EQ(test::runCommand("ffmpeg -hide_banner -loglevel error -nostats -y -f lavfi -i "
				   "testsrc=size=176x144:rate=25 -frames:v " + std::to_string(c.frames) +
				   " -pix_fmt yuv420p -c:v libx264 -threads 1 -x264opts '" + c.x264opts +
				   "' '" + base + ".mp4' 2>&1", &out), 0) << out;
	ASSERT_EQ(test::runCommand("ffmpeg -hide_banner -loglevel error -nostats -y -i '" + base +
				   ".mp4' -c copy -bsf:v h264_mp4toannexb -f h264 '" + base + ".h264' 2>&1",
				   &out), 0) << out;
	std::string ptsText;
	ASSERT_EQ(test::runCommand("ffprobe -hide_banner -loglevel error -select_streams v "
				   "-show_entries packet=pts -of csv=p=0 '" + base + ".mp4'", &ptsText), 0);
	std::vector<int64_t> pts;
	std::istringstream lines(ptsText);
	for (std::string line; std::getline(lines, line);)
		if (!line.empty())
			pts.push_back(std::stoll(line));
	ASSERT_EQ(pts.size(), c.frames);
	/* Decode indices sorted by presentation time: the display order to reproduce. */
	std::vector<uint64_t> expected(pts.size());
	std::iota(expected.begin(), expected.end(), 0);
	std::stable_sort(expected.begin(), expected.end(),
			 [&](uint64_t a, uint64_t b) { return pts[a] < pts[b]; });

	std::vector<uint8_t> bytes = test::readFile(base + ".h264");
	std::vector<std::span<const uint8_t>> nals;
	ASSERT_EQ(splitNalUnits(bytes, NalFraming::AnnexB, 0, &nals), 0);

	RecordingAccelerator accelerator;
	H264Capabilities caps;
	caps.profiles = { 66, 77, 100 };
	H264Decoder decoder(&accelerator, caps);
	/* Each frame's timestamp is its decode index: count slices with first_mb_in_slice 0
	 * (ue(v) 0 is a single 1 bit). */
	int64_t picture = -1;
	for (std::span<const uint8_t> nal : nals) {
		unsigned type = nal[0] & 0x1f;
		if ((type == 1 || type == 5) && nal.size() > 1 && (nal[1] & 0x80))
			picture++;
		ASSERT_EQ(decoder.decodeNal(nal, static_cast<uint64_t>(std::max<int64_t>(picture, 0))), 0);
	}
	ASSERT_EQ(decoder.flush(), 0);

	std::vector<uint64_t> decodeOrder(c.frames);
	std::iota(decodeOrder.begin(), decodeOrder.end(), 0);
	EXPECT_EQ(accelerator.submitted, decodeOrder);
	EXPECT_EQ(accelerator.output, expected);
	EXPECT_EQ(accelerator.controlErrors, 0u);
	std::printf("[ %s ] %zu pictures submitted, %zu output in display order, %u control sets\n",
		    c.name, accelerator.submitted.size(), accelerator.output.size(),
		    accelerator.controlSets);
}

INSTANTIATE_TEST_SUITE_P(Streams, H264DecoderOrder, ::testing::ValuesIn(kOrderCases),
			 [](const auto &param) { return std::string(param.param.name); });

/*
 * Field pictures (tests/corpus/h264_paff.py): each field is a picture, fed with its own
 * timestamp; a second field must decode into its first field's buffer (same timestamp,
 * submitted right after it), and the frames must leave once each, in the display order
 * FFmpeg's decoder gives (coded_picture_number of each frame ffprobe shows).
 */
class H264DecoderPaffOrder : public ::testing::TestWithParam<const char *>
{
};

TEST_P(H264DecoderPaffOrder, FieldPairsShareABufferAndLeaveInFfmpegsOrder)
{
	if (!test::ffmpegAvailable())
		GTEST_SKIP() << "ffmpeg/ffprobe not installed";
	std::string path = test::generatePaffH264(GetParam());
	ASSERT_FALSE(path.empty());
	std::string probe;
	ASSERT_EQ(test::runCommand("ffprobe -hide_banner -loglevel error -show_entries "
				   "frame=coded_picture_number -of csv=p=0 '" + path + "'", &probe), 0);
	std::vector<uint64_t> expected;
	std::istringstream lines(probe);
	for (std::string line; std::getline(lines, line);)
		if (!line.empty())
			expected.push_back(std::stoull(line));
	ASSERT_FALSE(expected.empty());

	std::vector<uint8_t> bytes = test::readFile(path);
	std::vector<std::span<const uint8_t>> nals;
	ASSERT_EQ(splitNalUnits(bytes, NalFraming::AnnexB, 0, &nals), 0);
	RecordingAccelerator accelerator;
	H264Decoder decoder(&accelerator, H264Capabilities{});
	uint64_t picture = 0;
	for (std::span<const uint8_t> nal : nals) {
		unsigned type = nal[0] & 0x1f;
		if ((type == 1 || type == 5) && nal.size() > 1 && (nal[1] & 0x80))
			picture++;
		ASSERT_EQ(decoder.decodeNal(nal, picture), 0);
	}
	ASSERT_EQ(decoder.flush(), 0);

	/* Frames in decoding order: the distinct timestamps, first seen. */
	std::vector<uint64_t> frames;
	for (uint64_t ts : accelerator.submitted)
		if (frames.empty() || frames.back() != ts) {
			EXPECT_EQ(std::count(frames.begin(), frames.end(), ts), 0)
				<< "picture " << ts << " submitted apart from its first field";
			frames.push_back(ts);
		}
	EXPECT_EQ(accelerator.submitted.size() - frames.size(), accelerator.secondFields);
	EXPECT_GT(accelerator.secondFields, 0u);
	std::vector<uint64_t> order;
	for (uint64_t ts : accelerator.output)
		order.push_back(std::find(frames.begin(), frames.end(), ts) - frames.begin());
	EXPECT_EQ(order, expected);
	EXPECT_EQ(accelerator.controlErrors, 0u);
	std::printf("[ %s ] %zu pictures (%u second fields) submitted, %zu frames output in "
		    "FFmpeg's order\n", GetParam(), accelerator.submitted.size(),
		    accelerator.secondFields, accelerator.output.size());
}

INSTANTIATE_TEST_SUITE_P(Streams, H264DecoderPaffOrder,
			 ::testing::Values("paff-mixed", "paff-delta-poc-slices", "paff-long-term"),
			 [](const auto &param) {
				 std::string name = param.param;
				 std::replace(name.begin(), name.end(), '-', '_');
				 return name;
			 });

TEST(H264Decoder, RefusesUnsupportedStreamWithOneLine)
{
	if (!test::ffmpegAvailable())
		GTEST_SKIP() << "ffmpeg/ffprobe not installed";
	std::string path = test::generateH264({ "refuse_high10", "bframes=0", "yuv420p10le", 3 });
	if (path.empty())
		GTEST_SKIP() << "libx264 cannot encode 10-bit here";
	std::vector<uint8_t> bytes = test::readFile(path);
	RecordingAccelerator accelerator;
	H264Capabilities caps;
	caps.profiles = { 66, 77, 100, 110 };
	caps.maxBitDepth = 8;
	H264Decoder decoder(&accelerator, caps);
	EXPECT_EQ(decoder.decode(bytes, NalFraming::AnnexB, 0, 0), -ENOTSUP);
	EXPECT_TRUE(accelerator.submitted.empty());
}

} /* namespace */
} /* namespace sluice */
