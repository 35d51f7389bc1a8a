/* SPDX-License-Identifier: MIT */
#include "hevc_decoder.h"

#include <algorithm>
#include <cerrno>
#include <string>

#include "hevc_log.h"

namespace sluice {

namespace {

/* 8.3.4: RefPicListTemp0/1 cycle through the current lists until they hold
 * Max(num_ref_idx_active, NumPicTotalCurr) entries; modification then picks from them. */
std::vector<uint8_t> buildRefList(const std::vector<uint8_t> &first, const std::vector<uint8_t> &second,
				  const std::vector<uint8_t> &longTerm, unsigned activeCount, bool modified,
				  const std::array<uint8_t, kHevcMaxRefIdx> &entries)
{
	std::vector<uint8_t> temp;
	size_t total = first.size() + second.size() + longTerm.size();
	if (total == 0)
		return {};
	unsigned tempCount = std::max<unsigned>(activeCount, static_cast<unsigned>(total));
	while (temp.size() < tempCount) {
		for (const auto *list : { &first, &second, &longTerm })
			for (uint8_t entry : *list)
				if (temp.size() < tempCount)
					temp.push_back(entry);
	}
	std::vector<uint8_t> out(activeCount);
	for (unsigned i = 0; i < activeCount; i++)
		out[i] = temp[modified ? std::min<size_t>(entries[i], temp.size() - 1) : i];
	return out;
}

} /* namespace */

HevcDecoder::HevcDecoder(HevcAccelerator *accelerator, HevcCapabilities capabilities)
	: accelerator_(accelerator), capabilities_(std::move(capabilities))
{
}

int HevcDecoder::checkSupported(const HevcSps &sps) const
{
	const HevcProfileTierLevel &ptl = sps.profileTierLevel;
	const auto &profiles = capabilities_.profiles;
	bool profileOk = std::any_of(profiles.begin(), profiles.end(),
				     [&](uint8_t profile) { return ptl.compatibleWith(profile); });
	unsigned depth = std::max(sps.bitDepthLuma(), sps.bitDepthChroma());
	std::string reason;
	if (sps.chromaFormatIdc != 1)
		reason = "chroma_format_idc " + std::to_string(sps.chromaFormatIdc) +
			 " (only 4:2:0 reaches the V4L2 HEVC controls)";
	else if (sps.rangeExtension.any())
		reason = "range extension coding tools (sps_range_extension), which the V4L2 HEVC controls cannot carry";
	else if (depth > capabilities_.maxBitDepth)
		reason = std::to_string(depth) + "-bit samples; the device decodes up to " +
			 std::to_string(capabilities_.maxBitDepth) + " bits";
	else if (!profileOk && depth > 8)
		reason = "general_profile_idc " + std::to_string(ptl.profileIdc) + " not offered by the device";
	else if (sps.picWidthInLumaSamples > capabilities_.maxWidth || sps.picHeightInLumaSamples > capabilities_.maxHeight)
		reason = "size " + std::to_string(sps.picWidthInLumaSamples) + "x" + std::to_string(sps.picHeightInLumaSamples) +
			 " above the device's " + std::to_string(capabilities_.maxWidth) + "x" +
			 std::to_string(capabilities_.maxHeight);
	if (reason.empty())
		return 0;
	LOG(HEVC, Error) << "unsupported stream: " << reason;
	return -ENOTSUP;
}

void HevcDecoder::activate(const HevcSps &sps)
{
	bool same = hasActiveSps_ && activeSpsCopy_.picWidthInLumaSamples == sps.picWidthInLumaSamples &&
		    activeSpsCopy_.picHeightInLumaSamples == sps.picHeightInLumaSamples &&
		    activeSpsCopy_.maxDecPicBuffering() == sps.maxDecPicBuffering() &&
		    activeSpsCopy_.maxNumReorder() == sps.maxNumReorder() &&
		    activeSpsCopy_.maxLatencyPictures() == sps.maxLatencyPictures();
	activeSpsCopy_ = sps;
	hasActiveSps_ = true;
	if (same)
		return;
	dpb_.configure(sps.maxDecPicBuffering(), sps.maxNumReorder(), sps.maxLatencyPictures());
	LOG(HEVC, Debug) << "SPS " << unsigned(sps.id) << ": " << sps.picWidthInLumaSamples << "x"
			 << sps.picHeightInLumaSamples << ", DPB " << sps.maxDecPicBuffering() << ", reorder "
			 << sps.maxNumReorder();
}

int32_t HevcDecoder::computePoc(const HevcSliceHeader &slice, const HevcSps &sps, bool irapWithNoRaslOutput) const
{
	/* 8.3.1: POC msb restarts at an IRAP with NoRaslOutputFlag; otherwise it follows the
	 * lsb wrap relative to prevTid0Pic. */
	const int32_t maxLsb = static_cast<int32_t>(sps.maxPicOrderCntLsb());
	const int32_t lsb = slice.picOrderCntLsb;
	int32_t msb = 0;
	if (!irapWithNoRaslOutput) {
		int32_t prevLsb = prevTid0Poc_ & (maxLsb - 1);
		int32_t prevMsb = prevTid0Poc_ - prevLsb;
		if (lsb < prevLsb && prevLsb - lsb >= maxLsb / 2)
			msb = prevMsb + maxLsb;
		else if (lsb > prevLsb && lsb - prevLsb > maxLsb / 2)
			msb = prevMsb - maxLsb;
		else
			msb = prevMsb;
	}
	return msb + lsb;
}

int HevcDecoder::startPicture(const HevcParsedNal &nal, uint64_t timestampNs)
{
	const HevcSliceHeader &slice = nal.slice;
	const HevcNalHeader &header = nal.header;
	const HevcPps *pps = parser_.pps(slice.ppsId);
	const HevcSps *sps = pps ? parser_.sps(pps->spsId) : nullptr;
	if (!pps || !sps)
		return -ENOENT;

	/* Decoding starts at an IRAP picture (8.1.3). */
	if (waitingForIrap_ && !header.isIrap()) {
		skippingPicture_ = true;
		return 0;
	}
	bool noRaslOutput = false;
	if (header.isIrap()) {
		/* 8.1.3: IDR and BLA always; a CRA when it starts the stream, follows an end of
		 * sequence, or (HandleCraAsBlaFlag) is where playback resumed after a seek. */
		noRaslOutput = header.isIdr() || header.isBla() || firstPicture_;
		lastIrapNoRaslOutput_ = noRaslOutput;
		waitingForIrap_ = false;
	}
	/* 8.1.3: RASL pictures of an IRAP with NoRaslOutputFlag are not output and may refer
	 * to pictures that were never decoded: they are skipped. */
	if (header.isRasl() && lastIrapNoRaslOutput_) {
		skippingPicture_ = true;
		skippedRasl_++;
		return 0;
	}
	int ret = checkSupported(*sps);
	if (ret)
		return ret;
	activate(*sps);

	bool irapNoRasl = header.isIrap() && noRaslOutput;
	int32_t poc = computePoc(slice, *sps, irapNoRasl);
	/* 8.3.1: prevTid0Pic is the last TemporalId 0 picture that is not RASL, RADL or a
	 * sub-layer non-reference picture. */
	if (header.temporalId() == 0 && !header.isRasl() && !header.isRadl() && !header.isSubLayerNonReference())
		prevTid0Poc_ = poc;

	HevcReferenceSet set;
	dpb_.applyReferenceSet(slice, *sps, poc, irapNoRasl, &set);
	if (set.missing)
		LOG(HEVC, Warn) << "picture POC " << poc << " refers to " << set.missing
				<< " picture(s) the DPB does not hold";

	current_ = HevcPictureParams{};
	current_.sps = sps;
	current_.pps = pps;
	current_.timestampNs = timestampNs;
	current_.poc = poc;
	current_.irap = header.isIrap();
	current_.idr = header.isIdr();
	current_.noRaslOutputFlag = noRaslOutput;
	/* dpb[]: every reference, in DPB order; the lists index it. */
	const std::vector<HevcDpbPicture> &pictures = dpb_.pictures();
	std::vector<int> entryOf(pictures.size(), -1);
	for (size_t k = 0; k < pictures.size() && current_.dpb.size() < kHevcMaxDpbSize; k++) {
		if (!pictures[k].isReference())
			continue;
		entryOf[k] = static_cast<int>(current_.dpb.size());
		current_.dpb.push_back({ pictures[k].timestampNs, pictures[k].poc, pictures[k].longTerm });
	}
	auto toEntries = [&](const std::vector<int> &list, std::vector<uint8_t> *out) {
		for (int k : list)
			if (entryOf[k] >= 0)
				out->push_back(static_cast<uint8_t>(entryOf[k]));
	};
	toEntries(set.stCurrBefore, &current_.stCurrBefore);
	toEntries(set.stCurrAfter, &current_.stCurrAfter);
	toEntries(set.ltCurr, &current_.ltCurr);

	std::vector<uint64_t> out;
	dpb_.makeRoom(irapNoRasl, slice.noOutputOfPriorPics, &out);
	emit(out);

	firstPicture_ = false;
	inPicture_ = true;
	return 0;
}

int HevcDecoder::addSlice(const HevcParsedNal &nal)
{
	HevcSliceParams slice;
	slice.header = nal.slice;
	slice.nal = nal.data;
	const HevcSliceHeader &h = slice.header;
	if (!h.isI()) {
		if (current_.stCurrBefore.size() + current_.stCurrAfter.size() + current_.ltCurr.size() == 0) {
			LOG(HEVC, Warn) << "inter slice of POC " << current_.poc << " without any reference";
			return -EINVAL;
		}
		slice.refPicList0 = buildRefList(current_.stCurrBefore, current_.stCurrAfter, current_.ltCurr,
						 h.numRefIdxL0ActiveMinus1 + 1u, h.refPicListModificationFlagL0,
						 h.listEntryL0);
		if (h.isB())
			slice.refPicList1 = buildRefList(current_.stCurrAfter, current_.stCurrBefore, current_.ltCurr,
							 h.numRefIdxL1ActiveMinus1 + 1u, h.refPicListModificationFlagL1,
							 h.listEntryL1);
	}
	current_.slices.push_back(std::move(slice));
	return 0;
}

void HevcDecoder::emit(const std::vector<uint64_t> &timestamps)
{
	for (uint64_t timestamp : timestamps)
		accelerator_->outputPicture(timestamp);
}

int HevcDecoder::finishPicture()
{
	skippingPicture_ = false;
	if (!inPicture_)
		return 0;
	inPicture_ = false;
	if (current_.slices.empty())
		return -EINVAL;
	int ret = accelerator_->submitPicture(current_);
	/* 8.1.3: PicOutputFlag is pic_output_flag (RASL pictures to skip never get here). */
	bool output = current_.slices.front().header.picOutputFlag;
	std::vector<uint64_t> out;
	dpb_.insertCurrent(current_.timestampNs, current_.poc, output, &out);
	emit(out);
	return ret;
}

int HevcDecoder::decodeNal(std::span<const uint8_t> nal, uint64_t timestampNs)
{
	if (nal.size() < 2)
		return -EINVAL;
	/* Peek the type first: a parameter set or a new access unit ends the picture being
	 * gathered before the parser replaces anything that picture points to (7.4.2.4.4). */
	const unsigned type = (nal[0] >> 1) & 0x3f;
	const bool isVcl = type < 32;
	const bool startsAccessUnit = (type >= 32 && type <= 35) || type == 39 || (type >= 41 && type <= 44) ||
				      (type >= 48 && type <= 55);
	if (startsAccessUnit)
		finishPicture();
	if (isVcl && nal.size() > 2 && (nal[2] & 0x80))
		finishPicture(); /* first_slice_segment_in_pic_flag */
	if (type == static_cast<unsigned>(HevcNalType::EndOfSequence) ||
	    type == static_cast<unsigned>(HevcNalType::EndOfBitstream)) {
		finishPicture();
		/* 8.1.3: the picture after an end of sequence starts a new coded video sequence. */
		firstPicture_ = true;
		return 0;
	}

	HevcParsedNal parsed;
	int ret = parser_.parseNal(nal, &parsed);
	if (ret || !parsed.header.isSlice() || parsed.header.layerId != 0)
		return ret;
	if (refused_)
		return -ENOTSUP;

	if (parsed.slice.firstSliceSegmentInPic) {
		ret = startPicture(parsed, timestampNs);
		if (ret == -ENOTSUP)
			refused_ = true;
		if (ret)
			return ret;
	} else if (!inPicture_ && !skippingPicture_) {
		LOG(HEVC, Warn) << "slice segment without the first segment of its picture; dropped";
		return -EINVAL;
	}
	if (skippingPicture_)
		return 0;
	return addSlice(parsed);
}

int HevcDecoder::decode(std::span<const uint8_t> data, NalFraming framing, unsigned lengthSize, uint64_t timestampNs)
{
	std::vector<std::span<const uint8_t>> units;
	int ret = splitNalUnits(data, framing, lengthSize, &units);
	for (std::span<const uint8_t> unit : units) {
		int r = decodeNal(unit, timestampNs);
		if (r == -ENOTSUP)
			return r;
		if (r && !ret)
			ret = r;
	}
	int r = finishPicture();
	return ret ? ret : r;
}

int HevcDecoder::flush()
{
	int ret = finishPicture();
	std::vector<uint64_t> out;
	dpb_.flush(&out);
	emit(out);
	return ret;
}

} /* namespace sluice */
