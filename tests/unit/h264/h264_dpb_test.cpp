/* SPDX-License-Identifier: MIT */
/*
 * DPB marking, output and reference lists on synthetic pictures, with expectations worked
 * out by hand from ITU-T H.264 8.2.4, 8.2.5 and C.4 (x264 cannot make PAFF or most MMCOs).
 */
#include <algorithm>
#include <set>

#include <gtest/gtest.h>

#include "codec/h264/h264_dpb.h"
#include "codec/h264/h264_ref_lists.h"

namespace sluice {
namespace {

class DpbTest : public ::testing::Test
{
protected:
	void SetUp() override { dpb.configure(4, 4, 4, 16); }

	H264CurrentPicture picture(uint64_t ts, uint16_t frameNum, int32_t poc, bool reference = true,
				   H264PictureStructure structure = H264PictureStructure::Frame)
	{
		H264CurrentPicture pic;
		pic.timestampNs = ts;
		pic.frameNum = frameNum;
		pic.reference = reference;
		pic.structure = structure;
		pic.topFieldOrderCnt = poc;
		pic.bottomFieldOrderCnt = poc + (structure == H264PictureStructure::Frame ? 0 : 1);
		return pic;
	}

	/* Decodes `pic` with `ops` as its adaptive marking (none: sliding window). */
	bool decode(H264CurrentPicture pic, std::vector<H264Mmco> ops = {}, bool idr = false)
	{
		H264DecRefPicMarking marking;
		marking.adaptive = !ops.empty();
		for (const H264Mmco &op : ops)
			marking.mmco[marking.mmcoCount++] = op;
		pic.idr = idr;
		pic.marking = &marking;
		dpb.beginPicture(&pic);
		last = pic;
		bool mmco5 = false;
		EXPECT_EQ(dpb.finishPicture(&pic, &output, &mmco5), 0);
		return mmco5;
	}

	/* Timestamps of short-term / long-term reference frames. */
	std::set<uint64_t> shortTerm() const
	{
		std::set<uint64_t> s;
		for (const H264FrameStore &f : dpb.stores())
			if (f.isShortTerm())
				s.insert(f.timestampNs);
		return s;
	}
	std::set<uint64_t> longTerm() const
	{
		std::set<uint64_t> s;
		for (const H264FrameStore &f : dpb.stores())
			if (f.isLongTerm())
				s.insert(f.timestampNs);
		return s;
	}
	std::vector<uint64_t> outputOrder() const
	{
		std::vector<uint64_t> v;
		for (const H264OutputFrame &f : output)
			v.push_back(f.timestampNs);
		return v;
	}
	/* (timestamp, fields) of a list. */
	std::vector<std::pair<uint64_t, uint8_t>> describe(const H264RefList &list) const
	{
		std::vector<std::pair<uint64_t, uint8_t>> v;
		for (const H264RefEntry &e : list)
			v.push_back({ e.store < 0 ? ~0ull : dpb.stores()[e.store].timestampNs, e.fields });
		return v;
	}

