/* SPDX-License-Identifier: MIT */
/*
 * What one VP9 frame's uncompressed header says (VP9 bitstream specification, section 6.2),
 * with the values the specification infers for elements a frame does not code already
 * filled in, so that later stages never re-derive them.
 */
#pragma once

#include <array>
#include <cstdint>

namespace sluice {

inline constexpr unsigned kVp9NumRefFrames = 8; /* NUM_REF_FRAMES */
inline constexpr unsigned kVp9RefsPerFrame = 3; /* REFS_PER_FRAME: LAST, GOLDEN, ALTREF */
inline constexpr unsigned kVp9MaxSegments = 8;
inline constexpr unsigned kVp9SegLvlMax = 4;    /* ALT_Q, ALT_L, REF_FRAME, SKIP */

enum class Vp9FrameType : uint8_t { Key = 0, NonKey = 1 };

/* Section 7.2: the colour_space element's values. */
enum class Vp9ColorSpace : uint8_t {
	Unknown = 0, Bt601 = 1, Bt709 = 2, Smpte170 = 3, Smpte240 = 4, Bt2020 = 5, Reserved = 6,
	Rgb = 7,
};

/*
 * Interpolation filters with the values libvpx and the V4L2 uAPI use (EIGHTTAP = 0,
 * SMOOTH = 1, SHARP = 2, BILINEAR = 3, SWITCHABLE = 4). The bitstream's 2-bit literal is
 * NOT this value: section 7.2 maps it through literal_to_type (see vp9InterpFilterFromLiteral).
 */
enum class Vp9InterpFilter : uint8_t {
	EightTap = 0, EightTapSmooth = 1, EightTapSharp = 2, Bilinear = 3, Switchable = 4,
};

struct Vp9ColorConfig {
	uint8_t bitDepth = 8;
	Vp9ColorSpace colorSpace = Vp9ColorSpace::Unknown;
	bool fullRange = false; /* color_range */
	bool subsamplingX = true;
	bool subsamplingY = true;
};

/* Section 6.2.8 / 7.2.8. The deltas persist across frames (see Vp9PersistentState). */
struct Vp9LoopFilterParams {
	uint8_t level = 0;
	uint8_t sharpness = 0;
	bool deltaEnabled = false;
	bool deltaUpdate = false;
	std::array<int8_t, 4> refDeltas{ 1, 0, -1, -1 };
	std::array<int8_t, 2> modeDeltas{ 0, 0 };
	/* Which deltas this frame coded (update_ref_delta / update_mode_delta). */
	std::array<bool, 4> refDeltaCoded{};
	std::array<bool, 2> modeDeltaCoded{};
};

/* Section 6.2.9 / 7.2.9. */
struct Vp9QuantParams {
	uint8_t baseQIdx = 0;
	int8_t deltaQYDc = 0;
	int8_t deltaQUvDc = 0;
	int8_t deltaQUvAc = 0;
	bool lossless = false;
};

/* Section 6.2.11 / 7.2.10. Probabilities and feature data persist across frames. */
struct Vp9SegmentationParams {
	bool enabled = false;
	bool updateMap = false;
	bool temporalUpdate = false;
	bool updateData = false;
	bool absOrDeltaUpdate = false;
	std::array<uint8_t, 7> treeProbs{ 255, 255, 255, 255, 255, 255, 255 };
	std::array<uint8_t, 3> predProbs{ 255, 255, 255 };
	std::array<std::array<bool, kVp9SegLvlMax>, kVp9MaxSegments> featureEnabled{};
	std::array<std::array<int16_t, kVp9SegLvlMax>, kVp9MaxSegments> featureData{};
};

struct Vp9FrameHeader {
	uint8_t profile = 0;
	bool showExistingFrame = false;
	uint8_t frameToShowMapIdx = 0;

	Vp9FrameType frameType = Vp9FrameType::Key;
	bool showFrame = false;
	bool errorResilientMode = false;
	bool intraOnly = false;
	/* The coded 2-bit value (0 and 1: no reset, 2: reset this context, 3: reset all). */
	uint8_t resetFrameContext = 0;
	uint8_t refreshFrameFlags = 0;
	std::array<uint8_t, kVp9RefsPerFrame> refFrameIdx{};
	/* Indexed by reference frame: [0] INTRA_FRAME (always 0), [1] LAST, [2] GOLDEN, [3] ALTREF. */
	std::array<bool, 4> refFrameSignBias{};
	bool allowHighPrecisionMv = false;
	Vp9InterpFilter interpFilter = Vp9InterpFilter::EightTap;
	bool refreshFrameContext = false;
	bool frameParallelDecodingMode = false;
	uint8_t frameContextIdx = 0;

	Vp9ColorConfig color;
	uint32_t width = 0, height = 0;             /* FrameWidth, FrameHeight */
	uint32_t renderWidth = 0, renderHeight = 0;
	bool renderAndFrameSizeDifferent = false;
	/* frame_size_with_refs(): which reference lent its size (-1: coded explicitly). */
	int8_t sizeFromRef = -1;

	Vp9LoopFilterParams loopFilter;
	Vp9QuantParams quant;
	Vp9SegmentationParams segmentation;
	uint8_t tileColsLog2 = 0;
	uint8_t tileRowsLog2 = 0;

	uint16_t compressedHeaderSize = 0;   /* header_size_in_bytes */
	uint32_t uncompressedHeaderSize = 0; /* bytes, trailing bits included */

	bool isKeyFrame() const { return frameType == Vp9FrameType::Key; }
	/* FrameIsIntra. */
	bool isIntra() const { return isKeyFrame() || intraOnly; }
};

} /* namespace sluice */
