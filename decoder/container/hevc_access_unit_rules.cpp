/* SPDX-License-Identifier: MIT */
/*
 * HEVC access-unit boundaries (7.4.2.4.4): a picture starts at a slice segment with
 * first_slice_segment_in_pic_flag; VPS, SPS, PPS, access unit delimiter, prefix SEI and the
 * reserved types 41..44 and 48..55 of the base layer start a new access unit when they
 * follow a picture. The SPS is read for the picture size, and on to the VUI for the frame
 * rate and colour, for --probe.
 */
#include <algorithm>
#include <numeric>

#include "access_unit_rules.h"
#include "base/bit_reader.h"

namespace sluice {

namespace {

void skipProfileTierLevel(BitReader &bits, unsigned maxSubLayersMinus1)
{
	bits.skipBits(88); /* general profile space .. general_inbld/reserved flag */
	bits.skipBits(8);  /* general_level_idc */
	bool profilePresent[8] = {}, levelPresent[8] = {};
	for (unsigned i = 0; i < maxSubLayersMinus1; i++) {
		profilePresent[i] = bits.readFlag();
		levelPresent[i] = bits.readFlag();
	}
	if (maxSubLayersMinus1 > 0)
		for (unsigned i = maxSubLayersMinus1; i < 8; i++)
			bits.skipBits(2);
	for (unsigned i = 0; i < maxSubLayersMinus1; i++) {
		if (profilePresent[i])
			bits.skipBits(88);
		if (levelPresent[i])
			bits.skipBits(8);
	}
}

class HevcAccessUnitRules : public AccessUnitRules
{
public:
	Verdict examine(std::span<const uint8_t> nal) override
	{
		Verdict verdict;
		if (nal.size() < 2 || (nal[0] & 0x80))
			return verdict;
		unsigned type = (nal[0] >> 1) & 0x3f;
		unsigned layerId = ((nal[0] & 1) << 5) | (nal[1] >> 3);

		if (type <= 31) {
			verdict.vcl = true;
			verdict.randomAccess = type >= 16 && type <= 23;
			/* first_slice_segment_in_pic_flag is the first bit after the header. */
			verdict.startsAccessUnit = layerId == 0 && nal.size() > 2 && (nal[2] & 0x80);
			return verdict;
		}
		if (layerId != 0)
			return verdict;
		switch (type) {
		case 33:
			parseSps(nal.subspan(2));
			verdict.startsAccessUnit = true;
			break;
		case 32: case 34: case 35: case 39:
		case 41: case 42: case 43: case 44:
		case 48: case 49: case 50: case 51: case 52: case 53: case 54: case 55:
			verdict.startsAccessUnit = true;
			break;
		default:
			break;
		}
		return verdict;
	}

	void describe(TrackInfo *track) const override
	{
		track->codedWidth = width_;
		track->codedHeight = height_;
		if (frameRate_.isKnown())
			track->frameRate = frameRate_;
		track->colour = colour_;
	}

private:
	void parseSps(std::span<const uint8_t> rbsp)
	{
		BitReader bits(rbsp, BitReader::Mode::Rbsp);
		bits.skipBits(4); /* sps_video_parameter_set_id */
		unsigned maxSubLayersMinus1 = bits.readBits(3);
		if (maxSubLayersMinus1 > 6)
			return;
		bits.skipBits(1);
		skipProfileTierLevel(bits, maxSubLayersMinus1);
		bits.readUe(); /* sps_seq_parameter_set_id */
		unsigned chromaFormat = bits.readUe();
		if (chromaFormat > 3)
			return;
		bool separateColourPlane = chromaFormat == 3 && bits.readFlag();
		uint64_t width = bits.readUe();
		uint64_t height = bits.readUe();
		uint64_t crop[4] = { 0, 0, 0, 0 };
		if (bits.readFlag())
			for (auto &c : crop)
				c = bits.readUe();
		if (bits.hasError() || width > kMaxDimension || height > kMaxDimension)
			return;
		/* Conformance window offsets count chroma samples (7.4.3.2.1). */
		unsigned subWidth = (chromaFormat == 1 || chromaFormat == 2) && !separateColourPlane ? 2 : 1;
		unsigned subHeight = chromaFormat == 1 && !separateColourPlane ? 2 : 1;
		uint64_t cropW = subWidth * (crop[0] + crop[1]);
		uint64_t cropH = subHeight * (crop[2] + crop[3]);
		if (cropW >= width || cropH >= height)
			return;
		width_ = static_cast<unsigned>(width - cropW);
		height_ = static_cast<unsigned>(height - cropH);

		/* The rest only leads to the VUI: frame rate and colour for --probe. */
		parseUpToVui(bits, maxSubLayersMinus1);
	}

	static void skipScalingListData(BitReader &bits)
	{
		for (unsigned sizeId = 0; sizeId < 4; sizeId++) {
			for (unsigned matrixId = 0; matrixId < 6; matrixId += sizeId == 3 ? 3 : 1) {
				if (!bits.readFlag()) { /* scaling_list_pred_mode_flag */
					bits.readUe();
					continue;
				}
				unsigned coefficients = std::min(64u, 1u << (4 + (sizeId << 1)));
				if (sizeId > 1)
					bits.readSe();
				for (unsigned i = 0; i < coefficients && !bits.hasError(); i++)
					bits.readSe();
			}
		}
	}

