/* SPDX-License-Identifier: MIT */
/*
 * Mpeg2Parser: turns MPEG-2 video elementary stream data into pictures ready to decode.
 *
 * It keeps what persists between pictures (ISO/IEC 13818-2 6.3): the sequence header and
 * extension, the current quantiser matrices (reset by each sequence header, changed by quant
 * matrix extensions), the last GOP header. Each picture it emits carries a copy of that
 * state, its picture header and coding extension, and its slices. Data may hold any number
 * of pictures; a picture ends at the next picture, sequence or GOP header or at the end of
 * the data, so a packet per picture (as the demuxer cuts them) is the usual case.
 */
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "mpeg2_headers.h"

namespace sluice {

/* The four matrices in force, in zigzag scan order (as V4L2 wants them, 6.3.11). */
struct Mpeg2QuantMatrices {
	Mpeg2Matrix intra{};
	Mpeg2Matrix nonIntra{};
	Mpeg2Matrix chromaIntra{};
	Mpeg2Matrix chromaNonIntra{};
};

struct Mpeg2Picture {
	Mpeg2SequenceHeader sequence;
	Mpeg2SequenceExtension sequenceExtension;
	/* No sequence extension: an ISO/IEC 11172-2 (MPEG-1) stream, frame pictures only. */
	bool mpeg1 = false;
	/* The sequence's display size (6.3.6); zero when it has no sequence display extension. */
	Mpeg2SequenceDisplayExtension sequenceDisplay;
	Mpeg2GopHeader gop;
	bool sawGop = false;
	Mpeg2PictureHeader header;
	Mpeg2PictureCodingExtension coding;
	Mpeg2QuantMatrices matrices;
	/* Each slice unit from its start code value on, without the 0x000001 prefix. */
	std::vector<std::span<const uint8_t>> slices;

	/* 6.3.3: the sizes with their extension bits. */
	uint32_t width() const;
	uint32_t height() const;
	uint32_t vbvBufferSize() const;
	bool isField() const { return coding.pictureStructure != kMpeg2FramePicture; }
	bool isReferenceType() const
	{
		return header.codingType == Mpeg2PictureType::I || header.codingType == Mpeg2PictureType::P;
	}
};

class Mpeg2Parser
{
public:
	Mpeg2Parser();

	/*
	 * Parses data and appends every complete picture to *pictures (their slice spans point
	 * into data). 0, or -EINVAL for a corrupt header or a picture before any sequence
	 * header; pictures completed before the error are still appended. With trace, every
	 * header syntax element is recorded in stream order (slices are not traced).
	 */
	int parse(std::span<const uint8_t> data, std::vector<Mpeg2Picture> *pictures,
		  SyntaxTrace *trace = nullptr);

	/* Forgets the sequence (seek): decoding resumes at the next sequence header. */
	void reset();

private:
	void resetMatrices();
	void applyQuantMatrixExtension(const Mpeg2QuantMatrixExtension &q);
	void finishPicture(std::vector<Mpeg2Picture> *pictures);

	bool haveSequence_ = false;
	Mpeg2SequenceHeader sequence_;
	Mpeg2SequenceExtension sequenceExtension_;
	bool haveSequenceExtension_ = false;
	Mpeg2SequenceDisplayExtension sequenceDisplay_;
	Mpeg2GopHeader gop_;
	bool sawGop_ = false;
	Mpeg2QuantMatrices matrices_;

	bool inPicture_ = false;
	Mpeg2Picture current_;
};

/* Splits data at 0x000001 prefixes: each unit starts at its start code value. */
std::vector<std::span<const uint8_t>> splitMpeg2Units(std::span<const uint8_t> data);

} /* namespace sluice */
