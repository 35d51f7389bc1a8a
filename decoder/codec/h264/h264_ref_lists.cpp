/* SPDX-License-Identifier: MIT */
#include "h264_ref_lists.h"

#include <algorithm>
#include <cerrno>

#include "h264_log.h"

namespace sluice {

namespace {

/* Fields of store s usable as references by `pic`: a frame needs both fields marked alike;
 * a field may use each field of any frame, including the first field of its own frame. */
uint8_t shortFields(const H264FrameStore &s) { return s.shortTermFields; }
uint8_t longFields(const H264FrameStore &s) { return s.longTermFields; }

/* 8.2.4.2.5: alternate parities, starting with the current field's, from frame lists. */
void alternateFields(const std::vector<int> &frames, const std::vector<H264FrameStore> &stores,
		     uint8_t (*marked)(const H264FrameStore &), uint8_t parity, H264RefList *out)
{
	uint8_t other = kH264BothFields & ~parity;
	size_t same = 0, opposite = 0;
	uint8_t want = parity;
	for (;;) {
		size_t &cursor = want == parity ? same : opposite;
		while (cursor < frames.size() && !(marked(stores[frames[cursor]]) & want))
			cursor++;
		if (cursor < frames.size()) {
			out->push_back({ frames[cursor], want });
			cursor++;
		} else {
			/* This parity ran out: the rest of the other parity follows in order. */
			size_t &rest = want == parity ? opposite : same;
			uint8_t restParity = want == parity ? other : parity;
			for (; rest < frames.size(); rest++)
				if (marked(stores[frames[rest]]) & restParity)
					out->push_back({ frames[rest], restParity });
			return;
		}
		want = want == parity ? other : parity;
	}
}

} /* namespace */

void initialRefLists(const H264Dpb &dpb, const H264CurrentPicture &pic, bool bSlice,
		     H264RefList *list0, H264RefList *list1)
{
	const auto &stores = dpb.stores();
	list0->clear();
	list1->clear();
	const bool field = pic.isField();
	std::vector<int> shortTerm, longTerm;
	for (size_t i = 0; i < stores.size(); i++) {
		const H264FrameStore &s = stores[i];
		bool isCurrentFrame = static_cast<int>(i) == pic.firstFieldStore;
		if (!field && isCurrentFrame)
			continue;
		/* Frames: only frames/pairs with both fields marked (8.2.4.2.1). Fields: any
		 * frame with at least one marked field (8.2.4.2.2, 8.2.4.2.5). */
		if (field ? s.shortTermFields != 0 : s.shortTermFields == kH264BothFields)
			shortTerm.push_back(static_cast<int>(i));
		if (field ? s.longTermFields != 0 : s.longTermFields == kH264BothFields)
			longTerm.push_back(static_cast<int>(i));
	}
	auto byLongTermIdx = [&](int a, int b) {
		return stores[a].longTermFrameIdx < stores[b].longTermFrameIdx;
	};
	std::sort(longTerm.begin(), longTerm.end(), byLongTermIdx);

	if (!bSlice) {
		/* 8.2.4.2.1/8.2.4.2.2: short-term by descending PicNum / FrameNumWrap. */
		std::sort(shortTerm.begin(), shortTerm.end(), [&](int a, int b) {
			return stores[a].frameNumWrap > stores[b].frameNumWrap;
		});
		if (!field) {
			for (int i : shortTerm)
				list0->push_back({ i, kH264BothFields });
			for (int i : longTerm)
				list0->push_back({ i, kH264BothFields });
			return;
		}
		alternateFields(shortTerm, stores, shortFields, pic.mask(), list0);
		alternateFields(longTerm, stores, longFields, pic.mask(), list0);
		return;
	}

	/* 8.2.4.2.3/8.2.4.2.4: B lists by POC around the current picture's. For fields, a
	 * frame's POC counts only its reference fields (and, for the current frame, only the
	 * first field), which picOrderCnt(mask) gives. */
	int32_t currentPoc = field ? (pic.structure == H264PictureStructure::TopField
				      ? pic.topFieldOrderCnt : pic.bottomFieldOrderCnt)
				   : std::min(pic.topFieldOrderCnt, pic.bottomFieldOrderCnt);
	auto pocOf = [&](int i) {
		const H264FrameStore &s = stores[i];
		uint8_t mask = field ? (s.shortTermFields & s.decodedFields) : kH264BothFields;
		return s.picOrderCnt(mask);
	};
	std::vector<int> before, after;
	for (int i : shortTerm)
		(pocOf(i) <= currentPoc ? before : after).push_back(i);
	std::sort(before.begin(), before.end(), [&](int a, int b) { return pocOf(a) > pocOf(b); });
	std::sort(after.begin(), after.end(), [&](int a, int b) { return pocOf(a) < pocOf(b); });
	std::vector<int> order0 = before, order1 = after;
	order0.insert(order0.end(), after.begin(), after.end());
	order1.insert(order1.end(), before.begin(), before.end());

	if (!field) {
		for (int i : order0)
			list0->push_back({ i, kH264BothFields });
		for (int i : order1)
			list1->push_back({ i, kH264BothFields });
		for (int i : longTerm) {
			list0->push_back({ i, kH264BothFields });
			list1->push_back({ i, kH264BothFields });
		}
	} else {
		alternateFields(order0, stores, shortFields, pic.mask(), list0);
		alternateFields(order1, stores, shortFields, pic.mask(), list1);
		alternateFields(longTerm, stores, longFields, pic.mask(), list0);
		alternateFields(longTerm, stores, longFields, pic.mask(), list1);
	}
	/* 8.2.4.2.3: when list 1 has more than one entry and equals list 0, swap its first two. */
	if (list1->size() > 1 && *list0 == *list1)
		std::swap((*list1)[0], (*list1)[1]);
}

/* 8.2.4.3 for one list. */
static int modifyList(const H264Dpb &dpb, const H264CurrentPicture &pic, const H264SliceHeader &slice,
		      unsigned listIndex, H264RefList *list)
{
	const auto &stores = dpb.stores();
	const int32_t maxPicNum = static_cast<int32_t>(pic.isField() ? 2 * dpb.maxFrameNum() : dpb.maxFrameNum());
	const int32_t currPicNum = pic.picNum();
	const size_t active = list->size();
	int32_t picNumPred = currPicNum;
	int ret = 0;

	for (unsigned n = 0; n < slice.modificationCount[listIndex] && n < active; n++) {
		const H264RefPicListModification &m = slice.modifications[listIndex][n];
		H264RefEntry found{ -1, 0 };
		bool longTerm = m.idc == 2;
		int32_t wanted;
		if (!longTerm) {
			/* 8.2.4.3.1 */
			int32_t delta = static_cast<int32_t>(m.value) + 1;
			int32_t noWrap = m.idc == 0 ? picNumPred - delta : picNumPred + delta;
			if (noWrap < 0)
				noWrap += maxPicNum;
			else if (noWrap >= maxPicNum)
				noWrap -= maxPicNum;
			picNumPred = noWrap;
			wanted = noWrap > currPicNum ? noWrap - maxPicNum : noWrap;
		} else {
			wanted = static_cast<int32_t>(m.value);
		}
		for (size_t i = 0; i < stores.size() && found.store < 0; i++) {
			const H264FrameStore &s = stores[i];
			if (!pic.isField() && static_cast<int>(i) == pic.firstFieldStore)
				continue;
			uint8_t marked = longTerm ? s.longTermFields : s.shortTermFields;
			if (!pic.isField()) {
				int32_t number = longTerm ? H264Dpb::longTermPicNumOf(s, pic, 3)
							  : H264Dpb::picNumOf(s, pic, 3);
				if (marked == kH264BothFields && number == wanted)
					found = { static_cast<int>(i), kH264BothFields };
				continue;
			}
			for (uint8_t f : { kH264TopField, kH264BottomField }) {
				int32_t number = longTerm ? H264Dpb::longTermPicNumOf(s, pic, f)
							  : H264Dpb::picNumOf(s, pic, f);
				if ((marked & f) && number == wanted)
					found = { static_cast<int>(i), f };
			}
		}
		if (found.store < 0) {
			LOG(H264, Warn) << "list " << listIndex << " modification: no "
					<< (longTerm ? "long" : "short") << "-term picture numbered " << wanted;
			ret = -EINVAL;
		}
		/* 8.2.4.3.1/2: insert at n, then drop the later copy of the same picture. */
		list->insert(list->begin() + n, found);
		size_t out = n + 1;
		for (size_t in = n + 1; in < list->size(); in++) {
			const H264RefEntry &e = (*list)[in];
			if (found.store >= 0 && e == found)
				continue;
			(*list)[out++] = e;
		}
		list->resize(active);
	}
	return ret;
}

int buildRefLists(const H264Dpb &dpb, const H264CurrentPicture &pic, const H264SliceHeader &slice,
		  H264RefList *list0, H264RefList *list1)
{
	list0->clear();
	list1->clear();
	if (slice.isI())
		return 0;
	initialRefLists(dpb, pic, slice.isB(), list0, list1);
	/* 8.2.4.2: lists longer than the active count are truncated; shorter ones end in "no
	 * reference picture" entries (a modification may fill them). */
	list0->resize(slice.numRefIdxL0ActiveMinus1 + 1u, H264RefEntry{ -1, 0 });
	int ret = modifyList(dpb, pic, slice, 0, list0);
	if (slice.isB()) {
		list1->resize(slice.numRefIdxL1ActiveMinus1 + 1u, H264RefEntry{ -1, 0 });
		ret |= modifyList(dpb, pic, slice, 1, list1);
	} else {
		list1->clear();
	}
	return ret;
}

} /* namespace sluice */
