/* SPDX-License-Identifier: MIT */
/*
 * The H.264 parser against FFmpeg's trace_headers: every SPS, PPS and slice header syntax
 * element we read must match FFmpeg's, by name, value and bit position, in stream order, for
 * every NAL unit of streams libx264 makes with the features each case exercises.
 */
#include <algorithm>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "codec/h264/h264_parser.h"
#include "h264_test_streams.h"
#include "trace_compare.h"

namespace sluice {
namespace {

using test::H264StreamCase;

const H264StreamCase kCases[] = {
	{ "progressive_cavlc_poc2", "cabac=0:bframes=0:keyint=15" },
	{ "bpyramid", "bframes=3:b-pyramid=normal:ref=4:keyint=20" },
	{ "weighted", "weightp=2:weightb=1:bframes=2:ref=3" },
	{ "slices", "slices=4:bframes=2" },
	{ "cabac_8x8_cqm_jvt", "cqm=jvt:8x8dct=1:bframes=1" },
	{ "mbaff", "interlaced=1:bframes=2:ref=3" },
	{ "mbaff_bff_cavlc", "interlaced=1:bff=1:cabac=0" },
	{ "high10", "bframes=2", "yuv420p10le" },
	{ "high444_cqm", "cqm=jvt:8x8dct=1", "yuv444p" },
	{ "vui_hrd", "nal-hrd=vbr:vbv-maxrate=400:vbv-bufsize=800:colorprim=bt709:"
		     "transfer=bt709:colormatrix=bt709:sar=4/3:bframes=1" },
	{ "big_frame_num", "bframes=0:keyint=300:ref=1", "yuv420p", 70, "64x64" },
};

/* Bits FFmpeg traces that are not syntax elements of the header itself. */
bool isTrailingBits(const std::string &name)
{
	return name == "rbsp_stop_one_bit" || name == "rbsp_alignment_zero_bit" ||
	       name == "cabac_alignment_one_bit";
}

bool isComparedKind(const std::string &kind)
{
	return kind == "Sequence Parameter Set" || kind == "Picture Parameter Set" ||
	       kind == "Slice Header";
}

/* Every SPS, PPS and slice header of the stream at path, element by element. */
void expectParserMatchesFfmpeg(const std::string &name, const std::string &path)
{
	std::vector<test::TraceUnit> reference;
	ASSERT_EQ(test::traceHeaders(path, &reference), 0);
	std::vector<const test::TraceUnit *> expected;
	for (const test::TraceUnit &unit : reference)
		if (isComparedKind(unit.kind))
			expected.push_back(&unit);

	std::vector<uint8_t> bytes = test::readFile(path);
	std::vector<std::span<const uint8_t>> nals;
	ASSERT_EQ(splitNalUnits(bytes, NalFraming::AnnexB, 0, &nals), 0);

	H264Parser parser;
	size_t unitIndex = 0;
	size_t compared = 0;
	size_t slices = 0;
	for (std::span<const uint8_t> nal : nals) {
		SyntaxTrace trace;
		H264ParsedNal parsed;
		ASSERT_EQ(parser.parseNal(nal, &parsed, &trace), 0) << "NAL " << unitIndex;
		H264NalType type = parsed.header.type;
		if (type != H264NalType::Sps && type != H264NalType::Pps && !parsed.header.isSlice())
			continue;
		ASSERT_LT(unitIndex, expected.size()) << "FFmpeg traced fewer units";
		const test::TraceUnit &unit = *expected[unitIndex];

		std::vector<const test::TraceElement *> theirs;
		for (const test::TraceElement &element : unit.elements)
			if (!isTrailingBits(element.name))
				theirs.push_back(&element);
		ASSERT_NO_FATAL_FAILURE(test::expectElementsMatchFfmpeg(
			trace, theirs,
			name + ": unit " + std::to_string(unitIndex) + " (" + unit.kind + ")",
			&compared));
		if (parsed.header.isSlice()) {
			/* The header ends where FFmpeg's last header element ends. */
			const test::TraceElement &last = *theirs.back();
			EXPECT_EQ(parsed.slice.headerBitSize, last.bitPosition + last.bitLength)
				<< name << ": unit " << unitIndex;
			EXPECT_GE(parsed.slice.headerBitSizeRaw, parsed.slice.headerBitSize);
			EXPECT_EQ((parsed.slice.headerBitSizeRaw - parsed.slice.headerBitSize) % 8, 0u);
			slices++;
		}
		unitIndex++;
	}
	EXPECT_EQ(unitIndex, expected.size()) << "FFmpeg traced more units than we parsed";
	EXPECT_GT(slices, 0u);
	std::printf("[ %s ] %zu syntax elements in %zu units (%zu slices) match FFmpeg\n",
		    name.c_str(), compared, unitIndex, slices);
}

class H264ParserVsFfmpeg : public ::testing::TestWithParam<H264StreamCase>
{
};

TEST_P(H264ParserVsFfmpeg, EverySyntaxElementMatches)
{
	if (!test::ffmpegAvailable())
		GTEST_SKIP() << "ffmpeg/ffprobe not installed";
	const H264StreamCase &c = GetParam();
	std::string path = test::generateH264(c);
	if (path.empty() && std::string(c.pixFmt) != "yuv420p")
		GTEST_SKIP() << "this libx264 cannot encode " << c.pixFmt;
	ASSERT_FALSE(path.empty()) << "ffmpeg failed to make " << c.name;
	expectParserMatchesFfmpeg(c.name, path);
}

INSTANTIATE_TEST_SUITE_P(Streams, H264ParserVsFfmpeg, ::testing::ValuesIn(kCases),
			 [](const auto &param) { return std::string(param.param.name); });

/* Field pictures (PAFF): the streams tests/corpus/h264_paff.py writes, which libx264 cannot
 * make (field_pic_flag, bottom_field_flag, field POC syntax, field reference counts). */
class H264PaffParserVsFfmpeg : public ::testing::TestWithParam<const char *>
{
};

TEST_P(H264PaffParserVsFfmpeg, EverySyntaxElementMatches)
{
	if (!test::ffmpegAvailable())
		GTEST_SKIP() << "ffmpeg/ffprobe not installed";
	std::string path = test::generatePaffH264(GetParam());
	ASSERT_FALSE(path.empty()) << "the PAFF writer failed to make " << GetParam();
	expectParserMatchesFfmpeg(GetParam(), path);
}

INSTANTIATE_TEST_SUITE_P(Streams, H264PaffParserVsFfmpeg,
			 ::testing::Values("paff-mixed", "paff-delta-poc-slices", "paff-long-term"),
			 [](const auto &param) {
				 std::string name = param.param;
				 std::replace(name.begin(), name.end(), '-', '_');
				 return name;
			 });

} /* namespace */
} /* namespace sluice */
