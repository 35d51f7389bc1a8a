/* SPDX-License-Identifier: MIT */
#include "h264_dpb.h"

#include <algorithm>
#include <cerrno>

#include "h264_log.h"

namespace sluice {

void H264Dpb::configure(unsigned dpbFrames, unsigned maxNumRefFrames, unsigned maxReorder,
			uint32_t maxFrameNum)
{
	dpbFrames_ = std::clamp(dpbFrames, 1u, 16u);
	maxNumRefFrames_ = std::clamp(maxNumRefFrames, 1u, 16u);
	maxReorder_ = std::min(maxReorder, dpbFrames_);
	maxFrameNum_ = maxFrameNum;
}

void H264Dpb::clear()
{
	stores_.clear();
	maxLongTermFrameIdx_ = -1;
	pendingFirstField_ = 0;
}

int32_t H264Dpb::picNumOf(const H264FrameStore &s, const H264CurrentPicture &pic, uint8_t field)
{
	if (!pic.isField())
		return s.frameNumWrap;
	/* 8.2.4.1: same-parity fields get the odd numbers. */
	return 2 * s.frameNumWrap + (field == pic.mask() ? 1 : 0);
}

int32_t H264Dpb::longTermPicNumOf(const H264FrameStore &s, const H264CurrentPicture &pic,
				  uint8_t field)
{
	int32_t idx = static_cast<int32_t>(s.longTermFrameIdx);
	if (!pic.isField())
		return idx;
	return 2 * idx + (field == pic.mask() ? 1 : 0);
}

void H264Dpb::updateFrameNumWrap(uint16_t currentFrameNum)
{
	for (H264FrameStore &s : stores_) {
		int32_t frameNum = s.frameNum;
		s.frameNumWrap = frameNum > currentFrameNum
				 ? frameNum - static_cast<int32_t>(maxFrameNum_) : frameNum;
	}
}

void H264Dpb::beginPicture(H264CurrentPicture *pic)
{
	updateFrameNumWrap(pic->frameNum);
	pic->firstFieldStore = -1;
	if (!pic->isField() || !pendingFirstField_)
		return;
	/* 7.4.1.2.4: the second field follows its first directly, with the opposite parity
	 * and the same frame_num, and is not an IDR picture. */
	for (size_t i = 0; i < stores_.size(); i++) {
		H264FrameStore &s = stores_[i];
		if (s.decodeOrder + 1 != pendingFirstField_)
			continue;
		if (!pic->idr && s.frameNum == pic->frameNum && !(s.decodedFields & pic->mask()) &&
		    s.isReference() == pic->reference)
			pic->firstFieldStore = static_cast<int>(i);
		break;
	}
}

unsigned H264Dpb::referenceFrameCount() const
{
	unsigned n = 0;
	for (const H264FrameStore &s : stores_)
		n += s.isReference();
	return n;
}

void H264Dpb::slidingWindow(int exceptStore)
{
	/* 8.2.5.3: at max_num_ref_frames references, drop the short-term one with the smallest
	 * FrameNumWrap. */
	while (referenceFrameCount() >= maxNumRefFrames_) {
		int oldest = -1;
		for (size_t i = 0; i < stores_.size(); i++) {
			const H264FrameStore &s = stores_[i];
			if (static_cast<int>(i) == exceptStore || !s.isShortTerm())
				continue;
			if (oldest < 0 || s.frameNumWrap < stores_[oldest].frameNumWrap)
				oldest = static_cast<int>(i);
		}
		if (oldest < 0) {
			/* 8.2.5.3 requires a short-term picture here; a stream with only long-term
			 * ones is broken, and keeping them all is the gentlest reaction. */
			LOG(H264, Warn) << "sliding window: no short-term reference to remove";
			return;
		}
		stores_[oldest].shortTermFields = 0;
	}
}

void H264Dpb::limitReferences(int exceptStore, bool currentOutside)
{
	/* After marking, at most max_num_ref_frames frames are references (8.2.5.4, 8.2.5.3).
	 * A corrupt stream's marking can leave more (adaptive marking that frees nothing, long-
	 * term indices beyond MaxLongTermFrameIdx), and the DPB would grow with every picture:
	 * the oldest short-term references go first, then the oldest long-term ones. */
	while (referenceFrameCount() + currentOutside > maxNumRefFrames_) {
		int oldest = -1;
		for (size_t i = 0; i < stores_.size(); i++) {
			const H264FrameStore &s = stores_[i];
			if (static_cast<int>(i) == exceptStore || !s.isReference())
				continue;
			const H264FrameStore *o = oldest < 0 ? nullptr : &stores_[oldest];
			if (!o || (s.isShortTerm() && !o->isShortTerm()) ||
			    (s.isShortTerm() == o->isShortTerm() && s.decodeOrder < o->decodeOrder))
				oldest = static_cast<int>(i);
		}
		if (oldest < 0)
			return;
		LOG(H264, Warn) << "more references than max_num_ref_frames (" << maxNumRefFrames_
				<< "); dropping the oldest";
		stores_[oldest].shortTermFields = 0;
		stores_[oldest].longTermFields = 0;
	}
}

void H264Dpb::unmarkAll()
{
	for (H264FrameStore &s : stores_) {
		s.shortTermFields = 0;
		s.longTermFields = 0;
	}
	maxLongTermFrameIdx_ = -1;
}

int H264Dpb::applyMmco(const H264Mmco &op, H264CurrentPicture *pic, H264FrameStore *current,
		       int currentIndex, bool *hadMmco5)
{
	/* (store, field) with a short-term or long-term number; field is 3 for frames. */
	auto findShort = [&](int32_t picNum, int *index, uint8_t *field) {
		for (size_t i = 0; i < stores_.size(); i++) {
			const H264FrameStore &s = stores_[i];
			if (static_cast<int>(i) == currentIndex)
				continue;
			if (!pic->isField()) {
				if (s.shortTermFields == kH264BothFields && picNumOf(s, *pic, 3) == picNum) {
					*index = static_cast<int>(i);
					*field = kH264BothFields;
					return true;
				}
				continue;
			}
			for (uint8_t f : { kH264TopField, kH264BottomField }) {
				if ((s.shortTermFields & f) && picNumOf(s, *pic, f) == picNum) {
					*index = static_cast<int>(i);
					*field = f;
					return true;
				}
			}
		}
		/* The first field of the current frame is a candidate too (it has the same
		 * frame_num, so picNum 2*FrameNumWrap). */
		return false;
	};

	switch (op.op) {
	case 1:
	case 3: {
		int32_t picNumX = pic->picNum() - static_cast<int32_t>(op.differenceOfPicNumsMinus1 + 1);
		int index = -1;
		uint8_t field = 0;
		bool found = findShort(picNumX, &index, &field);
		if (!found && pic->firstFieldStore >= 0) {
			const H264FrameStore &s = stores_[pic->firstFieldStore];
			uint8_t other = kH264BothFields & ~pic->mask();
			if ((s.shortTermFields & other) && picNumOf(s, *pic, other) == picNumX) {
				index = pic->firstFieldStore;
				field = other;
				found = true;
			}
		}
		if (!found) {
			LOG(H264, Warn) << "MMCO " << unsigned(op.op) << ": no short-term picture with PicNum "
					<< picNumX;
			return -EINVAL;
		}
		H264FrameStore &target = stores_[index];
		if (op.op == 1) {
			target.shortTermFields &= ~field;
			return 0;
		}
		/* Operation 3: LongTermFrameIdx moves to picNumX's frame; whoever else held it
		 * (other than this frame's other field) loses it. */
		for (size_t i = 0; i < stores_.size(); i++) {
			H264FrameStore &s = stores_[i];
			if (static_cast<int>(i) != index && s.isLongTerm() &&
			    s.longTermFrameIdx == op.longTermFrameIdx)
				s.longTermFields = 0;
		}
		if (current->isLongTerm() && current->longTermFrameIdx == op.longTermFrameIdx &&
		    index != currentIndex)
			current->longTermFields = 0;
		if (target.isLongTerm() && target.longTermFrameIdx != op.longTermFrameIdx)
			target.longTermFields = 0;
		target.shortTermFields &= ~field;
		target.longTermFields |= field;
		target.longTermFrameIdx = op.longTermFrameIdx;
		return 0;
	}
	case 2: {
		int32_t number = static_cast<int32_t>(op.longTermPicNum);
		for (size_t i = 0; i < stores_.size(); i++) {
			H264FrameStore &s = stores_[i];
			if (static_cast<int>(i) == currentIndex && !pic->isField())
				continue;
			for (uint8_t f : { kH264TopField, kH264BottomField, kH264BothFields }) {
				bool fits = pic->isField() ? f != kH264BothFields : f == kH264BothFields;
				if (fits && (s.longTermFields & f) == f && longTermPicNumOf(s, *pic, f) == number) {
					s.longTermFields &= ~f;
					return 0;
				}
			}
		}
		LOG(H264, Warn) << "MMCO 2: no long-term picture with LongTermPicNum " << number;
		return -EINVAL;
	}
	case 4:
		maxLongTermFrameIdx_ = static_cast<int32_t>(op.maxLongTermFrameIdxPlus1) - 1;
		for (H264FrameStore &s : stores_)
			if (s.isLongTerm() && static_cast<int32_t>(s.longTermFrameIdx) > maxLongTermFrameIdx_)
				s.longTermFields = 0;
		return 0;
	case 5:
		unmarkAll();
		*hadMmco5 = true;
		return 0;
	case 6:
		for (size_t i = 0; i < stores_.size(); i++) {
			H264FrameStore &s = stores_[i];
			if (static_cast<int>(i) != currentIndex && s.isLongTerm() &&
			    s.longTermFrameIdx == op.longTermFrameIdx)
				s.longTermFields = 0;
		}
		current->shortTermFields &= ~pic->mask();
		current->longTermFields |= pic->mask();
		current->longTermFrameIdx = op.longTermFrameIdx;
		return 0;
	default:
		return -EINVAL;
	}
}

void H264Dpb::removeUnused()
{
	std::erase_if(stores_, [this](const H264FrameStore &s) {
		return !s.neededForOutput && !s.isReference() && s.decodeOrder + 1 != pendingFirstField_;
	});
}

bool H264Dpb::bumpOne(std::vector<H264OutputFrame> *out, bool flushing)
{
	/* C.4.5.3: output the smallest POC waiting; free its buffer unless it is a reference. */
	int best = -1;
	for (size_t i = 0; i < stores_.size(); i++) {
		const H264FrameStore &s = stores_[i];
		if (!s.neededForOutput)
			continue;
		if (!flushing && s.decodeOrder + 1 == pendingFirstField_)
			continue;
		if (best < 0 || s.picOrderCnt() < stores_[best].picOrderCnt())
			best = static_cast<int>(i);
	}
	if (best < 0)
		return false;
	H264FrameStore &s = stores_[best];
	out->push_back({ s.timestampNs, s.picOrderCnt(), s.decodedFields });
	s.neededForOutput = false;
	if (flushing && s.decodeOrder + 1 == pendingFirstField_)
		pendingFirstField_ = 0;
	removeUnused();
	return true;
}

void H264Dpb::store(H264FrameStore frame, std::vector<H264OutputFrame> *out)
{
	removeUnused();
	/* C.4.5.1/C.4.5.2: make room by bumping. A non-reference frame that would come out
	 * first anyway goes straight to output. */
	while (stores_.size() >= dpbFrames_) {
		if (!frame.isReference() && frame.neededForOutput) {
			bool earliest = true;
			for (const H264FrameStore &s : stores_)
				if (s.neededForOutput && s.picOrderCnt() < frame.picOrderCnt())
					earliest = false;
			if (earliest) {
				out->push_back({ frame.timestampNs, frame.picOrderCnt(), frame.decodedFields });
				return;
			}
		}
		if (!bumpOne(out, false)) {
			LOG(H264, Warn) << "DPB full of references (" << stores_.size()
					<< " frames); storing one more than its size";
			break;
		}
	}
	stores_.push_back(frame);
}

int H264Dpb::finishPicture(H264CurrentPicture *pic, std::vector<H264OutputFrame> *out, bool *hadMmco5)
{
	*hadMmco5 = false;
	int ret = 0;
	const bool secondField = pic->firstFieldStore >= 0;

	H264FrameStore fresh;
	if (!secondField) {
		fresh.timestampNs = pic->timestampNs;
		fresh.decodeOrder = decodeCounter_++;
		fresh.frameNum = pic->frameNum;
		fresh.frameNumWrap = pic->frameNum;
		fresh.codedAsFields = pic->isField();
		fresh.firstField = pic->isField() ? pic->mask() : 0;
		fresh.idr = pic->idr;
		fresh.neededForOutput = true;
	}
	H264FrameStore *current = secondField ? &stores_[pic->firstFieldStore] : &fresh;
	const int currentIndex = secondField ? pic->firstFieldStore : -1;
	const uint64_t currentOrder = current->decodeOrder;

	if (pic->idr) {
		/* 8.2.5.1 and C.4.4. */
		bool noOutput = pic->marking && pic->marking->noOutputOfPriorPics;
		unmarkAll();
		if (noOutput)
			stores_.clear();
		else
			flush(out);
		pendingFirstField_ = 0;
		if (pic->marking && pic->marking->longTermReference) {
			current->longTermFields = pic->mask();
			current->longTermFrameIdx = 0;
			maxLongTermFrameIdx_ = 0;
		} else {
			current->shortTermFields = pic->mask();
		}
	} else if (pic->reference) {
		bool adaptive = pic->marking && pic->marking->adaptive;
		if (adaptive) {
			for (unsigned i = 0; i < pic->marking->mmcoCount; i++)
				if (applyMmco(pic->marking->mmco[i], pic, current, currentIndex, hadMmco5))
					ret = -EINVAL;
		} else if (!(secondField && current->isReference())) {
			/* 8.2.5.3 is skipped for a second field whose first field is a reference. */
			slidingWindow(currentIndex);
		}
		if (!(current->longTermFields & pic->mask()))
			current->shortTermFields |= pic->mask();
		limitReferences(currentIndex, !secondField);
	}

	/* Stores may have moved; find the current one again by decode order. */
	if (secondField) {
		current = nullptr;
		for (H264FrameStore &s : stores_)
			if (s.decodeOrder == currentOrder)
				current = &s;
		if (!current)
			return ret;
	}

	if (pic->structure != H264PictureStructure::BottomField)
		current->topFieldOrderCnt = pic->topFieldOrderCnt;
	if (pic->structure != H264PictureStructure::TopField)
		current->bottomFieldOrderCnt = pic->bottomFieldOrderCnt;
	current->decodedFields |= pic->mask();

	if (*hadMmco5) {
		/* 8.2.1: the picture's POCs become relative to itself, frame_num 0; everything
		 * before it leaves the DPB first (C.4.4, no_output_of_prior_pics_flag inferred 0). */
		int32_t temp = current->picOrderCnt();
		current->topFieldOrderCnt -= temp;
		current->bottomFieldOrderCnt -= temp;
		current->frameNum = 0;
		pic->topFieldOrderCnt = current->topFieldOrderCnt;
		pic->bottomFieldOrderCnt = current->bottomFieldOrderCnt;
		H264FrameStore saved = *current;
		if (secondField)
			std::erase_if(stores_, [&](const H264FrameStore &s) { return s.decodeOrder == currentOrder; });
		pendingFirstField_ = 0;
		flush(out);
		if (secondField)
			stores_.push_back(saved);
		else
			fresh = saved;
	}

	if (secondField) {
		pendingFirstField_ = 0;
	} else {
		if (pic->isField())
			pendingFirstField_ = fresh.decodeOrder + 1;
		else
			pendingFirstField_ = 0;
		store(fresh, out);
	}

	/* Output as soon as more frames wait than the stream may reorder. */
	for (;;) {
		unsigned waiting = 0;
		for (const H264FrameStore &s : stores_)
			waiting += s.neededForOutput && s.decodeOrder + 1 != pendingFirstField_;
		if (waiting <= maxReorder_ || !bumpOne(out, false))
			break;
	}
	return ret;
}

void H264Dpb::insertGapFrame(uint16_t frameNum, std::vector<H264OutputFrame> *out)
{
	updateFrameNumWrap(frameNum);
	slidingWindow(-1);
	limitReferences(-1, true);
	H264FrameStore frame;
	frame.decodeOrder = decodeCounter_++;
	frame.frameNum = frameNum;
	frame.frameNumWrap = frameNum;
	frame.decodedFields = kH264BothFields;
	frame.shortTermFields = kH264BothFields;
	frame.nonExisting = true;
	store(frame, out);
}

void H264Dpb::flush(std::vector<H264OutputFrame> *out)
{
	while (bumpOne(out, true)) {
	}
	stores_.erase(std::remove_if(stores_.begin(), stores_.end(),
				     [](const H264FrameStore &s) { return !s.isReference(); }),
		      stores_.end());
}

} /* namespace sluice */
