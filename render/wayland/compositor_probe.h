/* SPDX-License-Identifier: MIT */
/*
 * The compositor probe behind `sluice --probe-compositor`: for every (format, modifier) the
 * decoder can produce that the compositor advertises, import a small test dmabuf and report
 * whether the compositor accepted it. Advertising is a promise; only an import shows it is
 * kept (stride rules, plane counts and size limits are not in the format table).
 *
 * Not in the frame path, so it may use roundtrips.
 */
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "display.h"
#include "fallback_chain.h"

namespace sluice {

enum class ProbeOutcome : uint8_t { NotAdvertised, Accepted, Failed, Skipped };

std::string_view probeOutcomeName(ProbeOutcome outcome);

struct ProbeResult {
	ProducibleFormat format;
	DmabufPair sentAs{}; /* the pair imported (INVALID when only implicit is listed) */
	bool advertised = false;
	bool scanout = false;
	ProbeOutcome outcome = ProbeOutcome::Skipped;
	uint32_t stride = 0;
	std::string detail;
};

struct ProbeReport {
	bool hasDmabuf = false;
	uint32_t dmabufVersion = 0;
	bool perSurfaceFeedback = false;
	std::string allocator; /* "" when none: imports were skipped */
	std::vector<uint32_t> shmFormats;
	std::vector<ProbeResult> results;
};

/* Test buffer geometry for a pair; exposed for tests. Returns false for unknown formats. */
struct TestLayout {
	uint32_t width = 0;
	uint32_t height = 0;
	unsigned planes = 0;
	uint32_t offsets[2] = {};
	uint32_t strides[2] = {};
	size_t size = 0;
};
bool testLayoutFor(uint32_t drmFourcc, uint64_t modifier, uint32_t width, uint32_t height,
		   uint32_t strideAlign, TestLayout *out);

/* allowMemfd: tests only (fake compositor, or weston on llvmpipe, which maps any fd). */
int probeCompositor(Display &display, std::span<const ProducibleFormat> producible,
		    ProbeReport *report, bool allowMemfd = false);

/* A human-readable multi-line report. */
std::string formatProbeReport(const ProbeReport &report);

} /* namespace sluice */
