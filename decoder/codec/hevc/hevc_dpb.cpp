/* SPDX-License-Identifier: MIT */
#include "hevc_dpb.h"

#include <algorithm>

#include "hevc_log.h"

namespace sluice {

void HevcDpb::configure(unsigned maxDecPicBuffering, unsigned maxNumReorder, uint32_t maxLatencyPictures)
{
	maxDecPicBuffering_ = std::clamp(maxDecPicBuffering, 1u, kHevcMaxDpbSize);
	maxNumReorder_ = maxNumReorder;
	maxLatencyPictures_ = maxLatencyPictures;
}

void HevcDpb::applyReferenceSet(const HevcSliceHeader &slice, const HevcSps &sps, int32_t poc,
				bool irapWithNoRaslOutput, HevcReferenceSet *set)
{
	*set = HevcReferenceSet{};
	/* 8.3.2: an IRAP picture with NoRaslOutputFlag leaves no reference behind. */
	if (irapWithNoRaslOutput)
		for (HevcDpbPicture &picture : pictures_)
			picture.shortTerm = picture.longTerm = false;
	if (slice.nal.isIdr())
		return;

	const HevcShortTermRps &rps = slice.shortTermRps;
	const uint32_t maxLsb = sps.maxPicOrderCntLsb();
	std::vector<bool> keep(pictures_.size(), false);
	std::vector<bool> isLong(pictures_.size(), false);

	/* 8-5: long-term candidates first, so that a picture named both ways ends long-term. */
	unsigned longTermCount = slice.numLongTermSps + slice.numLongTermPics;
	for (unsigned i = 0; i < longTermCount; i++) {
		const HevcLongTermRef &lt = slice.longTerm[i];
		int64_t pocLt = lt.pocLsbLt;
		if (lt.deltaPocMsbPresent)
			pocLt += poc - int64_t(lt.deltaPocMsbCycleLt) * maxLsb - (poc & (maxLsb - 1));
		int found = -1;
		for (size_t k = 0; k < pictures_.size(); k++) {
			const HevcDpbPicture &p = pictures_[k];
			if (!p.isReference())
				continue;
			int64_t compared = lt.deltaPocMsbPresent ? p.poc : (p.poc & (maxLsb - 1));
			if (compared == pocLt)
				found = static_cast<int>(k);
		}
		if (found < 0) {
			set->missing += lt.usedByCurrPicLt;
			continue;
		}
		keep[found] = isLong[found] = true;
		(lt.usedByCurrPicLt ? set->ltCurr : set->ltFoll).push_back(found);
	}

	/* 8-6: short-term pictures by exact POC, among those not long-term. */
	auto findShortTerm = [&](int32_t wanted) {
		for (size_t k = 0; k < pictures_.size(); k++)
			if (pictures_[k].shortTerm && !isLong[k] && pictures_[k].poc == wanted)
				return static_cast<int>(k);
		return -1;
	};
	auto collect = [&](int32_t delta, bool used, std::vector<int> *curr) {
		int found = findShortTerm(poc + delta);
		if (found < 0) {
			set->missing += used;
			return;
		}
		keep[found] = true;
		(used ? curr : &set->stFoll)->push_back(found);
	};
	for (unsigned i = 0; i < rps.numNegativePics; i++)
		collect(rps.deltaPocS0[i], rps.usedByCurrPicS0[i], &set->stCurrBefore);
	for (unsigned i = 0; i < rps.numPositivePics; i++)
		collect(rps.deltaPocS1[i], rps.usedByCurrPicS1[i], &set->stCurrAfter);

	/* Everything the set does not name stops being a reference. */
	for (size_t k = 0; k < pictures_.size(); k++) {
		HevcDpbPicture &p = pictures_[k];
		if (!keep[k]) {
			p.shortTerm = p.longTerm = false;
		} else if (isLong[k]) {
			p.shortTerm = false;
			p.longTerm = true;
		}
	}
}

unsigned HevcDpb::waitingForOutput() const
{
	return static_cast<unsigned>(std::count_if(pictures_.begin(), pictures_.end(),
						   [](const HevcDpbPicture &p) { return p.neededForOutput; }));
}

bool HevcDpb::latencyExceeded() const
{
	if (maxLatencyPictures_ == 0)
		return false;
	return std::any_of(pictures_.begin(), pictures_.end(), [&](const HevcDpbPicture &p) {
		return p.neededForOutput && p.latencyCount >= maxLatencyPictures_;
	});
}

void HevcDpb::removeUnused()
{
	std::erase_if(pictures_, [](const HevcDpbPicture &p) { return !p.neededForOutput && !p.isReference(); });
}

bool HevcDpb::bump(std::vector<uint64_t> *out)
{
	auto next = pictures_.end();
	for (auto it = pictures_.begin(); it != pictures_.end(); ++it)
		if (it->neededForOutput && (next == pictures_.end() || it->poc < next->poc))
			next = it;
	if (next == pictures_.end())
		return false;
	next->neededForOutput = false;
	out->push_back(next->timestampNs);
	removeUnused();
	return true;
}

void HevcDpb::makeRoom(bool irapWithNoRaslOutput, bool noOutputOfPriorPics, std::vector<uint64_t> *out)
{
	if (irapWithNoRaslOutput) {
		/* C.5.2.2: NoOutputOfPriorPicsFlag drops what waits; otherwise it is all output
		 * first (C.3.2 lets a decoder output it as the bumping process would). */
		if (!noOutputOfPriorPics)
			while (bump(out)) {
			}
		pictures_.clear();
		return;
	}
	removeUnused();
	while (waitingForOutput() > maxNumReorder_ || latencyExceeded() ||
	       pictures_.size() >= maxDecPicBuffering_) {
		if (!bump(out)) {
			/* Full of references nothing will output: the stream overfills its DPB. */
			LOG(HEVC, Warn) << "DPB full of references (" << pictures_.size() << " of "
					<< maxDecPicBuffering_ << ")";
			break;
		}
	}
}

void HevcDpb::insertCurrent(uint64_t timestampNs, int32_t poc, bool output, std::vector<uint64_t> *out)
{
	/* C.5.2.3: pictures waiting for output age by one decoded picture. */
	for (HevcDpbPicture &p : pictures_)
		if (p.neededForOutput)
			p.latencyCount++;
	HevcDpbPicture current;
	current.timestampNs = timestampNs;
	current.poc = poc;
	current.shortTerm = true;
	current.neededForOutput = output;
	pictures_.push_back(current);
	while (waitingForOutput() > maxNumReorder_ || latencyExceeded())
		if (!bump(out))
			break;
}

void HevcDpb::flush(std::vector<uint64_t> *out)
{
	while (bump(out)) {
	}
	pictures_.clear();
}

} /* namespace sluice */
