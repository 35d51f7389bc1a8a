/* SPDX-License-Identifier: MIT */
#include "h264_decoder.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "h264_log.h"

namespace sluice {

H264Decoder::H264Decoder(H264Accelerator *accelerator, H264Capabilities capabilities)
	: accelerator_(accelerator), capabilities_(std::move(capabilities))
{
}

int H264Decoder::checkSupported(const H264Sps &sps, const H264Pps &pps) const
{
	const auto &profiles = capabilities_.profiles;
	std::string reason;
	if (std::find(profiles.begin(), profiles.end(), sps.profileIdc) == profiles.end())
		reason = "profile_idc " + std::to_string(sps.profileIdc) + " not supported by the device";
	else if (sps.levelIdc > capabilities_.maxLevelIdc)
		reason = "level_idc " + std::to_string(sps.levelIdc) + " above the device's " +
			 std::to_string(capabilities_.maxLevelIdc);
	else if (std::max(sps.bitDepthLuma(), sps.bitDepthChroma()) > capabilities_.maxBitDepth)
		reason = std::to_string(std::max(sps.bitDepthLuma(), sps.bitDepthChroma())) +
			 "-bit samples; the device decodes up to " + std::to_string(capabilities_.maxBitDepth);
	else if (sps.codedWidth() > capabilities_.maxWidth || sps.codedHeight() > capabilities_.maxHeight)
		reason = "size " + std::to_string(sps.codedWidth()) + "x" + std::to_string(sps.codedHeight()) +
			 " above the device's " + std::to_string(capabilities_.maxWidth) + "x" +
			 std::to_string(capabilities_.maxHeight);
	else if (!sps.frameMbsOnly && !capabilities_.fieldPictures)
		reason = "interlaced coding (frame_mbs_only_flag 0) not supported by the device";
	else if (pps.numSliceGroupsMinus1 > 0)
		reason = "slice groups (FMO, Extended/Baseline) are not supported by stateless drivers";
	else if (sps.separateColourPlane)
		reason = "separate colour planes are not supported";
	if (reason.empty())
		return 0;
	LOG(H264, Error) << "unsupported stream: " << reason;
	return -ENOTSUP;
}

int H264Decoder::activate(const H264Sps &sps)
{
	/* A new SPS with another size or DPB starts over: what was decoded leaves first. */
	bool same = hasActiveSps_ && activeSpsCopy_.picWidthInMbsMinus1 == sps.picWidthInMbsMinus1 &&
		    activeSpsCopy_.picHeightInMapUnitsMinus1 == sps.picHeightInMapUnitsMinus1 &&
		    activeSpsCopy_.maxNumRefFrames == sps.maxNumRefFrames &&
		    activeSpsCopy_.log2MaxFrameNumMinus4 == sps.log2MaxFrameNumMinus4 &&
		    activeSpsCopy_.vui.maxDecFrameBuffering == sps.vui.maxDecFrameBuffering;
	activeSpsCopy_ = sps;
	if (same)
		return 0;
	if (hasActiveSps_) {
		std::vector<H264OutputFrame> out;
		dpb_.flush(&out);
		emit(out);
		dpb_.clear();
	}
	hasActiveSps_ = true;
	/* A.3.1/C.4: DPB size from the VUI when given, else from the level; never below the
	 * references the SPS announces. */
	unsigned dpbFrames = sps.vui.bitstreamRestriction ? std::max<unsigned>(sps.vui.maxDecFrameBuffering, 1)
							  : h264MaxDpbFramesForLevel(sps);
	dpbFrames = std::max<unsigned>(dpbFrames, sps.maxNumRefFrames);
	unsigned reorder = sps.vui.bitstreamRestriction ? sps.vui.maxNumReorderFrames : dpbFrames;
	dpb_.configure(dpbFrames, sps.maxNumRefFrames, reorder, sps.maxFrameNum());
	LOG(H264, Debug) << "SPS " << unsigned(sps.id) << ": " << sps.codedWidth() << "x" << sps.codedHeight()
			 << ", DPB " << dpbFrames << " frames, reorder " << reorder;
	return 0;
}

/* 7.4.1.2.4: the first VCL NAL unit of a new primary coded picture differs from the last
 * slice in one of these. */
bool H264Decoder::isNewPicture(const H264SliceHeader &s) const
{
	if (!inPicture_)
		return true;
	const H264SliceHeader &p = current_.slices.back().header;
	return s.frameNum != p.frameNum || s.ppsId != p.ppsId || s.fieldPic != p.fieldPic ||
	       s.bottomField != p.bottomField || (s.nal.nalRefIdc == 0) != (p.nal.nalRefIdc == 0) ||
	       s.picOrderCntLsb != p.picOrderCntLsb || s.deltaPicOrderCntBottom != p.deltaPicOrderCntBottom ||
	       s.deltaPicOrderCnt[0] != p.deltaPicOrderCnt[0] || s.deltaPicOrderCnt[1] != p.deltaPicOrderCnt[1] ||
	       s.isIdr() != p.isIdr() || (s.isIdr() && s.idrPicId != p.idrPicId);
}

int H264Decoder::startPicture(const H264ParsedNal &nal, uint64_t timestampNs)
{
	const H264SliceHeader &slice = nal.slice;
	const H264Pps *pps = parser_.pps(slice.ppsId);
	const H264Sps *sps = pps ? parser_.sps(pps->spsId) : nullptr;
	if (!pps || !sps)
		return -ENOENT;
	int ret = checkSupported(*sps, *pps);
	if (ret)
		return ret;
	activate(*sps);
	activeSps_ = sps;

	if (!slice.isIdr() && !prevRefFrameNumValid_) {
		LOG(H264, Warn) << "stream starts without an IDR picture; skipping to the first one";
		return -EINVAL;
	}

	/* 8.2.5.2: frame_num gaps become "non-existing" short-term frames. */
	const uint32_t maxFrameNum = sps->maxFrameNum();
	if (!slice.isIdr() && slice.frameNum != prevRefFrameNum_ &&
	    slice.frameNum != (prevRefFrameNum_ + 1) % maxFrameNum) {
		if (!sps->gapsInFrameNumAllowed)
			LOG(H264, Warn) << "frame_num jumps from " << prevRefFrameNum_ << " to " << slice.frameNum
					<< " (pictures lost?); filling the gap";
		std::vector<H264OutputFrame> out;
		unsigned filled = 0;
		for (uint32_t n = (prevRefFrameNum_ + 1) % maxFrameNum; n != slice.frameNum;
		     n = (n + 1) % maxFrameNum) {
			dpb_.insertGapFrame(static_cast<uint16_t>(n), &out);
			poc_.gapFrame(static_cast<uint16_t>(n), maxFrameNum);
			/* More than max_num_ref_frames of them change nothing further. */
			if (++filled > kH264MaxRefFrames && n + 1 < slice.frameNum)
				n = (slice.frameNum + maxFrameNum - 2) % maxFrameNum;
		}
		emit(out);
		prevRefFrameNum_ = (slice.frameNum + maxFrameNum - 1) % maxFrameNum;
	}

	currentPoc_ = poc_.compute(*sps, slice);
	current_ = H264PictureParams{};
	current_.sps = sps;
	current_.pps = pps;
	current_.dpb = &dpb_;
	H264CurrentPicture &pic = current_.picture;
	pic.timestampNs = timestampNs;
	pic.structure = !slice.fieldPic ? H264PictureStructure::Frame
			: slice.bottomField ? H264PictureStructure::BottomField : H264PictureStructure::TopField;
	pic.frameNum = slice.frameNum;
	pic.idr = slice.isIdr();
	pic.reference = slice.isReference();
	pic.topFieldOrderCnt = currentPoc_.topFieldOrderCnt;
	pic.bottomFieldOrderCnt = currentPoc_.bottomFieldOrderCnt;
	dpb_.beginPicture(&pic);
	/* A second field decodes into its first field's buffer. */
	if (pic.firstFieldStore >= 0)
		pic.timestampNs = dpb_.stores()[pic.firstFieldStore].timestampNs;
	inPicture_ = true;
	return 0;
}

int H264Decoder::addSlice(const H264ParsedNal &nal)
{
	H264SliceParams slice;
	slice.header = nal.slice;
	slice.nal = nal.data;
	int ret = buildRefLists(dpb_, current_.picture, slice.header, &slice.list0, &slice.list1);
	current_.slices.push_back(std::move(slice));
	/* The marking of the picture is that of its first slice (7.4.3.3: all must agree). */
	current_.picture.marking = &current_.slices.front().header.marking;
	return ret;
}

void H264Decoder::emit(const std::vector<H264OutputFrame> &frames)
{
	for (const H264OutputFrame &frame : frames)
		accelerator_->outputPicture(frame.timestampNs);
}

int H264Decoder::finishPicture()
{
	if (!inPicture_)
		return 0;
	inPicture_ = false;
	current_.picture.marking = &current_.slices.front().header.marking;
	int ret = accelerator_->submitPicture(current_);

	std::vector<H264OutputFrame> out;
	bool hadMmco5 = false;
	if (dpb_.finishPicture(&current_.picture, &out, &hadMmco5))
		LOG(H264, Warn) << "reference marking of frame_num " << current_.picture.frameNum
				<< " named missing pictures";
	const H264SliceHeader &first = current_.slices.front().header;
	if (hadMmco5) {
		currentPoc_.topFieldOrderCnt = current_.picture.topFieldOrderCnt;
		currentPoc_.bottomFieldOrderCnt = current_.picture.bottomFieldOrderCnt;
	}
	poc_.pictureDecoded(first, currentPoc_, hadMmco5);
	if (first.isReference()) {
		prevRefFrameNum_ = hadMmco5 ? 0 : first.frameNum;
		prevRefFrameNumValid_ = true;
	}
	emit(out);
	return ret;
}

int H264Decoder::decodeNal(std::span<const uint8_t> nal, uint64_t timestampNs)
{
	if (nal.empty())
		return -EINVAL;
	/*
	 * 7.4.1.2.3: SEI, parameter sets, delimiters and the reserved types 14..18 can only
	 * start a new access unit, so the picture in progress is complete. Finish it before
	 * parsing: a parameter set re-sent with the same id replaces the one that picture's
	 * parameters still point to.
	 */
	unsigned rawType = nal[0] & 0x1f;
	bool startsAccessUnit =
		(rawType >= static_cast<unsigned>(H264NalType::Sei) &&
		 rawType <= static_cast<unsigned>(H264NalType::EndOfStream)) ||
		(rawType >= 14 && rawType <= 18);
	if (startsAccessUnit)
		finishPicture();

	H264ParsedNal parsed;
	int ret = parser_.parseNal(nal, &parsed);
	if (!parsed.header.isSlice() || ret)
		return ret;
	if (refused_)
		return -ENOTSUP;

	if (isNewPicture(parsed.slice)) {
		int finished = finishPicture();
		ret = startPicture(parsed, timestampNs);
		if (ret == -ENOTSUP)
			refused_ = true;
		if (ret)
			return ret;
		if (finished)
			LOG(H264, Warn) << "accelerator failed on the previous picture: " << finished;
	}
	return addSlice(parsed);
}

int H264Decoder::decode(std::span<const uint8_t> data, NalFraming framing, unsigned lengthSize,
			uint64_t timestampNs, bool endOfAccessUnit)
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
	/* A frame's access unit ends here; a field's second field may still come in the next
	 * call, and finishing now is still right since the second field is its own picture. */
	if (endOfAccessUnit) {
		int r = finishPicture();
		if (r && !ret)
			ret = r;
	}
	return ret;
}

int H264Decoder::flush()
{
	int ret = finishPicture();
	std::vector<H264OutputFrame> out;
	dpb_.flush(&out);
	emit(out);
	return ret;
}

} /* namespace sluice */
