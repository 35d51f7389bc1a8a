/* SPDX-License-Identifier: MIT */
#include "options.h"

#include <gtest/gtest.h>

using sluice::Options;
using sluice::parseOptions;

namespace {

TEST(Options, FileIsRequiredToPlay)
{
	auto r = parseOptions({});
	EXPECT_NE(r.error.find("no file"), std::string::npos);
	r = parseOptions({ "clip.webm" });
	EXPECT_TRUE(r.error.empty());
	EXPECT_EQ(r.options.action, Options::Action::Play);
	EXPECT_EQ(r.options.file, "clip.webm");
}

TEST(Options, ActionsNeedNoFile)
{
	EXPECT_EQ(parseOptions({ "--version" }).options.action, Options::Action::Version);
	EXPECT_EQ(parseOptions({ "-h" }).options.action, Options::Action::Help);
	auto r = parseOptions({ "--list-devices", "--json" });
	EXPECT_TRUE(r.error.empty());
	EXPECT_EQ(r.options.action, Options::Action::ListDevices);
	EXPECT_TRUE(r.options.json);
}

TEST(Options, ValuesAndErrors)
{
	auto r = parseOptions({ "--device", "/dev/video3", "a.ivf" });
	EXPECT_EQ(r.options.device, "/dev/video3");
	EXPECT_NE(parseOptions({ "--device" }).error.find("needs a value"), std::string::npos);
	EXPECT_NE(parseOptions({ "--frobnicate" }).error.find("unknown option"), std::string::npos);
	EXPECT_NE(parseOptions({ "a", "b" }).error.find("more than one"), std::string::npos);
}

TEST(Options, PlaybackOptions)
{
	auto r = parseOptions({ "--vo", "null", "--frames", "60", "--start", "2.5", "--loop",
				"--stats-json", "/tmp/s.json", "--md5", "clip.webm" });
	ASSERT_TRUE(r.error.empty()) << r.error;
	EXPECT_EQ(r.options.vo, Options::VideoOutputKind::Null);
	EXPECT_EQ(r.options.frames, 60);
	EXPECT_DOUBLE_EQ(r.options.startSeconds, 2.5);
	EXPECT_TRUE(r.options.loop);
	EXPECT_TRUE(r.options.md5);
	EXPECT_EQ(r.options.statsJson, "/tmp/s.json");
}

TEST(Options, PresentPath)
{
	EXPECT_EQ(parseOptions({ "a" }).options.present, Options::Present::Auto);
	EXPECT_EQ(parseOptions({ "--present", "dmabuf", "a" }).options.present,
		  Options::Present::DmaBuf);
	EXPECT_EQ(parseOptions({ "--present", "gpu", "a" }).options.present, Options::Present::Gpu);
	EXPECT_EQ(parseOptions({ "--present", "shm", "a" }).options.present, Options::Present::Shm);
	EXPECT_EQ(parseOptions({ "--present", "auto", "a" }).options.present, Options::Present::Auto);
	EXPECT_STREQ(presentName(Options::Present::Gpu), "gpu");
	EXPECT_NE(parseOptions({ "--present", "egl", "a" }).error.find("auto, dmabuf, gpu or shm"),
		  std::string::npos);
	EXPECT_NE(parseOptions({ "--present" }).error.find("needs a value"), std::string::npos);
}

TEST(Options, RejectsBadPlaybackValues)
{
	EXPECT_NE(parseOptions({ "--vo", "x11", "a" }).error.find("wayland or null"),
		  std::string::npos);
	EXPECT_NE(parseOptions({ "--frames", "0", "a" }).error.find("positive"), std::string::npos);
	EXPECT_NE(parseOptions({ "--frames", "12x", "a" }).error.find("positive"), std::string::npos);
	EXPECT_NE(parseOptions({ "--start", "-1", "a" }).error.find("seconds"), std::string::npos);
	EXPECT_NE(parseOptions({ "--start", "nan", "a" }).error.find("seconds"), std::string::npos);
}

} /* namespace */
