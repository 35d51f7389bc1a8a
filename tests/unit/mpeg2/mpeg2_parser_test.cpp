/* SPDX-License-Identifier: MIT */
/*
 * The MPEG-2 header parser against FFmpeg's trace_headers: every syntax element of every
 * sequence header, extension, GOP header and picture header we read must match FFmpeg's by
 * name, value and bit position, in stream order, over streams FFmpeg's mpeg2video encoder
 * makes with the features each case exercises. Pictures and their slice counts must match
 * the Picture Header and Slice Header units FFmpeg saw.
 */
#include <gtest/gtest.h>

#include "codec/mpeg2/mpeg2_parser.h"
#include "mpeg2_test_streams.h"
#include "trace_compare.h"

namespace sluice {
namespace {

using test::Mpeg2StreamCase;

const std::string kMatrices = std::string("-bf 2 -intra_matrix ") + test::kCustomIntraRaster +
			      " -inter_matrix " + test::kCustomInterRaster;
const std::string kDefaultAsCustom = std::string("-intra_matrix ") + test::kDefaultIntraRaster;

const Mpeg2StreamCase kCases[] = {
	{ "progressive_b2", "-bf 2 -g 12" },
	{ "interlaced_tff", "-bf 2 -flags +ildct+ilme -top 1" },
	{ "interlaced_bff_closed_gop", "-bf 1 -flags +ildct+ilme+cgop -sc_threshold 1000000000 -top 0 -g 6" },
	{ "custom_matrices", kMatrices.c_str() },
	{ "default_matrix_sent", kDefaultAsCustom.c_str(), "yuv420p", 4 },
	{ "intra_vlc_alternate_scan", "-bf 2 -intra_vlc 1 -alternate_scan 1" },
	{ "nonlinear_dc10_display_ext",
	  "-non_linear_quant 1 -qmax 28 -dc 10 -seq_disp_ext 1 -video_format 1 -color_primaries bt709 "
	  "-color_trc bt709 -colorspace bt709" },
	{ "chroma422", "-bf 1 -intra_matrix 8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,"
		       "26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,"
		       "51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71", "yuv422p" },
	{ "intra_only", "-g 1" },
};

std::string caseName(const ::testing::TestParamInfo<Mpeg2StreamCase> &info)
{
	return info.param.name;
}

class Mpeg2ParserVsFfmpeg : public ::testing::TestWithParam<Mpeg2StreamCase>
{
};

TEST_P(Mpeg2ParserVsFfmpeg, EveryHeaderElementMatches)
{
	if (!test::ffmpegAvailable())
		GTEST_SKIP() << "ffmpeg/ffprobe not installed";
	const Mpeg2StreamCase &c = GetParam();
	std::string path = test::generateMpeg2(c);
	ASSERT_FALSE(path.empty()) << "ffmpeg failed to make " << c.name;

	std::vector<test::TraceUnit> reference;
	ASSERT_EQ(test::traceHeaders(path, &reference), 0);
	std::vector<const test::TraceElement *> theirs;
	std::vector<size_t> slicesPerPicture;
	for (const test::TraceUnit &unit : reference) {
		if (unit.kind == "Slice Header") {
			ASSERT_FALSE(slicesPerPicture.empty()) << "a slice before any picture";
			slicesPerPicture.back()++;
			continue;
		}
		if (unit.kind == "Picture Header")
			slicesPerPicture.push_back(0);
		for (const test::TraceElement &element : unit.elements)
			theirs.push_back(&element);
	}

	std::vector<uint8_t> bytes = test::readMpeg2File(path);
	Mpeg2Parser parser;
	std::vector<Mpeg2Picture> pictures;
	SyntaxTrace ours;
	ASSERT_EQ(parser.parse(bytes, &pictures, &ours), 0);

	size_t compared = 0;
	ASSERT_NO_FATAL_FAILURE(
		test::expectElementsMatchFfmpeg(ours, theirs, std::string(c.name) + ":", &compared));
	ASSERT_EQ(pictures.size(), slicesPerPicture.size());
	for (size_t i = 0; i < pictures.size(); i++)
		EXPECT_EQ(pictures[i].slices.size(), slicesPerPicture[i]) << "picture " << i;
	std::printf("[ %s ] %zu header elements in %zu pictures match FFmpeg\n", c.name, ours.size(),
		    pictures.size());
}

INSTANTIATE_TEST_SUITE_P(Streams, Mpeg2ParserVsFfmpeg, ::testing::ValuesIn(kCases), caseName);

/* What each picture carries must be what FFmpeg read for it: the elements of the picture
 * header and coding extension, and the frame count ffprobe reports. */
TEST(Mpeg2Parser, PicturesCarryTheirHeadersAndFrameCountMatchesFfprobe)
{
	if (!test::ffmpegAvailable())
		GTEST_SKIP() << "ffmpeg/ffprobe not installed";
	Mpeg2StreamCase c{ "fields_of_pictures", "-bf 2 -flags +ildct+ilme -top 1 -intra_vlc 1" };
	std::string path = test::generateMpeg2(c);
	ASSERT_FALSE(path.empty());
	std::vector<test::TraceUnit> reference;
	ASSERT_EQ(test::traceHeaders(path, &reference), 0);

	std::vector<uint8_t> bytes = test::readMpeg2File(path);
	Mpeg2Parser parser;
	std::vector<Mpeg2Picture> pictures;
	ASSERT_EQ(parser.parse(bytes, &pictures), 0);

	size_t index = SIZE_MAX;
	for (const test::TraceUnit &unit : reference) {
		if (unit.kind == "Picture Header")
			index = index == SIZE_MAX ? 0 : index + 1;
		if (index == SIZE_MAX || (unit.kind != "Picture Header" && unit.kind != "Picture Coding Extension"))
			continue;
		ASSERT_LT(index, pictures.size());
		const Mpeg2Picture &p = pictures[index];
		for (const test::TraceElement &e : unit.elements) {
			SCOPED_TRACE("picture " + std::to_string(index) + " " + e.name);
			const std::pair<const char *, int64_t> fields[] = {
				{ "temporal_reference", p.header.temporalReference },
				{ "picture_coding_type", static_cast<int64_t>(p.header.codingType) },
				{ "picture_structure", p.coding.pictureStructure },
				{ "top_field_first", p.coding.topFieldFirst },
				{ "intra_vlc_format", p.coding.intraVlcFormat },
				{ "progressive_frame", p.coding.progressiveFrame },
				{ "f_code[1][0]", p.coding.fCode[1][0] },
			};
			for (const auto &[name, value] : fields) {
				if (e.name == name) {
					EXPECT_EQ(value, e.value);
				}
			}
		}
	}
	std::string frames;
	ASSERT_EQ(test::runCommand("ffprobe -v error -count_frames -select_streams v:0 -show_entries "
				   "stream=nb_read_frames -of csv=p=0 '" + path + "'", &frames), 0);
	EXPECT_EQ(pictures.size(), std::stoul(frames));
}

/* 6.3.11: matrices travel in zigzag order. FFmpeg's -intra_matrix takes raster order, so
 * scanning what we parsed back to raster must give exactly the list we gave the encoder. */
TEST(Mpeg2Parser, QuantMatricesAreZigzagOfTheEncodersRasterInput)
{
	if (!test::ffmpegAvailable())
		GTEST_SKIP() << "ffmpeg/ffprobe not installed";
	Mpeg2StreamCase c{ "matrices_raster", kMatrices.c_str(), "yuv420p", 6 };
	std::string path = test::generateMpeg2(c);
	ASSERT_FALSE(path.empty());
	std::vector<uint8_t> bytes = test::readMpeg2File(path);
	Mpeg2Parser parser;
	std::vector<Mpeg2Picture> pictures;
	ASSERT_EQ(parser.parse(bytes, &pictures), 0);
	ASSERT_FALSE(pictures.empty());

	std::vector<int> intra = test::parseMatrixList(test::kCustomIntraRaster);
	std::vector<int> inter = test::parseMatrixList(test::kCustomInterRaster);
	const auto &scan = mpeg2ZigzagToRaster();
	for (const Mpeg2Picture &p : pictures) {
		for (size_t n = 0; n < 64; n++) {
			EXPECT_EQ(p.matrices.intra[n], intra[scan[n]]) << "zigzag " << n;
			EXPECT_EQ(p.matrices.nonIntra[n], inter[scan[n]]) << "zigzag " << n;
		}
		/* 4:2:0: the chroma matrices are the luma ones. */
		EXPECT_EQ(p.matrices.chromaIntra, p.matrices.intra);
		EXPECT_EQ(p.matrices.chromaNonIntra, p.matrices.nonIntra);
	}
}

/* The default intra matrix we use when a stream sends none equals what FFmpeg writes when
 * asked to send the standard's printed default explicitly. */
TEST(Mpeg2Parser, DefaultIntraMatrixEqualsTheTransmittedStandardMatrix)
{
	if (!test::ffmpegAvailable())
		GTEST_SKIP() << "ffmpeg/ffprobe not installed";
	Mpeg2StreamCase sent{ "default_sent", kDefaultAsCustom.c_str(), "yuv420p", 2 };
	Mpeg2StreamCase implicit{ "default_implicit", "", "yuv420p", 2 };
	std::string sentPath = test::generateMpeg2(sent), implicitPath = test::generateMpeg2(implicit);
	ASSERT_FALSE(sentPath.empty());
	ASSERT_FALSE(implicitPath.empty());

	std::vector<uint8_t> a = test::readMpeg2File(sentPath), b = test::readMpeg2File(implicitPath);
	Mpeg2Parser parserA, parserB;
	std::vector<Mpeg2Picture> withMatrix, withoutMatrix;
	ASSERT_EQ(parserA.parse(a, &withMatrix), 0);
	ASSERT_EQ(parserB.parse(b, &withoutMatrix), 0);
	ASSERT_FALSE(withMatrix.empty());
	ASSERT_FALSE(withoutMatrix.empty());
	ASSERT_TRUE(withMatrix[0].sequence.loadIntraMatrix);
	ASSERT_FALSE(withoutMatrix[0].sequence.loadIntraMatrix);
	EXPECT_EQ(withMatrix[0].matrices.intra, withoutMatrix[0].matrices.intra);
	Mpeg2Matrix sixteen;
	sixteen.fill(16);
	EXPECT_EQ(withoutMatrix[0].matrices.nonIntra, sixteen);
}

} /* namespace */
} /* namespace sluice */
