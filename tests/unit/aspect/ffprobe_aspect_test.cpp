/* SPDX-License-Identifier: MIT */
/*
 * The sample and display aspect ratio sluice shows a stream at, against FFmpeg's
 * (ffprobe's sample_aspect_ratio and display_aspect_ratio) for the same file: streams are
 * encoded here, at test time, with the ratio set through each encoder's own option or
 * through the container. The ratio is read the way --probe reads it (StreamAspectReader on
 * the first sequence headers, the container's display size winning), with the same
 * functions the front-ends call per sequence.
 */
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <unistd.h>

#include "container/open_demuxer.h"
#include "trace_headers.h"
#include "frontend/stream_aspect.h"

namespace sluice {
namespace {

/* The shared test runner appends; every call here reads one command's output alone. */
int run(const std::string &command, std::string *output)
{
	output->clear();
	return test::runCommand(command, output);
}

/* "N/A", "0:1" (unknown to FFmpeg) is shown with square samples. */
std::string normalised(std::string ratio)
{
	while (!ratio.empty() && (ratio.back() == '\n' || ratio.back() == '\r'))
		ratio.pop_back();
	if (ratio.empty() || ratio == "N/A" || ratio.rfind("0:", 0) == 0)
		return "";
	return ratio;
}

struct FfprobeAspect {
	std::string sar, dar;
	unsigned width = 0, height = 0;
};

FfprobeAspect ffprobeAspect(const std::string &path)
{
	std::string out;
	run("ffprobe -v error -select_streams v:0 -show_entries "
	    "stream=sample_aspect_ratio,display_aspect_ratio,width,height -of default=nw=1 '" +
		    path + "'",
	    &out);
	FfprobeAspect a;
	size_t start = 0;
	while (start < out.size()) {
		size_t end = out.find('\n', start);
		std::string line = out.substr(start, end == std::string::npos ? std::string::npos : end - start);
		start = end == std::string::npos ? out.size() : end + 1;
		size_t eq = line.find('=');
		if (eq == std::string::npos)
			continue;
		std::string key = line.substr(0, eq), value = line.substr(eq + 1);
		if (key == "sample_aspect_ratio")
			a.sar = normalised(value);
		else if (key == "display_aspect_ratio")
			a.dar = normalised(value);
		else if (key == "width")
			a.width = unsigned(std::atoi(value.c_str()));
		else if (key == "height")
			a.height = unsigned(std::atoi(value.c_str()));
	}
	return a;
}

std::string text(SampleAspect r)
{
	return std::to_string(r.num) + ":" + std::to_string(r.den);
}

class AspectAgainstFfprobe : public ::testing::Test
{
protected:
	void SetUp() override
	{
		std::string out;
		if (run("ffmpeg -version >/dev/null 2>&1 && ffprobe -version >/dev/null 2>&1 && echo ok", &out) != 0 ||
		    out.find("ok") == std::string::npos)
			GTEST_SKIP() << "ffmpeg/ffprobe missing";
		char dir[] = "/tmp/sluice-aspect-XXXXXX";
		ASSERT_NE(mkdtemp(dir), nullptr);
		dir_ = dir;
	}
	void TearDown() override
	{
		if (!dir_.empty()) {
			std::string out;
			run("rm -rf '" + dir_ + "'", &out);
		}
	}

	/* Encodes name with ffmpeg's arguments; "" (and the test skips) when the encoder is
	 * missing. */
	std::string encode(const std::string &name, const std::string &args)
	{
		std::string path = dir_ + "/" + name, out;
		if (run("ffmpeg -v error -y " + args + " '" + path + "' 2>&1", &out) != 0)
			return "";
		return path;
	}

	/* sluice's ratio for path against ffprobe's. */
	void expectSameAsFfprobe(const std::string &path, const std::string &what)
	{
		ASSERT_FALSE(path.empty());
		OpenResult opened = openDemuxerFile(path, -1);
		ASSERT_TRUE(opened.demuxer) << opened.error;
		Demuxer &demuxer = *opened.demuxer;
		StreamAspectReader reader(demuxer.track());
		Packet packet;
		for (int i = 0; i < 64 && !reader.known(); i++) {
			if (demuxer.readPacket(&packet) != DemuxStatus::Ok)
				break;
			reader.feed(packet);
		}
		ASSERT_TRUE(reader.known()) << what;
		EXPECT_FALSE(reader.stated().rejected) << what;
		SampleAspect sar = presentedSampleAspect(demuxer.track(), reader.visible(),
							 reader.stated().sar);
		SampleAspect dar = displayAspect(reader.visible(), sar);

		FfprobeAspect peer = ffprobeAspect(path);
		ASSERT_GT(peer.width, 0u) << what;
		EXPECT_EQ(reader.visible().width, peer.width) << what;
		EXPECT_EQ(reader.visible().height, peer.height) << what;
		EXPECT_EQ(text(sar), peer.sar.empty() ? "1:1" : peer.sar) << what;
		if (!peer.dar.empty()) {
			EXPECT_EQ(text(dar), peer.dar) << what;
		}
	}

