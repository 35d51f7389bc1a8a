/* SPDX-License-Identifier: MIT */
/*
 * The demuxers against ffprobe, run now on the same files: packet count, sizes, timestamps
 * and keyframe flags; where packets land after a seek; and what the track description says.
 */
#include <algorithm>
#include <cstdio>
#include <gtest/gtest.h>
#include <unistd.h>

#include "container/open_demuxer.h"
#include "stream_fixture.h"

using namespace sluice;
using namespace sluice::test;

namespace {

#define REQUIRE_STREAM(var, name)                                                       \
	std::string var = streamPath(name);                                             \
	if (var.empty()) {                                                              \
		GTEST_SKIP() << name << " was not generated (ffmpeg or encoder missing)"; \
	}                                                                               \
	if (!haveFfprobe()) {                                                           \
		GTEST_SKIP() << "ffprobe is not installed";                               \
	}                                                                               \
	do {                                                                            \
	} while (0)

std::string identifier(std::string name)
{
	std::replace_if(name.begin(), name.end(), [](char c) { return !isalnum(c); }, '_');
	return name;
}

std::string fileTestName(const testing::TestParamInfo<const char *> &p)
{
	return identifier(p.param);
}

std::unique_ptr<Demuxer> openOrFail(const std::string &path)
{
	OpenResult opened = openDemuxerFile(path);
	EXPECT_TRUE(opened.demuxer) << opened.error;
	return std::move(opened.demuxer);
}

/* Containers with timestamps and one packet per frame: everything must match ffprobe. */
class ContainerPackets : public testing::TestWithParam<const char *>
{
};

TEST_P(ContainerPackets, MatchFfprobe)
{
	REQUIRE_STREAM(path, GetParam());
	auto demuxer = openOrFail(path);
	ASSERT_TRUE(demuxer);
	DemuxStatus last;
	std::vector<Packet> ours = demuxAll(*demuxer, &last);
	EXPECT_EQ(last, DemuxStatus::EndOfStream) << demuxer->errorMessage();
	std::vector<ProbePacket> theirs = ffprobePackets(path);
	ASSERT_FALSE(theirs.empty());
	ASSERT_EQ(ours.size(), theirs.size());
	for (size_t i = 0; i < ours.size(); i++) {
		SCOPED_TRACE("packet " + std::to_string(i));
		EXPECT_EQ(ours[i].data.size(), theirs[i].size);
		/*
		 * ffprobe's pos is the IVF frame header, or the Matroska block body; our offset
		 * is the frame data, after the 4-byte header of an unlaced block (1-byte track).
		 */
		uint64_t blockHeader = demuxer->containerType() == ContainerType::Matroska ? 4 : 0;
		EXPECT_EQ(ours[i].offset, theirs[i].pos + blockHeader);
		EXPECT_EQ(ours[i].keyframe, theirs[i].keyframe);
		ASSERT_TRUE(theirs[i].ptsNs.has_value());
		EXPECT_EQ(ours[i].ptsNs, *theirs[i].ptsNs);
	}
}

INSTANTIATE_TEST_SUITE_P(Files, ContainerPackets,
			 testing::Values("h264.mkv", "h264-live.mkv", "h264-colour.mkv", "hevc.mkv",
					 "vp8.webm", "vp9.webm", "vp8.ivf", "vp9.ivf", "av1.ivf"),
			 fileTestName);

/*
 * Elementary streams: ffprobe's parsers cut the same units. Sizes differ by how the zero
 * bytes around start codes are attributed (we re-write every start code to one size and
 * drop trailing zeros), so each unit is compared with ffprobe's bytes normalised that way:
 * same boundaries, same content.
 */
struct EsCase {
	const char *name;
	unsigned startCodeSize;
};

class ElementaryUnits : public testing::TestWithParam<EsCase>
{
};

TEST_P(ElementaryUnits, MatchFfprobe)
{
	REQUIRE_STREAM(path, GetParam().name);
	auto demuxer = openOrFail(path);
	ASSERT_TRUE(demuxer);
	DemuxStatus last;
	std::vector<Packet> ours = demuxAll(*demuxer, &last);
	EXPECT_EQ(last, DemuxStatus::EndOfStream) << demuxer->errorMessage();
	std::vector<ProbePacket> theirs = ffprobePackets(path);
	std::vector<uint8_t> file = readFile(path);
	ASSERT_EQ(ours.size(), theirs.size());
	for (size_t i = 0; i < ours.size(); i++) {
		SCOPED_TRACE("unit " + std::to_string(i));
		EXPECT_EQ(ours[i].keyframe, theirs[i].keyframe);
		ASSERT_LE(theirs[i].pos + theirs[i].size, file.size());
		std::vector<uint8_t> expected =
			normaliseStartCodes(file.data() + theirs[i].pos, theirs[i].size, GetParam().startCodeSize);
		EXPECT_TRUE(ours[i].data == expected) << "ours " << ours[i].data.size() << " bytes, ffprobe's "
						      << expected.size() << " after normalising";
	}
}

INSTANTIATE_TEST_SUITE_P(Files, ElementaryUnits,
			 testing::Values(EsCase{ "h264.h264", 4 }, EsCase{ "hevc.hevc", 4 },
					 EsCase{ "mpeg2.m2v", 3 }, EsCase{ "mpeg2-interlaced.m2v", 3 }),
			 [](const testing::TestParamInfo<EsCase> &p) { return identifier(p.param.name); });

/*
 * Seeking: the first packet after seek(t) is the keyframe ffprobe lists last at or before
 * t (or the first keyframe for t before it).
 */
class Seeking : public testing::TestWithParam<const char *>
{
};

TEST_P(Seeking, LandsOnKeyframeAtOrBefore)
{
	REQUIRE_STREAM(path, GetParam());
	std::vector<ProbePacket> theirs = ffprobePackets(path);
	auto demuxer = openOrFail(path);
	ASSERT_TRUE(demuxer);
	for (int64_t targetMs : { 1300, 0, 500, 960, 1999, 100000, -5 }) {
		SCOPED_TRACE("seek to " + std::to_string(targetMs) + " ms");
		int64_t target = targetMs * 1000000;
		const ProbePacket *expected = nullptr;
		for (const ProbePacket &p : theirs)
			if (p.keyframe && p.ptsNs && (*p.ptsNs <= target || !expected) &&
			    (!expected || *p.ptsNs > *expected->ptsNs))
				expected = &p;
		ASSERT_TRUE(expected);
		ASSERT_EQ(demuxer->seek(target), DemuxStatus::Ok) << demuxer->errorMessage();
		Packet packet;
		ASSERT_EQ(demuxer->readPacket(&packet), DemuxStatus::Ok) << demuxer->errorMessage();
		EXPECT_TRUE(packet.keyframe);
		EXPECT_EQ(packet.ptsNs, *expected->ptsNs);
		uint64_t blockHeader = demuxer->containerType() == ContainerType::Matroska ? 4 : 0;
		EXPECT_EQ(packet.offset, expected->pos + blockHeader);
		EXPECT_EQ(packet.data.size(), expected->size);
	}
}

INSTANTIATE_TEST_SUITE_P(Files, Seeking,
			 testing::Values("h264.mkv", "h264-live.mkv", "hevc.mkv", "vp8.webm", "vp9.webm",
					 "vp8.ivf", "vp9.ivf"),
			 fileTestName);

/*
 * Raw streams have no timestamps: packets are numbered in decode order at the VUI rate
 * (25 fps here, 40 ms a frame). Seeking lands on the random access point ffprobe flags last
 * at or before the target's decode index.
 */
TEST(SeekingElementary, AnnexBLandsOnLastKeyframeByDecodeIndex)
{
	for (const char *name : { "h264.h264", "hevc.hevc" }) {
		SCOPED_TRACE(name);
		std::string path = streamPath(name);
		if (path.empty() || !haveFfprobe()) {
			GTEST_SKIP() << "streams or ffprobe missing";
		}
		std::vector<ProbePacket> theirs = ffprobePackets(path);
		std::vector<uint8_t> file = readFile(path);
		auto demuxer = openOrFail(path);
		ASSERT_TRUE(demuxer);
		for (int64_t targetMs : { 1300, 0, 500, 1999 }) {
			size_t index = static_cast<size_t>(targetMs / 40);
			size_t key = 0;
			for (size_t i = 0; i <= index && i < theirs.size(); i++)
				if (theirs[i].keyframe)
					key = i;
			ASSERT_EQ(demuxer->seek(targetMs * 1000000), DemuxStatus::Ok);
			Packet packet;
			ASSERT_EQ(demuxer->readPacket(&packet), DemuxStatus::Ok);
			EXPECT_TRUE(packet.keyframe);
			EXPECT_EQ(packet.ptsNs, static_cast<int64_t>(key) * 40000000);
			EXPECT_TRUE(packet.data == normaliseStartCodes(file.data() + theirs[key].pos, theirs[key].size, 4));
		}
	}
}

TEST(SeekingElementary, Mpeg2LandsOnAnIPictureAtOrBefore)
{
	std::string path = streamPath("mpeg2.m2v");
	if (path.empty()) {
		GTEST_SKIP() << "mpeg2.m2v was not generated";
	}
	auto demuxer = openOrFail(path);
	ASSERT_TRUE(demuxer);
	std::vector<Packet> all = demuxAll(*demuxer);
	for (int64_t targetMs : { 1300, 0, 500, 1999 }) {
		int64_t target = targetMs * 1000000;
		ASSERT_EQ(demuxer->seek(target), DemuxStatus::Ok);
		Packet packet;
		ASSERT_EQ(demuxer->readPacket(&packet), DemuxStatus::Ok);
		EXPECT_TRUE(packet.keyframe);
		EXPECT_LE(packet.ptsNs, target);
		/* The same I picture, with the same timestamp, as in a plain read. */
		auto same = std::find_if(all.begin(), all.end(), [&](const Packet &p) { return p.offset == packet.offset; });
		ASSERT_NE(same, all.end());
		EXPECT_EQ(same->ptsNs, packet.ptsNs);
		/* No later I picture is still at or before the target. */
		for (const Packet &p : all) {
			if (p.keyframe && p.ptsNs <= target) {
				EXPECT_LE(p.ptsNs, packet.ptsNs);
			}
		}
	}
}

/* Track descriptions: size, frame rate, colour against ffprobe's stream fields. */
class TrackDescription : public testing::TestWithParam<const char *>
{
};

TEST_P(TrackDescription, MatchesFfprobe)
{
	REQUIRE_STREAM(path, GetParam());
	auto demuxer = openOrFail(path);
	ASSERT_TRUE(demuxer);
	ProbeStream probe = ffprobeStream(path);
	const TrackInfo &track = demuxer->track();
	EXPECT_TRUE(track.isVideo);
	EXPECT_EQ(track.codedWidth, probe.width);
	EXPECT_EQ(track.codedHeight, probe.height);
	EXPECT_EQ(std::to_string(track.frameRate.num) + "/" + std::to_string(track.frameRate.den), probe.frameRate);
	if (track.durationNs >= 0 && probe.durationSeconds > 0) {
		EXPECT_NEAR(track.durationNs / 1e9, probe.durationSeconds, 0.001);
	}
}

INSTANTIATE_TEST_SUITE_P(Files, TrackDescription,
			 testing::Values("h264.mkv", "h264-colour.mkv", "hevc.mkv", "vp8.webm", "vp9.webm",
					 "vp8.ivf", "vp9.ivf", "h264.h264", "hevc.hevc", "hevc-colour.hevc",
					 "mpeg2.m2v"),
			 fileTestName);

/*
 * ffprobe names the ISO/IEC 23091-2 code points; BT.709 is 1 for all three. From the
 * Matroska Colour element, and from an HEVC SPS VUI.
 */
class TrackColour : public testing::TestWithParam<const char *>
{
};

TEST_P(TrackColour, Bt709LimitedMatchesFfprobe)
{
	REQUIRE_STREAM(path, GetParam());
	ProbeStream probe = ffprobeStream(path);
	ASSERT_EQ(probe.colourSpace, "bt709");
	ASSERT_EQ(probe.colourPrimaries, "bt709");
	ASSERT_EQ(probe.colourTransfer, "bt709");
	ASSERT_EQ(probe.colourRange, "tv");
	auto demuxer = openOrFail(path);
	ASSERT_TRUE(demuxer);
	const ColourDescription &colour = demuxer->track().colour;
	EXPECT_EQ(colour.matrix, 1u);
	EXPECT_EQ(colour.primaries, 1u);
	EXPECT_EQ(colour.transfer, 1u);
	EXPECT_EQ(colour.range, ColourDescription::Range::Limited);
}

INSTANTIATE_TEST_SUITE_P(Files, TrackColour, testing::Values("h264-colour.mkv", "hevc-colour.hevc"),
			 fileTestName);

/*
 * avcC/hvcC: every parameter set we list appears, behind a start code, in the Annex-B that
 * ffmpeg's own mp4toannexb filter makes of the first packet.
 */
class ParameterSetsTest : public testing::TestWithParam<std::pair<const char *, const char *>>
{
};

TEST_P(ParameterSetsTest, AppearInFfmpegAnnexB)
{
	auto [name, filter] = GetParam();
	REQUIRE_STREAM(path, name);
	auto demuxer = openOrFail(path);
	ASSERT_TRUE(demuxer);
	const TrackInfo &track = demuxer->track();
	EXPECT_EQ(track.nalLengthSize, 4u);
	ASSERT_GE(track.parameterSets.size(), 2u);

	char tmp[] = "/tmp/sluice-annexb-XXXXXX";
	int fd = mkstemp(tmp);
	ASSERT_GE(fd, 0);
	close(fd);
	std::string out;
	ASSERT_EQ(runCommand(std::string("ffmpeg -v error -y -i '") + path + "' -c copy -bsf:v " + filter +
				     " -frames:v 1 -f " + (track.codec == Codec::H264 ? "h264" : "hevc") +
				     " '" + tmp + "'",
			     &out),
		  0);
	std::vector<uint8_t> annexB = readFile(tmp);
	unlink(tmp);
	for (const auto &nal : track.parameterSets) {
		std::vector<uint8_t> needle = { 0, 0, 1 };
		needle.insert(needle.end(), nal.begin(), nal.end());
		EXPECT_NE(std::search(annexB.begin(), annexB.end(), needle.begin(), needle.end()), annexB.end());
	}
	/* And the packets are length-prefixed: the prefixes walk the packet exactly. */
	Packet packet;
	ASSERT_EQ(demuxer->readPacket(&packet), DemuxStatus::Ok);
	size_t pos = 0;
	while (pos + 4 <= packet.data.size()) {
		uint32_t length = uint32_t(packet.data[pos]) << 24 | packet.data[pos + 1] << 16 |
				  packet.data[pos + 2] << 8 | packet.data[pos + 3];
		pos += 4 + length;
	}
	EXPECT_EQ(pos, packet.data.size());
}

INSTANTIATE_TEST_SUITE_P(Files, ParameterSetsTest,
			 testing::Values(std::pair{ "h264.mkv", "h264_mp4toannexb" },
					 std::pair{ "hevc.mkv", "hevc_mp4toannexb" }),
			 [](const testing::TestParamInfo<std::pair<const char *, const char *>> &p) {
				 return identifier(p.param.first);
			 });

/* The container is told by content: a misnamed file opens all the same. */
TEST(Detection, ByContentNotExtension)
{
	struct Case {
		const char *name;
		ContainerType type;
		Codec codec;
	} cases[] = {
		{ "h264.h264", ContainerType::AnnexBH264, Codec::H264 },
		{ "hevc.hevc", ContainerType::AnnexBHevc, Codec::HEVC },
		{ "mpeg2.m2v", ContainerType::Mpeg2Es, Codec::MPEG2 },
		{ "vp9.ivf", ContainerType::Ivf, Codec::VP9 },
		{ "vp8.webm", ContainerType::Matroska, Codec::VP8 },
		{ "hevc.mkv", ContainerType::Matroska, Codec::HEVC },
	};
	for (const Case &c : cases) {
		std::string path = streamPath(c.name);
		if (path.empty()) {
			GTEST_SKIP() << c.name << " was not generated";
		}
		std::vector<uint8_t> bytes = readFile(path);
		EXPECT_EQ(detectContainer(bytes), c.type) << c.name;
		/* Through a memory source, named nothing at all. */
		OpenResult opened = openDemuxer(makeMemorySource(std::move(bytes)));
		ASSERT_TRUE(opened.demuxer) << opened.error;
		EXPECT_EQ(opened.demuxer->track().codec, c.codec) << c.name;
	}
}

TEST(Detection, VP9CodecPrivateWhenPresent)
{
	REQUIRE_STREAM(path, "vp9.webm");
	auto demuxer = openOrFail(path);
	ASSERT_TRUE(demuxer);
	ProbeStream probe = ffprobeStream(path);
	/* ffmpeg writes the VP9 codec features; ffprobe calls profile 0 "Profile 0". */
	if (demuxer->track().vp9Profile >= 0) {
		EXPECT_EQ("Profile " + std::to_string(demuxer->track().vp9Profile), probe.profile);
	} else {
		EXPECT_TRUE(demuxer->track().codecPrivate.empty());
	}
}

} /* namespace */

