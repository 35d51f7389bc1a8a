/* SPDX-License-Identifier: MIT */
/*
 * H.264 NAL units: the header (7.3.1) and splitting a byte stream into NAL units, from either
 * Annex B start codes or the length prefixes of MP4/Matroska (AVCDecoderConfigurationRecord's
 * lengthSizeMinusOne + 1 bytes, big-endian).
 */
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "codec/syntax_reader.h"

namespace sluice {

/* Table 7-1. */
enum class H264NalType : uint8_t {
	Unspecified = 0,
	Slice = 1,
	SliceDataA = 2,
	SliceDataB = 3,
	SliceDataC = 4,
	IdrSlice = 5,
	Sei = 6,
	Sps = 7,
	Pps = 8,
	AccessUnitDelimiter = 9,
	EndOfSequence = 10,
	EndOfStream = 11,
	Filler = 12,
	SpsExtension = 13,
	Prefix = 14,
	SubsetSps = 15,
	AuxiliarySlice = 19,
	SliceExtension = 20,
	SliceExtensionDepth = 21,
};

struct H264NalHeader {
	uint8_t nalRefIdc = 0;
	H264NalType type = H264NalType::Unspecified;
	/* Bytes before the RBSP payload: 1, or 4 with the SVC/MVC extension (types 14, 20, 21). */
	unsigned headerBytes = 1;

	bool isSlice() const { return type == H264NalType::Slice || type == H264NalType::IdrSlice; }
};

/* Reads the NAL unit header at the reader's position; -EINVAL on a forbidden bit or EOF. */
int parseNalHeader(SyntaxReader &reader, H264NalHeader *header);

enum class NalFraming { AnnexB, LengthPrefixed };

/*
 * Splits `data` into NAL units (without start codes or length prefixes; emulation-prevention
 * bytes are kept). For Annex B the trailing_zero_8bits before the next start code are dropped
 * (B.1). lengthSize is 1, 2 or 4 for LengthPrefixed. Returns 0, or -EINVAL when a length
 * prefix runs past the end or lengthSize is not 1, 2 or 4 (units found so far are kept).
 */
int splitNalUnits(std::span<const uint8_t> data, NalFraming framing, unsigned lengthSize,
		  std::vector<std::span<const uint8_t>> *units);

} /* namespace sluice */
