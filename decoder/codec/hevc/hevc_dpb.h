/* SPDX-License-Identifier: MIT */
/*
 * The HEVC decoded picture buffer: reference marking by reference picture set (8.3.2) and
 * output order by the "bumping" process (C.5.2). Kernel-independent: pictures are known by
 * the timestamp of the CAPTURE buffer they were decoded into.
 */
#pragma once

#include <cstdint>
#include <vector>

#include "hevc_slice_header.h"

namespace sluice {

struct HevcDpbPicture {
	uint64_t timestampNs = 0;
	int32_t poc = 0;
	bool shortTerm = false;
	bool longTerm = false;
	bool neededForOutput = false;
	uint32_t latencyCount = 0;

	bool isReference() const { return shortTerm || longTerm; }
};

/* The five lists of 8.3.2 as indices into HevcDpb::pictures(). */
struct HevcReferenceSet {
	std::vector<int> stCurrBefore, stCurrAfter, stFoll, ltCurr, ltFoll;
	/* References the RPS named that the DPB does not hold (lost or skipped pictures). */
	unsigned missing = 0;
};

class HevcDpb
{
public:
	/* sps_max_dec_pic_buffering, sps_max_num_reorder_pics and SpsMaxLatencyPictures (0:
	 * no latency limit) of the highest sub-layer (C.5.2.2). */
	void configure(unsigned maxDecPicBuffering, unsigned maxNumReorder, uint32_t maxLatencyPictures);

	/*
	 * 8.3.2: marks the DPB for the picture about to be decoded (poc) from its first slice
	 * and fills `set`. An IRAP picture with NoRaslOutputFlag first drops every reference.
	 */
	void applyReferenceSet(const HevcSliceHeader &slice, const HevcSps &sps, int32_t poc,
			       bool irapWithNoRaslOutput, HevcReferenceSet *set);

	/*
	 * C.5.2.2, before decoding the current picture (after applyReferenceSet): an IRAP with
	 * NoRaslOutputFlag empties the DPB, outputting what waits unless noOutputOfPriorPics;
	 * otherwise unneeded pictures leave and bumping runs until the current one fits.
	 * Output timestamps are appended to `out` in display order.
	 */
	void makeRoom(bool irapWithNoRaslOutput, bool noOutputOfPriorPics, std::vector<uint64_t> *out);

	/* C.5.2.3: the current picture enters the DPB as a short-term reference; more bumping. */
	void insertCurrent(uint64_t timestampNs, int32_t poc, bool output, std::vector<uint64_t> *out);

	/* End of stream: everything waiting is output in POC order, then the DPB is emptied. */
	void flush(std::vector<uint64_t> *out);
	void clear() { pictures_.clear(); }

	const std::vector<HevcDpbPicture> &pictures() const { return pictures_; }
	unsigned maxDecPicBuffering() const { return maxDecPicBuffering_; }

private:
	/* C.5.2.4: outputs the smallest POC waiting for output, then drops unneeded pictures. */
	bool bump(std::vector<uint64_t> *out);
	void removeUnused();
	unsigned waitingForOutput() const;
	bool latencyExceeded() const;

	std::vector<HevcDpbPicture> pictures_;
	unsigned maxDecPicBuffering_ = 16;
	unsigned maxNumReorder_ = 16;
	uint32_t maxLatencyPictures_ = 0;
};

} /* namespace sluice */
