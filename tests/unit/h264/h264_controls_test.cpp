/* SPDX-License-Identifier: MIT */
/*
 * The control filler: the SCALING_MATRIX control must hold, in raster order, exactly the
 * matrices libx264 was told to use through a cqmfile (x264 codes them in zig-zag order and
 * omits lists equal to their fall-back, so this checks delta decoding, fall-back rule A and
 * the inverse scan). Kernel structs are read back only to check the payload.
 */
#include <cstring>
#include <fstream>

#include <gtest/gtest.h>
#include <linux/videodev2.h>

#include "codec/h264/h264_controls.h"
#include "codec/h264/h264_parser.h"
#include "codec/h264/h264_ref_lists.h"
#include "h264_test_streams.h"

namespace sluice {
namespace {

/* Raster-order matrices handed to x264 (values chosen to differ from every default). */
const uint8_t kIntra4[16] = { 6, 12, 19, 26, 12, 19, 26, 31, 19, 26, 31, 35, 26, 31, 35, 40 };
const uint8_t kChromaIntra4[16] = { 7, 13, 20, 27, 13, 20, 27, 32, 20, 27, 32, 36, 27, 32, 36, 41 };
const uint8_t kInter4[16] = { 10, 14, 20, 24, 14, 20, 24, 27, 20, 24, 27, 30, 24, 27, 30, 34 };

std::string matrixText(const uint8_t *m, unsigned n)
{
	std::string s;
	for (unsigned i = 0; i < n * n; i++)
		s += std::to_string(m[i]) + (i % n == n - 1 ? "\n" : ",");
	return s;
}

TEST(H264Controls, ScalingMatrixIsTheEncodersInRasterOrder)
{
	if (!test::ffmpegAvailable())
		GTEST_SKIP() << "ffmpeg/ffprobe not installed";
	uint8_t intra8[64], inter8[64];
	for (unsigned y = 0; y < 8; y++)
		for (unsigned x = 0; x < 8; x++) {
			intra8[y * 8 + x] = static_cast<uint8_t>(6 + 2 * x + 3 * y);
			inter8[y * 8 + x] = static_cast<uint8_t>(9 + 3 * x + y);
		}
	std::string cqm = test::scratchDir() + "/custom.cfg";
	{
		std::ofstream f(cqm);
		f << "INTRA4X4_LUMA =\n" << matrixText(kIntra4, 4)
		  << "INTRA4X4_CHROMA =\n" << matrixText(kChromaIntra4, 4)
		  << "INTER4X4_LUMA =\n" << matrixText(kInter4, 4)
		  << "INTER4X4_CHROMA =\n" << matrixText(kInter4, 4)
		  << "INTRA8X8_LUMA =\n" << matrixText(intra8, 8)
		  << "INTER8X8_LUMA =\n" << matrixText(inter8, 8);
	}
	std::string opts = "cqmfile=" + cqm + ":8x8dct=1:bframes=0";
	std::string path = test::generateH264({ "cqmfile", opts.c_str(), "yuv420p", 3 });
	ASSERT_FALSE(path.empty());

	std::vector<uint8_t> bytes = test::readFile(path);
	std::vector<std::span<const uint8_t>> nals;
	ASSERT_EQ(splitNalUnits(bytes, NalFraming::AnnexB, 0, &nals), 0);
	H264Parser parser;
	H264ParsedNal slice;
	bool found = false;
	for (auto nal : nals) {
		H264ParsedNal parsed;
		ASSERT_EQ(parser.parseNal(nal, &parsed), 0);
		if (parsed.header.isSlice() && !found) {
			slice = parsed;
			found = true;
		}
	}
	ASSERT_TRUE(found);

	H264Dpb dpb;
	H264PictureParams params;
	params.pps = parser.pps(slice.slice.ppsId);
	params.sps = parser.sps(params.pps->spsId);
	params.dpb = &dpb;
	params.slices.push_back({ slice.slice, slice.data, {}, {} });
	ControlSet controls;
	ASSERT_EQ(fillH264Controls(params, 0, H264DecodeMode::SliceBased, H264StartCode::AnnexB, &controls), 0);

	const Control *matrix = findControl(controls, V4L2_CID_STATELESS_H264_SCALING_MATRIX);
	ASSERT_NE(matrix, nullptr);
	v4l2_ctrl_h264_scaling_matrix m;
	ASSERT_EQ(matrix->payload.size(), sizeof(m));
	std::memcpy(&m, matrix->payload.data(), sizeof(m));
	const uint8_t *expected4[6] = { kIntra4, kChromaIntra4, kChromaIntra4, kInter4, kInter4, kInter4 };
	for (unsigned i = 0; i < 6; i++)
		EXPECT_EQ(0, std::memcmp(m.scaling_list_4x4[i], expected4[i], 16)) << "4x4 list " << i;
	EXPECT_EQ(0, std::memcmp(m.scaling_list_8x8[0], intra8, 64));
	EXPECT_EQ(0, std::memcmp(m.scaling_list_8x8[1], inter8, 64));

	const Control *pps = findControl(controls, V4L2_CID_STATELESS_H264_PPS);
	ASSERT_NE(pps, nullptr);
	v4l2_ctrl_h264_pps kpps;
	std::memcpy(&kpps, pps->payload.data(), sizeof(kpps));
	EXPECT_TRUE(kpps.flags & V4L2_H264_PPS_FLAG_SCALING_MATRIX_PRESENT);
	EXPECT_TRUE(kpps.flags & V4L2_H264_PPS_FLAG_TRANSFORM_8X8_MODE);

	const Control *sp = findControl(controls, V4L2_CID_STATELESS_H264_SLICE_PARAMS);
	ASSERT_NE(sp, nullptr);
	v4l2_ctrl_h264_slice_params ksp;
	std::memcpy(&ksp, sp->payload.data(), sizeof(ksp));
	EXPECT_EQ(ksp.header_bit_size, slice.slice.headerBitSize);
	const Control *dp = findControl(controls, V4L2_CID_STATELESS_H264_DECODE_PARAMS);
	ASSERT_NE(dp, nullptr);
	v4l2_ctrl_h264_decode_params kdp;
	std::memcpy(&kdp, dp->payload.data(), sizeof(kdp));
	EXPECT_TRUE(kdp.flags & V4L2_H264_DECODE_PARAM_FLAG_IDR_PIC);
	EXPECT_EQ(kdp.dec_ref_pic_marking_bit_size, 2u); /* IDR: two flags */
}

/*
 * Field decoding (PAFF), against values worked out by hand from 8.2.1, 8.2.4.1 and the
 * uAPI: a field pair (timestamp 1), a frame-coded frame whose two order counts tie
 * (timestamp 2), then the top field of frame_num 2 (timestamp 3) and its bottom field.
 */
class H264FieldControls : public ::testing::Test
{
protected:
	using S = H264PictureStructure;

