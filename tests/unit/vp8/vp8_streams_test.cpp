/* SPDX-License-Identifier: MIT */
/*
 * The VP8 parser over streams libvpx makes at test time, against what ffprobe reports of the
 * same streams: every frame parses, key frames are the packets ffprobe flags as key, the
 * size is the stream's, hidden frames (altrefs) are exactly the packets that are not shown
 * (packets minus decoded frames), and `-slices N` gives N token partitions. FFmpeg 5.1's
 * trace_headers does not cover VP8, so the header fields themselves are checked with
 * encoder-built frames (vp8_header_test) and against GStreamer on visl (tests/vm/vp8mpeg2).
 */
#include <sstream>

#include <gtest/gtest.h>

#include "codec/vp8/vp8_frame_header.h"
#include "container/open_demuxer.h"
#include "trace_headers.h"

namespace sluice {
namespace {

struct Vp8Case {
	const char *name;
	const char *options;
	unsigned partitions;
};

const Vp8Case kCases[] = {
	{ "one_partition", "-b:v 300k -g 10", 1 },
	{ "four_partitions", "-b:v 300k -slices 4", 4 },
	{ "eight_partitions_sharp", "-b:v 300k -slices 8 -sharpness 5", 8 },
	{ "altref_two_pass", "-b:v 300k -auto-alt-ref 1 -lag-in-frames 16 -arnr-maxframes 5", 1 },
};

std::string scratch()
{
	static std::string dir = [] {
		char tmpl[] = "/tmp/sluice-vp8-test-XXXXXX";
		const char *made = mkdtemp(tmpl);
		return std::string(made ? made : "/tmp");
	}();
	return dir;
}

std::string generate(const Vp8Case &c)
{
	std::string path = scratch() + "/" + c.name + ".ivf";
	std::string input = "-f lavfi -i testsrc=size=176x144:rate=25 -frames:v 40 -threads 1 -c:v libvpx ";
	std::string command;
	if (std::string(c.name).find("two_pass") != std::string::npos) {
		std::string log = scratch() + "/" + c.name;
		command = "ffmpeg -hide_banner -loglevel error -y " + input + c.options + " -pass 1 -passlogfile " +
			  log + " -f null - && ffmpeg -hide_banner -loglevel error -y " + input + c.options +
			  " -pass 2 -passlogfile " + log + " '" + path + "'";
	} else {
		command = "ffmpeg -hide_banner -loglevel error -y " + input + c.options + " '" + path + "'";
	}
	return test::runCommand(command + " 2>&1") == 0 ? path : std::string();
}

class Vp8StreamsVsFfprobe : public ::testing::TestWithParam<Vp8Case>
{
};

TEST_P(Vp8StreamsVsFfprobe, TagsSizesAndPartitions)
{
	if (!test::ffmpegAvailable())
		GTEST_SKIP() << "ffmpeg/ffprobe not installed";
	const Vp8Case &c = GetParam();
	std::string path = generate(c);
	if (path.empty())
		GTEST_SKIP() << "this FFmpeg has no libvpx encoder";

	std::string packets, frames, size;
	ASSERT_EQ(test::runCommand("ffprobe -v error -select_streams v:0 -show_entries packet=flags "
				   "-of csv=p=0 '" + path + "'", &packets), 0);
	ASSERT_EQ(test::runCommand("ffprobe -v error -count_frames -select_streams v:0 -show_entries "
				   "stream=nb_read_frames,width,height -of csv=p=0 '" + path + "'", &size), 0);
	std::vector<bool> keyPackets;
	std::istringstream lines(packets);
	for (std::string line; std::getline(lines, line);)
		keyPackets.push_back(line.find('K') != std::string::npos);
	unsigned width = 0, height = 0, decoded = 0;
	ASSERT_EQ(std::sscanf(size.c_str(), "%u,%u,%u", &width, &height, &decoded), 3) << size;

	OpenResult opened = openDemuxerFile(path);
	ASSERT_TRUE(opened.demuxer) << opened.error;
	Demuxer *demuxer = opened.demuxer.get();
	Vp8HeaderParser parser;
	size_t index = 0, hidden = 0;
	Packet packet;
	while (demuxer->readPacket(&packet) == DemuxStatus::Ok) {
		SCOPED_TRACE(std::string(c.name) + " packet " + std::to_string(index));
		Vp8FrameHeader h;
		ASSERT_EQ(parser.parse(packet.data, &h), 0);
		ASSERT_LT(index, keyPackets.size());
		EXPECT_EQ(h.keyFrame, keyPackets[index]);
		EXPECT_EQ(h.width, width);
		EXPECT_EQ(h.height, height);
		EXPECT_EQ(h.partitions, c.partitions);
		uint32_t sum = h.firstPartOffset + h.firstPartSize + 3 * (h.partitions - 1);
		for (unsigned i = 0; i < h.partitions; i++)
			sum += h.partitionSizes[i];
		EXPECT_EQ(sum, packet.data.size()) << "partitions cover the frame exactly";
		hidden += !h.showFrame;
		index++;
	}
	EXPECT_EQ(index, keyPackets.size());
	EXPECT_EQ(index - hidden, decoded) << "shown frames are the frames ffprobe decodes";
	if (std::string(c.name).find("altref") != std::string::npos) {
		EXPECT_GT(hidden, 0u) << "two-pass auto-alt-ref makes hidden frames";
	}
	std::printf("[ %s ] %zu frames, %zu hidden, %u partitions\n", c.name, index, hidden, c.partitions);
}

std::string caseName(const ::testing::TestParamInfo<Vp8Case> &info)
{
	return info.param.name;
}

INSTANTIATE_TEST_SUITE_P(Streams, Vp8StreamsVsFfprobe, ::testing::ValuesIn(kCases), caseName);

} /* namespace */
} /* namespace sluice */
