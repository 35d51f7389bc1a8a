/* SPDX-License-Identifier: MIT */
/*
 * H.264 access-unit boundaries. A new access unit starts at an access unit delimiter, SPS,
 * PPS, SEI or NAL types 14..18 following a picture (7.4.1.2.3), or at the first slice of a
 * new primary picture, told apart from the previous slice by the fields of 7.4.1.2.4.
 * Those fields need the SPS and PPS, so a light reading of both is kept here; the codec
 * layer parses them fully for decoding.
 */
#include <array>
#include <numeric>
#include <optional>

#include "access_unit_rules.h"
#include "base/bit_reader.h"

namespace sluice {

namespace {

struct SpsFacts {
	bool separateColourPlane = false;
	unsigned log2MaxFrameNum = 4;
	unsigned pocType = 0;
	unsigned log2MaxPocLsb = 4;
	bool deltaPicOrderAlwaysZero = false;
	bool frameMbsOnly = true;
	unsigned width = 0;
	unsigned height = 0;
	Rational frameRate;
	ColourDescription colour;
};

struct PpsFacts {
	unsigned spsId = 0;
	bool bottomFieldPicOrderInFramePresent = false;
};

/* The slice header fields 7.4.1.2.4 compares. */
struct SliceFacts {
	unsigned firstMb = 0;
	unsigned ppsId = 0;
	unsigned frameNum = 0;
	bool fieldPic = false;
	bool bottomField = false;
	bool refIdcZero = false;
	bool idr = false;
	unsigned idrPicId = 0;
	unsigned pocLsb = 0;
	int32_t deltaPocBottom = 0;
	int32_t deltaPoc[2] = { 0, 0 };