	void decode(H264PictureStructure structure, uint64_t ts, uint16_t frameNum, int32_t top,
		    int32_t bottom, bool idr = false, std::vector<H264Mmco> ops = {})
	{
		H264CurrentPicture pic = picture(structure, ts, frameNum, top, bottom, idr);
		H264DecRefPicMarking adaptive;
		adaptive.adaptive = !ops.empty();
		for (const H264Mmco &op : ops)
			adaptive.mmco[adaptive.mmcoCount++] = op;
		pic.marking = &adaptive;
		dpb.beginPicture(&pic);
		std::vector<H264OutputFrame> out;
		bool mmco5 = false;
		ASSERT_EQ(dpb.finishPicture(&pic, &out, &mmco5), 0);
	}
	H264CurrentPicture picture(H264PictureStructure structure, uint64_t ts, uint16_t frameNum,
				   int32_t top, int32_t bottom, bool idr = false)
	{
		H264CurrentPicture pic;
		pic.timestampNs = ts;
		pic.structure = structure;
		pic.frameNum = frameNum;
		pic.idr = idr;
		pic.reference = true;
		pic.topFieldOrderCnt = top;
		pic.bottomFieldOrderCnt = bottom;
		pic.marking = &marking;
		return pic;
	}
	/* The controls of `pic` as one P slice listing every reference field. */
	void fill(H264CurrentPicture pic, unsigned references, v4l2_ctrl_h264_decode_params *decode,
		  v4l2_ctrl_h264_slice_params *slice)
	{
		dpb.beginPicture(&pic);
		H264PictureParams params;
		params.sps = &sps;
		params.pps = &pps;
		params.dpb = &dpb;
		params.picture = pic;
		H264SliceParams sp;
		sp.header.sliceType = H264SliceType::P;
		sp.header.nal.nalRefIdc = 2;
		sp.header.frameNum = pic.frameNum;
		sp.header.fieldPic = pic.isField();
		sp.header.bottomField = pic.structure == S::BottomField;
		sp.header.numRefIdxL0ActiveMinus1 = static_cast<uint8_t>(references - 1);
		ASSERT_EQ(buildRefLists(dpb, pic, sp.header, &sp.list0, &sp.list1), 0);
		params.slices.push_back(sp);
		ControlSet controls;
		ASSERT_EQ(fillH264Controls(params, 0, H264DecodeMode::SliceBased, H264StartCode::None,
					   &controls), 0);
		const Control *dp = findControl(controls, V4L2_CID_STATELESS_H264_DECODE_PARAMS);
		const Control *spc = findControl(controls, V4L2_CID_STATELESS_H264_SLICE_PARAMS);
		ASSERT_TRUE(dp && spc);
		std::memcpy(decode, dp->payload.data(), sizeof(*decode));
		std::memcpy(slice, spc->payload.data(), sizeof(*slice));
	}
	const v4l2_h264_dpb_entry *entry(const v4l2_ctrl_h264_decode_params &d, uint64_t ts)
	{
		for (const v4l2_h264_dpb_entry &e : d.dpb)
			if ((e.flags & V4L2_H264_DPB_ENTRY_FLAG_VALID) && e.reference_ts == ts)
				return &e;
		return nullptr;
	}

