/* SPDX-License-Identifier: MIT */
/*
 * The MPEG-2 controls against FFmpeg's trace_headers: for every picture of FFmpeg-made
 * streams, each field of SEQUENCE, PICTURE and QUANTISATION equals the syntax element (or
 * the combination 6.3.3 defines) FFmpeg read; the quantiser matrices are in the bitstream's
 * zigzag order, as the uAPI asks. Hand-built field pictures check picture_structure.
 */
#include <map>

#include <gtest/gtest.h>
#include <linux/videodev2.h>

#include "codec/mpeg2/mpeg2_controls.h"
#include "mpeg2_handmade.h"
#include "mpeg2_test_streams.h"

namespace sluice {
namespace {

template<typename T>
T payloadOf(const ControlSet &set, uint32_t id)
{
	const Control *control = findControl(set, id);
	T value{};
	EXPECT_NE(control, nullptr);
	if (control) {
		EXPECT_EQ(control->payload.size(), sizeof(T));
		std::memcpy(&value, control->payload.data(), sizeof(T));
	}
	return value;
}

/* FFmpeg's elements, grouped per picture: everything from a Picture Header up to the next,
 * plus the sequence-level elements in force (latest value of each name wins). */
using Elements = std::map<std::string, int64_t>;

std::vector<Elements> elementsPerPicture(const std::vector<test::TraceUnit> &units)
{
	std::vector<Elements> pictures;
	Elements sequence;
	for (const test::TraceUnit &unit : units) {
		if (unit.kind == "Slice Header")
			continue;
		bool pictureLevel = unit.kind == "Picture Header" || unit.kind == "Picture Coding Extension";
		if (unit.kind == "Picture Header")
			pictures.push_back(sequence);
		for (const test::TraceElement &e : unit.elements) {
			if (pictureLevel && !pictures.empty())
				pictures.back()[e.name] = e.value;
			else
				sequence[e.name] = e.value;
		}
	}
	return pictures;
}

class Mpeg2ControlsVsFfmpeg : public ::testing::TestWithParam<test::Mpeg2StreamCase>
{
};

TEST_P(Mpeg2ControlsVsFfmpeg, EveryFieldIsTheTracedElement)
{
	if (!test::ffmpegAvailable())
		GTEST_SKIP() << "ffmpeg/ffprobe not installed";
	const test::Mpeg2StreamCase &c = GetParam();
	std::string path = test::generateMpeg2(c);
	ASSERT_FALSE(path.empty());
	std::vector<test::TraceUnit> units;
	ASSERT_EQ(test::traceHeaders(path, &units), 0);
	std::vector<Elements> expected = elementsPerPicture(units);

	std::vector<uint8_t> bytes = test::readMpeg2File(path);
	Mpeg2Parser parser;
	std::vector<Mpeg2Picture> pictures;
	ASSERT_EQ(parser.parse(bytes, &pictures), 0);
	ASSERT_EQ(pictures.size(), expected.size());

	for (size_t i = 0; i < pictures.size(); i++) {
		SCOPED_TRACE(std::string(c.name) + " picture " + std::to_string(i));
		Elements &e = expected[i];
		ControlSet set;
		fillMpeg2Controls(pictures[i], { 1000, 2000 }, &set);
		auto seq = payloadOf<v4l2_ctrl_mpeg2_sequence>(set, V4L2_CID_STATELESS_MPEG2_SEQUENCE);
		auto pic = payloadOf<v4l2_ctrl_mpeg2_picture>(set, V4L2_CID_STATELESS_MPEG2_PICTURE);
		auto quant = payloadOf<v4l2_ctrl_mpeg2_quantisation>(set, V4L2_CID_STATELESS_MPEG2_QUANTISATION);

		EXPECT_EQ(seq.horizontal_size, e["horizontal_size_value"] | e["horizontal_size_extension"] << 12);
		EXPECT_EQ(seq.vertical_size, e["vertical_size_value"] | e["vertical_size_extension"] << 12);
		EXPECT_EQ(seq.vbv_buffer_size, e["vbv_buffer_size_value"] | e["vbv_buffer_size_extension"] << 10);
		EXPECT_EQ(seq.profile_and_level_indication, e["profile_and_level_indication"]);
		EXPECT_EQ(seq.chroma_format, e["chroma_format"]);
		EXPECT_EQ(!!(seq.flags & V4L2_MPEG2_SEQ_FLAG_PROGRESSIVE), e["progressive_sequence"]);

		EXPECT_EQ(pic.picture_coding_type, e["picture_coding_type"]);
		EXPECT_EQ(pic.picture_structure, e["picture_structure"]);
		EXPECT_EQ(pic.intra_dc_precision, e["intra_dc_precision"]);
		for (int s = 0; s < 2; s++)
			for (int t = 0; t < 2; t++)
				EXPECT_EQ(pic.f_code[s][t],
					  e["f_code[" + std::to_string(s) + "][" + std::to_string(t) + "]"]);
		const std::pair<uint32_t, const char *> flags[] = {
			{ V4L2_MPEG2_PIC_FLAG_TOP_FIELD_FIRST, "top_field_first" },
			{ V4L2_MPEG2_PIC_FLAG_FRAME_PRED_DCT, "frame_pred_frame_dct" },
			{ V4L2_MPEG2_PIC_FLAG_CONCEALMENT_MV, "concealment_motion_vectors" },
			{ V4L2_MPEG2_PIC_FLAG_Q_SCALE_TYPE, "q_scale_type" },
			{ V4L2_MPEG2_PIC_FLAG_INTRA_VLC, "intra_vlc_format" },
			{ V4L2_MPEG2_PIC_FLAG_ALT_SCAN, "alternate_scan" },
			{ V4L2_MPEG2_PIC_FLAG_REPEAT_FIRST, "repeat_first_field" },
			{ V4L2_MPEG2_PIC_FLAG_PROGRESSIVE, "progressive_frame" },
		};
		for (const auto &[bit, name] : flags)
			EXPECT_EQ(!!(pic.flags & bit), e[name]) << name;
		EXPECT_EQ(pic.forward_ref_ts, 1000u);
		EXPECT_EQ(pic.backward_ref_ts, 2000u);

		/* Zigzag order: element k of the bitstream's matrix is entry k of the control. */
		for (int k = 0; k < 64; k++) {
			std::string n = "[" + std::to_string(k) + "]";
			if (e.count("intra_quantiser_matrix" + n)) {
				EXPECT_EQ(quant.intra_quantiser_matrix[k], e["intra_quantiser_matrix" + n]);
			}
			if (e.count("non_intra_quantiser_matrix" + n)) {
				EXPECT_EQ(quant.non_intra_quantiser_matrix[k], e["non_intra_quantiser_matrix" + n]);
			} else {
				EXPECT_EQ(quant.non_intra_quantiser_matrix[k], 16);
			}
		}
	}
}

const std::string kMatrices = std::string("-bf 2 -intra_matrix ") + test::kCustomIntraRaster +
			      " -inter_matrix " + test::kCustomInterRaster;

const test::Mpeg2StreamCase kCases[] = {
	{ "ctl_progressive", "-bf 2 -g 12" },
	{ "ctl_interlaced", "-bf 2 -flags +ildct+ilme -top 1 -intra_vlc 1 -alternate_scan 1" },
	{ "ctl_matrices_422", kMatrices.c_str(), "yuv422p" },
	{ "ctl_nonlinear_dc11", "-non_linear_quant 1 -qmax 28 -dc 11 -bf 1" },
};

std::string caseName(const ::testing::TestParamInfo<test::Mpeg2StreamCase> &info)
{
	return info.param.name;
}

INSTANTIATE_TEST_SUITE_P(Streams, Mpeg2ControlsVsFfmpeg, ::testing::ValuesIn(kCases), caseName);

TEST(Mpeg2Controls, FieldStructureAndNoReferenceKeys)
{
	std::vector<uint8_t> data;
	test::writeSequence(&data, 720, 576);
	test::writePicture(&data, 0, 1, kMpeg2BottomField, false);
	Mpeg2Parser parser;
	std::vector<Mpeg2Picture> pictures;
	ASSERT_EQ(parser.parse(data, &pictures), 0);
	ASSERT_EQ(pictures.size(), 1u);
	ControlSet set;
	fillMpeg2Controls(pictures[0], {}, &set);
	ASSERT_EQ(set.size(), 3u);
	auto pic = payloadOf<v4l2_ctrl_mpeg2_picture>(set, V4L2_CID_STATELESS_MPEG2_PICTURE);
	EXPECT_EQ(pic.picture_structure, V4L2_MPEG2_PIC_BOTTOM_FIELD);
	EXPECT_EQ(pic.picture_coding_type, V4L2_MPEG2_PIC_CODING_TYPE_I);
	EXPECT_EQ(pic.forward_ref_ts, 0u);
	EXPECT_EQ(pic.backward_ref_ts, 0u);
	EXPECT_EQ(pic.flags & V4L2_MPEG2_PIC_FLAG_Q_SCALE_TYPE, V4L2_MPEG2_PIC_FLAG_Q_SCALE_TYPE);
	auto seq = payloadOf<v4l2_ctrl_mpeg2_sequence>(set, V4L2_CID_STATELESS_MPEG2_SEQUENCE);
	EXPECT_EQ(seq.flags & V4L2_MPEG2_SEQ_FLAG_PROGRESSIVE, 0);
	EXPECT_EQ(seq.vbv_buffer_size, 112u + 1024u);
}

} /* namespace */
} /* namespace sluice */
