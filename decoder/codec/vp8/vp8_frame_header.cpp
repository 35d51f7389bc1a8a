/* SPDX-License-Identifier: MIT */
#include "vp8_frame_header.h"

#include <cerrno>

#include "vp8_log.h"

namespace sluice {

namespace {

constexpr uint32_t kKeyFrameHeaderBytes = 10; /* frame tag 3, start code 3, sizes 4 */
constexpr uint32_t kInterFrameHeaderBytes = 3;

/* 19.2: an optional signed value, "flag ? L(n) magnitude + sign : 0". */
int8_t readOptionalSigned(BoolDecoder &d, unsigned bits)
{
	if (!d.readBit())
		return 0;
	int value = static_cast<int>(d.readLiteral(bits));
	return static_cast<int8_t>(d.readBit() ? -value : value);
}

/* 9.6 / 19.2: a quantizer delta, L(4) with sign, when its flag is set. */
int8_t readDelta(BoolDecoder &d)
{
	return readOptionalSigned(d, 4);
}

void readSegmentation(BoolDecoder &d, Vp8Segmentation *s)
{
	/* 9.3: the features persist unless updated; the map probabilities are per frame. */
	s->enabled = d.readBit();
	s->updateMap = false;
	s->updateFeatureData = false;
	if (!s->enabled)
		return;
	s->updateMap = d.readBit();
	s->updateFeatureData = d.readBit();
	if (s->updateFeatureData) {
		s->absoluteValues = d.readBit();
		for (int8_t &q : s->quantizer)
			q = readOptionalSigned(d, 7);
		for (int8_t &lf : s->loopFilter)
			lf = readOptionalSigned(d, 6);
	}
	if (s->updateMap)
		for (uint8_t &p : s->treeProbs)
			p = d.readBit() ? static_cast<uint8_t>(d.readLiteral(8)) : 255;
}

void readLoopFilter(BoolDecoder &d, Vp8LoopFilter *lf)
{
	/* 9.4 */
	lf->simple = d.readBit();
	lf->level = static_cast<uint8_t>(d.readLiteral(6));
	lf->sharpness = static_cast<uint8_t>(d.readLiteral(3));
	lf->deltasEnabled = d.readBit();
	lf->deltasUpdated = false;
	if (!lf->deltasEnabled)
		return;
	lf->deltasUpdated = d.readBit();
	if (!lf->deltasUpdated)
		return;
	/* Each delta is replaced only when its own flag is set; the others persist. */
	for (int8_t &delta : lf->refFrameDeltas)
		if (d.readBit()) {
			int value = static_cast<int>(d.readLiteral(6));
			delta = static_cast<int8_t>(d.readBit() ? -value : value);
		}
	for (int8_t &delta : lf->modeDeltas)
		if (d.readBit()) {
			int value = static_cast<int>(d.readLiteral(6));
			delta = static_cast<int8_t>(d.readBit() ? -value : value);
		}
}

void readQuantization(BoolDecoder &d, Vp8Quantization *q)
{
	/* 9.6 */
	q->yAcQi = static_cast<uint8_t>(d.readLiteral(7));
	q->yDcDelta = readDelta(d);
	q->y2DcDelta = readDelta(d);
	q->y2AcDelta = readDelta(d);
	q->uvDcDelta = readDelta(d);
	q->uvAcDelta = readDelta(d);
}

void readTokenProbUpdates(BoolDecoder &d, Vp8CoeffProbs *probs)
{
	/* 13.4: each probability may be replaced, with a fixed per-position probability. */
	for (unsigned i = 0; i < kVp8BlockTypes; i++)
		for (unsigned j = 0; j < kVp8CoeffBands; j++)
			for (unsigned k = 0; k < kVp8PrevCoeffContexts; k++)
				for (unsigned t = 0; t < kVp8EntropyNodes; t++)
					if (d.readBool(kVp8CoeffUpdateProbs[i][j][k][t]))
						(*probs)[i][j][k][t] = static_cast<uint8_t>(d.readLiteral(8));
}

void readMvProbUpdates(BoolDecoder &d, Vp8MvProbs *probs)
{
	/* 17.2: a 7-bit value x stands for the probability x << 1, or 1 when x is 0. */
	for (unsigned c = 0; c < 2; c++)
		for (unsigned i = 0; i < kVp8MvProbCount; i++)
			if (d.readBool(kVp8MvUpdateProbs[c][i])) {
				uint8_t x = static_cast<uint8_t>(d.readLiteral(7));
				(*probs)[c][i] = x ? static_cast<uint8_t>(x << 1) : 1;
			}
}

} /* namespace */

Vp8EntropyContext Vp8EntropyContext::defaults()
{
	Vp8EntropyContext c;
	c.coeff = kVp8DefaultCoeffProbs;
	c.yMode = kVp8DefaultYModeProbs;
	c.uvMode = kVp8DefaultUvModeProbs;
	c.mv = kVp8DefaultMvProbs;
	return c;
}

void Vp8HeaderParser::reset()
{
	*this = Vp8HeaderParser();
}

int Vp8HeaderParser::parse(std::span<const uint8_t> frame, Vp8FrameHeader *out)
{
	Vp8FrameHeader h;
	if (frame.size() < kInterFrameHeaderBytes) {
		LOG(Vp8, Warn) << "VP8 frame of " << frame.size() << " bytes is too short";
		return -EINVAL;
	}
	/* 9.1: a 24-bit little-endian tag. */
	uint32_t tag = frame[0] | uint32_t{ frame[1] } << 8 | uint32_t{ frame[2] } << 16;
	h.keyFrame = !(tag & 1);
	h.version = static_cast<uint8_t>((tag >> 1) & 7);
	h.showFrame = (tag >> 4) & 1;
	h.firstPartSize = tag >> 5;
	if (h.version > 3) {
		LOG(Vp8, Warn) << "VP8 frame of unknown version " << unsigned{ h.version };
		return -EINVAL;
	}

	if (h.keyFrame) {
		if (frame.size() < kKeyFrameHeaderBytes || frame[3] != 0x9d || frame[4] != 0x01 ||
		    frame[5] != 0x2a) {
			LOG(Vp8, Warn) << "VP8 key frame without its start code";
			return -EINVAL;
		}
		uint16_t w = static_cast<uint16_t>(frame[6] | frame[7] << 8);
		uint16_t hgt = static_cast<uint16_t>(frame[8] | frame[9] << 8);
		h.width = w & 0x3fff;
		h.horizontalScale = static_cast<uint8_t>(w >> 14);
		h.height = hgt & 0x3fff;
		h.verticalScale = static_cast<uint8_t>(hgt >> 14);
		if (h.width == 0 || h.height == 0) {
			LOG(Vp8, Warn) << "VP8 key frame of size 0";
			return -EINVAL;
		}
		h.firstPartOffset = kKeyFrameHeaderBytes;
	} else {
		if (!sawKeyFrame_) {
			LOG(Vp8, Debug) << "VP8 inter frame before any key frame";
			return -EINVAL;
		}
		h.width = width_;
		h.height = height_;
		h.horizontalScale = horizontalScale_;
		h.verticalScale = verticalScale_;
		h.firstPartOffset = kInterFrameHeaderBytes;
	}
	if (h.firstPartSize == 0 || h.firstPartSize > frame.size() - h.firstPartOffset) {
		LOG(Vp8, Warn) << "VP8 first partition of " << h.firstPartSize
			       << " bytes does not fit the " << frame.size() << "-byte frame";
		return -EINVAL;
	}

	/* Work on copies: a frame that turns out corrupt must not change what persists. */
	Vp8Segmentation segmentation = segmentation_;
	Vp8LoopFilter loopFilter = loopFilter_;
	Vp8EntropyContext entropy = entropy_;
	if (h.keyFrame) {
		/* 9.3, 9.6, 9.11: a key frame starts from defaults everywhere. */
		segmentation = {};
		loopFilter = {};
		entropy = Vp8EntropyContext::defaults();
	}

	BoolDecoder d;
	d.init(frame.subspan(h.firstPartOffset, h.firstPartSize));
	if (h.keyFrame) {
		h.colorSpace = d.readBit();
		h.clampingType = d.readBit();
	}
	readSegmentation(d, &segmentation);
	readLoopFilter(d, &loopFilter);
	h.log2Partitions = d.readLiteral(2);
	readQuantization(d, &h.quant);
	if (h.keyFrame) {
		h.refreshEntropyProbs = d.readBit();
	} else {
		h.refreshGolden = d.readBit();
		h.refreshAlternate = d.readBit();
		if (!h.refreshGolden)
			h.copyToGolden = static_cast<uint8_t>(d.readLiteral(2));
		if (!h.refreshAlternate)
			h.copyToAlternate = static_cast<uint8_t>(d.readLiteral(2));
		h.signBiasGolden = d.readBit();
		h.signBiasAlternate = d.readBit();
		h.refreshEntropyProbs = d.readBit();
		h.refreshLast = d.readBit();
	}
	/* 9.8: without refresh_entropy_probs, this frame's updates last for this frame only. */
	Vp8EntropyContext saved = entropy;
	readTokenProbUpdates(d, &entropy.coeff);
	h.mbNoCoeffSkip = d.readBit();
	if (h.mbNoCoeffSkip)
		h.probSkipFalse = static_cast<uint8_t>(d.readLiteral(8));
	if (!h.keyFrame) {
		h.probIntra = static_cast<uint8_t>(d.readLiteral(8));
		h.probLast = static_cast<uint8_t>(d.readLiteral(8));
		h.probGolden = static_cast<uint8_t>(d.readLiteral(8));
		/* 16.2: intra mode probabilities of inter frames. */
		if (d.readBit())
			for (uint8_t &p : entropy.yMode)
				p = static_cast<uint8_t>(d.readLiteral(8));
		if (d.readBit())
			for (uint8_t &p : entropy.uvMode)
				p = static_cast<uint8_t>(d.readLiteral(8));
		readMvProbUpdates(d, &entropy.mv);
	}
	if (d.overrun()) {
		LOG(Vp8, Warn) << "VP8 frame header runs past its " << h.firstPartSize
			       << "-byte first partition";
		return -EINVAL;
	}
	h.headerBits = static_cast<uint32_t>(d.bitPosition() - 8);
	h.coderState = d.state();

	/* 9.5: 3-byte little-endian sizes of every partition but the last follow the first
	 * partition; the last runs to the end of the frame. */
	h.partitions = 1u << h.log2Partitions;
	size_t tableAt = size_t{ h.firstPartOffset } + h.firstPartSize;
	size_t tableBytes = 3 * (h.partitions - 1);
	if (tableAt + tableBytes > frame.size()) {
		LOG(Vp8, Warn) << "VP8 partition table past the end of the frame";
		return -EINVAL;
	}
	size_t dataAt = tableAt + tableBytes;
	size_t remaining = frame.size() - dataAt;
	for (unsigned i = 0; i + 1 < h.partitions; i++) {
		const uint8_t *p = &frame[tableAt + 3 * i];
		uint32_t size = p[0] | uint32_t{ p[1] } << 8 | uint32_t{ p[2] } << 16;
		if (size > remaining) {
			LOG(Vp8, Warn) << "VP8 token partition " << i << " of " << size
				       << " bytes past the end of the frame";
			return -EINVAL;
		}
		h.partitionSizes[i] = size;
		remaining -= size;
	}
	h.partitionSizes[h.partitions - 1] = static_cast<uint32_t>(remaining);

	h.segmentation = segmentation;
	h.loopFilter = loopFilter;
	h.entropy = entropy;
	if (h.keyFrame) {
		h.entropy.yMode = kVp8KeyFrameYModeProbs;
		h.entropy.uvMode = kVp8KeyFrameUvModeProbs;
	}
	*out = h;

	/* The frame is sound: keep what persists. */
	if (h.keyFrame) {
		sawKeyFrame_ = true;
		width_ = h.width;
		height_ = h.height;
		horizontalScale_ = h.horizontalScale;
		verticalScale_ = h.verticalScale;
	}
	segmentation_ = segmentation;
	loopFilter_ = loopFilter;
	entropy_ = h.refreshEntropyProbs ? entropy : saved;
	return 0;
}

} /* namespace sluice */
