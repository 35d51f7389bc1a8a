/* SPDX-License-Identifier: MIT */
/*
 * The VP8 frame header parser on frames built with the specification's boolean encoder
 * (tests/unit/support/bool_encoder.h) from chosen values, field by field in the order of RFC 6386 19.2:
 * every value must come back, the entropy context must persist or be restored as 9.8 says,
 * key frames must reset it, and the partition table must be read as 9.5 lays it out.
 */
#include <gtest/gtest.h>

#include "codec/vp8/vp8_frame_header.h"
#include "bool_encoder.h"

namespace sluice {
namespace {

struct Chosen {
	bool keyFrame = true;
	uint8_t version = 0;
	bool show = true;
	uint16_t width = 176, height = 144;
	uint8_t hScale = 0, vScale = 0;
	bool colorSpace = false, clamping = true;
	bool segmentation = false, updateMap = false, updateData = false, absolute = false;
	int segQuant[4] = {}, segLf[4] = {};
	int treeProbs[3] = { -1, -1, -1 }; /* -1: not sent (255) */
	bool simple = false;
	unsigned level = 0, sharpness = 0;
	bool lfDeltas = false, lfUpdate = false;
	int refDelta[4] = {}, modeDelta[4] = {};
	unsigned log2Parts = 0;
	unsigned yAcQi = 0;
	int yDc = 0, y2Dc = 0, y2Ac = 0, uvDc = 0, uvAc = 0;
	bool refreshGolden = false, refreshAlt = false;
	unsigned copyGolden = 0, copyAlt = 0;
	bool biasGolden = false, biasAlt = false;
	bool refreshEntropy = true, refreshLast = true;
	/* One coefficient probability update: [i][j][k][t] = value, when value > 0. */
	unsigned coeffAt[4] = { 1, 2, 0, 3 };
	int coeffValue = 0;
	bool noCoeffSkip = false;
	unsigned probSkip = 0, probIntra = 0, probLast = 0, probGf = 0;
	int yModeProbs[4] = { -1 }; /* [0] == -1: no update */
	int uvModeProbs[3] = { -1 };
	/* One motion vector probability update: component, index, 7-bit value. */
	int mvComponent = -1;
	unsigned mvIndex = 0, mvValue = 0;
	std::vector<uint32_t> partitionSizes = { 9 };
};

std::vector<uint8_t> buildFrame(const Chosen &c)
{
	test::BoolEncoder e;
	if (c.keyFrame) {
		e.flag(c.colorSpace);
		e.flag(c.clamping);
	}
	e.flag(c.segmentation);
	if (c.segmentation) {
		e.flag(c.updateMap);
		e.flag(c.updateData);
		if (c.updateData) {
			e.flag(c.absolute);
			for (int q : c.segQuant)
				e.optionalSigned(7, q);
			for (int lf : c.segLf)
				e.optionalSigned(6, lf);
		}
		if (c.updateMap)
			for (int p : c.treeProbs) {
				e.flag(p >= 0);
				if (p >= 0)
					e.literal(8, static_cast<uint32_t>(p));
			}
	}
	e.flag(c.simple);
	e.literal(6, c.level);
	e.literal(3, c.sharpness);
	e.flag(c.lfDeltas);
	if (c.lfDeltas) {
		e.flag(c.lfUpdate);
		if (c.lfUpdate) {
			for (int d : c.refDelta)
				e.optionalSigned(6, d);
			for (int d : c.modeDelta)
				e.optionalSigned(6, d);
		}
	}
	e.literal(2, c.log2Parts);
	e.literal(7, c.yAcQi);
	for (int d : { c.yDc, c.y2Dc, c.y2Ac, c.uvDc, c.uvAc })
		e.optionalSigned(4, d);
	if (c.keyFrame) {
		e.flag(c.refreshEntropy);
	} else {
		e.flag(c.refreshGolden);
		e.flag(c.refreshAlt);
		if (!c.refreshGolden)
			e.literal(2, c.copyGolden);
		if (!c.refreshAlt)
			e.literal(2, c.copyAlt);
		e.flag(c.biasGolden);
		e.flag(c.biasAlt);
		e.flag(c.refreshEntropy);
		e.flag(c.refreshLast);
	}
	for (unsigned i = 0; i < 4; i++)
		for (unsigned j = 0; j < 8; j++)
			for (unsigned k = 0; k < 3; k++)
				for (unsigned t = 0; t < 11; t++) {
					bool update = c.coeffValue > 0 && i == c.coeffAt[0] && j == c.coeffAt[1] &&
						      k == c.coeffAt[2] && t == c.coeffAt[3];
					e.write(update, kVp8CoeffUpdateProbs[i][j][k][t]);
					if (update)
						e.literal(8, static_cast<uint32_t>(c.coeffValue));
				}
	e.flag(c.noCoeffSkip);
	if (c.noCoeffSkip)
		e.literal(8, c.probSkip);
	if (!c.keyFrame) {
		e.literal(8, c.probIntra);
		e.literal(8, c.probLast);
		e.literal(8, c.probGf);
		e.flag(c.yModeProbs[0] >= 0);
		if (c.yModeProbs[0] >= 0)
			for (int p : c.yModeProbs)
				e.literal(8, static_cast<uint32_t>(p));
		e.flag(c.uvModeProbs[0] >= 0);
		if (c.uvModeProbs[0] >= 0)
			for (int p : c.uvModeProbs)
				e.literal(8, static_cast<uint32_t>(p));
		for (int comp = 0; comp < 2; comp++)
			for (unsigned i = 0; i < 19; i++) {
				bool update = comp == c.mvComponent && i == c.mvIndex;
				e.write(update, kVp8MvUpdateProbs[comp][i]);
				if (update)
					e.literal(7, c.mvValue);
			}
	}
	std::vector<uint8_t> first = e.finish();

	std::vector<uint8_t> frame;
	uint32_t tag = (c.keyFrame ? 0 : 1) | c.version << 1 | (c.show ? 1 : 0) << 4 |
		       static_cast<uint32_t>(first.size()) << 5;
	frame = { static_cast<uint8_t>(tag), static_cast<uint8_t>(tag >> 8), static_cast<uint8_t>(tag >> 16) };
	if (c.keyFrame) {
		uint16_t w = static_cast<uint16_t>(c.width | c.hScale << 14);
		uint16_t h = static_cast<uint16_t>(c.height | c.vScale << 14);
		frame.insert(frame.end(), { 0x9d, 0x01, 0x2a, static_cast<uint8_t>(w), static_cast<uint8_t>(w >> 8),
					    static_cast<uint8_t>(h), static_cast<uint8_t>(h >> 8) });
	}
	frame.insert(frame.end(), first.begin(), first.end());
	for (size_t i = 0; i + 1 < c.partitionSizes.size(); i++) {
		uint32_t s = c.partitionSizes[i];
		frame.insert(frame.end(), { static_cast<uint8_t>(s), static_cast<uint8_t>(s >> 8),
					    static_cast<uint8_t>(s >> 16) });
	}
	for (uint32_t s : c.partitionSizes)
		frame.insert(frame.end(), s, 0x5a);
	return frame;
}

TEST(Vp8Header, KeyFrameValuesComeBack)
{
	Chosen c;
	c.version = 1;
	c.width = 1920;
	c.height = 1080;
	c.hScale = 2;
	c.vScale = 1;
	c.colorSpace = true;
	c.clamping = false;
	c.segmentation = c.updateMap = c.updateData = true;
	c.absolute = true;
	int q[4] = { 10, -20, 0, 127 }, lf[4] = { -63, 0, 5, 1 };
	std::copy(q, q + 4, c.segQuant);
	std::copy(lf, lf + 4, c.segLf);
	c.treeProbs[0] = 17;
	c.treeProbs[2] = 200;
	c.simple = true;
	c.level = 42;
	c.sharpness = 5;
	c.lfDeltas = c.lfUpdate = true;
	int rd[4] = { 2, 0, -2, -2 }, md[4] = { 4, -2, 2, 4 };
	std::copy(rd, rd + 4, c.refDelta);
	std::copy(md, md + 4, c.modeDelta);
	c.log2Parts = 2;
	c.partitionSizes = { 5, 6, 7, 9 };
	c.yAcQi = 100;
	c.yDc = -3;
	c.y2Dc = 15;
	c.y2Ac = -15;
	c.uvDc = 1;
	c.uvAc = 0;
	c.coeffValue = 77;
	c.noCoeffSkip = true;
	c.probSkip = 230;

	std::vector<uint8_t> frame = buildFrame(c);
	Vp8HeaderParser parser;
	Vp8FrameHeader h;
	ASSERT_EQ(parser.parse(frame, &h), 0);
	EXPECT_TRUE(h.keyFrame);
	EXPECT_EQ(h.version, 1);
	EXPECT_TRUE(h.showFrame);
	EXPECT_EQ(h.width, 1920);
	EXPECT_EQ(h.height, 1080);
	EXPECT_EQ(h.horizontalScale, 2);
	EXPECT_EQ(h.verticalScale, 1);
	EXPECT_TRUE(h.colorSpace);
	EXPECT_FALSE(h.clampingType);
	EXPECT_TRUE(h.segmentation.enabled && h.segmentation.updateMap && h.segmentation.updateFeatureData);
	EXPECT_TRUE(h.segmentation.absoluteValues);
	for (int i = 0; i < 4; i++) {
		EXPECT_EQ(h.segmentation.quantizer[i], q[i]);
		EXPECT_EQ(h.segmentation.loopFilter[i], lf[i]);
		EXPECT_EQ(h.loopFilter.refFrameDeltas[i], rd[i]);
		EXPECT_EQ(h.loopFilter.modeDeltas[i], md[i]);
	}
	EXPECT_EQ(h.segmentation.treeProbs[0], 17);
	EXPECT_EQ(h.segmentation.treeProbs[1], 255) << "9.3: an unsent tree probability is 255";
	EXPECT_EQ(h.segmentation.treeProbs[2], 200);
	EXPECT_TRUE(h.loopFilter.simple);
	EXPECT_EQ(h.loopFilter.level, 42);
	EXPECT_EQ(h.loopFilter.sharpness, 5);
	EXPECT_TRUE(h.loopFilter.deltasEnabled && h.loopFilter.deltasUpdated);
	EXPECT_EQ(h.quant.yAcQi, 100);
	EXPECT_EQ(h.quant.yDcDelta, -3);
	EXPECT_EQ(h.quant.y2DcDelta, 15);
	EXPECT_EQ(h.quant.y2AcDelta, -15);
	EXPECT_EQ(h.quant.uvDcDelta, 1);
	EXPECT_EQ(h.quant.uvAcDelta, 0);
	EXPECT_TRUE(h.refreshEntropyProbs);
	EXPECT_TRUE(h.refreshGolden && h.refreshAlternate && h.refreshLast);
	EXPECT_EQ(h.entropy.coeff[1][2][0][3], 77);
	EXPECT_TRUE(h.mbNoCoeffSkip);
	EXPECT_EQ(h.probSkipFalse, 230);
	EXPECT_EQ(h.firstPartOffset, 10u);
	ASSERT_EQ(h.partitions, 4u);
	EXPECT_EQ(h.partitionSizes[0], 5u);
	EXPECT_EQ(h.partitionSizes[1], 6u);
	EXPECT_EQ(h.partitionSizes[2], 7u);
	EXPECT_EQ(h.partitionSizes[3], 9u);
	/* The header ends inside the first partition; the coder's range is normalised. */
	EXPECT_GT(h.headerBits, 0u);
	EXPECT_LE(h.headerBits + 8, 8 * h.firstPartSize);
	/* 11.2, 11.4: key frames decode their modes with the fixed probabilities. */
	EXPECT_EQ(h.entropy.yMode, (std::array<uint8_t, 4>{ 145, 156, 163, 128 }));
	EXPECT_EQ(h.entropy.uvMode, (std::array<uint8_t, 3>{ 142, 114, 183 }));
	EXPECT_GE(h.coderState.range, 128);
	EXPECT_LT(h.coderState.bitCount, 8);
}

/* Spot checks of the typed tables against values printed in RFC 6386 13.4, 13.5 and 17.2. */
TEST(Vp8Header, TablesHoldTheSpecificationsValues)
{
	EXPECT_EQ(kVp8CoeffUpdateProbs[0][1][0][0], 176);
	EXPECT_EQ(kVp8CoeffUpdateProbs[0][1][0][1], 246);
	EXPECT_EQ(kVp8CoeffUpdateProbs[0][0][0][0], 255);
	EXPECT_EQ(kVp8DefaultCoeffProbs[0][1][0][0], 253);
	EXPECT_EQ(kVp8DefaultCoeffProbs[0][1][0][1], 136);
	EXPECT_EQ(kVp8DefaultCoeffProbs[0][2][0][0], 1);
	EXPECT_EQ(kVp8DefaultCoeffProbs[0][0][0][0], 128);
	EXPECT_EQ(kVp8MvUpdateProbs[0][0], 237);
	EXPECT_EQ(kVp8MvUpdateProbs[1][0], 231);
	EXPECT_EQ(kVp8DefaultMvProbs[0][0], 162);
	EXPECT_EQ(kVp8DefaultMvProbs[0][2], 225);
	EXPECT_EQ(kVp8DefaultMvProbs[1][0], 164);
	EXPECT_EQ(kVp8DefaultMvProbs[1][18], 254);
}

TEST(Vp8Header, InterFrameReferenceFieldsAndProbabilities)
{
	Vp8HeaderParser parser;
	Vp8FrameHeader h;
	ASSERT_EQ(parser.parse(buildFrame(Chosen{}), &h), 0);

	Chosen c;
	c.keyFrame = false;
	c.show = false;
	c.refreshGolden = false;
	c.copyGolden = 2;
	c.refreshAlt = true;
	c.biasGolden = true;
	c.refreshLast = false;
	c.probIntra = 63;
	c.probLast = 200;
	c.probGf = 128;
	int y[4] = { 1, 2, 3, 4 }, uv[3] = { 5, 6, 7 };
	std::copy(y, y + 4, c.yModeProbs);
	std::copy(uv, uv + 3, c.uvModeProbs);
	c.mvComponent = 1;
	c.mvIndex = 4;
	c.mvValue = 0; /* 17.2: a zero update stands for probability 1 */
	ASSERT_EQ(parser.parse(buildFrame(c), &h), 0);
	EXPECT_FALSE(h.keyFrame);
	EXPECT_FALSE(h.showFrame);
	EXPECT_EQ(h.width, 176) << "inter frames keep the key frame's size";
	EXPECT_EQ(h.firstPartOffset, 3u);
	EXPECT_FALSE(h.refreshGolden);
	EXPECT_EQ(h.copyToGolden, 2);
	EXPECT_TRUE(h.refreshAlternate);
	EXPECT_EQ(h.copyToAlternate, 0);
	EXPECT_TRUE(h.signBiasGolden);
	EXPECT_FALSE(h.signBiasAlternate);
	EXPECT_FALSE(h.refreshLast);
	EXPECT_EQ(h.probIntra, 63);
	EXPECT_EQ(h.probLast, 200);
	EXPECT_EQ(h.probGolden, 128);
	for (int i = 0; i < 4; i++)
		EXPECT_EQ(h.entropy.yMode[i], y[i]);
	for (int i = 0; i < 3; i++)
		EXPECT_EQ(h.entropy.uvMode[i], uv[i]);
	EXPECT_EQ(h.entropy.mv[1][4], 1);
	EXPECT_EQ(h.entropy.mv[0][4], kVp8DefaultMvProbs[0][4]);

	/* The mode and motion vector updates persist (refresh_entropy_probs 1). */
	Chosen next;
	next.keyFrame = false;
	next.mvComponent = 0;
	next.mvIndex = 0;
	next.mvValue = 100;
	ASSERT_EQ(parser.parse(buildFrame(next), &h), 0);
	EXPECT_EQ(h.entropy.yMode[0], 1);
	EXPECT_EQ(h.entropy.mv[1][4], 1);
	EXPECT_EQ(h.entropy.mv[0][0], 200) << "17.2: x << 1";
}

/* 9.8: with refresh_entropy_probs 0, a frame's updates apply to it alone. */
TEST(Vp8Header, EntropyRestoredAfterAFrameThatDoesNotRefresh)
{
	Vp8HeaderParser parser;
	Vp8FrameHeader h;
	Chosen key;
	key.coeffValue = 99;
	ASSERT_EQ(parser.parse(buildFrame(key), &h), 0);
	EXPECT_EQ(h.entropy.coeff[1][2][0][3], 99);

	Chosen once;
	once.keyFrame = false;
	once.refreshEntropy = false;
	once.coeffValue = 11;
	int y[4] = { 9, 9, 9, 9 };
	std::copy(y, y + 4, once.yModeProbs);
	ASSERT_EQ(parser.parse(buildFrame(once), &h), 0);
	EXPECT_EQ(h.entropy.coeff[1][2][0][3], 11);
	EXPECT_EQ(h.entropy.yMode[0], 9);

	Chosen after;
	after.keyFrame = false;
	ASSERT_EQ(parser.parse(buildFrame(after), &h), 0);
	EXPECT_EQ(h.entropy.coeff[1][2][0][3], 99) << "back to what the key frame set";
	EXPECT_EQ(h.entropy.yMode[0], kVp8DefaultYModeProbs[0]);

	/* A key frame goes back to the defaults of 13.5, whatever came before. */
	ASSERT_EQ(parser.parse(buildFrame(Chosen{}), &h), 0);
	EXPECT_EQ(h.entropy.coeff, kVp8DefaultCoeffProbs);
}

/* 9.3, 9.6: segmentation features and loop filter deltas persist until updated. */
TEST(Vp8Header, SegmentationAndDeltasPersist)
{
	Vp8HeaderParser parser;
	Vp8FrameHeader h;
	Chosen key;
	key.segmentation = key.updateData = key.updateMap = true;
	key.segQuant[1] = -7;
	key.lfDeltas = key.lfUpdate = true;
	key.refDelta[3] = 9;
	ASSERT_EQ(parser.parse(buildFrame(key), &h), 0);

	Chosen inter;
	inter.keyFrame = false;
	inter.segmentation = true; /* enabled, nothing updated */
	inter.lfDeltas = true;
	ASSERT_EQ(parser.parse(buildFrame(inter), &h), 0);
	EXPECT_TRUE(h.segmentation.enabled);
	EXPECT_FALSE(h.segmentation.updateMap || h.segmentation.updateFeatureData);
	EXPECT_EQ(h.segmentation.quantizer[1], -7);
	EXPECT_FALSE(h.loopFilter.deltasUpdated);
	EXPECT_EQ(h.loopFilter.refFrameDeltas[3], 9);
}

TEST(Vp8Header, InterFrameBeforeAnyKeyFrameIsRefused)
{
	Vp8HeaderParser parser;
	Vp8FrameHeader h;
	Chosen inter;
	inter.keyFrame = false;
	EXPECT_EQ(parser.parse(buildFrame(inter), &h), -EINVAL);
}

TEST(Vp8Robustness, TruncationsAndBadStartCodesAreRefused)
{
	Chosen c;
	c.log2Parts = 3;
	c.partitionSizes = { 1, 2, 3, 4, 5, 6, 7, 8 };
	std::vector<uint8_t> frame = buildFrame(c);
	Vp8HeaderParser good;
	Vp8FrameHeader h;
	ASSERT_EQ(good.parse(frame, &h), 0);
	EXPECT_EQ(h.partitions, 8u);
	EXPECT_EQ(h.partitionSizes[7], 8u);
	for (size_t n = 0; n < frame.size(); n++) {
		Vp8HeaderParser parser;
		int ret = parser.parse(std::span<const uint8_t>(frame).first(n), &h);
		/* Cutting into the last partition shrinks it; anything before is an error. */
		size_t lastStart = frame.size() - 8;
		if (n < lastStart) {
			EXPECT_EQ(ret, -EINVAL) << n;
		} else {
			EXPECT_EQ(ret, 0) << n;
			EXPECT_EQ(h.partitionSizes[7], n - lastStart);
		}
	}
	frame[4] = 0x02;
	Vp8HeaderParser parser;
	EXPECT_EQ(parser.parse(frame, &h), -EINVAL);
}

} /* namespace */
} /* namespace sluice */