	bool samePictureAs(const SliceFacts &o) const
	{
		return ppsId == o.ppsId && frameNum == o.frameNum && fieldPic == o.fieldPic &&
		       bottomField == o.bottomField && refIdcZero == o.refIdcZero && idr == o.idr &&
		       (!idr || idrPicId == o.idrPicId) && pocLsb == o.pocLsb &&
		       deltaPocBottom == o.deltaPocBottom && deltaPoc[0] == o.deltaPoc[0] &&
		       deltaPoc[1] == o.deltaPoc[1];
	}
};

bool hasChromaFields(unsigned profileIdc)
{
	switch (profileIdc) {
	case 100: case 110: case 122: case 244: case 44: case 83: case 86:
	case 118: case 128: case 138: case 139: case 134: case 135:
		return true;
	default:
		return false;
	}
}

void skipScalingList(BitReader &bits, unsigned size)
{
	int last = 8, next = 8;
	for (unsigned j = 0; j < size && !bits.hasError(); j++) {
		if (next != 0) {
			int32_t delta = bits.readSe();
			if (delta < -128 || delta > 127) {
				bits.setError();
				return;
			}
			next = (last + delta + 256) % 256;
		}
		last = next == 0 ? last : next;
	}
}

std::optional<std::pair<unsigned, SpsFacts>> parseSps(BitReader &bits)
{
	SpsFacts sps;
	unsigned profileIdc = bits.readBits(8);
	bits.skipBits(16); /* constraint flags, level_idc */
	unsigned spsId = bits.readUe();
	if (spsId > 31)
		return std::nullopt;
	unsigned chromaFormat = 1;
	if (hasChromaFields(profileIdc)) {
		chromaFormat = bits.readUe();
		if (chromaFormat > 3)
			return std::nullopt;
		if (chromaFormat == 3)
			sps.separateColourPlane = bits.readFlag();
		bits.readUe(); /* bit_depth_luma_minus8 */
		bits.readUe(); /* bit_depth_chroma_minus8 */
		bits.skipBits(1);
		if (bits.readFlag()) {
			for (unsigned i = 0; i < (chromaFormat != 3 ? 8u : 12u); i++)
				if (bits.readFlag())
					skipScalingList(bits, i < 6 ? 16 : 64);
		}
	}
	unsigned log2MaxFrameNumMinus4 = bits.readUe();
	if (log2MaxFrameNumMinus4 > 12)
		return std::nullopt;
	sps.log2MaxFrameNum = log2MaxFrameNumMinus4 + 4;
	sps.pocType = bits.readUe();
	if (sps.pocType == 0) {
		unsigned v = bits.readUe();
		if (v > 12)
			return std::nullopt;
		sps.log2MaxPocLsb = v + 4;
	} else if (sps.pocType == 1) {
		sps.deltaPicOrderAlwaysZero = bits.readFlag();
		bits.readSe();
		bits.readSe();
		unsigned cycle = bits.readUe();
		if (cycle > 255)
			return std::nullopt;
		for (unsigned i = 0; i < cycle && !bits.hasError(); i++)
			bits.readSe();
	} else if (sps.pocType != 2) {
		return std::nullopt;
	}
	bits.readUe(); /* max_num_ref_frames */
	bits.skipBits(1);
	uint32_t widthMbs = bits.readUe() + 1;
	uint32_t heightMapUnits = bits.readUe() + 1;
	sps.frameMbsOnly = bits.readFlag();
	if (!sps.frameMbsOnly)
		bits.skipBits(1);
	bits.skipBits(1); /* direct_8x8_inference_flag */
	uint32_t crop[4] = { 0, 0, 0, 0 };
	if (bits.readFlag())
		for (auto &c : crop)
			c = bits.readUe();

	/* 7.4.2.1.1: the crop unit depends on chroma sampling and on field coding. */
	bool monochromeLike = chromaFormat == 0 || sps.separateColourPlane;
	unsigned cropX = monochromeLike ? 1 : (chromaFormat == 3 ? 1 : 2);
	unsigned cropY = (monochromeLike ? 1 : (chromaFormat == 1 ? 2 : 1)) * (sps.frameMbsOnly ? 1 : 2);
	uint64_t width = uint64_t{ widthMbs } * 16;
	uint64_t height = uint64_t{ heightMapUnits } * 16 * (sps.frameMbsOnly ? 1 : 2);
	uint64_t cropW = uint64_t{ cropX } * (uint64_t{ crop[0] } + crop[1]);
	uint64_t cropH = uint64_t{ cropY } * (uint64_t{ crop[2] } + crop[3]);
	if (cropW < width && cropH < height && width <= kMaxDimension && height <= kMaxDimension) {
		sps.width = static_cast<unsigned>(width - cropW);
		sps.height = static_cast<unsigned>(height - cropH);
	}

	if (bits.readFlag()) { /* vui_parameters_present_flag (E.1.1) */
		if (bits.readFlag() && bits.readBits(8) == 255) /* aspect_ratio_idc: Extended_SAR */
			bits.skipBits(32);
		if (bits.readFlag())
			bits.skipBits(1); /* overscan_appropriate_flag */
		if (bits.readFlag()) { /* video_signal_type_present_flag */
			bits.skipBits(3);
			bool fullRange = bits.readFlag();
			sps.colour.range = fullRange ? ColourDescription::Range::Full
						     : ColourDescription::Range::Limited;
			if (bits.readFlag()) {
				sps.colour.primaries = bits.readBits(8);
				sps.colour.transfer = bits.readBits(8);
				sps.colour.matrix = bits.readBits(8);
			}
		}
		if (bits.readFlag()) { /* chroma_loc_info_present_flag */
			bits.readUe();
			bits.readUe();
		}
		if (bits.readFlag()) { /* timing_info_present_flag */
			uint32_t unitsInTick = bits.readBits(32);
			uint32_t timeScale = bits.readBits(32);
			/* A frame lasts two ticks (E.2.1, for frame-coded streams). */
			if (unitsInTick && timeScale && unitsInTick <= UINT32_MAX / 2) {
				uint32_t den = unitsInTick * 2;
				uint32_t g = std::gcd(timeScale, den);
				sps.frameRate = { timeScale / g, den / g };
			}
		}
	}
	if (bits.hasError()) {
		/* A VUI cut short still leaves the fields the boundary rules need. */
		sps.frameRate = {};
	}
	return std::pair{ spsId, sps };
}

class H264AccessUnitRules : public AccessUnitRules
{
public:
	Verdict examine(std::span<const uint8_t> nal) override
	{
		Verdict verdict;
		if (nal.empty() || (nal[0] & 0x80))
			return verdict;
		unsigned type = nal[0] & 0x1f;
		unsigned refIdc = (nal[0] >> 5) & 3;
		BitReader bits(nal.subspan(1), BitReader::Mode::Rbsp);

		switch (type) {
		case 1: case 2: case 5:
			verdict.vcl = true;
			verdict.randomAccess = type == 5;
			verdict.startsAccessUnit = startsNewPicture(bits, type, refIdc);
			break;
		case 3: case 4: /* data partitions B and C follow their A */
			verdict.vcl = true;
			break;
		case 7: {
			verdict.startsAccessUnit = true;
			auto sps = parseSps(bits);
			if (sps) {
				sps_[sps->first] = sps->second;
				lastSps_ = sps->first;
			}
			break;
		}
		case 8: {
			verdict.startsAccessUnit = true;
			unsigned ppsId = bits.readUe();
			unsigned spsId = bits.readUe();
			bits.skipBits(1); /* entropy_coding_mode_flag */
			bool bottomPresent = bits.readFlag();
			if (!bits.hasError() && ppsId < 256 && spsId < 32)
				pps_[ppsId] = PpsFacts{ spsId, bottomPresent };
			break;
		}
		case 6: case 9: case 14: case 15: case 16: case 17: case 18:
			verdict.startsAccessUnit = true;
			break;
		default:
			break;
		}
		return verdict;
	}

