/* SPDX-License-Identifier: MIT */
/*
 * The HEVC parser against FFmpeg's trace_headers: every VPS, SPS, PPS and slice segment
 * header syntax element we read must match FFmpeg's, by name, value and bit position, in
 * stream order, for every NAL unit of streams libx265 makes with the features each case
 * exercises. x265 makes no tiles, dependent slices, long-term pictures or list
 * modifications: those paths are covered by hand-built units elsewhere, not here.
 */
#include <string>

#include <gtest/gtest.h>

#include "codec/hevc/hevc_parser.h"
#include "hevc_test_streams.h"
#include "trace_compare.h"

namespace sluice {
namespace {

using test::HevcStreamCase;

const HevcStreamCase kCases[] = {
	{ "open_gop_cra", "bframes=3:keyint=12:min-keyint=12:open-gop=1:scenecut=0" },
	{ "closed_gop_pyramid", "bframes=4:b-pyramid=1:keyint=10:open-gop=0:ref=4" },
	{ "wpp", "wpp=1:bframes=2" },
	{ "wpp_slices", "wpp=1:slices=4:bframes=2", "yuv420p", 20, "352x288" },
	{ "no_wpp", "wpp=0:bframes=2:ref=3" },
	{ "scaling_default", "scaling-list=default:bframes=2" },
	{ "weighted", "weightp=1:weightb=1:bframes=3:ref=3", "yuv420p", 30, "176x144",
	  "fade=in:0:25,hue=s=0.5" },
	{ "scaling_explicit", "scaling-list=@SCRATCH@/scaling.txt:bframes=2" },
	{ "main10", "bframes=2:wpp=1", "yuv420p10le" },
	{ "temporal_layers", "temporal-layers=1:bframes=3:b-pyramid=1" },
	{ "vui_hrd", "hrd=1:vbv-maxrate=400:vbv-bufsize=800:colorprim=bt709:transfer=bt709:"
		     "colormatrix=bt709:sar=4\\:3:bframes=1" },
	{ "tools", "tskip=1:constrained-intra=1:aq-mode=2:amp=1:rect=1:cbqpoffs=2:crqpoffs=-2:"
		   "deblock=-2\\,1:signhide=0:strong-intra-smoothing=0" },
	{ "no_sao_no_tmvp", "sao=0:tmvp=0:bframes=2:max-merge=2" },
	{ "rext_444", "bframes=2", "yuv444p" },
};

/* Bits FFmpeg traces that are not syntax elements of the header itself. */
bool isTrailingBits(const std::string &name)
{
	return name == "rbsp_stop_one_bit" || name == "rbsp_alignment_zero_bit" ||
	       name == "alignment_bit_equal_to_one" || name == "alignment_bit_equal_to_zero";
}

/* FFmpeg names delta_chroma_offset_lX[i][j] (7.3.6.3) "chroma_offset_lX"; the value it
 * prints is the coded delta all the same. */
std::string ffmpegName(const std::string &name)
{
	if (name.starts_with("delta_chroma_offset_l"))
		return name.substr(6);
	return name;
}

bool isComparedKind(const std::string &kind)
{
	return kind == "Video Parameter Set" || kind == "Sequence Parameter Set" ||
	       kind == "Picture Parameter Set" || kind == "Slice Segment Header";
}

/* Emulation-prevention bytes (0x03 after 0x0000) in the escaped bytes before `end`. */
unsigned emulationBytesBefore(std::span<const uint8_t> nal, size_t end)
{
	unsigned count = 0, zeros = 0;
	for (size_t i = 0; i < end && i < nal.size(); i++) {
		if (zeros >= 2 && nal[i] == 3) {
			count++;
			zeros = 0;
			continue;
		}
		zeros = nal[i] == 0 ? zeros + 1 : 0;
	}
	return count;
}

class HevcParserVsFfmpeg : public ::testing::TestWithParam<HevcStreamCase>
{
};

TEST_P(HevcParserVsFfmpeg, EverySyntaxElementMatches)
{
	if (!test::ffmpegAvailable())
		GTEST_SKIP() << "ffmpeg/ffprobe not installed";
	const HevcStreamCase &c = GetParam();
	std::string log;
	test::writeScalingListFile();
	std::string path = test::generateHevc(c, &log);
	if (path.empty() && std::string(c.pixFmt) != "yuv420p")
		GTEST_SKIP() << "this libx265 cannot encode " << c.pixFmt << ": " << log;
	ASSERT_FALSE(path.empty()) << "ffmpeg failed to make " << c.name << ": " << log;

	std::vector<test::TraceUnit> reference;
	ASSERT_EQ(test::traceHeaders(path, &reference), 0);
	std::vector<const test::TraceUnit *> expected;
	for (const test::TraceUnit &unit : reference)
		if (isComparedKind(unit.kind))
			expected.push_back(&unit);

	std::vector<uint8_t> bytes = test::readHevcFile(path);
	std::vector<std::span<const uint8_t>> nals;
	ASSERT_EQ(splitNalUnits(bytes, NalFraming::AnnexB, 0, &nals), 0);

	HevcParser parser;
	size_t unitIndex = 0, compared = 0, slices = 0;
	for (std::span<const uint8_t> nal : nals) {
		SyntaxTrace trace;
		HevcParsedNal parsed;
		ASSERT_EQ(parser.parseNal(nal, &parsed, &trace), 0) << c.name << ": NAL " << unitIndex;
		HevcNalType type = parsed.header.type;
		if (type != HevcNalType::Vps && type != HevcNalType::Sps && type != HevcNalType::Pps &&
		    !parsed.header.isSlice())
			continue;
		ASSERT_LT(unitIndex, expected.size()) << "FFmpeg traced fewer units";
		const test::TraceUnit &unit = *expected[unitIndex];

		std::vector<const test::TraceElement *> theirs;
		const test::TraceElement *lastAlignment = nullptr;
		for (const test::TraceElement &element : unit.elements) {
			if (!isTrailingBits(element.name))
				theirs.push_back(&element);
			else
				lastAlignment = &element;
		}
		/* FFmpeg stops a VPS at vps_extension_flag's data, which we do not read. */
		ASSERT_NO_FATAL_FAILURE(test::expectElementsMatchFfmpeg(
			trace, theirs,
			std::string(c.name) + ": unit " + std::to_string(unitIndex) + " (" + unit.kind + ")",
			&compared, ffmpegName));
		if (parsed.header.isSlice()) {
			/* The header ends where FFmpeg's last header element ends; the slice data
			 * starts after its byte_alignment(), counted in escaped bytes. */
			const test::TraceElement &last = *theirs.back();
			EXPECT_EQ(parsed.slice.headerBitSize, last.bitPosition + last.bitLength)
				<< c.name << ": unit " << unitIndex;
			ASSERT_NE(lastAlignment, nullptr);
			uint64_t rbspBytes = (lastAlignment->bitPosition + lastAlignment->bitLength) / 8;
			EXPECT_EQ(parsed.slice.dataByteOffset,
				  rbspBytes + emulationBytesBefore(nal, parsed.slice.dataByteOffset))
				<< c.name << ": unit " << unitIndex;
			slices++;
		}
		unitIndex++;
	}
	EXPECT_EQ(unitIndex, expected.size()) << "FFmpeg traced more units than we parsed";
	EXPECT_GT(slices, 0u);
	std::printf("[ %s ] %zu syntax elements in %zu units (%zu slices) match FFmpeg\n", c.name,
		    compared, unitIndex, slices);
}

INSTANTIATE_TEST_SUITE_P(Streams, HevcParserVsFfmpeg, ::testing::ValuesIn(kCases),
			 [](const auto &param) { return std::string(param.param.name); });

} /* namespace */
} /* namespace sluice */
