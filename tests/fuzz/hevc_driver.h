/* SPDX-License-Identifier: MIT */
/*
 * What the libFuzzer target fuzz_hevc.cpp and the corpus replay unit test run on each input:
 * the HEVC front-end below the engine: the input is an Annex B byte stream, split into NAL
 * units and fed one unit at a time to HevcDecoder, so VPS → SPS → PPS → slice chains reach POC,
 * the reference picture sets, the DPB, the reference lists and the control filling. The
 * accelerator here has no device: it fills the controls as the front-end does (frame- and
 * slice-based) and checks what the state machine hands it: at most 16 dpb[] entries, each a
 * picture decoded earlier, list indices within dpb[], each picture output once and only after
 * it was decoded.
 */
#pragma once

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <span>
#include <set>
#include <vector>

#include "codec/hevc/hevc_controls.h"
#include "codec/hevc/hevc_decoder.h"
#include "fuzz_check.h"

namespace sluice::fuzz::hevc {

class CheckingAccelerator : public HevcAccelerator
{
public:
	int submitPicture(const HevcPictureParams &params) override
	{
		FUZZ_CHECK(params.sps && params.pps);
		FUZZ_CHECK(!params.slices.empty());
		FUZZ_CHECK(params.dpb.size() <= kHevcMaxDpbSize);
		/* A fresh frame buffer, and references to pictures decoded before. */
		FUZZ_CHECK(!submitted_.count(params.timestampNs));
		std::set<uint64_t> entries;
		for (const HevcReferenceEntry &entry : params.dpb) {
			FUZZ_CHECK(submitted_.count(entry.timestampNs));
			FUZZ_CHECK(entries.insert(entry.timestampNs).second);
		}
		for (const auto *list : { &params.stCurrBefore, &params.stCurrAfter, &params.ltCurr })
			for (uint8_t index : *list)
				FUZZ_CHECK(index < params.dpb.size());
		for (const HevcSliceParams &slice : params.slices) {
			FUZZ_CHECK(slice.refPicList0.size() <= kHevcMaxRefIdx + 1);
			FUZZ_CHECK(slice.refPicList1.size() <= kHevcMaxRefIdx + 1);
			for (const auto *list : { &slice.refPicList0, &slice.refPicList1 })
				for (uint8_t index : *list)
					FUZZ_CHECK(index < params.dpb.size());
		}

		/* What the front-end sends, in either decode mode the device may offer. */
		for (HevcDecodeMode mode : { HevcDecodeMode::FrameBased, HevcDecodeMode::SliceBased }) {
			HevcControlOptions options;
			options.mode = mode;
			options.entryPointOffsets = mode == HevcDecodeMode::FrameBased;
			for (unsigned i = 0; i < params.slices.size(); i++) {
				ControlSet controls;
				int ret = fillHevcControls(params, i, options, &controls);
				FUZZ_CHECK(ret == 0 || ret == -EINVAL);
				if (mode == HevcDecodeMode::FrameBased)
					break;
			}
		}

		submitted_.insert(params.timestampNs);
		return 0;
	}

	void outputPicture(uint64_t timestampNs) override
	{
		FUZZ_CHECK(submitted_.count(timestampNs));
		FUZZ_CHECK(output_.insert(timestampNs).second);
	}

private:
	std::set<uint64_t> submitted_;
	std::set<uint64_t> output_;
};

} /* namespace sluice::fuzz::hevc */


namespace sluice::fuzz {

/* Runs one input through the HEVC path; a broken invariant aborts. */
inline void driveHevc(std::span<const uint8_t> input)
{
	std::vector<std::span<const uint8_t>> units;
	splitNalUnits(input, NalFraming::AnnexB, 0, &units);

	hevc::CheckingAccelerator accelerator;
	HevcCapabilities capabilities;
	capabilities.profiles = { kHevcProfileMain, kHevcProfileMain10 };
	capabilities.maxBitDepth = 10;
	HevcDecoder decoder(&accelerator, capabilities);
	/* Every unit gets its own timestamp: a picture takes that of its first slice segment,
	 * as the front-end gives each access unit a fresh frame buffer. */
	uint64_t timestamp = 1;
	for (std::span<const uint8_t> unit : units)
		decoder.decodeNal(unit, timestamp++);
	decoder.flush();
}

} /* namespace sluice::fuzz */
