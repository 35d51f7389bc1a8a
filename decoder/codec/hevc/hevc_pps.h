/* SPDX-License-Identifier: MIT */
/* The HEVC picture parameter set (7.3.2.3) with its range extension (7.3.2.3.2). */
#pragma once

#include <array>
#include <cstdint>

#include "codec/syntax_reader.h"
#include "hevc_scaling_list.h"
#include "hevc_sps.h"

namespace sluice {

constexpr unsigned kHevcMaxPpsCount = 64;
/* A.4.2, Table A-8: at most 20 tile columns and 22 tile rows at any level. */
constexpr unsigned kHevcMaxTileColumns = 20;
constexpr unsigned kHevcMaxTileRows = 22;

struct HevcPps {
	uint8_t id = 0;
	uint8_t spsId = 0;
	bool dependentSliceSegmentsEnabled = false;
	bool outputFlagPresent = false;
	uint8_t numExtraSliceHeaderBits = 0;
	bool signDataHidingEnabled = false;
	bool cabacInitPresent = false;
	uint8_t numRefIdxL0DefaultActiveMinus1 = 0;
	uint8_t numRefIdxL1DefaultActiveMinus1 = 0;
	int8_t initQpMinus26 = 0;
	bool constrainedIntraPred = false;
	bool transformSkipEnabled = false;
	bool cuQpDeltaEnabled = false;
	uint8_t diffCuQpDeltaDepth = 0;
	int8_t cbQpOffset = 0;
	int8_t crQpOffset = 0;
	bool sliceChromaQpOffsetsPresent = false;
	bool weightedPred = false;
	bool weightedBipred = false;
	bool transquantBypassEnabled = false;
	bool tilesEnabled = false;
	bool entropyCodingSyncEnabled = false;
	uint8_t numTileColumnsMinus1 = 0;
	uint8_t numTileRowsMinus1 = 0;
	bool uniformSpacing = true;
	/* As coded when !uniformSpacing (the last column/row is implied). */
	std::array<uint16_t, kHevcMaxTileColumns> columnWidthMinus1{};
	std::array<uint16_t, kHevcMaxTileRows> rowHeightMinus1{};
	bool loopFilterAcrossTilesEnabled = true;
	bool loopFilterAcrossSlicesEnabled = false;
	bool deblockingFilterControlPresent = false;
	bool deblockingFilterOverrideEnabled = false;
	bool deblockingFilterDisabled = false;
	int8_t betaOffsetDiv2 = 0;
	int8_t tcOffsetDiv2 = 0;
	bool scalingListDataPresent = false;
	HevcScalingLists scalingLists;
	bool listsModificationPresent = false;
	uint8_t log2ParallelMergeLevelMinus2 = 0;
	bool sliceSegmentHeaderExtensionPresent = false;
	bool rangeExtensionPresent = false;
	uint8_t log2MaxTransformSkipBlockSizeMinus2 = 0;
	bool crossComponentPredictionEnabled = false;
	bool chromaQpOffsetListEnabled = false;
	uint8_t log2SaoOffsetScaleLuma = 0;
	uint8_t log2SaoOffsetScaleChroma = 0;

	/* 6.5.1: tile column widths and row heights in CTBs, for the SPS this PPS refers to. */
	std::array<uint16_t, kHevcMaxTileColumns> tileColumnWidths(const HevcSps &sps) const;
	std::array<uint16_t, kHevcMaxTileRows> tileRowHeights(const HevcSps &sps) const;
};

/* Reads a PPS RBSP after its NAL header. spsById: the SPSs received so far (nullptr for
 * absent ids). 0, -EINVAL (malformed, logged), -ENOENT (unknown SPS), -ENOTSUP (an
 * extension this parser cannot read). */
int parseHevcPps(SyntaxReader &reader, const HevcSps *const *spsById, HevcPps *pps);

} /* namespace sluice */
