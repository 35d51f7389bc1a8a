/* SPDX-License-Identifier: MIT */
/*
 * What the libFuzzer target fuzz_h264.cpp and the corpus replay unit test run on each input:
 * the H.264 front-end below the engine: the input is an Annex B byte stream, split into NAL
 * units by splitNalUnits() and fed one unit at a time to H264Decoder, so parameter sets carry
 * over and SPS → PPS → slice chains reach POC, DPB marking, the reference lists and the control
 * filling. The accelerator here has no device: it fills the controls as the front-end does
 * (frame- and slice-based) and checks what the state machine hands it: DPB and list indices in
 * range, references that were decoded and are still references, bounded reference counts, each
 * picture output once and only after decoding.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <set>
#include <vector>

#include "codec/h264/h264_controls.h"
#include "codec/h264/h264_decoder.h"
#include "fuzz_check.h"

namespace sluice::fuzz::h264 {

class CheckingAccelerator : public H264Accelerator
{
public:
	int submitPicture(const H264PictureParams &params) override
	{
		FUZZ_CHECK(params.sps && params.pps && params.dpb);
		FUZZ_CHECK(!params.slices.empty());
		const std::vector<H264FrameStore> &stores = params.dpb->stores();
		/* C.4: at most 16 frame buffers, and references within max_num_ref_frames. */
		FUZZ_CHECK(stores.size() <= 16);
		unsigned references = 0;
		for (const H264FrameStore &store : stores)
			references += store.isReference();
		FUZZ_CHECK(references <= 16);

		const H264CurrentPicture &picture = params.picture;
		if (picture.firstFieldStore >= 0) {
			FUZZ_CHECK(static_cast<size_t>(picture.firstFieldStore) < stores.size());
			FUZZ_CHECK(stores[picture.firstFieldStore].timestampNs == picture.timestampNs);
			FUZZ_CHECK(submitted_.count(picture.timestampNs));
		} else {
			/* A new frame buffer: never one an earlier picture decoded into. */
			FUZZ_CHECK(!submitted_.count(picture.timestampNs));
		}

		std::vector<int> entries = h264DpbEntryStores(params);
		FUZZ_CHECK(entries.size() <= 16);
		for (int index : entries) {
			FUZZ_CHECK(index >= 0 && static_cast<size_t>(index) < stores.size());
			FUZZ_CHECK(!stores[index].nonExisting && stores[index].isReference());
			FUZZ_CHECK(submitted_.count(stores[index].timestampNs));
		}

		for (const H264SliceParams &slice : params.slices) {
			for (const H264RefList *list : { &slice.list0, &slice.list1 }) {
				FUZZ_CHECK(list->size() <= 32);
				for (const H264RefEntry &entry : *list) {
					if (entry.store < 0)
						continue;
					FUZZ_CHECK(static_cast<size_t>(entry.store) < stores.size());
					FUZZ_CHECK(entry.fields >= kH264TopField && entry.fields <= kH264BothFields);
					const H264FrameStore &store = stores[entry.store];
					FUZZ_CHECK(store.nonExisting || submitted_.count(store.timestampNs));
				}
			}
		}

		/* What the front-end sends: every slice's request in both decode modes. */
		for (H264DecodeMode mode : { H264DecodeMode::FrameBased, H264DecodeMode::SliceBased }) {
			for (unsigned i = 0; i < params.slices.size(); i++) {
				ControlSet controls;
				int ret = fillH264Controls(params, i, mode, H264StartCode::AnnexB, &controls);
				FUZZ_CHECK(ret == 0 || ret == -EINVAL);
				if (mode == H264DecodeMode::FrameBased)
					break;
			}
		}

		submitted_.insert(picture.timestampNs);
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

} /* namespace sluice::fuzz::h264 */


namespace sluice::fuzz {

/* Runs one input through the H264 path; a broken invariant aborts. */
inline void driveH264(std::span<const uint8_t> input)
{
	std::vector<std::span<const uint8_t>> units;
	splitNalUnits(input, NalFraming::AnnexB, 0, &units);

	h264::CheckingAccelerator accelerator;
	H264Capabilities capabilities;
	capabilities.profiles = { 66, 77, 88, 100, 110, 122, 244 };
	capabilities.maxBitDepth = 14;
	H264Decoder decoder(&accelerator, capabilities);
	/* Every unit gets its own timestamp: a picture takes that of its first slice, as the
	 * front-end gives each access unit a fresh frame buffer. */
	uint64_t timestamp = 1;
	for (std::span<const uint8_t> unit : units)
		decoder.decodeNal(unit, timestamp++);
	decoder.flush();

	/* The same bytes as MP4/Matroska length-prefixed units: the other splitter. */
	for (unsigned lengthSize : { 1u, 2u, 4u }) {
		units.clear();
		splitNalUnits(input, NalFraming::LengthPrefixed, lengthSize, &units);
		for (std::span<const uint8_t> unit : units)
			FUZZ_CHECK(unit.data() >= input.data() && unit.data() + unit.size() <= input.data() + input.size());
	}
}

} /* namespace sluice::fuzz */