	/* st_ref_pic_set() of 7.3.7 as it appears in the SPS; false on a value out of range. */
	static bool skipShortTermRefPicSets(BitReader &bits, unsigned count)
	{
		unsigned numDeltaPocs[64] = {};
		for (unsigned idx = 0; idx < count; idx++) {
			bool predicted = idx != 0 && bits.readFlag();
			if (predicted) {
				bits.skipBits(1); /* delta_rps_sign */
				bits.readUe();    /* abs_delta_rps_minus1 */
				unsigned total = 0;
				/* In the SPS the reference set is the previous one. */
				for (unsigned j = 0; j <= numDeltaPocs[idx - 1]; j++) {
					bool used = bits.readFlag();
					bool useDelta = used || bits.readFlag();
					total += useDelta;
				}
				if (total > 32)
					return false;
				numDeltaPocs[idx] = total;
			} else {
				unsigned negative = bits.readUe();
				unsigned positive = bits.readUe();
				if (negative > 16 || positive > 16)
					return false;
				for (unsigned i = 0; i < negative + positive; i++) {
					bits.readUe();
					bits.skipBits(1);
				}
				numDeltaPocs[idx] = negative + positive;
			}
			if (bits.hasError())
				return false;
		}
		return true;
	}

	void parseUpToVui(BitReader &bits, unsigned maxSubLayersMinus1)
	{
		bits.readUe(); /* bit_depth_luma_minus8 */
		bits.readUe(); /* bit_depth_chroma_minus8 */
		unsigned log2MaxPocLsb = bits.readUe() + 4;
		if (log2MaxPocLsb > 16)
			return;
		bool orderingForAll = bits.readFlag();
		for (unsigned i = orderingForAll ? 0 : maxSubLayersMinus1; i <= maxSubLayersMinus1; i++) {
			bits.readUe();
			bits.readUe();
			bits.readUe();
		}
		for (int i = 0; i < 6; i++)
			bits.readUe(); /* coding and transform block sizes, hierarchy depths */
		if (bits.readFlag() && bits.readFlag()) /* scaling_list_enabled, sps_scaling_list_data_present */
			skipScalingListData(bits);
		bits.skipBits(2); /* amp_enabled_flag, sample_adaptive_offset_enabled_flag */
		if (bits.readFlag()) { /* pcm_enabled_flag */
			bits.skipBits(8);
			bits.readUe();
			bits.readUe();
			bits.skipBits(1);
		}
		unsigned shortTermSets = bits.readUe();
		if (shortTermSets > 64 || !skipShortTermRefPicSets(bits, shortTermSets))
			return;
		if (bits.readFlag()) { /* long_term_ref_pics_present_flag */
			unsigned longTerm = bits.readUe();
			if (longTerm > 32)
				return;
			for (unsigned i = 0; i < longTerm; i++)
				bits.skipBits(log2MaxPocLsb + 1);
		}
		bits.skipBits(2); /* sps_temporal_mvp_enabled_flag, strong_intra_smoothing_enabled_flag */
		if (!bits.readFlag() || bits.hasError()) /* vui_parameters_present_flag */
			return;

		/* E.2.1 */
		if (bits.readFlag() && bits.readBits(8) == 255) /* aspect_ratio_idc: EXTENDED_SAR */
			bits.skipBits(32);
		if (bits.readFlag())
			bits.skipBits(1); /* overscan_appropriate_flag */
		ColourDescription colour;
		if (bits.readFlag()) { /* video_signal_type_present_flag */
			bits.skipBits(3);
			colour.range = bits.readFlag() ? ColourDescription::Range::Full : ColourDescription::Range::Limited;
			if (bits.readFlag()) {
				colour.primaries = bits.readBits(8);
				colour.transfer = bits.readBits(8);
				colour.matrix = bits.readBits(8);
			}
		}
		if (bits.readFlag()) { /* chroma_loc_info_present_flag */
			bits.readUe();
			bits.readUe();
		}
		bits.skipBits(3); /* neutral_chroma_indication, field_seq, frame_field_info_present */
		if (bits.readFlag()) /* default_display_window_flag */
			for (int i = 0; i < 4; i++)
				bits.readUe();
		if (bits.hasError())
			return;
		colour_ = colour;
		if (bits.readFlag()) { /* vui_timing_info_present_flag */
			uint32_t unitsInTick = bits.readBits(32);
			uint32_t timeScale = bits.readBits(32);
			/* HEVC ticks count pictures, not fields as in H.264 (E.3.1). */
			if (!bits.hasError() && unitsInTick && timeScale) {
				uint32_t g = std::gcd(timeScale, unitsInTick);
				frameRate_ = { timeScale / g, unitsInTick / g };
			}
		}
	}

	unsigned width_ = 0;
	unsigned height_ = 0;
	Rational frameRate_;
	ColourDescription colour_;
};

} /* namespace */

std::unique_ptr<AccessUnitRules> makeHevcAccessUnitRules()
{
	return std::make_unique<HevcAccessUnitRules>();
}

} /* namespace sluice */
