/* SPDX-License-Identifier: MIT */
/*
 * HEVC access-unit boundaries (7.4.2.4.4): a picture starts at a slice segment with
 * first_slice_segment_in_pic_flag; VPS, SPS, PPS, access unit delimiter, prefix SEI and the
 * reserved types 41..44 and 48..55 of the base layer start a new access unit when they
 * follow a picture. The SPS is read as far as the picture size for --probe.
 */
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
	}

	unsigned width_ = 0;
	unsigned height_ = 0;
};

} /* namespace */

std::unique_ptr<AccessUnitRules> makeHevcAccessUnitRules()
{
	return std::make_unique<HevcAccessUnitRules>();
}

} /* namespace sluice */