	std::string dir_;
};

const std::string kSource = "-f lavfi -i testsrc=size=720x576:rate=25 -frames:v 3 -pix_fmt yuv420p ";

TEST_F(AspectAgainstFfprobe, H264VuiExtendedSar)
{
	std::string path = encode("sar.h264", kSource + "-c:v libx264 -x264-params sar=64/45");
	if (path.empty())
		GTEST_SKIP() << "no libx264";
	expectSameAsFfprobe(path, "H.264 Extended_SAR 64:45");
}

TEST_F(AspectAgainstFfprobe, H264VuiTableE1)
{
	/* 16:11 is in Table E-1 (aspect_ratio_idc 4); the encoder writes the index. */
	std::string path = encode("idc.h264", "-f lavfi -i testsrc=size=704x576:rate=25 -frames:v 3 "
					      "-pix_fmt yuv420p -c:v libx264 -x264-params sar=16/11");
	if (path.empty())
		GTEST_SKIP() << "no libx264";
	expectSameAsFfprobe(path, "H.264 aspect_ratio_idc 4");
}

TEST_F(AspectAgainstFfprobe, H264Square)
{
	std::string path = encode("square.h264", kSource + "-c:v libx264");
	if (path.empty())
		GTEST_SKIP() << "no libx264";
	expectSameAsFfprobe(path, "H.264 without aspect");
}

TEST_F(AspectAgainstFfprobe, HevcVuiFromAspect)
{
	std::string path = encode("aspect.hevc", kSource + "-c:v libx265 -x265-params log-level=error -aspect 16:9");
	if (path.empty())
		GTEST_SKIP() << "no libx265";
	expectSameAsFfprobe(path, "HEVC -aspect 16:9");
}

TEST_F(AspectAgainstFfprobe, HevcVuiTableE1)
{
	/* aspect_ratio_idc 12 (64:33). */
	std::string path = encode("idc.hevc", kSource + "-c:v libx265 -x265-params log-level=error:sar=12");
	if (path.empty())
		GTEST_SKIP() << "no libx265";
	expectSameAsFfprobe(path, "HEVC aspect_ratio_idc 12");
}

TEST_F(AspectAgainstFfprobe, Mpeg2DisplayAspect)
{
	for (const char *aspect : { "16:9", "4:3", "1:1" }) {
		std::string path = encode(std::string("dar") + aspect[0] + aspect[1] + ".m2v",
					  kSource + "-c:v mpeg2video -aspect " + aspect);
		ASSERT_FALSE(path.empty());
		expectSameAsFfprobe(path, std::string("MPEG-2 -aspect ") + aspect);
	}
}

TEST_F(AspectAgainstFfprobe, MatroskaDisplaySizeWinsOverTheCodec)
{
	/* The H.264 stream states 1:1; the container says 16:9 (DisplayWidth/DisplayHeight). */
	std::string raw = encode("square.mp4", kSource + "-c:v libx264 -x264-params sar=1/1");
	if (raw.empty())
		GTEST_SKIP() << "no libx264";
	/* FFmpeg writes the ratio as DisplayUnit 3 (a display aspect ratio). */
	std::string path = encode("display.mkv", "-i '" + raw + "' -c copy -aspect 16:9");
	ASSERT_FALSE(path.empty());
	expectSameAsFfprobe(path, "Matroska -aspect 16:9 over H.264 1:1");
}

TEST_F(AspectAgainstFfprobe, MatroskaCarriesTheCodecRatio)
{
	std::string path = encode("sar.mkv", kSource + "-c:v libx264 -aspect 16:9");
	if (path.empty())
		GTEST_SKIP() << "no libx264";
	expectSameAsFfprobe(path, "Matroska with H.264 -aspect 16:9");
}

TEST_F(AspectAgainstFfprobe, Vp9InWebmDisplaySize)
{
	std::string raw = encode("square.ivf", kSource + "-c:v libvpx-vp9 -deadline realtime -b:v 200k");
	if (raw.empty())
		GTEST_SKIP() << "no libvpx-vp9";
	expectSameAsFfprobe(raw, "VP9 square");
	std::string path = encode("display.webm", "-i '" + raw + "' -c copy -aspect 16:9");
	ASSERT_FALSE(path.empty());
	expectSameAsFfprobe(path, "WebM -aspect 16:9 over VP9");
}

TEST_F(AspectAgainstFfprobe, Vp8Square)
{
	std::string path = encode("square.webm", kSource + "-c:v libvpx -deadline realtime -b:v 200k");
	if (path.empty())
		GTEST_SKIP() << "no libvpx";
	expectSameAsFfprobe(path, "VP8 square");
}

} /* namespace */
} /* namespace sluice */
