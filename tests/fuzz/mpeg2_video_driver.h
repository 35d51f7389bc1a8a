/* SPDX-License-Identifier: MIT */
/*
 * What the libFuzzer target fuzz_mpeg2_video.cpp and the corpus replay unit test run on each
 * input: the MPEG-2 video parser: the input is an elementary stream, cut into packets before
 * every picture start code as the demuxer cuts it, and fed packet by packet to Mpeg2Parser,
 * which carries the sequence header and extension, the quantiser matrices and the GOP header
 * across packets. Every picture it emits is filled into controls as the front-end does. Checks
 * that slices lie inside their packet and start with a slice start code, and that a picture is
 * never emitted without a sequence header.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "codec/mpeg2/mpeg2_controls.h"
#include "codec/mpeg2/mpeg2_parser.h"
#include "fuzz_check.h"

namespace sluice::fuzz::mpeg2 {

/* The packets of the stream: each ends before the next picture start code (00 00 01 00). */
inline std::vector<std::span<const uint8_t>> packets(std::span<const uint8_t> stream)
{
	std::vector<std::span<const uint8_t>> out;
	size_t start = 0;
	for (size_t i = 1; i + 3 < stream.size(); i++) {
		if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1 && stream[i + 3] == 0) {
			out.push_back(stream.subspan(start, i - start));
			start = i;
		}
	}
	out.push_back(stream.subspan(start));
	return out;
}

} /* namespace sluice::fuzz::mpeg2 */


namespace sluice::fuzz {

/* Runs one input through the MPEG-2 video path; a broken invariant aborts. */
inline void driveMpeg2Video(std::span<const uint8_t> input)
{
	Mpeg2Parser parser;
	uint64_t frameId = 1;
	for (std::span<const uint8_t> packet : mpeg2::packets(input)) {
		std::vector<Mpeg2Picture> pictures;
		parser.parse(packet, &pictures);
		for (const Mpeg2Picture &picture : pictures) {
			FUZZ_CHECK(picture.width() && picture.height());
			for (std::span<const uint8_t> slice : picture.slices) {
				FUZZ_CHECK(!slice.empty());
				FUZZ_CHECK(slice.data() >= packet.data() &&
					   slice.data() + slice.size() <= packet.data() + packet.size());
				/* 6.2.4: slice_start_code values 0x01..0xaf. */
				FUZZ_CHECK(slice[0] >= 0x01 && slice[0] <= 0xaf);
			}
			Mpeg2ReferenceKeys keys;
			if (picture.header.codingType != Mpeg2PictureType::I)
				keys.forward = (frameId - 1) * 1000;
			if (picture.header.codingType == Mpeg2PictureType::B)
				keys.backward = (frameId - 1) * 1000;
			ControlSet controls;
			fillMpeg2SequenceControl(picture, &controls);
			fillMpeg2Controls(picture, keys, &controls);
			FUZZ_CHECK(controls.size() == 4);
			frameId++;
		}
	}
}

} /* namespace sluice::fuzz */
