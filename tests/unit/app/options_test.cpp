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

} /* namespace */
