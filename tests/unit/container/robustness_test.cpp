/* SPDX-License-Identifier: MIT */
/*
 * Damaged input: truncation at many points, random byte corruption, lying size fields and
 * absurd dimensions. The contract: every read ends (Ok a bounded number of times, then
 * EndOfStream or Error), an Error comes with a message, and nothing crashes — the
 * sanitizer build of this test checks the "nothing" part.
 */
#include <gtest/gtest.h>
#include <random>
#include <sstream>

#include "base/log.h"
#include "container/annexb_demuxer.h"
#include "container/ivf_demuxer.h"
#include "container/mpeg2_demuxer.h"
#include "container/open_demuxer.h"
#include "container/webm_demuxer.h"
#include "stream_fixture.h"

using namespace sluice;
using namespace sluice::test;

namespace {

const char *const kStreams[] = { "h264.mkv", "h264-live.mkv", "hevc.mkv", "vp8.webm", "vp9.webm",
				 "vp8.ivf", "vp9.ivf", "av1.ivf", "h264.h264", "hevc.hevc", "mpeg2.m2v" };

/* Thousands of damaged inputs each log an error line: keep the test output readable. */
class QuietLog
{
public:
	QuietLog() { setLogSpec("container=off"); }
	~QuietLog() { setLogSpec("container=info"); }
};

/* Opens and drains an input; checks the contract above. */
void exercise(std::vector<uint8_t> bytes, const std::string &what)
{
	SCOPED_TRACE(what);
	size_t inputSize = bytes.size();
	OpenResult opened = openDemuxer(makeMemorySource(std::move(bytes)));
	if (!opened.demuxer) {
		EXPECT_FALSE(opened.error.empty());
		return;
	}
	Demuxer &demuxer = *opened.demuxer;
	for (int pass = 0; pass < 2; pass++) {
		DemuxStatus last;
		/* A packet takes at least one input byte, so more packets than bytes is a loop. */
		std::vector<Packet> packets = demuxAll(demuxer, &last, inputSize + 1);
		ASSERT_LE(packets.size(), inputSize);
		EXPECT_NE(last, DemuxStatus::Ok);
		if (last == DemuxStatus::Error) {
			EXPECT_FALSE(demuxer.errorMessage().empty());
			return;
		}
		size_t total = 0;
		for (const Packet &p : packets)
			total += p.data.size();
		/* Start codes may be widened from 3 to 4 bytes; nothing else is invented. */
		EXPECT_LE(total, inputSize * 4 / 3 + 4);
		if (demuxer.seek(500000000) != DemuxStatus::Ok) {
			EXPECT_FALSE(demuxer.errorMessage().empty());
			return;
		}
	}
}

TEST(Robustness, TruncatedStreams)
{
	QuietLog quiet;
	for (const char *name : kStreams) {
		std::string path = streamPath(name);
		if (path.empty())
			continue;
		std::vector<uint8_t> file = readFile(path);
		std::vector<size_t> cuts = { 0, 1, 3, 4, 5, 11, 31, 32, 33, 40, 44, 45, 100, 200, 500 };
		for (size_t k = 1; k < 24; k++)
			cuts.push_back(file.size() * k / 24);
		cuts.push_back(file.size() - 1);
		for (size_t cut : cuts) {
			if (cut > file.size())
				continue;
			exercise(std::vector<uint8_t>(file.begin(), file.begin() + cut),
				 std::string(name) + " cut at " + std::to_string(cut));
		}
	}
}

TEST(Robustness, CorruptedBytes)
{
	QuietLog quiet;
	std::mt19937 random(1234); /* fixed: the same damage on every run */
	for (const char *name : kStreams) {
		std::string path = streamPath(name);
		if (path.empty())
			continue;
		std::vector<uint8_t> file = readFile(path);
		for (int variant = 0; variant < 40; variant++) {
			std::vector<uint8_t> damaged = file;
			/* Early variants hit the headers, where sizes and counts live. */
			size_t span = variant < 20 ? std::min<size_t>(file.size(), 600) : file.size();
			int flips = 1 + variant % 8;
			for (int f = 0; f < flips; f++)
				damaged[random() % span] = static_cast<uint8_t>(random());
			exercise(std::move(damaged), std::string(name) + " variant " + std::to_string(variant));
		}
	}
}

/* A hand-written IVF: 32-byte header then frames (little-endian fields). */
std::vector<uint8_t> ivf(uint16_t width, uint16_t height, const char *fourcc = "VP80")
{
	/* Built by push_back: GCC 12 warns falsely (-Warray-bounds) on a ranged insert here. */
	std::vector<uint8_t> b = { 'D', 'K', 'I', 'F', 0, 0, 32, 0 };
	for (int i = 0; i < 4; i++)
		b.push_back(static_cast<uint8_t>(fourcc[i]));
	b.insert(b.end(), { uint8_t(width), uint8_t(width >> 8), uint8_t(height), uint8_t(height >> 8) });
	b.insert(b.end(), { 25, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0 });
	return b;
}

void addFrame(std::vector<uint8_t> &b, uint32_t size, uint64_t pts, size_t actualBytes)
{
	for (int i = 0; i < 4; i++)
		b.push_back(uint8_t(size >> (8 * i)));
	for (int i = 0; i < 8; i++)
		b.push_back(uint8_t(pts >> (8 * i)));
	/* A VP8 key frame tag with the start code, then filler. */
	static const uint8_t key[] = { 0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0xb0, 0x00, 0x90, 0x00 };
	for (size_t i = 0; i < actualBytes; i++)
		b.push_back(i < sizeof(key) ? key[i] : 0x55);
}

std::string errorOf(std::vector<uint8_t> bytes, size_t *packets = nullptr)
{
	OpenResult opened = openDemuxer(makeMemorySource(std::move(bytes)));
	if (!opened.demuxer)
		return opened.error;
	DemuxStatus last;
	size_t count = demuxAll(*opened.demuxer, &last).size();
	if (packets)
		*packets = count;
	return last == DemuxStatus::Error ? opened.demuxer->errorMessage() : "";
}

TEST(Robustness, IvfFrameSizes)
{
	std::vector<uint8_t> good = ivf(64, 48);
	addFrame(good, 20, 0, 20);
	addFrame(good, 20, 1, 20);
	size_t packets = 0;
	EXPECT_EQ(errorOf(good, &packets), "");
	EXPECT_EQ(packets, 2u);

	std::vector<uint8_t> huge = ivf(64, 48);
	addFrame(huge, 20, 0, 20);
	addFrame(huge, 0x7fffffff, 1, 20);
	std::string error = errorOf(huge, &packets);
	EXPECT_NE(error.find("64 MiB"), std::string::npos) << error;
	EXPECT_EQ(packets, 1u); /* the good frame first */

	std::vector<uint8_t> beyond = ivf(64, 48);
	addFrame(beyond, 1000, 0, 20);
	error = errorOf(beyond);
	EXPECT_NE(error.find("past the end"), std::string::npos) << error;

	std::vector<uint8_t> cutHeader = ivf(64, 48);
	addFrame(cutHeader, 20, 0, 20);
	cutHeader.insert(cutHeader.end(), { 20, 0, 0 });
	error = errorOf(cutHeader);
	EXPECT_NE(error.find("truncated"), std::string::npos) << error;

	/* A zero-length frame is a frame (VP8 drops are written so); it is just not a keyframe. */
	std::vector<uint8_t> empty = ivf(64, 48);
	addFrame(empty, 0, 0, 0);
	EXPECT_EQ(errorOf(empty, &packets), "");
	EXPECT_EQ(packets, 1u);
}

TEST(Robustness, AbsurdDimensionsAndCodecs)
{
	std::string error = errorOf(ivf(20000, 48));
	EXPECT_NE(error.find("16384"), std::string::npos) << error;
	error = errorOf(ivf(64, 48, "H264"));
	EXPECT_NE(error.find("H264"), std::string::npos) << error;
}

TEST(Robustness, EmptyAndUnrecognisedInput)
{
	EXPECT_NE(errorOf({}).find("empty"), std::string::npos);
	std::string error = errorOf(std::vector<uint8_t>(1000, 0x42));
	EXPECT_NE(error.find("unrecognised"), std::string::npos) << error;
	/* Zeros only: no start code ever completes. */
	EXPECT_FALSE(errorOf(std::vector<uint8_t>(100000, 0)).empty());
}

TEST(Robustness, MatroskaTruncatedInsideAClusterSaysSo)
{
	std::string path = streamPath("vp8.webm");
	if (path.empty())
		GTEST_SKIP() << "vp8.webm was not generated";
	std::vector<uint8_t> file = readFile(path);
	file.resize(file.size() / 2);
	size_t packets = 0;
	std::string error = errorOf(file, &packets);
	EXPECT_GT(packets, 0u);
	/* Cut inside a frame or inside an element header: either way the message says so. */
	EXPECT_TRUE(error.find("truncated") != std::string::npos ||
		    error.find("past the end of the file") != std::string::npos)
		<< error;
}

} /* namespace */

