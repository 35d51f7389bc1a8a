/* SPDX-License-Identifier: MIT */
/*
 * Picks the demuxer from the input's first bytes — never from the file name — and opens it.
 */
#pragma once

#include <memory>
#include <span>
#include <string>

#include "demuxer.h"

namespace sluice {

/*
 * EBML magic 1A 45 DF A3 → Matroska/WebM; "DKIF" → IVF; a start code followed by an MPEG-2
 * sequence header → MPEG-2; start codes whose NAL headers make sense as H.264 or as HEVC →
 * that Annex-B stream. head: the first few KiB (64 KiB is plenty).
 */
ContainerType detectContainer(std::span<const uint8_t> head);

struct OpenResult {
	std::unique_ptr<Demuxer> demuxer; /* null on failure */
	std::string error;                /* one line, set on failure */
};

/* trackNumber: the container's track number, -1 for the first video track. */
OpenResult openDemuxer(std::unique_ptr<ByteSource> source, int trackNumber = -1);
OpenResult openDemuxerFile(const std::string &path, int trackNumber = -1);

} /* namespace sluice */
