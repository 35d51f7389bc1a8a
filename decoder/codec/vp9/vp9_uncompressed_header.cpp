/* SPDX-License-Identifier: MIT */
#include "vp9_uncompressed_header.h"

#include <cerrno>

#include "base/bit_reader.h"

namespace sluice {

namespace {

constexpr uint32_t kFrameMarker = 2;
constexpr uint8_t kSyncCode[3] = { 0x49, 0x83, 0x42 };
/* Section 7.2.10: bits of each segment feature's value, and whether it carries a sign. */
constexpr unsigned kSegmentationFeatureBits[kVp9SegLvlMax] = { 8, 6, 2, 0 };
constexpr bool kSegmentationFeatureSigned[kVp9SegLvlMax] = { true, true, false, false };
/* Section 3: tile width limits in units of 64x64 superblocks. */
constexpr unsigned kMinTileWidthB64 = 4;
constexpr unsigned kMaxTileWidthB64 = 64;

class HeaderReader
{
public:
	HeaderReader(std::span<const uint8_t> frame, const Vp9PersistentState &state,
		     Vp9FrameHeader *header)
		: bits_(frame), state_(state), h_(*header)
	{
	}

	int parse();
	const std::string &error() const { return error_; }

private:
	int fail(std::string message)
	{
		if (error_.empty())
			error_ = std::move(message);
		return -EINVAL;
	}
	uint32_t f(unsigned n) { return bits_.readBits(n); }
	int syncCode();
	int colorConfig();
	void frameSize();
	void renderSize();
	int frameSizeWithRefs();
	void readInterpolationFilter();
	void loopFilterParams();
	int8_t readDeltaQ();
	void quantizationParams();
	void segmentationParams();
	void tileInfo();
	void setupPastIndependence();

