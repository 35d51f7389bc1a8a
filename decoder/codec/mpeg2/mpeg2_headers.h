/* SPDX-License-Identifier: MIT */
/*
 * MPEG-2 video headers (ISO/IEC 13818-2, 6.2 syntax, 6.3 semantics): the sequence header and
 * its extensions, the GOP header, the picture header and picture coding extension, and the
 * quant matrix extension. Each parser reads the bytes after a start code prefix (the first
 * byte is the start code value itself) and can record every syntax element, by the names
 * FFmpeg's trace_headers prints, so tests compare them with that independent parser.
 */
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "codec/syntax_reader.h" /* SyntaxTrace: the codec-neutral element log */

namespace sluice {

/* Start code values (Table 6-1). */
inline constexpr uint8_t kMpeg2PictureStart = 0x00;
inline constexpr uint8_t kMpeg2SliceFirst = 0x01;
inline constexpr uint8_t kMpeg2SliceLast = 0xaf;
inline constexpr uint8_t kMpeg2UserData = 0xb2;
inline constexpr uint8_t kMpeg2SequenceHeader = 0xb3;
inline constexpr uint8_t kMpeg2Extension = 0xb5;
inline constexpr uint8_t kMpeg2SequenceEnd = 0xb7;
inline constexpr uint8_t kMpeg2GroupStart = 0xb8;

/* extension_start_code_identifier (Table 6-2). */
enum class Mpeg2ExtensionId : uint8_t {
	Sequence = 1,
	SequenceDisplay = 2,
	QuantMatrix = 3,
	PictureCoding = 8,
};

/* picture_coding_type (Table 6-12). */
enum class Mpeg2PictureType : uint8_t { I = 1, P = 2, B = 3, D = 4 };

/* picture_structure (Table 6-14). */
inline constexpr uint8_t kMpeg2TopField = 1;
inline constexpr uint8_t kMpeg2BottomField = 2;
inline constexpr uint8_t kMpeg2FramePicture = 3;

/* A quantiser matrix in the order the bitstream carries it: zigzag scan (6.3.11). */
using Mpeg2Matrix = std::array<uint8_t, 64>;

/* 6.3.11: the default intra matrix, in zigzag scan order; the default non-intra one is 16. */
const Mpeg2Matrix &mpeg2DefaultIntraMatrix();
/* Figure 7-2 scan[0] (zigzag): zigzag index -> raster index (row * 8 + column). */
const std::array<uint8_t, 64> &mpeg2ZigzagToRaster();

struct Mpeg2SequenceHeader {
	uint16_t horizontalSizeValue = 0;
	uint16_t verticalSizeValue = 0;
	uint8_t aspectRatioInformation = 0;
	uint8_t frameRateCode = 0;
	uint32_t bitRateValue = 0;
	uint16_t vbvBufferSizeValue = 0;
	bool constrainedParameters = false;
	bool loadIntraMatrix = false;
	Mpeg2Matrix intraMatrix{};
	bool loadNonIntraMatrix = false;
	Mpeg2Matrix nonIntraMatrix{};
};

struct Mpeg2SequenceExtension {
	uint8_t profileAndLevel = 0;
	bool progressiveSequence = false;
	uint8_t chromaFormat = 1; /* 1 4:2:0, 2 4:2:2, 3 4:4:4 (Table 6-5) */
	uint8_t horizontalSizeExtension = 0;
	uint8_t verticalSizeExtension = 0;
	uint16_t bitRateExtension = 0;
	uint8_t vbvBufferSizeExtension = 0;
	bool lowDelay = false;
	uint8_t frameRateExtensionN = 0;
	uint8_t frameRateExtensionD = 0;
};

struct Mpeg2GopHeader {
	uint32_t timeCode = 0;
	bool closedGop = false;
	bool brokenLink = false;
};

struct Mpeg2PictureHeader {
	uint16_t temporalReference = 0;
	Mpeg2PictureType codingType = Mpeg2PictureType::I;
	uint16_t vbvDelay = 0;
	/* MPEG-1 style motion parameters; MPEG-2 streams set them to 0 and 7. */
	bool fullPelForwardVector = false;
	uint8_t forwardFCode = 0;
	bool fullPelBackwardVector = false;
	uint8_t backwardFCode = 0;
};

struct Mpeg2PictureCodingExtension {
	uint8_t fCode[2][2] = { { 15, 15 }, { 15, 15 } }; /* [forward/backward][horizontal/vertical] */
	uint8_t intraDcPrecision = 0;
	uint8_t pictureStructure = kMpeg2FramePicture;
	bool topFieldFirst = false;
	bool framePredFrameDct = true;
	bool concealmentMotionVectors = false;
	bool qScaleType = false;
	bool intraVlcFormat = false;
	bool alternateScan = false;
	bool repeatFirstField = false;
	bool chroma420Type = false;
	bool progressiveFrame = true;
	bool compositeDisplay = false;
};

/* 6.3.6: the size of the display the DAR of the sequence header applies to; 0 when absent. */
struct Mpeg2SequenceDisplayExtension {
	uint16_t displayHorizontalSize = 0;
	uint16_t displayVerticalSize = 0;
};

/* A quant matrix extension: each load flag replaces one matrix (6.3.11). */
struct Mpeg2QuantMatrixExtension {
	bool loadIntra = false;
	Mpeg2Matrix intra{};
	bool loadNonIntra = false;
	Mpeg2Matrix nonIntra{};
	bool loadChromaIntra = false;
	Mpeg2Matrix chromaIntra{};
	bool loadChromaNonIntra = false;
	Mpeg2Matrix chromaNonIntra{};
};

/* What an extension start code carried; only the member named by id is filled. */
struct Mpeg2Extension {
	uint8_t id = 0;
	Mpeg2SequenceExtension sequence;
	Mpeg2SequenceDisplayExtension sequenceDisplay;
	Mpeg2PictureCodingExtension pictureCoding;
	Mpeg2QuantMatrixExtension quantMatrix;
};

/*
 * Each takes the unit after the 0x000001 prefix (unit[0] is the start code value) and
 * returns 0, or -EINVAL when the unit is truncated or a value is forbidden (a zero size, a
 * reserved coding type or structure). trace may be null.
 */
int parseMpeg2SequenceHeader(std::span<const uint8_t> unit, Mpeg2SequenceHeader *out,
			     SyntaxTrace *trace = nullptr);
int parseMpeg2GopHeader(std::span<const uint8_t> unit, Mpeg2GopHeader *out,
			SyntaxTrace *trace = nullptr);
int parseMpeg2PictureHeader(std::span<const uint8_t> unit, Mpeg2PictureHeader *out,
			    SyntaxTrace *trace = nullptr);
/* Extensions this front-end does not use (scalable, copyright) are accepted with id set and
 * nothing else read; of the sequence display extension only the display size is kept. */
int parseMpeg2Extension(std::span<const uint8_t> unit, Mpeg2Extension *out,
			SyntaxTrace *trace = nullptr);

} /* namespace sluice */
