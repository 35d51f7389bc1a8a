/* SPDX-License-Identifier: MIT */
/*
 * Replays tests/fuzz/corpus/<codec>/ through the drivers of the codec fuzz targets: one test
 * per file, so a regression input (regression-*) that breaks again is named by its test. The
 * drivers abort on a broken invariant, and the sanitizer build halts on undefined behaviour.
 */
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "base/log.h"
#include "h264_driver.h"
#include "hevc_driver.h"
#include "mpeg2_video_driver.h"
#include "vp8_driver.h"
#include "vp9_driver.h"

namespace sluice {
namespace {

struct CorpusFile {
	std::string codec;
	std::string path;
};

std::vector<CorpusFile> corpusFiles()
{
	std::vector<CorpusFile> files;
	for (const char *codec : { "h264", "hevc", "vp8", "vp9", "mpeg2-video" }) {
		std::filesystem::path dir = std::filesystem::path(SLUICE_FUZZ_CORPUS_DIR) / codec;
		std::error_code error;
		for (const auto &entry : std::filesystem::directory_iterator(dir, error))
			if (entry.is_regular_file())
				files.push_back({ codec, entry.path().string() });
	}
	std::sort(files.begin(), files.end(),
		  [](const CorpusFile &a, const CorpusFile &b) { return a.path < b.path; });
	return files;
}

class CorpusReplay : public ::testing::TestWithParam<CorpusFile>
{
};

TEST_P(CorpusReplay, RunsThroughItsCodecWithEveryInvariantHeld)
{
	setLogSpec("off");
	const CorpusFile &file = GetParam();
	std::ifstream in(file.path, std::ios::binary);
	std::vector<uint8_t> bytes{ std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>() };
	ASSERT_FALSE(bytes.empty()) << file.path;
	if (file.codec == "h264")
		fuzz::driveH264(bytes);
	else if (file.codec == "hevc")
		fuzz::driveHevc(bytes);
	else if (file.codec == "vp8")
		fuzz::driveVp8(bytes);
	else if (file.codec == "vp9")
		fuzz::driveVp9(bytes);
	else
		fuzz::driveMpeg2Video(bytes);
}

std::string testName(const ::testing::TestParamInfo<CorpusFile> &info)
{
	std::string name = info.param.codec + "_" + std::filesystem::path(info.param.path).filename().string();
	std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
	return name;
}

INSTANTIATE_TEST_SUITE_P(Files, CorpusReplay, ::testing::ValuesIn(corpusFiles()), testName);

/* Every codec has its seeds: a corpus directory that went missing fails here. */
TEST(CorpusReplayFiles, EveryCodecHasSeeds)
{
	std::vector<CorpusFile> files = corpusFiles();
	for (const char *codec : { "h264", "hevc", "vp8", "vp9", "mpeg2-video" })
		EXPECT_GE(std::count_if(files.begin(), files.end(),
					[&](const CorpusFile &f) { return f.codec == codec; }), 3)
			<< codec;
}

} /* namespace */
} /* namespace sluice */