	void describe(TrackInfo *track) const override
	{
		if (lastSps_ < 0 || !sps_[lastSps_])
			return;
		const SpsFacts &sps = *sps_[lastSps_];
		track->codedWidth = sps.width;
		track->codedHeight = sps.height;
		if (sps.frameRate.isKnown())
			track->frameRate = sps.frameRate;
		track->colour = sps.colour;
	}

private:
	bool startsNewPicture(BitReader &bits, unsigned type, unsigned refIdc)
	{
		SliceFacts slice;
		slice.firstMb = bits.readUe();
		bits.readUe(); /* slice_type */
		slice.ppsId = bits.readUe();
		slice.refIdcZero = refIdc == 0;
		slice.idr = type == 5;

		const PpsFacts *pps = slice.ppsId < 256 && pps_[slice.ppsId] ? &*pps_[slice.ppsId] : nullptr;
		const SpsFacts *sps = pps && sps_[pps->spsId] ? &*sps_[pps->spsId] : nullptr;
		if (!sps || bits.hasError()) {
			/* Without parameter sets, fall back on the first macroblock address. */
			havePrevious_ = false;
			return slice.firstMb == 0;
		}

		if (sps->separateColourPlane)
			bits.skipBits(2);
		slice.frameNum = bits.readBits(sps->log2MaxFrameNum);
		if (!sps->frameMbsOnly) {
			slice.fieldPic = bits.readFlag();
			if (slice.fieldPic)
				slice.bottomField = bits.readFlag();
		}
		if (slice.idr)
			slice.idrPicId = bits.readUe();
		if (sps->pocType == 0) {
			slice.pocLsb = bits.readBits(sps->log2MaxPocLsb);
			if (pps->bottomFieldPicOrderInFramePresent && !slice.fieldPic)
				slice.deltaPocBottom = bits.readSe();
		} else if (sps->pocType == 1 && !sps->deltaPicOrderAlwaysZero) {
			slice.deltaPoc[0] = bits.readSe();
			if (pps->bottomFieldPicOrderInFramePresent && !slice.fieldPic)
				slice.deltaPoc[1] = bits.readSe();
		}

		bool starts = !havePrevious_ || !slice.samePictureAs(previous_) || slice.firstMb == 0;
		if (bits.hasError())
			starts = slice.firstMb == 0;
		previous_ = slice;
		havePrevious_ = true;
		return starts;
	}

	std::array<std::optional<SpsFacts>, 32> sps_;
	std::array<std::optional<PpsFacts>, 256> pps_;
	int lastSps_ = -1;
	SliceFacts previous_;
	bool havePrevious_ = false;
};

} /* namespace */

std::unique_ptr<AccessUnitRules> makeH264AccessUnitRules()
{
	return std::make_unique<H264AccessUnitRules>();
}

} /* namespace sluice */
