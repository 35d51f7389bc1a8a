/* SPDX-License-Identifier: MIT */
#include "hevc_slice_header.h"

#include <algorithm>
#include <cerrno>

#include "hevc_log.h"

namespace sluice {

namespace {

/* Ceil(Log2(n)) for n >= 1: the width of u(v) indices into n things (7.3.6.1). */
unsigned ceilLog2(uint32_t n)
{
	unsigned bits = 0;
	while ((1ull << bits) < n)
		bits++;
	return bits;
}

void parsePredWeightTable(SyntaxReader &reader, const HevcSps &sps, HevcSliceHeader *slice)
{
	HevcPredWeightTable &table = slice->predWeights;
	const bool chroma = sps.chromaArrayType() != 0;
	table.lumaLog2WeightDenom = reader.ueMax("luma_log2_weight_denom", 7);
	if (chroma) {
		/* 7.4.7.3: ChromaLog2WeightDenom stays in 0..7. */
		int lower = -static_cast<int>(table.lumaLog2WeightDenom);
		table.deltaChromaLog2WeightDenom =
			reader.seRange("delta_chroma_log2_weight_denom", lower, 7 + lower);
	}
	/* 7.4.7.3: offset ranges, wider with high_precision_offsets_enabled_flag. */
	const bool high = sps.rangeExtension.highPrecisionOffsets;
	const int halfRangeY = 1 << (high ? sps.bitDepthLuma() - 1 : 7);
	const int halfRangeC = 1 << (high ? sps.bitDepthChroma() - 1 : 7);
	static const char *const lumaFlagNames[2] = { "luma_weight_l0_flag", "luma_weight_l1_flag" };
	static const char *const chromaFlagNames[2] = { "chroma_weight_l0_flag", "chroma_weight_l1_flag" };
	static const char *const lumaWeightNames[2] = { "delta_luma_weight_l0", "delta_luma_weight_l1" };
	static const char *const lumaOffsetNames[2] = { "luma_offset_l0", "luma_offset_l1" };
	static const char *const chromaWeightNames[2] = { "delta_chroma_weight_l0", "delta_chroma_weight_l1" };
	static const char *const chromaOffsetNames[2] = { "delta_chroma_offset_l0", "delta_chroma_offset_l1" };

	const unsigned lists = slice->isB() ? 2 : 1;
	for (unsigned list = 0; list < lists && !reader.failed(); list++) {
		unsigned count = (list == 0 ? slice->numRefIdxL0ActiveMinus1 : slice->numRefIdxL1ActiveMinus1) + 1u;
		/* A reference never has the current picture's POC in a single-layer stream
		 * without pps_curr_pic_ref_enabled_flag, so every flag is present. */
		for (unsigned i = 0; i < count; i++)
			table.lumaWeightFlag[list][i] = reader.flag(lumaFlagNames[list], i);
		if (chroma)
			for (unsigned i = 0; i < count; i++)
				table.chromaWeightFlag[list][i] = reader.flag(chromaFlagNames[list], i);
		for (unsigned i = 0; i < count && !reader.failed(); i++) {
			int index = static_cast<int>(i);
			if (table.lumaWeightFlag[list][i]) {
				table.deltaLumaWeight[list][i] = reader.seRange(lumaWeightNames[list], -128, 127, index);
				table.lumaOffset[list][i] =
					reader.seRange(lumaOffsetNames[list], -halfRangeY, halfRangeY - 1, index);
			}
			if (table.chromaWeightFlag[list][i])
				for (int j = 0; j < 2; j++) {
					table.deltaChromaWeight[list][i][j] =
						reader.seRange(chromaWeightNames[list], -128, 127, index, j);
					table.deltaChromaOffset[list][i][j] =
						reader.seRange(chromaOffsetNames[list], -4 * halfRangeC,
							       4 * halfRangeC - 1, index, j);
				}
		}
	}
}

void parseRefPicListsModification(SyntaxReader &reader, HevcSliceHeader *slice)
{
	unsigned bits = ceilLog2(slice->numPicTotalCurr);
	slice->refPicListModificationFlagL0 = reader.flag("ref_pic_list_modification_flag_l0");
	if (slice->refPicListModificationFlagL0)
		for (unsigned i = 0; i <= slice->numRefIdxL0ActiveMinus1; i++)
			slice->listEntryL0[i] = reader.u(bits, "list_entry_l0", i);
	if (slice->isB()) {
		slice->refPicListModificationFlagL1 = reader.flag("ref_pic_list_modification_flag_l1");
		if (slice->refPicListModificationFlagL1)
			for (unsigned i = 0; i <= slice->numRefIdxL1ActiveMinus1; i++)
				slice->listEntryL1[i] = reader.u(bits, "list_entry_l1", i);
	}
	/* 7.4.7.2: entries index RefPicListTemp, which has NumPicTotalCurr pictures. */
	for (unsigned i = 0; i < kHevcMaxRefIdx; i++)
		if (slice->listEntryL0[i] >= slice->numPicTotalCurr || slice->listEntryL1[i] >= slice->numPicTotalCurr)
			reader.fail();
}

/* The short-term and long-term reference picture syntax of a non-IDR picture. */
void parseReferenceSets(SyntaxReader &reader, const HevcSps &sps, HevcSliceHeader *slice)
{
	const unsigned maxPics = sps.maxDecPicBufferingMinus1[sps.maxSubLayersMinus1];
	slice->shortTermRefPicSetSpsFlag = reader.flag("short_term_ref_pic_set_sps_flag");
	if (!slice->shortTermRefPicSetSpsFlag) {
		size_t start = reader.position();
		parseShortTermRps(reader, sps.numShortTermRefPicSets, sps.numShortTermRefPicSets,
				  sps.shortTermRps.data(), maxPics, &slice->shortTermRps);
		slice->shortTermRefPicSetBits = static_cast<uint32_t>(reader.position() - start);
	} else {
		/* 7.4.7.1: the SPS must have a set to pick. */
		if (sps.numShortTermRefPicSets == 0) {
			reader.fail();
			return;
		}
		if (sps.numShortTermRefPicSets > 1)
			slice->shortTermRefPicSetIdx = reader.u(ceilLog2(sps.numShortTermRefPicSets),
								"short_term_ref_pic_set_idx");
		if (slice->shortTermRefPicSetIdx >= sps.numShortTermRefPicSets) {
			reader.fail();
			return;
		}
		slice->shortTermRps = sps.shortTermRps[slice->shortTermRefPicSetIdx];
	}
	const HevcShortTermRps &rps = slice->shortTermRps;
	unsigned total = 0;
	for (unsigned i = 0; i < rps.numNegativePics; i++)
		total += rps.usedByCurrPicS0[i];
	for (unsigned i = 0; i < rps.numPositivePics; i++)
		total += rps.usedByCurrPicS1[i];

	if (sps.longTermRefPicsPresent && !reader.failed()) {
		size_t start = reader.position();
		/* 7.4.7.1: short- and long-term pictures together fit in the DPB. */
		unsigned room = maxPics >= rps.numDeltaPocs() ? maxPics - rps.numDeltaPocs() : 0;
		if (sps.numLongTermRefPicsSps > 0)
			slice->numLongTermSps = reader.ueMax("num_long_term_sps",
							     std::min<unsigned>(sps.numLongTermRefPicsSps, room));
		slice->numLongTermPics = reader.ueMax("num_long_term_pics", room - std::min<unsigned>(slice->numLongTermSps, room));
		unsigned count = slice->numLongTermSps + slice->numLongTermPics;
		if (reader.failed() || count > kHevcMaxLongTermPics) {
			reader.fail();
			return;
		}
		for (unsigned i = 0; i < count && !reader.failed(); i++) {
			HevcLongTermRef &lt = slice->longTerm[i];
			int index = static_cast<int>(i);
			if (i < slice->numLongTermSps) {
				unsigned ltIdx = 0;
				if (sps.numLongTermRefPicsSps > 1)
					ltIdx = reader.u(ceilLog2(sps.numLongTermRefPicsSps), "lt_idx_sps", index);
				if (ltIdx >= sps.numLongTermRefPicsSps) {
					reader.fail();
					return;
				}
				lt.pocLsbLt = sps.ltRefPicPocLsbSps[ltIdx];
				lt.usedByCurrPicLt = sps.usedByCurrPicLtSps[ltIdx];
			} else {
				lt.pocLsbLt = reader.u(sps.log2MaxPicOrderCntLsbMinus4 + 4, "poc_lsb_lt", index);
				lt.usedByCurrPicLt = reader.flag("used_by_curr_pic_lt_flag", index);
			}
			lt.deltaPocMsbPresent = reader.flag("delta_poc_msb_present_flag", index);
			uint32_t cycle = 0;
			if (lt.deltaPocMsbPresent)
				cycle = reader.ue("delta_poc_msb_cycle_lt", index);
			/* 7-52: the cycles accumulate within each of the two groups. */
			if (i != 0 && i != slice->numLongTermSps)
				cycle += slice->longTerm[i - 1].deltaPocMsbCycleLt;
			lt.deltaPocMsbCycleLt = cycle;
			total += lt.usedByCurrPicLt;
		}
		slice->longTermRefPicSetBits = static_cast<uint32_t>(reader.position() - start);
	}
	slice->numPicTotalCurr = total;
	if (sps.temporalMvpEnabled)
		slice->temporalMvpEnabled = reader.flag("slice_temporal_mvp_enabled_flag");
}

/* Everything between slice_sao_luma_flag and slice_loop_filter_across_slices_enabled_flag. */
void parseCodingTools(SyntaxReader &reader, const HevcSps &sps, const HevcPps &pps, HevcSliceHeader *slice)
{
	if (sps.sampleAdaptiveOffsetEnabled) {
		slice->saoLuma = reader.flag("slice_sao_luma_flag");
		if (sps.chromaArrayType() != 0)
			slice->saoChroma = reader.flag("slice_sao_chroma_flag");
	}
	slice->numRefIdxL0ActiveMinus1 = pps.numRefIdxL0DefaultActiveMinus1;
	slice->numRefIdxL1ActiveMinus1 = pps.numRefIdxL1DefaultActiveMinus1;
	if (!slice->isI()) {
		slice->numRefIdxActiveOverride = reader.flag("num_ref_idx_active_override_flag");
		if (slice->numRefIdxActiveOverride) {
			slice->numRefIdxL0ActiveMinus1 = reader.ueMax("num_ref_idx_l0_active_minus1", kHevcMaxRefIdx - 1);
			if (slice->isB())
				slice->numRefIdxL1ActiveMinus1 = reader.ueMax("num_ref_idx_l1_active_minus1", kHevcMaxRefIdx - 1);
		}
		/* A P or B slice needs a picture to predict from (7.4.7.2). */
		if (slice->numPicTotalCurr == 0) {
			LOG(HEVC, Warn) << "inter slice with an empty reference picture set";
			reader.fail();
			return;
		}
		if (pps.listsModificationPresent && slice->numPicTotalCurr > 1)
			parseRefPicListsModification(reader, slice);
		if (slice->isB())
			slice->mvdL1Zero = reader.flag("mvd_l1_zero_flag");
		if (pps.cabacInitPresent)
			slice->cabacInit = reader.flag("cabac_init_flag");
		if (slice->temporalMvpEnabled) {
			if (slice->isB())
				slice->collocatedFromL0 = reader.flag("collocated_from_l0_flag");
			unsigned active = slice->collocatedFromL0 ? slice->numRefIdxL0ActiveMinus1
								  : slice->numRefIdxL1ActiveMinus1;
			if (active > 0)
				slice->collocatedRefIdx = reader.ueMax("collocated_ref_idx", active);
		}
		slice->hasPredWeightTable = (pps.weightedPred && slice->isP()) || (pps.weightedBipred && slice->isB());
		if (slice->hasPredWeightTable)
			parsePredWeightTable(reader, sps, slice);
		slice->fiveMinusMaxNumMergeCand = reader.ueMax("five_minus_max_num_merge_cand", 4);
	}
	/* 7.4.7.1: SliceQpY stays within -QpBdOffsetY .. 51. */
	int initQp = 26 + pps.initQpMinus26;
	slice->sliceQpDelta = reader.seRange("slice_qp_delta", -6 * int(sps.bitDepthLumaMinus8) - initQp, 51 - initQp);
	if (pps.sliceChromaQpOffsetsPresent) {
		slice->sliceCbQpOffset = reader.seRange("slice_cb_qp_offset", -12, 12);
		slice->sliceCrQpOffset = reader.seRange("slice_cr_qp_offset", -12, 12);
	}
	if (pps.chromaQpOffsetListEnabled)
		slice->cuChromaQpOffsetEnabled = reader.flag("cu_chroma_qp_offset_enabled_flag");
	if (pps.deblockingFilterOverrideEnabled)
		slice->deblockingFilterOverride = reader.flag("deblocking_filter_override_flag");
	slice->deblockingFilterDisabled = pps.deblockingFilterDisabled;
	slice->betaOffsetDiv2 = pps.betaOffsetDiv2;
	slice->tcOffsetDiv2 = pps.tcOffsetDiv2;
	if (slice->deblockingFilterOverride) {
		slice->deblockingFilterDisabled = reader.flag("slice_deblocking_filter_disabled_flag");
		if (!slice->deblockingFilterDisabled) {
			slice->betaOffsetDiv2 = reader.seRange("slice_beta_offset_div2", -6, 6);
			slice->tcOffsetDiv2 = reader.seRange("slice_tc_offset_div2", -6, 6);
		}
	}
	slice->loopFilterAcrossSlicesEnabled = pps.loopFilterAcrossSlicesEnabled;
	if (pps.loopFilterAcrossSlicesEnabled &&
	    (slice->saoLuma || slice->saoChroma || !slice->deblockingFilterDisabled))
		slice->loopFilterAcrossSlicesEnabled = reader.flag("slice_loop_filter_across_slices_enabled_flag");
}

/* Entry points, the header extension and byte_alignment(): the part every segment has. */
void parseSegmentTail(SyntaxReader &reader, const HevcSps &sps, const HevcPps &pps, size_t nalBytes,
		      HevcSliceHeader *slice)
{
	slice->entryPointOffsetMinus1.clear();
	if (pps.tilesEnabled || pps.entropyCodingSyncEnabled) {
		/* 7.4.7.1: one entry point per tile, per CTB row, or per CTB row of each tile. */
		unsigned columns = pps.numTileColumnsMinus1 + 1u, rows = pps.numTileRowsMinus1 + 1u;
		unsigned limit = !pps.tilesEnabled ? sps.picHeightInCtbsY() - 1
				 : !pps.entropyCodingSyncEnabled ? columns * rows - 1
				 : columns * sps.picHeightInCtbsY() - 1;
		/* Every entry point starts a new byte of this NAL unit. */
		if (limit > nalBytes)
			limit = static_cast<unsigned>(nalBytes);
		unsigned count = reader.ueMax("num_entry_point_offsets", limit);
		if (count > 0 && !reader.failed()) {
			slice->offsetLenMinus1 = reader.ueMax("offset_len_minus1", 31);
			if (reader.failed())
				return;
			slice->entryPointOffsetMinus1.reserve(count);
			uint64_t bytes = 0;
			for (unsigned i = 0; i < count && !reader.failed(); i++) {
				uint32_t offset = reader.u(slice->offsetLenMinus1 + 1, "entry_point_offset_minus1", i);
				slice->entryPointOffsetMinus1.push_back(offset);
				bytes += uint64_t(offset) + 1;
			}
			/* The substreams lie inside the slice data. */
			if (bytes >= nalBytes)
				reader.fail();
		}
	}
	if (pps.sliceSegmentHeaderExtensionPresent) {
		unsigned length = reader.ueMax("slice_segment_header_extension_length", 256);
		for (unsigned i = 0; i < length && !reader.failed(); i++)
			reader.u(8, "slice_segment_header_extension_data_byte", i);
	}
	slice->headerBitSize = static_cast<uint32_t>(reader.position());
	/* byte_alignment(): a one bit, then zero bits to the byte boundary. Not traced: it
	 * is alignment, not header content. */
	if (!reader.bits().readFlag())
		reader.fail();
	reader.bits().byteAlign();
	slice->dataByteOffset = static_cast<uint32_t>(reader.rawPosition() / 8);
}

} /* namespace */

int parseHevcSliceHeader(SyntaxReader &reader, const HevcNalHeader &nal, size_t nalBytes,
			 const HevcPps *const *ppsById, const HevcSps *const *spsById,
			 const HevcSliceHeader *previous, HevcSliceHeader *slice)
{
	HevcSliceHeader parsed;
	parsed.nal = nal;
	parsed.firstSliceSegmentInPic = reader.flag("first_slice_segment_in_pic_flag");
	if (nal.isIrap())
		parsed.noOutputOfPriorPics = reader.flag("no_output_of_prior_pics_flag");
	uint32_t ppsId = reader.ue("slice_pic_parameter_set_id");
	if (reader.failed() || ppsId >= kHevcMaxPpsCount) {
		LOG(HEVC, Error) << "slice refers to PPS " << ppsId << ", out of range";
		return -EINVAL;
	}
	const HevcPps *pps = ppsById[ppsId];
	const HevcSps *sps = pps ? spsById[pps->spsId] : nullptr;
	if (!pps || !sps) {
		LOG(HEVC, Warn) << "slice refers to PPS " << ppsId << (pps ? " whose SPS" : "")
				<< " was not received";
		return -ENOENT;
	}
	parsed.ppsId = ppsId;
	if (!parsed.firstSliceSegmentInPic) {
		if (pps->dependentSliceSegmentsEnabled)
			parsed.dependentSliceSegment = reader.flag("dependent_slice_segment_flag");
		parsed.sliceSegmentAddress = reader.u(ceilLog2(sps->picSizeInCtbsY()), "slice_segment_address");
		if (parsed.sliceSegmentAddress >= sps->picSizeInCtbsY())
			reader.fail();
	}
	if (reader.failed()) {
		LOG(HEVC, Error) << "slice segment address out of range";
		return -EINVAL;
	}

	if (parsed.dependentSliceSegment) {
		/* 7.4.7.1: a dependent segment takes the header of the independent one before. */
		if (!previous || previous->ppsId != ppsId) {
			LOG(HEVC, Warn) << "dependent slice segment without its independent segment";
			return -ENOENT;
		}
		HevcSliceHeader inherited = *previous;
		inherited.nal = parsed.nal;
		inherited.firstSliceSegmentInPic = false;
		inherited.noOutputOfPriorPics = parsed.noOutputOfPriorPics;
		inherited.dependentSliceSegment = true;
		inherited.sliceSegmentAddress = parsed.sliceSegmentAddress;
		parsed = std::move(inherited);
	} else {
		for (unsigned i = 0; i < pps->numExtraSliceHeaderBits; i++)
			reader.flag("slice_reserved_flag", i);
		parsed.sliceType = static_cast<HevcSliceType>(reader.ueMax("slice_type", 2));
		/* 7.4.7.1: IRAP pictures hold only I slices (in a single-layer stream). */
		if (nal.isIrap() && !parsed.isI())
			reader.fail();
		if (pps->outputFlagPresent)
			parsed.picOutputFlag = reader.flag("pic_output_flag");
		if (sps->separateColourPlane)
			parsed.colourPlaneId = reader.u(2, "colour_plane_id");
		if (!nal.isIdr()) {
			parsed.picOrderCntLsb = reader.u(sps->log2MaxPicOrderCntLsbMinus4 + 4, "slice_pic_order_cnt_lsb");
			parseReferenceSets(reader, *sps, &parsed);
		}
		if (!reader.failed())
			parseCodingTools(reader, *sps, *pps, &parsed);
	}
	if (!reader.failed())
		parseSegmentTail(reader, *sps, *pps, nalBytes, &parsed);
	if (reader.failed()) {
		LOG(HEVC, Error) << "slice header (PPS " << ppsId << ") is truncated or has an out-of-range field";
		return -EINVAL;
	}
	*slice = std::move(parsed);
	return 0;
}

} /* namespace sluice */
