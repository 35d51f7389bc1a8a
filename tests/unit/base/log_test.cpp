/* SPDX-License-Identifier: MIT */
#include "base/log.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

SLUICE_LOG_CATEGORY(LogTestA)
SLUICE_LOG_CATEGORY(LogTestB)

namespace {

std::vector<std::string> captured;

void capture(std::string_view line)
{
	captured.emplace_back(line);
}

class Log : public ::testing::Test
{
protected:
	void SetUp() override
	{
		captured.clear();
		sluice::setLogSink(capture);
	}
	void TearDown() override
	{
		sluice::setLogSink(nullptr);
		sluice::setLogSpec("info");
	}
};

TEST_F(Log, DefaultLevelIsInfo)
{
	ASSERT_TRUE(sluice::setLogSpec(""));
	LOG(LogTestA, Debug) << "hidden";
	LOG(LogTestA, Info) << "shown " << 42;
	ASSERT_EQ(captured.size(), 1u);
	EXPECT_NE(captured[0].find("LogTestA INFO: shown 42"), std::string::npos);
}

TEST_F(Log, PerCategoryLevelsLastRuleWins)
{
	ASSERT_TRUE(sluice::setLogSpec("warn,logtesta=debug"));
	LOG(LogTestA, Debug) << "a";
	LOG(LogTestB, Info) << "b";
	LOG(LogTestB, Error) << "c";
	ASSERT_EQ(captured.size(), 2u);
	EXPECT_NE(captured[0].find("LogTestA DEBUG: a"), std::string::npos);
	EXPECT_NE(captured[1].find("LogTestB ERROR: c"), std::string::npos);

	ASSERT_TRUE(sluice::setLogSpec("logtesta=debug,*=off"));
	captured.clear();
	LOG(LogTestA, Error) << "silenced";
	EXPECT_TRUE(captured.empty());
}

TEST_F(Log, DisabledMessageDoesNotEvaluateArguments)
{
	ASSERT_TRUE(sluice::setLogSpec("error"));
	int evaluated = 0;
	auto sideEffect = [&] { return ++evaluated; };
	LOG(LogTestA, Info) << sideEffect();
	EXPECT_EQ(evaluated, 0);
}

TEST_F(Log, MalformedSpecIsRejectedAndChangesNothing)
{
	ASSERT_TRUE(sluice::setLogSpec("debug"));
	EXPECT_FALSE(sluice::setLogSpec("logtesta=loud"));
	EXPECT_FALSE(sluice::setLogSpec("=debug"));
	LOG(LogTestB, Debug) << "still debug";
	EXPECT_EQ(captured.size(), 1u);
}

TEST(LogLevel, ParsesNamesCaseInsensitively)
{
	sluice::LogLevel level;
	EXPECT_TRUE(sluice::parseLogLevel("WARN", &level));
	EXPECT_EQ(level, sluice::LogLevel::Warn);
	EXPECT_TRUE(sluice::parseLogLevel("warning", &level));
	EXPECT_EQ(level, sluice::LogLevel::Warn);
	EXPECT_FALSE(sluice::parseLogLevel("verbose", &level));
	EXPECT_FALSE(sluice::parseLogLevel("", &level));
}

} /* namespace */
