/* SPDX-License-Identifier: MIT */
#include "hevc_short_term_rps.h"

#include <algorithm>

namespace sluice {

namespace {

/* 7.4.8, equations 7-61 and 7-62: the predicted set from the reference set and deltaRps. */
void predictRps(const HevcShortTermRps &ref, int32_t deltaRps, const bool *usedByCurrPic,
		const bool *useDelta, unsigned maxPics, SyntaxReader &reader, HevcShortTermRps *out)
{
	const unsigned refNeg = ref.numNegativePics, refPos = ref.numPositivePics;
	const unsigned refAll = refNeg + refPos;
	/* Room for every candidate (refAll + 1) before the count is checked. */
	int32_t s0[kHevcMaxDpbSize + 1], s1[kHevcMaxDpbSize + 1];
	bool u0[kHevcMaxDpbSize + 1], u1[kHevcMaxDpbSize + 1];
	unsigned i = 0;
	for (int j = static_cast<int>(refPos) - 1; j >= 0; j--) {
		int32_t dPoc = ref.deltaPocS1[j] + deltaRps;
		if (dPoc < 0 && useDelta[refNeg + j]) {
			s0[i] = dPoc;
			u0[i++] = usedByCurrPic[refNeg + j];
		}
	}
	if (deltaRps < 0 && useDelta[refAll]) {
		s0[i] = deltaRps;
		u0[i++] = usedByCurrPic[refAll];
	}
	for (unsigned j = 0; j < refNeg; j++) {
		int32_t dPoc = ref.deltaPocS0[j] + deltaRps;
		if (dPoc < 0 && useDelta[j]) {
			s0[i] = dPoc;
			u0[i++] = usedByCurrPic[j];
		}
	}
	const unsigned numNegative = i;

	i = 0;
	for (int j = static_cast<int>(refNeg) - 1; j >= 0; j--) {
		int32_t dPoc = ref.deltaPocS0[j] + deltaRps;
		if (dPoc > 0 && useDelta[j]) {
			s1[i] = dPoc;
			u1[i++] = usedByCurrPic[j];
		}
	}
	if (deltaRps > 0 && useDelta[refAll]) {
		s1[i] = deltaRps;
		u1[i++] = usedByCurrPic[refAll];
	}
	for (unsigned j = 0; j < refPos; j++) {
		int32_t dPoc = ref.deltaPocS1[j] + deltaRps;
		if (dPoc > 0 && useDelta[refNeg + j]) {
			s1[i] = dPoc;
			u1[i++] = usedByCurrPic[refNeg + j];
		}
	}
	const unsigned numPositive = i;

	if (numNegative + numPositive > maxPics) {
		reader.fail();
		return;
	}
	out->numNegativePics = numNegative;
	out->numPositivePics = numPositive;
	for (unsigned k = 0; k < numNegative; k++) {
		out->deltaPocS0[k] = s0[k];
		out->usedByCurrPicS0[k] = u0[k];
	}
	for (unsigned k = 0; k < numPositive; k++) {
		out->deltaPocS1[k] = s1[k];
		out->usedByCurrPicS1[k] = u1[k];
	}
}

} /* namespace */

void parseShortTermRps(SyntaxReader &reader, unsigned stRpsIdx, unsigned numSpsSets,
		       const HevcShortTermRps *sets, unsigned maxPics, HevcShortTermRps *out)
{
	*out = HevcShortTermRps{};
	if (maxPics > kHevcMaxDpbSize)
		maxPics = kHevcMaxDpbSize;
	bool interPrediction = stRpsIdx != 0 && reader.flag("inter_ref_pic_set_prediction_flag");
	out->interRpsPrediction = interPrediction;
	if (interPrediction) {
		unsigned deltaIdxMinus1 = 0;
		if (stRpsIdx == numSpsSets)
			deltaIdxMinus1 = reader.ueMax("delta_idx_minus1", stRpsIdx - 1);
		if (reader.failed())
			return;
		const HevcShortTermRps &ref = sets[stRpsIdx - (deltaIdxMinus1 + 1)];
		bool sign = reader.flag("delta_rps_sign");
		/* 7.4.8: abs_delta_rps_minus1 is in 0 .. 2^15 - 1. */
		uint32_t absMinus1 = reader.ueMax("abs_delta_rps_minus1", 32767);
		if (reader.failed())
			return;
		int32_t deltaRps = (sign ? -1 : 1) * static_cast<int32_t>(absMinus1 + 1);
		bool usedByCurrPic[kHevcMaxDpbSize + 1] = {};
		bool useDelta[kHevcMaxDpbSize + 1] = {};
		for (unsigned j = 0; j <= ref.numDeltaPocs() && !reader.failed(); j++) {
			usedByCurrPic[j] = reader.flag("used_by_curr_pic_flag", j);
			/* 7.4.8: use_delta_flag is inferred 1 when absent. */
			useDelta[j] = usedByCurrPic[j] || reader.flag("use_delta_flag", j);
		}
		out->numDeltaPocsOfRefRps = ref.numDeltaPocs();
		if (!reader.failed())
			predictRps(ref, deltaRps, usedByCurrPic, useDelta, maxPics, reader, out);
		return;
	}

	unsigned numNegative = reader.ueMax("num_negative_pics", maxPics);
	unsigned numPositive = reader.ueMax("num_positive_pics", maxPics - (numNegative <= maxPics ? numNegative : maxPics));
	if (reader.failed())
		return;
	out->numNegativePics = numNegative;
	out->numPositivePics = numPositive;
	/* 7-63..7-66: the deltas accumulate away from the current picture. An out-of-range
	 * delta fails the read; clamped, it cannot overflow the sum before that is noticed. */
	int32_t poc = 0;
	for (unsigned i = 0; i < numNegative; i++) {
		poc -= static_cast<int32_t>(std::min(reader.ueMax("delta_poc_s0_minus1", 32767, i), 32767u)) + 1;
		out->deltaPocS0[i] = poc;
		out->usedByCurrPicS0[i] = reader.flag("used_by_curr_pic_s0_flag", i);
	}
	poc = 0;
	for (unsigned i = 0; i < numPositive; i++) {
		poc += static_cast<int32_t>(std::min(reader.ueMax("delta_poc_s1_minus1", 32767, i), 32767u)) + 1;
		out->deltaPocS1[i] = poc;
		out->usedByCurrPicS1[i] = reader.flag("used_by_curr_pic_s1_flag", i);
	}
}

} /* namespace sluice */