namespace {

/* Records read offsets, to tell a seek through the Cues from a scan of every block header. */
class RecordingSource : public ByteSource
{
public:
	explicit RecordingSource(std::unique_ptr<ByteSource> inner) : inner_(std::move(inner)) {}
	int64_t readAt(uint64_t offset, std::span<uint8_t> buffer) override
	{
		offsets.push_back(offset);
		return inner_->readAt(offset, buffer);
	}
	uint64_t size() const override { return inner_->size(); }
	const std::string &name() const override { return inner_->name(); }

	std::vector<uint64_t> offsets;

private:
	std::unique_ptr<ByteSource> inner_;
};

/*
 * Seeks to target; returns how many reads the seek made between the first frame and the
 * frame it lands on: the blocks a scan walks over, which a seek through the Cues skips.
 */
size_t readsSkippedOver(const std::string &path, int64_t target, int64_t *landedPts)
{
	std::unique_ptr<ByteSource> file;
	EXPECT_EQ(openFileSource(path, &file), 0);
	auto recording = std::make_unique<RecordingSource>(std::move(file));
	RecordingSource *recorder = recording.get();
	OpenResult opened = openDemuxer(std::move(recording));
	EXPECT_TRUE(opened.demuxer) << opened.error;
	if (!opened.demuxer)
		return 0;
	Packet first, landed;
	EXPECT_EQ(opened.demuxer->readPacket(&first), DemuxStatus::Ok);
	recorder->offsets.clear();
	EXPECT_EQ(opened.demuxer->seek(target), DemuxStatus::Ok);
	std::vector<uint64_t> seekReads = recorder->offsets;
	EXPECT_EQ(opened.demuxer->readPacket(&landed), DemuxStatus::Ok);
	*landedPts = landed.ptsNs;
	return std::count_if(seekReads.begin(), seekReads.end(), [&](uint64_t offset) {
		return offset > first.offset && offset + 64 < landed.offset;
	});
}

} /* namespace */

/*
 * h264.mkv lists its Cues (after the clusters) in the SeekHead; h264-live.mkv has none.
 * Same frames, same landing point; only the scan reads the blocks in between.
 */
TEST(SeekingMatroska, CuesAfterClustersAreFoundThroughTheSeekHead)
{
	std::string withCues = streamPath("h264.mkv");
	std::string withoutCues = streamPath("h264-live.mkv");
	if (withCues.empty() || withoutCues.empty()) {
		GTEST_SKIP() << "streams were not generated";
	}
	int64_t viaCues = -1, viaScan = -1;
	EXPECT_EQ(readsSkippedOver(withCues, 1900000000, &viaCues), 0u);
	EXPECT_GT(readsSkippedOver(withoutCues, 1900000000, &viaScan), 40u);
	EXPECT_EQ(viaCues, viaScan);
	/* -g 12 at 25 fps: keyframes every 0.48 s, so the one before 1.9 s is at 1.44 s. */
	EXPECT_EQ(viaCues, 1440000000);
}