	H264Dpb dpb;
	H264CurrentPicture last;
	std::vector<H264OutputFrame> output;
};

TEST_F(DpbTest, SlidingWindowDropsSmallestFrameNumWrap)
{
	dpb.configure(4, 2, 4, 16);
	decode(picture(100, 0, 0), {}, true);
	decode(picture(101, 1, 2));
	decode(picture(102, 2, 4));
	/* 8.2.5.3: at max_num_ref_frames (2), frame_num 0 goes before frame_num 2 enters. */
	EXPECT_EQ(shortTerm(), (std::set<uint64_t>{ 101, 102 }));
	/* Wrap: frame_num 15 then 0 and 1 of the next cycle; 15 has FrameNumWrap -1. */
	dpb.configure(4, 2, 4, 16);
	decode(picture(200, 0, 0), {}, true);
	decode(picture(215, 15, 2));
	decode(picture(216, 0, 4));
	decode(picture(217, 1, 6));
	EXPECT_EQ(shortTerm(), (std::set<uint64_t>{ 216, 217 }));
}

TEST_F(DpbTest, Mmco1UnmarksShortTermByPicNum)
{
	decode(picture(100, 0, 0), {}, true);
	decode(picture(101, 1, 2));
	decode(picture(102, 2, 4));
	/* CurrPicNum 3, difference_of_pic_nums_minus1 1: picNumX = 3 - 2 = 1. */
	H264Mmco op{ 1 };
	op.differenceOfPicNumsMinus1 = 1;
	decode(picture(103, 3, 6), { op });
	EXPECT_EQ(shortTerm(), (std::set<uint64_t>{ 100, 102, 103 }));
}

TEST_F(DpbTest, Mmco3ThenMmco2MovesToLongTermAndDrops)
{
	decode(picture(100, 0, 0), {}, true);
	decode(picture(101, 1, 2));
	H264Mmco toLong{ 3 };
	toLong.differenceOfPicNumsMinus1 = 0; /* picNumX = 2 - 1 = 1: frame 101 */
	toLong.longTermFrameIdx = 0;
	H264Mmco setMax{ 4 };
	setMax.maxLongTermFrameIdxPlus1 = 2;
	decode(picture(102, 2, 4), { setMax, toLong });
	EXPECT_EQ(longTerm(), (std::set<uint64_t>{ 101 }));
	EXPECT_EQ(shortTerm(), (std::set<uint64_t>{ 100, 102 }));

	/* P list: short-term by descending PicNum, then long-term by LongTermPicNum. */
	H264CurrentPicture pic = picture(103, 3, 6);
	dpb.beginPicture(&pic);
	H264RefList l0, l1;
	initialRefLists(dpb, pic, false, &l0, &l1);
	EXPECT_EQ(describe(l0), (std::vector<std::pair<uint64_t, uint8_t>>{ { 102, 3 }, { 100, 3 }, { 101, 3 } }));

	H264Mmco drop{ 2 };
	drop.longTermPicNum = 0;
	decode(picture(103, 3, 6), { drop });
	EXPECT_TRUE(longTerm().empty());
}

TEST_F(DpbTest, Mmco6AndMmco4)
{
	decode(picture(100, 0, 0), {}, true);
	H264Mmco current{ 6 };
	current.longTermFrameIdx = 1;
	H264Mmco setMax{ 4 };
	setMax.maxLongTermFrameIdxPlus1 = 2;
	decode(picture(101, 1, 2), { setMax, current });
	EXPECT_EQ(longTerm(), (std::set<uint64_t>{ 101 }));
	/* max_long_term_frame_idx_plus1 1: index 1 is above the new maximum 0. */
	H264Mmco shrink{ 4 };
	shrink.maxLongTermFrameIdxPlus1 = 1;
	decode(picture(102, 2, 4), { shrink });
	EXPECT_TRUE(longTerm().empty());
	EXPECT_EQ(shortTerm(), (std::set<uint64_t>{ 100, 102 }));
}

TEST_F(DpbTest, Mmco5OutputsEverythingAndResetsPoc)
{
	dpb.configure(4, 4, 2, 16);
	decode(picture(100, 0, 0), {}, true);
	decode(picture(101, 1, 8));
	decode(picture(102, 2, 4, false));
	H264Mmco reset{ 5 };
	H264CurrentPicture pic = picture(103, 3, 12);
	bool mmco5 = decode(pic, { reset });
	EXPECT_TRUE(mmco5);
	/* C.4.4: everything before it leaves, in POC order, before it is stored. */
	EXPECT_EQ(outputOrder(), (std::vector<uint64_t>{ 100, 102, 101 }));
	EXPECT_EQ(shortTerm(), (std::set<uint64_t>{ 103 }));
	ASSERT_EQ(dpb.stores().size(), 1u);
	EXPECT_EQ(dpb.stores()[0].picOrderCnt(), 0);
	EXPECT_EQ(dpb.stores()[0].frameNum, 0);
}

TEST_F(DpbTest, IdrWithNoOutputOfPriorPicsDropsWaitingFrames)
{
	dpb.configure(4, 4, 4, 16);
	decode(picture(100, 0, 0), {}, true);
	decode(picture(101, 1, 4));
	H264CurrentPicture pic = picture(200, 0, 0);
	H264DecRefPicMarking marking;
	marking.noOutputOfPriorPics = true;
	pic.idr = true;
	pic.marking = &marking;
	dpb.beginPicture(&pic);
	bool mmco5 = false;
	dpb.finishPicture(&pic, &output, &mmco5);
	EXPECT_TRUE(output.empty());
	dpb.flush(&output);
	EXPECT_EQ(outputOrder(), (std::vector<uint64_t>{ 200 }));
}

TEST_F(DpbTest, BumpingOutputsInPocOrder)
{
	dpb.configure(3, 2, 3, 16);
	/* I0 P8 B4(ref) b2 b6: display 0 2 4 6 8. */
	decode(picture(0, 0, 0), {}, true);
	decode(picture(1, 1, 8));
	decode(picture(2, 2, 4));
	decode(picture(3, 3, 2, false));
	decode(picture(4, 3, 6, false));
	dpb.flush(&output);
	EXPECT_EQ(outputOrder(), (std::vector<uint64_t>{ 0, 3, 2, 4, 1 }));
}

TEST_F(DpbTest, BFrameListsByPoc)
{
	decode(picture(0, 0, 0), {}, true);
	decode(picture(8, 1, 8));
	decode(picture(16, 2, 16));
	H264CurrentPicture pic = picture(4, 3, 4, false);
	dpb.beginPicture(&pic);
	H264RefList l0, l1;
	initialRefLists(dpb, pic, true, &l0, &l1);
	/* 8.2.4.2.3: list 0 before-then-after, list 1 after-then-before. */
	using V = std::vector<std::pair<uint64_t, uint8_t>>;
	EXPECT_EQ(describe(l0), (V{ { 0, 3 }, { 8, 3 }, { 16, 3 } }));
	EXPECT_EQ(describe(l1), (V{ { 8, 3 }, { 16, 3 }, { 0, 3 } }));

	/* A modification: abs_diff_pic_num_minus1 0 with idc 0 from CurrPicNum 3 is PicNum 2. */
	H264SliceHeader slice;
	slice.sliceType = H264SliceType::B;
	slice.numRefIdxL0ActiveMinus1 = 1;
	slice.numRefIdxL1ActiveMinus1 = 0;
	slice.refPicListModificationFlag[0] = true;
	slice.modificationCount[0] = 1;
	slice.modifications[0][0] = { 0, 0 };
	ASSERT_EQ(buildRefLists(dpb, pic, slice, &l0, &l1), 0);
	EXPECT_EQ(describe(l0), (V{ { 16, 3 }, { 0, 3 } }));
	EXPECT_EQ(describe(l1), (V{ { 8, 3 } }));
}

TEST_F(DpbTest, FieldPairsShareAFrameStoreAndAlternateParity)
{
	using S = H264PictureStructure;
	/* IDR top field, then its bottom field (non-IDR, reference). */
	decode(picture(0, 0, 0, true, S::TopField), {}, true);
	H264CurrentPicture bottom = picture(0, 0, 0, true, S::BottomField);
	bottom.bottomFieldOrderCnt = 1;
	dpb.beginPicture(&bottom);
	EXPECT_GE(bottom.firstFieldStore, 0);
	decode(bottom);
	ASSERT_EQ(dpb.stores().size(), 1u);
	EXPECT_EQ(dpb.stores()[0].decodedFields, kH264BothFields);
	EXPECT_EQ(dpb.stores()[0].shortTermFields, kH264BothFields);

	/* P top field frame_num 1: 8.2.4.2.5 starts with the same parity (top). */
	H264CurrentPicture top1 = picture(1, 1, 4, true, S::TopField);
	dpb.beginPicture(&top1);
	H264RefList l0, l1;
	initialRefLists(dpb, top1, false, &l0, &l1);
	using V = std::vector<std::pair<uint64_t, uint8_t>>;
	EXPECT_EQ(describe(l0), (V{ { 0, kH264TopField }, { 0, kH264BottomField } }));
	decode(top1);

	/* Its bottom field: the same-parity (bottom) field of frame 0 comes first, since frame 1
	 * has no bottom field yet; then frame 1's top, then frame 0's top. */
	H264CurrentPicture bottom1 = picture(1, 1, 4, true, S::BottomField);
	bottom1.bottomFieldOrderCnt = 5;
	dpb.beginPicture(&bottom1);
	ASSERT_GE(bottom1.firstFieldStore, 0);
	initialRefLists(dpb, bottom1, false, &l0, &l1);
	EXPECT_EQ(describe(l0), (V{ { 0, kH264BottomField }, { 1, kH264TopField }, { 0, kH264TopField } }));
	decode(bottom1);
	dpb.flush(&output);
	EXPECT_EQ(outputOrder(), (std::vector<uint64_t>{ 0, 1 }));
}

/* A reference field whose second field never comes (the next picture is a frame): it stays
 * a one-field reference, which frames cannot list (8.2.4.2.1 wants both fields) and fields
 * can (8.2.4.2.5), and it is output on its own, as the field it is (C.4.5.3). */
TEST_F(DpbTest, LoneFieldIsAOneFieldReferenceAndIsOutputAlone)
{
	using S = H264PictureStructure;
	using V = std::vector<std::pair<uint64_t, uint8_t>>;
	decode(picture(0, 0, 0, true, S::TopField), {}, true);
	H264CurrentPicture bottom = picture(0, 0, 0, true, S::BottomField);
	bottom.bottomFieldOrderCnt = 1;
	decode(bottom);
	decode(picture(1, 1, 4, true, S::TopField)); /* alone */

	H264CurrentPicture frame = picture(2, 2, 8);
	dpb.beginPicture(&frame);
	EXPECT_LT(frame.firstFieldStore, 0) << "a frame is never a second field";
	H264RefList l0, l1;
	initialRefLists(dpb, frame, false, &l0, &l1);
	EXPECT_EQ(describe(l0), (V{ { 0, kH264BothFields } }));
	decode(frame);

	H264CurrentPicture field = picture(3, 3, 12, true, S::BottomField);
	field.bottomFieldOrderCnt = 12;
	dpb.beginPicture(&field);
	initialRefLists(dpb, field, false, &l0, &l1);
	/* FrameNumWrap 2, 1, 0 from the bottom parity: frame 2's bottom, its top, frame 0's
	 * bottom (the lone field has none), frame 1's top, then frame 0's top. */
	EXPECT_EQ(describe(l0), (V{ { 2, kH264BottomField }, { 2, kH264TopField },
				    { 0, kH264BottomField }, { 1, kH264TopField },
				    { 0, kH264TopField } }));
	decode(field);

	dpb.flush(&output);
	EXPECT_EQ(outputOrder(), (std::vector<uint64_t>{ 0, 1, 2, 3 }));
	ASSERT_EQ(output.size(), 4u);
	EXPECT_EQ(output[1].fields, kH264TopField);
	EXPECT_EQ(output[2].fields, kH264BothFields);
}

TEST_F(DpbTest, GapFramesAreReferencesButNeverOutput)
{
	dpb.configure(4, 3, 4, 16);
	decode(picture(10, 0, 0), {}, true);
	dpb.insertGapFrame(1, &output);
	dpb.insertGapFrame(2, &output);
	decode(picture(3, 3, 6));
	/* Sliding window made room: frame_num 0 left when frame_num 3 came. */
	unsigned references = 0;
	for (const H264FrameStore &s : dpb.stores())
		references += s.isReference();
	EXPECT_EQ(references, 3u);
	for (const H264FrameStore &s : dpb.stores())
		EXPECT_FALSE(s.frameNum == 0 && s.isReference()) << "frame_num 0 should have slid out";
	dpb.flush(&output);
	EXPECT_EQ(outputOrder(), (std::vector<uint64_t>{ 10, 3 }));
}

/* Found by fuzzing: adaptive marking that frees nothing, or long-term indices beyond
 * MaxLongTermFrameIdx, added a reference with every picture and the DPB grew without bound.
 * 8.2.5.4 allows at most max_num_ref_frames references after marking; the oldest others go. */
TEST_F(DpbTest, MarkingThatFreesNothingStaysWithinMaxNumRefFrames)
{
	dpb.configure(4, 3, 4, 16);
	decode(picture(100, 0, 0), {}, true);
	/* MMCO 4 with no long-term frame to drop: adaptive marking, nothing freed. */
	for (uint16_t n = 1; n <= 8; n++)
		decode(picture(100 + n, n, 2 * n), { H264Mmco{ .op = 4, .maxLongTermFrameIdxPlus1 = 1 } });
	EXPECT_EQ(shortTerm(), (std::set<uint64_t>{ 106, 107, 108 }));
	EXPECT_LE(dpb.stores().size(), 4u);

	/* MMCO 6 with a new LongTermFrameIdx each time, none allowed by MMCO 4 (plus1 = 0). */
	dpb.configure(4, 3, 4, 16);
	decode(picture(200, 0, 0), {}, true);
	for (uint16_t n = 1; n <= 8; n++)
		decode(picture(200 + n, n, 2 * n), { H264Mmco{ .op = 6, .longTermFrameIdx = n } });
	EXPECT_EQ(shortTerm().size() + longTerm().size(), 3u);
	EXPECT_EQ(longTerm(), (std::set<uint64_t>{ 206, 207, 208 }));
	EXPECT_LE(dpb.stores().size(), 4u);
}

} /* namespace */
} /* namespace sluice */
