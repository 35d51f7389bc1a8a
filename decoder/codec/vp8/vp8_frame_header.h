/* SPDX-License-Identifier: MIT */
/*
 * VP8 frame headers (RFC 6386 section 9, syntax in 19.1-19.3): the uncompressed data chunk
 * (frame tag, key frame start code and dimensions), then the first partition's frame header
 * read with the boolean decoder, then the token partition sizes.
 *
 * Vp8HeaderParser keeps what persists from frame to frame (9.3, 9.6, 9.8, 13.4, 17.2): the
 * segmentation and loop filter deltas, and the entropy context (coefficient, mode and motion
 * vector probabilities), reset on key frames and saved/restored around frames that set
 * refresh_entropy_probs to 0.
 */
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "base/bool_decoder.h"
#include "vp8_tables.h"

namespace sluice {

inline constexpr unsigned kVp8MaxPartitions = 8;

struct Vp8Segmentation {
	bool enabled = false;
	bool updateMap = false;
	bool updateFeatureData = false;
	bool absoluteValues = false; /* segment_feature_mode 1; 0: deltas */
	std::array<int8_t, 4> quantizer{};
	std::array<int8_t, 4> loopFilter{};
	std::array<uint8_t, 3> treeProbs{ 255, 255, 255 };
};

struct Vp8LoopFilter {
	bool simple = false; /* filter_type */
	uint8_t level = 0;
	uint8_t sharpness = 0;
	bool deltasEnabled = false; /* loop_filter_adj_enable */
	bool deltasUpdated = false; /* mode_ref_lf_delta_update */
	std::array<int8_t, 4> refFrameDeltas{};
	std::array<int8_t, 4> modeDeltas{};
};

struct Vp8Quantization {
	uint8_t yAcQi = 0;
	int8_t yDcDelta = 0, y2DcDelta = 0, y2AcDelta = 0, uvDcDelta = 0, uvAcDelta = 0;
};

struct Vp8EntropyContext {
	Vp8CoeffProbs coeff;
	std::array<uint8_t, 4> yMode;
	std::array<uint8_t, 3> uvMode;
	Vp8MvProbs mv;

	/* What a key frame starts from (13.5, 16.1, 17.2). */
	static Vp8EntropyContext defaults();
};

struct Vp8FrameHeader {
	/* 9.1: the frame tag. */
	bool keyFrame = false;
	uint8_t version = 0;
	bool showFrame = false;
	uint32_t firstPartSize = 0;
	/* 9.1, key frames: the size and its scaling (taken over by inter frames). */
	uint16_t width = 0, height = 0;
	uint8_t horizontalScale = 0, verticalScale = 0;
	/* 9.2 */
	bool colorSpace = false;
	bool clampingType = false;

	Vp8Segmentation segmentation;
	Vp8LoopFilter loopFilter;
	unsigned log2Partitions = 0;
	Vp8Quantization quant;

	/* 9.7-9.9: reference buffer updates; key frames refresh all three. */
	bool refreshGolden = true, refreshAlternate = true, refreshLast = true;
	uint8_t copyToGolden = 0, copyToAlternate = 0; /* 1 last, 2 the other one */
	bool signBiasGolden = false, signBiasAlternate = false;
	bool refreshEntropyProbs = true;

	bool mbNoCoeffSkip = false;
	uint8_t probSkipFalse = 0;
	uint8_t probIntra = 0, probLast = 0, probGolden = 0;

	/* The probabilities this frame decodes with (after its updates). A key frame's mode
	 * probabilities are the fixed ones of 11.2/11.4, not the context's. */
	Vp8EntropyContext entropy;

	/* Where the macroblock data of the first partition starts: the header's size in bits
	 * and the coder state there. The size does not count the 8 bits the decoder's init
	 * reads ahead (7.3): the bits the header syntax consumed, as GStreamer fills
	 * first_part_header_bits and as hantro reads it (it adds those 8 back itself). */
	uint32_t headerBits = 0;
	BoolDecoder::State coderState{};

	/* Byte offset of the first partition in the frame: 10 for key frames, else 3. */
	uint32_t firstPartOffset = 0;
	unsigned partitions = 1;
	std::array<uint32_t, kVp8MaxPartitions> partitionSizes{};
};

class Vp8HeaderParser
{
public:
	/*
	 * Parses a whole compressed frame. 0, or -EINVAL when it is truncated or inconsistent
	 * (a bad start code, a first partition or partition table past the frame's end, a
	 * header that runs out of its partition), or an inter frame before any key frame.
	 * A frame that fails leaves the persistent state as it was.
	 */
	int parse(std::span<const uint8_t> frame, Vp8FrameHeader *out);

	/* Forgets everything (seek): the next frame must be a key frame. */
	void reset();

private:
	bool sawKeyFrame_ = false;
	uint16_t width_ = 0, height_ = 0;
	uint8_t horizontalScale_ = 0, verticalScale_ = 0;
	Vp8Segmentation segmentation_;
	Vp8LoopFilter loopFilter_;
	Vp8EntropyContext entropy_ = Vp8EntropyContext::defaults();
};

} /* namespace sluice */
