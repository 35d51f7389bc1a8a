/* SPDX-License-Identifier: MIT */
/*
 * The sample (pixel) aspect ratio a stream states, from the codecs' own fields: the VUI that
 * H.264 and HEVC share (Table E-1), MPEG-2's display aspect ratio (6.3.3, Table 6-3), or a
 * display size (Matroska DisplayWidth/DisplayHeight, the VP9 render_size, MPEG-2's
 * sequence_display_extension).
 *
 * Every ratio that leaves here is reduced and bounded: a hostile stream can state 65535:1,
 * and the window arithmetic downstream must never see a zero or an absurd ratio. A stated
 * ratio outside 1/16..16 is rejected (square samples are used) and the caller says so once.
 */
#pragma once

#include <array>
#include <cstdint>
#include <numeric>

#include "codec/vui_signal.h"

namespace sluice {

struct SampleAspect {
	uint32_t num = 1;
	uint32_t den = 1;
	bool operator==(const SampleAspect &) const = default;
};

/* What a stream stated: its ratio (1:1 when it stated none), and whether one it stated was
 * rejected as zero or out of range. */
struct StatedAspect {
	SampleAspect sar;
	bool rejected = false;
	bool operator==(const StatedAspect &) const = default;
};

/* No real format goes beyond 16:1 (the widest Table E-1 entry is 160:99). */
inline constexpr uint64_t kMaxSampleAspect = 16;

/* num:den reduced, or rejected when either is 0 or the ratio is outside 1/16..16. */
inline StatedAspect boundSampleAspect(uint64_t num, uint64_t den)
{
	if (!num || !den || num > kMaxSampleAspect * den || den > kMaxSampleAspect * num)
		return { {}, true };
	uint64_t g = std::gcd(num, den);
	num /= g;
	den /= g;
	/* Keep both terms small enough that width * term stays far inside 64 bits: halving
	 * both moves the ratio by less than one part in 65535. */
	while (num > UINT16_MAX || den > UINT16_MAX) {
		num = (num + 1) / 2;
		den = (den + 1) / 2;
	}
	g = std::gcd(num, den);
	return { { uint32_t(num / g), uint32_t(den / g) }, false };
}

/*
 * The sample aspect ratio that shows visibleW x visibleH samples at a display size of
 * displayW x displayH: (displayW / visibleW) / (displayH / visibleH). Unstated when a size
 * is 0.
 */
inline StatedAspect sampleAspectForDisplaySize(uint32_t displayW, uint32_t displayH, uint32_t visibleW,
					       uint32_t visibleH)
{
	if (!displayW || !displayH || !visibleW || !visibleH)
		return {};
	return boundSampleAspect(uint64_t(displayW) * visibleH, uint64_t(displayH) * visibleW);
}

/* The sample aspect ratio that gives a width x height picture the display aspect ratio
 * darNum:darDen. */
inline StatedAspect sampleAspectForDisplayAspect(uint32_t darNum, uint32_t darDen, uint32_t width,
						 uint32_t height)
{
	if (!darNum || !darDen || !width || !height)
		return {};
	return boundSampleAspect(uint64_t(darNum) * height, uint64_t(darDen) * width);
}

/*
 * H.264 and HEVC VUI, Table E-1: aspect_ratio_idc 1..16 name a ratio, 255 (Extended_SAR)
 * carries sar_width:sar_height (E.2.1: either 0 means unspecified); 0 is unspecified and
 * 17..254 are reserved, both read as unstated.
 */
inline StatedAspect vuiSampleAspect(bool vuiPresent, const VuiSignal &vui)
{
	static constexpr std::array<SampleAspect, 17> kTableE1 = { {
		{ 0, 0 }, { 1, 1 }, { 12, 11 }, { 10, 11 }, { 16, 11 }, { 40, 33 }, { 24, 11 },
		{ 20, 11 }, { 32, 11 }, { 80, 33 }, { 18, 11 }, { 15, 11 }, { 64, 33 },
		{ 160, 99 }, { 4, 3 }, { 3, 2 }, { 2, 1 },
	} };
	constexpr uint8_t kExtendedSar = 255;

	if (!vuiPresent || !vui.aspectRatioInfoPresent)
		return {};
	if (vui.aspectRatioIdc == kExtendedSar) {
		if (!vui.sarWidth || !vui.sarHeight)
			return {};
		return boundSampleAspect(vui.sarWidth, vui.sarHeight);
	}
	if (vui.aspectRatioIdc == 0 || vui.aspectRatioIdc >= kTableE1.size())
		return {};
	const SampleAspect &entry = kTableE1[vui.aspectRatioIdc];
	return { entry, false };
}

/*
 * MPEG-2 (13818-2 6.3.3, Table 6-3): aspect_ratio_information is a display aspect ratio
 * (2 = 4:3, 3 = 16:9, 4 = 2.21:1) that applies to the display size of the
 * sequence_display_extension when there is one (6.3.6), else to the frame; 1 means square
 * samples. 0 is forbidden and 5..15 reserved: unstated.
 */
inline StatedAspect mpeg2SampleAspect(uint8_t aspectRatioInformation, uint32_t width, uint32_t height,
				      uint32_t displayW, uint32_t displayH)
{
	if (!displayW || !displayH)
		displayW = width, displayH = height;
	switch (aspectRatioInformation) {
	case 1: return { { 1, 1 }, false };
	case 2: return sampleAspectForDisplayAspect(4, 3, displayW, displayH);
	case 3: return sampleAspectForDisplayAspect(16, 9, displayW, displayH);
	case 4: return sampleAspectForDisplayAspect(221, 100, displayW, displayH);
	default: return {};
	}
}

} /* namespace sluice */
