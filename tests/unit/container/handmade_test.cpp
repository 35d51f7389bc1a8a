/* SPDX-License-Identifier: MIT */
/*
 * Inputs built byte by byte in the test, for what ffmpeg cannot produce (Matroska lacing,
 * MPEG-2 field pictures) or where the expected values are easiest derived by hand from the
 * specifications (keyframe bits, avcC/hvcC layouts, access-unit boundaries).
 */
#include <gtest/gtest.h>

#include "container/codec_private.h"
#include "container/keyframe_sniff.h"
#include "container/open_demuxer.h"
#include "stream_fixture.h"

using namespace sluice;
using namespace sluice::test;

namespace {

using Bytes = std::vector<uint8_t>;

Bytes cat(std::initializer_list<Bytes> parts)
{
	Bytes out;
	for (const Bytes &p : parts)
		out.insert(out.end(), p.begin(), p.end());
	return out;
}

/* An EBML element: ID bytes as written, then the size as an 8-byte vint. */
Bytes element(Bytes id, const Bytes &payload, bool unknownSize = false)
{
	Bytes out = std::move(id);
	uint64_t size = unknownSize ? 0x00ffffffffffffffull : payload.size();
	out.push_back(0x01);
	for (int i = 6; i >= 0; i--)
		out.push_back(uint8_t(size >> (8 * i)));
	out.insert(out.end(), payload.begin(), payload.end());
	return out;
}

Bytes uintElement(Bytes id, uint64_t value)
{
	Bytes payload;
	for (int i = 3; i >= 0; i--)
		payload.push_back(uint8_t(value >> (8 * i)));
	return element(std::move(id), payload);
}

Bytes stringElement(Bytes id, const std::string &text)
{
	return element(std::move(id), Bytes(text.begin(), text.end()));
}

/*
 * A WebM file with a VP8 video track 1 (DefaultDuration 40 ms) and an audio track 2, and
 * the given clusters.
 */
Bytes webmFile(const Bytes &clusters, const Bytes &videoExtra = {})
{
	Bytes ebml = element({ 0x1a, 0x45, 0xdf, 0xa3 },
			     cat({ stringElement({ 0x42, 0x82 }, "webm"), uintElement({ 0x42, 0x87 }, 2),
				   uintElement({ 0x42, 0x85 }, 2) }));
	Bytes info = element({ 0x15, 0x49, 0xa9, 0x66 }, uintElement({ 0x2a, 0xd7, 0xb1 }, 1000000));
	Bytes video = element({ 0xae }, cat({ uintElement({ 0xd7 }, 1), uintElement({ 0x83 }, 1),
					      stringElement({ 0x86 }, "V_VP8"),
					      uintElement({ 0x23, 0xe3, 0x83 }, 40000000),
					      element({ 0xe0 }, cat({ uintElement({ 0xb0 }, 64),
								      uintElement({ 0xba }, 48) })),
					      videoExtra }));
	Bytes audio = element({ 0xae }, cat({ uintElement({ 0xd7 }, 2), uintElement({ 0x83 }, 2),
					      stringElement({ 0x86 }, "A_OPUS") }));
	Bytes tracks = element({ 0x16, 0x54, 0xae, 0x6b }, cat({ video, audio }));
	return cat({ ebml, element({ 0x18, 0x53, 0x80, 0x67 }, cat({ info, tracks, clusters })) });
}

/* A block body: track 1 (vint 0x81), relative timecode, flags, then the lacing and frames. */
Bytes blockBody(uint8_t track, int16_t timecode, uint8_t flags, const Bytes &rest)
{
	return cat({ { uint8_t(0x80 | track), uint8_t(uint16_t(timecode) >> 8), uint8_t(timecode), flags }, rest });
}

Bytes frameBytes(size_t size, uint8_t fill)
{
	return Bytes(size, fill);
}

TEST(HandmadeMatroska, LacingBlockGroupsAndUnknownSizeClusters)
{
	/* Xiph lacing, 3 frames of 3, 300 and 5 bytes: count-1, then 3, then 300 as FF 2D. */
	Bytes xiph = element({ 0xa3 }, blockBody(1, 0, 0x80 | 0x02,
						 cat({ { 2, 3, 0xff, 0x2d }, frameBytes(3, 0xa1),
						       frameBytes(300, 0xa2), frameBytes(5, 0xa3) })));
	/* EBML lacing, 3 frames of 3, 300, 5: first size vint 0x83, then 297 as a signed
	 * 2-byte vint (297 + 8191 = 0x2128, marked 0x40: 61 28). */
	Bytes ebmlLaced = element({ 0xa3 }, blockBody(1, 120, 0x06,
						      cat({ { 2, 0x83, 0x61, 0x28 }, frameBytes(3, 0xb1),
							    frameBytes(300, 0xb2), frameBytes(5, 0xb3) })));
	/* Fixed-size lacing: 2 frames of 4 bytes. */
	Bytes fixed = element({ 0xa3 }, blockBody(1, 240, 0x04, cat({ { 1 }, frameBytes(4, 0xc1), frameBytes(4, 0xc2) })));
	/* A block of the audio track, which must not come out. */
	Bytes audio = element({ 0xa3 }, blockBody(2, 0, 0x80, frameBytes(7, 0xdd)));
	Bytes cluster1 = element({ 0x1f, 0x43, 0xb6, 0x75 },
				 cat({ uintElement({ 0xe7 }, 1000), xiph, audio, ebmlLaced, fixed }));

	/* Unknown-size cluster with two BlockGroups: one keyframe, one with a ReferenceBlock. */
	Bytes keyGroup = element({ 0xa0 }, element({ 0xa1 }, blockBody(1, 0, 0, frameBytes(6, 0xe1))));
	Bytes interGroup = element({ 0xa0 }, cat({ element({ 0xa1 }, blockBody(1, 40, 0, frameBytes(6, 0xe2))),
						   element({ 0xfb }, { 0xd8 }) /* ReferenceBlock -40 */ }));
	Bytes cluster2 = element({ 0x1f, 0x43, 0xb6, 0x75 },
				 cat({ uintElement({ 0xe7 }, 2000), keyGroup, interGroup }), true);

	Bytes file = webmFile(cat({ cluster1, cluster2 }));
	OpenResult opened = openDemuxer(makeMemorySource(file));
	ASSERT_TRUE(opened.demuxer) << opened.error;
	EXPECT_EQ(opened.demuxer->tracks().size(), 2u);
	EXPECT_EQ(opened.demuxer->track().number, 1u);
	EXPECT_EQ(opened.demuxer->track().codec, Codec::VP8);
	EXPECT_EQ(opened.demuxer->track().codedWidth, 64u);

	struct Expected {
		size_t size;
		uint8_t fill;
		int64_t ptsMs;
		bool keyframe;
	} expected[] = {
		/* Laces take the block time plus the DefaultDuration per lace. */
		{ 3, 0xa1, 1000, true }, { 300, 0xa2, 1040, true }, { 5, 0xa3, 1080, true },
		{ 3, 0xb1, 1120, false }, { 300, 0xb2, 1160, false }, { 5, 0xb3, 1200, false },
		{ 4, 0xc1, 1240, false }, { 4, 0xc2, 1280, false },
		{ 6, 0xe1, 2000, true }, { 6, 0xe2, 2040, false },
	};
	DemuxStatus last;
	std::vector<Packet> packets = demuxAll(*opened.demuxer, &last);
	EXPECT_EQ(last, DemuxStatus::EndOfStream) << opened.demuxer->errorMessage();
	ASSERT_EQ(packets.size(), std::size(expected));
	for (size_t i = 0; i < packets.size(); i++) {
		SCOPED_TRACE("packet " + std::to_string(i));
		EXPECT_EQ(packets[i].data, Bytes(expected[i].size, expected[i].fill));
		EXPECT_EQ(packets[i].ptsNs, expected[i].ptsMs * 1000000);
		EXPECT_EQ(packets[i].keyframe, expected[i].keyframe);
	}

	/* No Cues: seeking scans clusters. 2030 ms → the BlockGroup keyframe at 2000 ms. */
	ASSERT_EQ(opened.demuxer->seek(2030000000), DemuxStatus::Ok);
	Packet packet;
	ASSERT_EQ(opened.demuxer->readPacket(&packet), DemuxStatus::Ok);
	EXPECT_EQ(packet.ptsNs, 2000000000);
	EXPECT_EQ(packet.data, Bytes(6, 0xe1));
	/* 1500 ms → the first laced keyframe block at 1000 ms. */
	ASSERT_EQ(opened.demuxer->seek(1500000000), DemuxStatus::Ok);
	ASSERT_EQ(opened.demuxer->readPacket(&packet), DemuxStatus::Ok);
	EXPECT_EQ(packet.ptsNs, 1000000000);

	/* Track 2 is audio: asking for it is a clear error. */
	OpenResult audioTrack = openDemuxer(makeMemorySource(file), 2);
	EXPECT_FALSE(audioTrack.demuxer);
	EXPECT_NE(audioTrack.error.find("not a video track"), std::string::npos) << audioTrack.error;
	OpenResult missing = openDemuxer(makeMemorySource(file), 7);
	EXPECT_NE(missing.error.find("no track number 7"), std::string::npos) << missing.error;
}

TEST(HandmadeMatroska, HugeAndZeroSizedElements)
{
	/* A SimpleBlock claiming far more than the file holds. */
	Bytes lying = { 0xa3, 0x01, 0x00, 0x00, 0x00, 0x7f, 0xff, 0xff, 0xff, 0x81, 0, 0, 0x80, 1, 2, 3 };
	Bytes cluster = element({ 0x1f, 0x43, 0xb6, 0x75 }, cat({ uintElement({ 0xe7 }, 0), lying }), true);
	OpenResult opened = openDemuxer(makeMemorySource(webmFile(cluster)));
	DemuxStatus last;
	/* libwebm may see the overflow while open() looks for the first cluster. */
	if (opened.demuxer) {
		EXPECT_TRUE(demuxAll(*opened.demuxer, &last).empty());
		EXPECT_EQ(last, DemuxStatus::Error);
		EXPECT_FALSE(opened.demuxer->errorMessage().empty());
	} else {
		EXPECT_NE(opened.error.find("overflows"), std::string::npos) << opened.error;
	}

	/* A zero-length SimpleBlock and an empty cluster: nothing to deliver, no error. */
	Bytes empty = element({ 0xa3 }, {});
	Bytes clusters = cat({ element({ 0x1f, 0x43, 0xb6, 0x75 }, uintElement({ 0xe7 }, 0)),
			       element({ 0x1f, 0x43, 0xb6, 0x75 }, cat({ uintElement({ 0xe7 }, 0), empty })) });
	opened = openDemuxer(makeMemorySource(webmFile(clusters)));
	if (opened.demuxer) {
		std::vector<Packet> packets = demuxAll(*opened.demuxer, &last);
		EXPECT_TRUE(packets.empty());
		if (last == DemuxStatus::Error) {
			EXPECT_FALSE(opened.demuxer->errorMessage().empty());
		}
	} else {
		EXPECT_FALSE(opened.error.empty());
	}
}

/* An element header with an 8-byte size, claiming `size` bytes, without the bytes. */
Bytes claim(Bytes id, uint64_t size)
{
	Bytes out = std::move(id);
	out.push_back(0x01);
	for (int i = 6; i >= 0; i--)
		out.push_back(uint8_t(size >> (8 * i)));
	return out;
}

/*
 * A CodecPrivate claiming 2^50 bytes inside masters that claim even more: libwebm would
 * store it whole, so the claim must be refused before anything is allocated — here at the
 * TrackEntry, the first element on the way that has no business being over 16 MiB.
 */
TEST(HandmadeMatroska, HugeBinaryElementIsRefusedBeforeAllocation)
{
	Bytes ebml = element({ 0x1a, 0x45, 0xdf, 0xa3 }, stringElement({ 0x42, 0x82 }, "webm"));
	uint64_t huge = 1ull << 50;
	Bytes file = cat({ ebml, claim({ 0x18, 0x53, 0x80, 0x67 }, huge + 300),
			   claim({ 0x16, 0x54, 0xae, 0x6b }, huge + 200), claim({ 0xae }, huge + 100),
			   uintElement({ 0xd7 }, 1), claim({ 0x63, 0xa2 }, huge), { 1, 2, 3, 4 } });
	OpenResult opened = openDemuxer(makeMemorySource(file));
	EXPECT_FALSE(opened.demuxer);
	EXPECT_NE(opened.error.find("element 0xAE at offset"), std::string::npos) << opened.error;
}

/* Header stripping (ContentCompAlgo 3) would need the stripped bytes put back: refused. */
TEST(HandmadeMatroska, ContentEncodedTracksAreRefused)
{
	Bytes compression = element({ 0x50, 0x34 }, uintElement({ 0x42, 0x54 }, 3));
	Bytes encoding = element({ 0x62, 0x40 }, cat({ uintElement({ 0x50, 0x33 }, 0), compression }));
	Bytes encodings = element({ 0x6d, 0x80 }, encoding);
	Bytes cluster = element({ 0x1f, 0x43, 0xb6, 0x75 }, uintElement({ 0xe7 }, 0));
	OpenResult opened = openDemuxer(makeMemorySource(webmFile(cluster, encodings)));
	EXPECT_FALSE(opened.demuxer);
	EXPECT_NE(opened.error.find("ContentEncodings"), std::string::npos) << opened.error;
}

/*
 * MPEG-2 field pictures (13818-2 6.2.3 and 6.2.3.1): an I top field, a P bottom field (the
 * second field of the same frame), then a B frame picture.
 */
TEST(HandmadeMpeg2, FieldPicturesAreSeparatePacketsWithTheSecondMarked)
{
	Bytes sequence = { 0, 0, 1, 0xb3, 0x04, 0x00, 0x30, 0x13, 0xff, 0xff, 0xe0, 0x18 }; /* 64x48, 25 fps */
	Bytes gop = { 0, 0, 1, 0xb8, 0x00, 0x08, 0x00, 0x40 }; /* closed_gop */
	/* temporal_reference (10 bits), picture_coding_type (3 bits), then vbv_delay. */
	Bytes pictureI = { 0, 0, 1, 0x00, 0x00, 0x08, 0xff, 0xf8 }; /* tr 0, I */
	Bytes pictureP = { 0, 0, 1, 0x00, 0x00, 0x10, 0xff, 0xf8 }; /* tr 0, P */
	Bytes pictureB = { 0, 0, 1, 0x00, 0x00, 0x58, 0xff, 0xf8 }; /* tr 1, B */
	/* Picture coding extension: id 8, f_codes, intra_dc_precision 0, picture_structure. */
	auto codingExtension = [](uint8_t structure) {
		return Bytes{ 0, 0, 1, 0xb5, 0x8f, 0xff, uint8_t(0xf0 | structure), 0x80 };
	};
	Bytes slice = { 0, 0, 1, 0x01, 0x12, 0x34, 0x56 };

	Bytes first = cat({ sequence, gop, pictureI, codingExtension(1), slice });
	Bytes second = cat({ pictureP, codingExtension(2), slice });
	Bytes third = cat({ pictureB, codingExtension(3), slice });
	OpenResult opened = openDemuxer(makeMemorySource(cat({ first, second, third })));
	ASSERT_TRUE(opened.demuxer) << opened.error;
	EXPECT_EQ(opened.demuxer->containerType(), ContainerType::Mpeg2Es);
	EXPECT_EQ(opened.demuxer->track().codedWidth, 64u);
	EXPECT_EQ(opened.demuxer->track().codedHeight, 48u);
	EXPECT_EQ(opened.demuxer->track().frameRate.num, 25u);

	std::vector<Packet> packets = demuxAll(*opened.demuxer);
	ASSERT_EQ(packets.size(), 3u);
	EXPECT_EQ(packets[0].data, first);
	EXPECT_EQ(packets[1].data, second);
	EXPECT_EQ(packets[2].data, third);
	EXPECT_TRUE(packets[0].keyframe);
	EXPECT_FALSE(packets[1].keyframe);
	EXPECT_FALSE(packets[2].keyframe);
	EXPECT_FALSE(packets[0].secondField);
	EXPECT_TRUE(packets[1].secondField);
	EXPECT_FALSE(packets[2].secondField);
	/* Both fields show at frame 0; the B picture (temporal_reference 1) at 40 ms. */
	EXPECT_EQ(packets[0].ptsNs, 0);
	EXPECT_EQ(packets[1].ptsNs, 0);
	EXPECT_EQ(packets[2].ptsNs, 40000000);
}

/*
 * H.264 access units without parameter sets: the boundary falls back on first_mb_in_slice.
 * AUD (09 F0), SEI (06), two IDR slices (65) of one picture — first_mb_in_slice 0 is ue '1'
 * (88), 1 is ue '010' (40 ...) — then a non-IDR slice (41) with first_mb_in_slice 0.
 */
TEST(HandmadeAnnexB, H264AccessUnitsAndKeyframes)
{
	Bytes aud = { 0, 0, 0, 1, 0x09, 0xf0 };
	Bytes sei = { 0, 0, 0, 1, 0x06, 0x05, 0x01, 0x00, 0x80 };
	Bytes idr0 = { 0, 0, 0, 1, 0x65, 0x88, 0x84, 0x21 };
	Bytes idr1 = { 0, 0, 1, 0x65, 0x40, 0x84, 0x21 };
	Bytes idr1Normalised = { 0, 0, 0, 1, 0x65, 0x40, 0x84, 0x21 };
	Bytes p0 = { 0, 0, 0, 1, 0x41, 0x9a, 0x21, 0x00, 0x00 }; /* trailing zeros get dropped */
	Bytes p0Normalised = { 0, 0, 0, 1, 0x41, 0x9a, 0x21 };

	OpenResult opened = openDemuxer(makeMemorySource(cat({ aud, sei, idr0, idr1, aud, p0 })));
	ASSERT_TRUE(opened.demuxer) << opened.error;
	EXPECT_EQ(opened.demuxer->containerType(), ContainerType::AnnexBH264);
	std::vector<Packet> packets = demuxAll(*opened.demuxer);
	ASSERT_EQ(packets.size(), 2u);
	EXPECT_EQ(packets[0].data, cat({ aud, sei, idr0, idr1Normalised }));
	EXPECT_TRUE(packets[0].keyframe);
	EXPECT_EQ(packets[1].data, cat({ aud, p0Normalised }));
	EXPECT_FALSE(packets[1].keyframe);
	/* 25 fps by default: no VUI timing here. */
	EXPECT_EQ(packets[1].ptsNs, 40000000);

	/* Without delimiters the first_mb_in_slice == 0 slice alone starts the next unit. */
	opened = openDemuxer(makeMemorySource(cat({ idr0, idr1, p0 })));
	ASSERT_TRUE(opened.demuxer) << opened.error;
	packets = demuxAll(*opened.demuxer);
	ASSERT_EQ(packets.size(), 2u);
	EXPECT_EQ(packets[1].data, p0Normalised);
}

/*
 * HEVC: VPS (40 01), PPS (44 01), an IDR_W_RADL picture (type 19: 26 01) in two slice
 * segments — first_slice_segment_in_pic_flag is the top bit of the third byte — then a
 * TRAIL_R picture (02 01).
 */
TEST(HandmadeAnnexB, HevcAccessUnitsAndKeyframes)
{
	Bytes vps = { 0, 0, 0, 1, 0x40, 0x01, 0x0c, 0x01 };
	Bytes pps = { 0, 0, 0, 1, 0x44, 0x01, 0xc1, 0x72 };
	Bytes idrFirst = { 0, 0, 0, 1, 0x26, 0x01, 0xaf, 0x10 };
	Bytes idrSecond = { 0, 0, 0, 1, 0x26, 0x01, 0x20, 0x10 };
	Bytes trail = { 0, 0, 0, 1, 0x02, 0x01, 0xd0, 0x20 };
	OpenResult opened = openDemuxer(makeMemorySource(cat({ vps, pps, idrFirst, idrSecond, trail })));
	ASSERT_TRUE(opened.demuxer) << opened.error;
	EXPECT_EQ(opened.demuxer->containerType(), ContainerType::AnnexBHevc);
	std::vector<Packet> packets = demuxAll(*opened.demuxer);
	ASSERT_EQ(packets.size(), 2u);
	EXPECT_EQ(packets[0].data, cat({ vps, pps, idrFirst, idrSecond }));
	EXPECT_TRUE(packets[0].keyframe);
	EXPECT_EQ(packets[1].data, trail);
	EXPECT_FALSE(packets[1].keyframe);
}

/* VP9 uncompressed header bits: frame_marker 10, profile (low, high), show_existing, frame_type. */
TEST(KeyframeSniff, Vp9)
{
	EXPECT_TRUE(isVp9Keyframe(Bytes{ 0x80, 0x00 }));  /* 10 0 0 0 0: profile 0 key frame */
	EXPECT_FALSE(isVp9Keyframe(Bytes{ 0x84, 0x00 })); /* 10 0 0 0 1: inter frame */
	EXPECT_FALSE(isVp9Keyframe(Bytes{ 0x88, 0x00 })); /* show_existing_frame */
	EXPECT_TRUE(isVp9Keyframe(Bytes{ 0xb0, 0x00 }));  /* 10 1 1 0(reserved) 0 0: profile 3 key */
	EXPECT_FALSE(isVp9Keyframe(Bytes{ 0x40, 0x00 })); /* bad frame_marker */
	EXPECT_FALSE(isVp9Keyframe(Bytes{}));
	/* Superframe: index C1 (2 frames, 1-byte sizes) 02 02 C1; the first frame decides. */
	EXPECT_FALSE(isVp9Keyframe(Bytes{ 0x84, 0x00, 0x80, 0x00, 0xc1, 0x02, 0x02, 0xc1 }));
	EXPECT_TRUE(isVp9Keyframe(Bytes{ 0x80, 0x00, 0x84, 0x00, 0xc1, 0x02, 0x02, 0xc1 }));
	/* Sizes that overrun the data: not an index, the packet is one frame. */
	std::span<const uint8_t> frames[8];
	EXPECT_EQ(splitVp9Superframe(Bytes{ 0x80, 0x00, 0xc1, 0x09, 0x02, 0xc1 }, frames), 1u);
}

TEST(KeyframeSniff, Vp8)
{
	EXPECT_TRUE(isVp8Keyframe(Bytes{ 0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a }));
	EXPECT_FALSE(isVp8Keyframe(Bytes{ 0x11, 0x02, 0x00, 0x9d, 0x01, 0x2a }));
	EXPECT_FALSE(isVp8Keyframe(Bytes{ 0x10, 0x02 }));
}

/* avcC (ISO/IEC 14496-15 5.3.3.1): version 1, profile/compat/level, FF (4-byte lengths),
 * E1 (one SPS), 00 04 + SPS, 01 (one PPS), 00 02 + PPS. */
TEST(CodecPrivate, AvcC)
{
	Bytes avcC = { 0x01, 0x64, 0x00, 0x1f, 0xff, 0xe1, 0x00, 0x04, 0x67, 0x64, 0x00, 0x1f,
		       0x01, 0x00, 0x02, 0x68, 0xee };
	ParameterSets sets;
	const char *error = nullptr;
	ASSERT_EQ(parseAvcC(avcC, &sets, &error), 0);
	EXPECT_EQ(sets.nalLengthSize, 4u);
	ASSERT_EQ(sets.nalUnits.size(), 2u);
	EXPECT_EQ(sets.nalUnits[0], (Bytes{ 0x67, 0x64, 0x00, 0x1f }));
	EXPECT_EQ(sets.nalUnits[1], (Bytes{ 0x68, 0xee }));
	for (size_t cut = 0; cut < avcC.size(); cut++) {
		Bytes truncated(avcC.begin(), avcC.begin() + cut);
		EXPECT_EQ(parseAvcC(truncated, &sets, &error), -EINVAL) << cut;
	}
}

/* hvcC: 22 bytes of configuration (lengthSizeMinusOne in byte 21), then arrays. */
TEST(CodecPrivate, HvcC)
{
	Bytes hvcC(21, 0);
	hvcC[0] = 1;
	hvcC.insert(hvcC.end(), { 0x0f, 2, 0xa0, 0x00, 0x01, 0x00, 0x02, 0x40, 0x01, 0xa1, 0x00, 0x01,
				  0x00, 0x03, 0x42, 0x01, 0x01 });
	ParameterSets sets;
	const char *error = nullptr;
	ASSERT_EQ(parseHvcC(hvcC, &sets, &error), 0);
	EXPECT_EQ(sets.nalLengthSize, 4u);
	ASSERT_EQ(sets.nalUnits.size(), 2u);
	EXPECT_EQ(sets.nalUnits[0], (Bytes{ 0x40, 0x01 }));
	EXPECT_EQ(sets.nalUnits[1], (Bytes{ 0x42, 0x01, 0x01 }));
	hvcC.pop_back();
	EXPECT_EQ(parseHvcC(hvcC, &sets, &error), -EINVAL);
}

/* Matroska VP9 CodecPrivate: ID 1 profile, ID 3 bit depth (1-byte values). */
TEST(CodecPrivate, Vp9Features)
{
	int profile = -1, bitDepth = -1;
	parseVp9CodecPrivate(Bytes{ 1, 1, 2, 2, 1, 31, 3, 1, 10, 4, 1, 1 }, &profile, &bitDepth);
	EXPECT_EQ(profile, 2);
	EXPECT_EQ(bitDepth, 10);
	profile = bitDepth = -1;
	parseVp9CodecPrivate(Bytes{ 1, 9 }, &profile, &bitDepth); /* length past the end */
	EXPECT_EQ(profile, -1);
}

} /* namespace */