	BitReader bits_;
	const Vp9PersistentState &state_;
	Vp9FrameHeader &h_;
	std::string error_;
};

int HeaderReader::syncCode()
{
	for (uint8_t expected : kSyncCode)
		if (f(8) != expected)
			return fail("bad frame_sync_code");
	return 0;
}

/* Section 6.2.2 / 7.2.2. */
int HeaderReader::colorConfig()
{
	Vp9ColorConfig &c = h_.color;
	c.bitDepth = 8;
	if (h_.profile >= 2)
		c.bitDepth = f(1) ? 12 : 10; /* ten_or_twelve_bit */
	c.colorSpace = static_cast<Vp9ColorSpace>(f(3));
	bool oddProfile = h_.profile == 1 || h_.profile == 3;
	if (c.colorSpace != Vp9ColorSpace::Rgb) {
		c.fullRange = f(1);
		c.subsamplingX = c.subsamplingY = true;
		if (oddProfile) {
			c.subsamplingX = f(1);
			c.subsamplingY = f(1);
			if (c.subsamplingX && c.subsamplingY)
				return fail("4:2:0 is reserved to profiles 0 and 2");
			if (f(1))
				return fail("reserved_zero set in color_config");
		}
	} else {
		/* RGB is 4:4:4 full range, which profiles 0 and 2 cannot carry. */
		c.fullRange = true;
		if (!oddProfile)
			return fail("RGB colour space in profile " + std::to_string(h_.profile));
		c.subsamplingX = c.subsamplingY = false;
		if (f(1))
			return fail("reserved_zero set in color_config");
	}
	return 0;
}

void HeaderReader::frameSize()
{
	h_.width = f(16) + 1;
	h_.height = f(16) + 1;
}

void HeaderReader::renderSize()
{
	h_.renderAndFrameSizeDifferent = f(1);
	if (h_.renderAndFrameSizeDifferent) {
		h_.renderWidth = f(16) + 1;
		h_.renderHeight = f(16) + 1;
	} else {
		h_.renderWidth = h_.width;
		h_.renderHeight = h_.height;
	}
}

/* Section 6.2.6: an inter frame may take its size from one of its references. */
int HeaderReader::frameSizeWithRefs()
{
	h_.sizeFromRef = -1;
	for (unsigned i = 0; i < kVp9RefsPerFrame; i++) {
		if (!f(1)) /* found_ref */
			continue;
		const Vp9RefSlotInfo &slot = state_.slots[h_.refFrameIdx[i]];
		if (!slot.valid)
			return fail("frame size taken from empty reference slot " +
				    std::to_string(h_.refFrameIdx[i]));
		h_.width = slot.width;
		h_.height = slot.height;
		h_.sizeFromRef = static_cast<int8_t>(i);
		break;
	}
	if (h_.sizeFromRef < 0)
		frameSize();
	renderSize();
	return 0;
}

Vp9InterpFilter interpFilterFromLiteral(unsigned literal)
{
	/* Section 7.2: literal_to_type puts EIGHTTAP_SMOOTH first, then EIGHTTAP, SHARP and
	 * BILINEAR, so literal 0 is the smooth filter, not the regular one. */
	static constexpr Vp9InterpFilter kLiteralToType[4] = {
		Vp9InterpFilter::EightTapSmooth, Vp9InterpFilter::EightTap,
		Vp9InterpFilter::EightTapSharp, Vp9InterpFilter::Bilinear,
	};
	return kLiteralToType[literal & 3];
}

void HeaderReader::readInterpolationFilter()
{
	if (f(1)) /* is_filter_switchable */
		h_.interpFilter = Vp9InterpFilter::Switchable;
	else
		h_.interpFilter = interpFilterFromLiteral(f(2));
}

/* Section 6.2.8. Deltas a frame does not code keep their last values. */
void HeaderReader::loopFilterParams()
{
	Vp9LoopFilterParams &lf = h_.loopFilter;
	lf.level = static_cast<uint8_t>(f(6));
	lf.sharpness = static_cast<uint8_t>(f(3));
	lf.deltaEnabled = f(1);
	lf.deltaUpdate = false;
	lf.refDeltaCoded = {};
	lf.modeDeltaCoded = {};
	if (!lf.deltaEnabled)
		return;
	lf.deltaUpdate = f(1);
	if (!lf.deltaUpdate)
		return;
	for (unsigned i = 0; i < lf.refDeltas.size(); i++) {
		lf.refDeltaCoded[i] = f(1);
		if (lf.refDeltaCoded[i])
			lf.refDeltas[i] = static_cast<int8_t>(bits_.readSignMagnitude(6));
	}
	for (unsigned i = 0; i < lf.modeDeltas.size(); i++) {
		lf.modeDeltaCoded[i] = f(1);
		if (lf.modeDeltaCoded[i])
			lf.modeDeltas[i] = static_cast<int8_t>(bits_.readSignMagnitude(6));
	}
}

int8_t HeaderReader::readDeltaQ()
{
	if (!f(1)) /* delta_coded */
		return 0;
	return static_cast<int8_t>(bits_.readSignMagnitude(4));
}

void HeaderReader::quantizationParams()
{
	Vp9QuantParams &q = h_.quant;
	q.baseQIdx = static_cast<uint8_t>(f(8));
	q.deltaQYDc = readDeltaQ();
	q.deltaQUvDc = readDeltaQ();
	q.deltaQUvAc = readDeltaQ();
	q.lossless = q.baseQIdx == 0 && q.deltaQYDc == 0 && q.deltaQUvDc == 0 && q.deltaQUvAc == 0;
}

/* Section 6.2.11. What a frame does not update stays as the last frame left it. */
void HeaderReader::segmentationParams()
{
	Vp9SegmentationParams &s = h_.segmentation;
	s.enabled = f(1);
	s.updateMap = false;
	s.temporalUpdate = false;
	s.updateData = false;
	if (!s.enabled)
		return;
	s.updateMap = f(1);
	if (s.updateMap) {
		for (uint8_t &prob : s.treeProbs)
			prob = f(1) ? static_cast<uint8_t>(f(8)) : 255;
		s.temporalUpdate = f(1);
		for (uint8_t &prob : s.predProbs)
			prob = s.temporalUpdate && f(1) ? static_cast<uint8_t>(f(8)) : 255;
	}
	s.updateData = f(1);
	if (!s.updateData)
		return;
	s.absOrDeltaUpdate = f(1);
	for (unsigned i = 0; i < kVp9MaxSegments; i++) {
		for (unsigned j = 0; j < kVp9SegLvlMax; j++) {
			int value = 0;
			s.featureEnabled[i][j] = f(1);
			if (s.featureEnabled[i][j]) {
				value = static_cast<int>(f(kSegmentationFeatureBits[j]));
				if (kSegmentationFeatureSigned[j] && f(1))
					value = -value;
			}
			s.featureData[i][j] = static_cast<int16_t>(value);
		}
	}
}

/* Section 6.2.14 with calc_min_log2_tile_cols / calc_max_log2_tile_cols. */
void HeaderReader::tileInfo()
{
	unsigned miCols = (h_.width + 7) >> 3;
	unsigned sb64Cols = (miCols + 7) >> 3;
	unsigned minLog2 = 0;
	while ((kMaxTileWidthB64 << minLog2) < sb64Cols)
		minLog2++;
	unsigned maxLog2 = 1;
	while ((sb64Cols >> maxLog2) >= kMinTileWidthB64)
		maxLog2++;
	maxLog2--;

	unsigned log2 = minLog2;
	while (log2 < maxLog2 && f(1)) /* increment_tile_cols_log2 */
		log2++;
	h_.tileColsLog2 = static_cast<uint8_t>(log2);
	h_.tileRowsLog2 = static_cast<uint8_t>(f(1));
	if (h_.tileRowsLog2)
		h_.tileRowsLog2 += static_cast<uint8_t>(f(1)); /* increment_tile_rows_log2 */
}

/* Section 7.2 setup_past_independence(): what an intra or error-resilient frame resets
 * before reading its own parameters. Probabilities are the device's business. */
void HeaderReader::setupPastIndependence()
{
	Vp9SegmentationParams &s = h_.segmentation;
	for (auto &features : s.featureEnabled)
		features.fill(false);
	for (auto &data : s.featureData)
		data.fill(0);
	s.absOrDeltaUpdate = false;
	Vp9LoopFilterParams &lf = h_.loopFilter;
	lf.deltaEnabled = true;
	lf.refDeltas = { 1, 0, -1, -1 };
	lf.modeDeltas = { 0, 0 };
}

int HeaderReader::parse()
{
	h_ = Vp9FrameHeader{};
	h_.loopFilter = state_.loopFilter;
	h_.segmentation = state_.segmentation;
	h_.color = state_.color;

	if (f(2) != kFrameMarker)
		return fail("not a VP9 frame (bad frame_marker)");
	unsigned low = f(1);
	unsigned high = f(1);
	h_.profile = static_cast<uint8_t>((high << 1) | low);
	if (h_.profile == 3 && f(1))
		return fail("reserved bit set after profile 3");

	h_.showExistingFrame = f(1);
	if (h_.showExistingFrame) {
		h_.frameToShowMapIdx = static_cast<uint8_t>(f(3));
		h_.showFrame = true;
		if (bits_.hasError())
			return fail("frame too short for its header");
		if (!state_.slots[h_.frameToShowMapIdx].valid)
			return fail("show_existing_frame of empty slot " +
				    std::to_string(h_.frameToShowMapIdx));
		h_.uncompressedHeaderSize = static_cast<uint32_t>((bits_.bitPosition() + 7) / 8);
		return 0;
	}

	h_.frameType = static_cast<Vp9FrameType>(f(1));
	h_.showFrame = f(1);
	h_.errorResilientMode = f(1);
	int ret = 0;
	if (h_.isKeyFrame()) {
		if ((ret = syncCode()) || (ret = colorConfig()))
			return ret;
		frameSize();
		renderSize();
		h_.refreshFrameFlags = 0xff;
	} else {
		h_.intraOnly = h_.showFrame ? false : f(1);
		h_.resetFrameContext = h_.errorResilientMode ? 0 : static_cast<uint8_t>(f(2));
		if (h_.intraOnly) {
			if ((ret = syncCode()))
				return ret;
			if (h_.profile > 0) {
				if ((ret = colorConfig()))
					return ret;
			} else {
				/* Section 7.2: profile 0 intra-only frames are 8-bit 4:2:0 BT.601. */
				h_.color = Vp9ColorConfig{};
				h_.color.colorSpace = Vp9ColorSpace::Bt601;
			}
			h_.refreshFrameFlags = static_cast<uint8_t>(f(8));
			frameSize();
			renderSize();
		} else {
			if (!state_.colorKnown)
				return fail("inter frame before any keyframe");
			h_.refreshFrameFlags = static_cast<uint8_t>(f(8));
			for (unsigned i = 0; i < kVp9RefsPerFrame; i++) {
				h_.refFrameIdx[i] = static_cast<uint8_t>(f(3));
				h_.refFrameSignBias[1 + i] = f(1);
				if (!state_.slots[h_.refFrameIdx[i]].valid)
					return fail("inter frame reads empty reference slot " +
						    std::to_string(h_.refFrameIdx[i]));
			}
			if ((ret = frameSizeWithRefs()))
				return ret;
			h_.allowHighPrecisionMv = f(1);
			readInterpolationFilter();
		}
	}

	if (!h_.errorResilientMode) {
		h_.refreshFrameContext = f(1);
		h_.frameParallelDecodingMode = f(1);
	} else {
		h_.refreshFrameContext = false;
		h_.frameParallelDecodingMode = true;
	}
	h_.frameContextIdx = static_cast<uint8_t>(f(2));
	if (h_.isIntra() || h_.errorResilientMode)
		setupPastIndependence();

	loopFilterParams();
	quantizationParams();
	segmentationParams();
	tileInfo();
	h_.compressedHeaderSize = static_cast<uint16_t>(f(16));
	/* trailing_bits(): zeros up to the byte boundary. */
	while (!bits_.byteAligned() && !bits_.hasError())
		if (f(1))
			return fail("non-zero trailing bit after the uncompressed header");
	if (bits_.hasError())
		return fail("frame too short for its uncompressed header");
	h_.uncompressedHeaderSize = static_cast<uint32_t>(bits_.bitPosition() / 8);
	if (h_.compressedHeaderSize == 0)
		return fail("header_size_in_bytes is 0");
	return 0;
}

} /* namespace */

Vp9InterpFilter vp9InterpFilterFromLiteral(unsigned literal)
{
	return interpFilterFromLiteral(literal);
}

int parseVp9UncompressedHeader(std::span<const uint8_t> frame, const Vp9PersistentState &state,
			       Vp9FrameHeader *header, std::string *error)
{
	HeaderReader reader(frame, state, header);
	int ret = reader.parse();
	if (ret < 0 && error)
		*error = reader.error();
	return ret;
}

void Vp9PersistentState::update(const Vp9FrameHeader &header)
{
	if (header.showExistingFrame)
		return;
	color = header.color;
	colorKnown = true;
	loopFilter = header.loopFilter;
	segmentation = header.segmentation;
	for (unsigned i = 0; i < kVp9NumRefFrames; i++) {
		if (!(header.refreshFrameFlags & (1u << i)))
			continue;
		Vp9RefSlotInfo &slot = slots[i];
		slot.valid = true;
		slot.width = header.width;
		slot.height = header.height;
		slot.bitDepth = header.color.bitDepth;
		slot.subsamplingX = header.color.subsamplingX;
		slot.subsamplingY = header.color.subsamplingY;
	}
}

} /* namespace sluice */
