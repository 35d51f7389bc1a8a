/* SPDX-License-Identifier: MIT */
/*
 * Logging by category, as a stream:
 *
 *   SLUICE_LOG_CATEGORY(V4L2)          // once, in one .cpp (or a header shared by a layer)
 *   LOG(V4L2, Error) << "QBUF failed: " << strerror(-ret);
 *
 * Levels per category come from the SLUICE_LOG environment variable, a comma-separated list
 * of `category=level` (or a bare level for every category): `SLUICE_LOG=v4l2=debug,warn`.
 * Category names match case-insensitively; `*` is every category. The default level is info.
 * A message whose level is off costs one comparison and formats nothing.
 */
#pragma once

#include <sstream>
#include <string>
#include <string_view>

namespace sluice {

enum class LogLevel { Debug = 0, Info, Warn, Error, Off };

class LogCategory
{
public:
	explicit LogCategory(std::string_view name);

	std::string_view name() const { return name_; }
	LogLevel level() const { return level_; }
	void setLevel(LogLevel level) { level_ = level; }
	bool enabled(LogLevel level) const { return level >= level_; }

private:
	std::string name_;
	LogLevel level_;
};

class LogMessage
{
public:
	LogMessage(const LogCategory &category, LogLevel level);
	~LogMessage();
	LogMessage(const LogMessage &) = delete;
	LogMessage &operator=(const LogMessage &) = delete;

	std::ostream &stream() { return stream_; }

private:
	const LogCategory &category_;
	LogLevel level_;
	std::ostringstream stream_;
};

/* Parses a level name (debug, info, warn, error, off); false when it is none of them. */
bool parseLogLevel(std::string_view text, LogLevel *level);

/*
 * Applies a SLUICE_LOG-style specification to every category, present and future. Returns
 * false, changing nothing, when the text is malformed. Used by tests and by --log.
 */
bool setLogSpec(std::string_view spec);

/* Where messages go; stderr by default. Tests capture output through this. */
void setLogSink(void (*sink)(std::string_view line));

} /* namespace sluice */

#define SLUICE_LOG_CATEGORY(name)                                     \
	inline ::sluice::LogCategory &sluiceLogCategory##name()       \
	{                                                             \
		static ::sluice::LogCategory category(#name);         \
		return category;                                      \
	}

/* A for statement rather than if/else, so that LOG() in an unbraced if leaves no dangling else. */
#define LOG(category, level)                                                               \
	for (bool sluiceLogOnce = sluiceLogCategory##category().enabled(::sluice::LogLevel::level); \
	     sluiceLogOnce; sluiceLogOnce = false)                                              \
		::sluice::LogMessage(sluiceLogCategory##category(), ::sluice::LogLevel::level).stream()
