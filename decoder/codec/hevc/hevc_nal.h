/* SPDX-License-Identifier: MIT */
/*
 * HEVC NAL units: the two-byte header (7.3.1.2) and the unit types of Table 7-1.
 *
 * Splitting a byte stream into NAL units is the same for H.264 and HEVC (Annex B start codes
 * or big-endian length prefixes, here from hvcC's lengthSizeMinusOne + 1), so the H.264
 * splitter (splitNalUnits in codec/h264/h264_nal.h) serves both, as does its SyntaxReader.
 */
#pragma once

#include <cstdint>

#include "codec/h264/h264_nal.h"
#include "codec/syntax_reader.h"

namespace sluice {

/* Table 7-1. */
enum class HevcNalType : uint8_t {
	TrailN = 0,
	TrailR = 1,
	TsaN = 2,
	TsaR = 3,
	StsaN = 4,
	StsaR = 5,
	RadlN = 6,
	RadlR = 7,
	RaslN = 8,
	RaslR = 9,
	RsvVclN14 = 14,
	BlaWLp = 16,
	BlaWRadl = 17,
	BlaNLp = 18,
	IdrWRadl = 19,
	IdrNLp = 20,
	Cra = 21,
	RsvIrap23 = 23,
	Vps = 32,
	Sps = 33,
	Pps = 34,
	AccessUnitDelimiter = 35,
	EndOfSequence = 36,
	EndOfBitstream = 37,
	Filler = 38,
	PrefixSei = 39,
	SuffixSei = 40,
};

struct HevcNalHeader {
	HevcNalType type = HevcNalType::TrailN;
	uint8_t layerId = 0;
	uint8_t temporalIdPlus1 = 1;

	unsigned typeValue() const { return static_cast<unsigned>(type); }
	/* The slice types this decoder reads: 0..9 and 16..21 (the rest of 0..31 is reserved,
	 * and 7.4.2.2 says decoders ignore reserved VCL types). */
	bool isSlice() const { return typeValue() <= 9 || (typeValue() >= 16 && typeValue() <= 21); }
	/* 7.4.2.2: IRAP pictures are the types 16..23. */
	bool isIrap() const { return typeValue() >= 16 && typeValue() <= 23; }
	bool isIdr() const { return type == HevcNalType::IdrWRadl || type == HevcNalType::IdrNLp; }
	bool isBla() const { return typeValue() >= 16 && typeValue() <= 18; }
	bool isCra() const { return type == HevcNalType::Cra; }
	bool isRasl() const { return type == HevcNalType::RaslN || type == HevcNalType::RaslR; }
	bool isRadl() const { return type == HevcNalType::RadlN || type == HevcNalType::RadlR; }
	/* 7.4.2.2: sub-layer non-reference pictures are the even types below 16 (_N). */
	bool isSubLayerNonReference() const { return typeValue() <= 14 && typeValue() % 2 == 0; }
	unsigned temporalId() const { return temporalIdPlus1 - 1u; }
};

/* Reads the NAL unit header; -EINVAL on a forbidden bit, a zero temporal id or EOF. */
int parseHevcNalHeader(SyntaxReader &reader, HevcNalHeader *header);

} /* namespace sluice */
