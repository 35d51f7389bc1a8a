/* SPDX-License-Identifier: MIT */
/*
 * Compares the syntax elements a sluice parser traced (SyntaxTrace) with the ones FFmpeg's
 * trace_headers printed for the same units: the same count, then, in order, each element's
 * name, value and RBSP bit position. Shared by the H.264, HEVC and MPEG-2 parser tests.
 *
 * A mismatch is a fatal failure, which returns from this helper only: call it through
 * ASSERT_NO_FATAL_FAILURE so the test stops there as well.
 */
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "codec/syntax_reader.h"
#include "trace_headers.h"

namespace sluice::test {

/* Our element names as FFmpeg prints them; the same for most codecs. */
inline std::string sameElementName(const std::string &name)
{
	return name;
}

/*
 * where names the stream (and unit) in failure messages; *compared counts the elements that
 * matched. ffmpegName maps one of our names to FFmpeg's where the two differ.
 */
template<typename NameMap = decltype(&sameElementName)>
void expectElementsMatchFfmpeg(const SyntaxTrace &ours,
			       const std::vector<const TraceElement *> &theirs,
			       const std::string &where, size_t *compared,
			       NameMap ffmpegName = &sameElementName)
{
	ASSERT_EQ(ours.size(), theirs.size())
		<< where << " element count; last of ours " << (ours.empty() ? "-" : ours.back().name)
		<< ", last of FFmpeg's " << (theirs.empty() ? "-" : theirs.back()->name);
	for (size_t i = 0; i < ours.size(); i++) {
		SCOPED_TRACE(where + " element " + std::to_string(i));
		ASSERT_EQ(ffmpegName(ours[i].name), theirs[i]->name);
		ASSERT_EQ(ours[i].value, theirs[i]->value) << ours[i].name;
		ASSERT_EQ(ours[i].bitPosition, theirs[i]->bitPosition) << ours[i].name;
		(*compared)++;
	}
}

} /* namespace sluice::test */