	H264Sps sps;
	H264Pps pps;
	H264DecRefPicMarking marking;
	H264Dpb dpb;
};

TEST_F(H264FieldControls, SecondFieldAndItsReferences)
{
	dpb.configure(4, 4, 4, 16);
	decode(S::TopField, 1, 0, 0, 0, true);
	decode(S::BottomField, 1, 0, 0, 2);
	decode(S::Frame, 2, 1, 4, 4);
	decode(S::TopField, 3, 2, 8, 0);

	v4l2_ctrl_h264_decode_params d;
	v4l2_ctrl_h264_slice_params s;
	/* The bottom field of frame_num 2: five reference fields. */
	ASSERT_NO_FATAL_FAILURE(fill(picture(S::BottomField, 3, 2, 0, 10), 5, &d, &s));
	EXPECT_EQ(d.flags & (V4L2_H264_DECODE_PARAM_FLAG_FIELD_PIC | V4L2_H264_DECODE_PARAM_FLAG_BOTTOM_FIELD),
		  unsigned(V4L2_H264_DECODE_PARAM_FLAG_FIELD_PIC | V4L2_H264_DECODE_PARAM_FLAG_BOTTOM_FIELD));
	EXPECT_EQ(d.top_field_order_cnt, 8);     /* its first field's */
	EXPECT_EQ(d.bottom_field_order_cnt, 10);

	const v4l2_h264_dpb_entry *pair = entry(d, 1), *frame = entry(d, 2), *self = entry(d, 3);
	ASSERT_TRUE(pair && frame && self);
	/* The pair coded as fields: its leading (first) field is top, the opposite parity of
	 * the current bottom field: PicNum 2 * FrameNumWrap = 0. */
	EXPECT_EQ(pair->fields, V4L2_H264_FRAME_REF);
	EXPECT_TRUE(pair->flags & V4L2_H264_DPB_ENTRY_FLAG_FIELD);
	EXPECT_EQ(pair->pic_num, 0u);
	EXPECT_EQ(pair->bottom_field_order_cnt, 2);
	/* The frame: order counts tie, so its leading field is the bottom one, the same parity:
	 * 2 * 1 + 1. Coded as a frame: no FIELD flag. */
	EXPECT_EQ(frame->fields, V4L2_H264_FRAME_REF);
	EXPECT_FALSE(frame->flags & V4L2_H264_DPB_ENTRY_FLAG_FIELD);
	EXPECT_EQ(frame->pic_num, 3u);
	/* The first field of the current frame: only its top field so far, PicNum 2 * 2. */
	EXPECT_EQ(self->fields, V4L2_H264_TOP_FIELD_REF);
	EXPECT_EQ(self->pic_num, 4u);
	EXPECT_EQ(self->frame_num, 2u);

	/* 8.2.4.2.5 from FrameNumWrap order 2, 1, 0, same parity (bottom) first: frame 1's
	 * bottom (frame 2 has none yet), frame 2's top, frame 0's bottom, frame 1's top, frame
	 * 0's top. */
	const uint8_t fields[] = { V4L2_H264_BOTTOM_FIELD_REF, V4L2_H264_TOP_FIELD_REF,
				   V4L2_H264_BOTTOM_FIELD_REF, V4L2_H264_TOP_FIELD_REF,
				   V4L2_H264_TOP_FIELD_REF };
	const uint64_t frames[] = { 2, 3, 1, 2, 1 };
	for (unsigned i = 0; i < 5; i++) {
		EXPECT_EQ(s.ref_pic_list0[i].fields, fields[i]) << "entry " << i;
		EXPECT_EQ(d.dpb[s.ref_pic_list0[i].index].reference_ts, frames[i]) << "entry " << i;
	}
}

TEST_F(H264FieldControls, FrameAfterFields)
{
	dpb.configure(4, 4, 4, 16);
	decode(S::TopField, 1, 0, 0, 0, true);
	decode(S::BottomField, 1, 0, 0, 2);
	v4l2_ctrl_h264_decode_params d;
	v4l2_ctrl_h264_slice_params s;
	ASSERT_NO_FATAL_FAILURE(fill(picture(S::Frame, 2, 1, 4, 6), 1, &d, &s));
	EXPECT_FALSE(d.flags & V4L2_H264_DECODE_PARAM_FLAG_FIELD_PIC);
	const v4l2_h264_dpb_entry *pair = entry(d, 1);
	ASSERT_TRUE(pair);
	/* Frame decoding numbers frames: PicNum = FrameNumWrap = 0; the pair is one frame. */
	EXPECT_EQ(pair->pic_num, 0u);
	EXPECT_EQ(pair->fields, V4L2_H264_FRAME_REF);
	EXPECT_TRUE(pair->flags & V4L2_H264_DPB_ENTRY_FLAG_FIELD);
	EXPECT_EQ(s.ref_pic_list0[0].fields, V4L2_H264_FRAME_REF);
}

/*
 * One field of a long-term frame unmarked (MMCO 2 from a field, 8.2.5.4.2): the other field
 * stays a long-term reference, so it stays in dpb[] and in the lists of the fields that
 * follow (8.2.4.2.5), and its frame still counts for the sliding window (8.2.5.3). (GStreamer
 * 1.22 drops such a field; see docs/control-oracle.md.)
 */
TEST_F(H264FieldControls, LongTermFrameWithOneFieldLeft)
{
	dpb.configure(4, 4, 4, 16);
	decode(S::TopField, 1, 0, 0, 0, true);
	decode(S::BottomField, 1, 0, 0, 2);
	H264Mmco setMax{}, toLongTerm{};
	setMax.op = 4;
	setMax.maxLongTermFrameIdxPlus1 = 1;
	toLongTerm.op = 6;
	toLongTerm.longTermFrameIdx = 0;
	decode(S::Frame, 2, 1, 4, 6, false, { setMax, toLongTerm });
	decode(S::TopField, 3, 2, 8, 0);
	decode(S::BottomField, 3, 2, 8, 10);
	/* A bottom field first: LongTermPicNum 0 is frame 2's top field (opposite parity). */
	H264Mmco unmarkTop{};
	unmarkTop.op = 2;
	unmarkTop.longTermPicNum = 0;
	decode(S::BottomField, 4, 3, 0, 12, false, { unmarkTop });

	v4l2_ctrl_h264_decode_params d;
	v4l2_ctrl_h264_slice_params s;
	ASSERT_NO_FATAL_FAILURE(fill(picture(S::TopField, 4, 3, 14, 0), 6, &d, &s));
	const v4l2_h264_dpb_entry *longTerm = entry(d, 2);
	ASSERT_TRUE(longTerm);
	EXPECT_EQ(longTerm->fields, V4L2_H264_BOTTOM_FIELD_REF);
	EXPECT_TRUE(longTerm->flags & V4L2_H264_DPB_ENTRY_FLAG_LONG_TERM);
	EXPECT_EQ(longTerm->frame_num, 0u); /* LongTermFrameIdx */
	/* Its leading field (top: the smaller order count) has the current parity: 2 * 0 + 1. */
	EXPECT_EQ(longTerm->pic_num, 1u);
	/* Short-term fields by FrameNumWrap 3, 2, 0 from the top parity, then the long-term one:
	 * frame 3's top, frame 4's bottom, frame 1's top, frame 3's bottom, frame 1's bottom,
	 * frame 2's bottom. */
	const uint8_t fields[] = { V4L2_H264_TOP_FIELD_REF, V4L2_H264_BOTTOM_FIELD_REF,
				   V4L2_H264_TOP_FIELD_REF, V4L2_H264_BOTTOM_FIELD_REF,
				   V4L2_H264_BOTTOM_FIELD_REF, V4L2_H264_BOTTOM_FIELD_REF };
	const uint64_t frames[] = { 3, 4, 1, 3, 1, 2 };
	for (unsigned i = 0; i < 6; i++) {
		EXPECT_EQ(s.ref_pic_list0[i].fields, fields[i]) << "entry " << i;
		EXPECT_EQ(d.dpb[s.ref_pic_list0[i].index].reference_ts, frames[i]) << "entry " << i;
	}

	/* With frame 4 complete, four frames hold references, frame 2 among them by its one
	 * field: the next frame's sliding window drops frame 1, the oldest short-term one. */
	decode(S::TopField, 4, 3, 14, 0);
	decode(S::TopField, 5, 4, 16, 0);
	std::vector<uint64_t> references;
	for (const H264FrameStore &store : dpb.stores())
		if (store.isReference())
			references.push_back(store.timestampNs);
	EXPECT_EQ(references, (std::vector<uint64_t>{ 2, 3, 4, 5 }));
}

TEST(H264Controls, ModeControls)
{
	ControlSet controls;
	fillH264ModeControls(H264DecodeMode::FrameBased, H264StartCode::AnnexB, &controls);
	ASSERT_EQ(controls.size(), 2u);
	EXPECT_EQ(controls[0].id, static_cast<uint32_t>(V4L2_CID_STATELESS_H264_DECODE_MODE));
	int32_t v;
	std::memcpy(&v, controls[0].payload.data(), 4);
	EXPECT_EQ(v, V4L2_STATELESS_H264_DECODE_MODE_FRAME_BASED);
	std::memcpy(&v, controls[1].payload.data(), 4);
	EXPECT_EQ(v, V4L2_STATELESS_H264_START_CODE_ANNEX_B);
}

} /* namespace */
} /* namespace sluice */