namespace {

/* An elementary-stream unit past 32 MiB is refused, not buffered without end. */
TEST(Robustness, AnnexBUnitOver32MiBIsRefused)
{
	std::vector<uint8_t> bytes = { 0, 0, 0, 1, 0x09, 0xf0, 0, 0, 0, 1, 0x65, 0x88 };
	bytes.resize(bytes.size() + (33u << 20), 0x55);
	std::string error = errorOf(std::move(bytes));
	EXPECT_NE(error.find("larger than 32 MiB"), std::string::npos) << error;
}

} /* namespace */

namespace {

/*
 * Every file of the fuzz corpus (seeds and inputs that once crashed) through each demuxer
 * directly, as the fuzzers feed them, and through content detection; so the regressions
 * stay fixed in every unit-test run, sanitizer build included.
 */
TEST(Robustness, FuzzCorpusReplays)
{
	QuietLog quiet;
	std::string corpus = SLUICE_FUZZ_CORPUS_DIR;
	std::string out;
	ASSERT_EQ(runCommand("find '" + corpus + "' -type f | sort", &out), 0);
	std::stringstream files(out);
	std::string path;
	size_t count = 0;
	while (std::getline(files, path)) {
		std::vector<uint8_t> bytes = readFile(path);
		exercise(bytes, path);
		std::unique_ptr<Demuxer> direct[] = {
			std::make_unique<WebmDemuxer>(makeMemorySource(bytes)),
			std::make_unique<IvfDemuxer>(makeMemorySource(bytes)),
			std::make_unique<AnnexBDemuxer>(makeMemorySource(bytes), Codec::H264),
			std::make_unique<AnnexBDemuxer>(makeMemorySource(bytes), Codec::HEVC),
			std::make_unique<Mpeg2Demuxer>(makeMemorySource(bytes)),
		};
		for (auto &demuxer : direct) {
			if (demuxer->open(-1) != DemuxStatus::Ok)
				continue;
			DemuxStatus last;
			EXPECT_LE(demuxAll(*demuxer, &last, bytes.size() + 1).size(), bytes.size()) << path;
			demuxer->seek(1000000000);
			EXPECT_LE(demuxAll(*demuxer, &last, bytes.size() + 1).size(), bytes.size()) << path;
		}
		count++;
	}
	EXPECT_GE(count, 5u);
}

} /* namespace */
