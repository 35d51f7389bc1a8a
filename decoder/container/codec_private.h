/* SPDX-License-Identifier: MIT */
/*
 * Matroska CodecPrivate readers: the AVC and HEVC decoder configuration records (ISO/IEC
 * 14496-15 avcC and hvcC) become plain parameter-set lists, and VP9's CodecPrivate gives
 * profile and bit depth. Every length is checked against the bytes present.
 */
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace sluice {

struct ParameterSets {
	std::vector<std::vector<uint8_t>> nalUnits; /* each without start code or length */
	unsigned nalLengthSize = 0;                  /* 1, 2 or 4 */
};

/* 0, or -EINVAL with *error naming the problem. */
int parseAvcC(std::span<const uint8_t> record, ParameterSets *sets, const char **error);
int parseHvcC(std::span<const uint8_t> record, ParameterSets *sets, const char **error);

/* Matroska VP9 CodecPrivate (ID, length, value triplets); fields absent stay -1. */
void parseVp9CodecPrivate(std::span<const uint8_t> data, int *profile, int *bitDepth);

} /* namespace sluice */
