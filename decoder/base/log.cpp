/* SPDX-License-Identifier: MIT */
#include "log.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <strings.h>
#include <vector>

namespace sluice {

namespace {

struct Rule {
	std::string pattern; /* lower-case category name, or "*" */
	LogLevel level;
};

/* The process-wide registry: the rules from SLUICE_LOG and every category seen so far. */
struct Registry {
	std::mutex lock;
	std::vector<Rule> rules;
	std::vector<LogCategory *> categories;
	void (*sink)(std::string_view) = nullptr;
	bool envParsed = false;
};

Registry &registry()
{
	static Registry r;
	return r;
}

std::string lower(std::string_view s)
{
	std::string out(s);
	std::transform(out.begin(), out.end(), out.begin(),
		       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
	return out;
}

bool parseSpec(std::string_view spec, std::vector<Rule> *rules)
{
	while (!spec.empty()) {
		size_t comma = spec.find(',');
		std::string_view item = spec.substr(0, comma);
		spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
		if (item.empty())
			continue;

		Rule rule{ "*", LogLevel::Info };
		size_t eq = item.find('=');
		std::string_view levelText = item;
		if (eq != std::string_view::npos) {
			rule.pattern = lower(item.substr(0, eq));
			levelText = item.substr(eq + 1);
		}
		if (rule.pattern.empty() || !parseLogLevel(levelText, &rule.level))
			return false;
		rules->push_back(rule);
	}
	return true;
}

/* The last matching rule wins, so "warn,v4l2=debug" and "v4l2=debug,warn" differ as written. */
LogLevel levelFor(const std::vector<Rule> &rules, std::string_view name)
{
	LogLevel level = LogLevel::Info;
	std::string key = lower(name);
	for (const Rule &rule : rules)
		if (rule.pattern == "*" || rule.pattern == key)
			level = rule.level;
	return level;
}

void ensureEnvParsed(Registry &r)
{
	if (r.envParsed)
		return;
	r.envParsed = true;
	const char *env = std::getenv("SLUICE_LOG");
	if (env && !parseSpec(env, &r.rules)) {
		r.rules.clear();
		std::fprintf(stderr, "sluice: ignoring malformed SLUICE_LOG=\"%s\"\n", env);
	}
}

const char *levelName(LogLevel level)
{
	switch (level) {
	case LogLevel::Debug: return "DEBUG";
	case LogLevel::Info: return "INFO";
	case LogLevel::Warn: return "WARN";
	case LogLevel::Error: return "ERROR";
	case LogLevel::Off: break;
	}
	return "";
}

} /* namespace */

bool parseLogLevel(std::string_view text, LogLevel *level)
{
	static constexpr struct {
		const char *name;
		LogLevel level;
	} names[] = {
		{ "debug", LogLevel::Debug }, { "info", LogLevel::Info },
		{ "warn", LogLevel::Warn },   { "warning", LogLevel::Warn },
		{ "error", LogLevel::Error }, { "off", LogLevel::Off },
	};
	for (const auto &n : names) {
		if (text.size() == std::char_traits<char>::length(n.name) &&
		    strncasecmp(text.data(), n.name, text.size()) == 0) {
			*level = n.level;
			return true;
		}
	}
	return false;
}

LogCategory::LogCategory(std::string_view name)
	: name_(name)
{
	Registry &r = registry();
	std::lock_guard guard(r.lock);
	ensureEnvParsed(r);
	level_ = levelFor(r.rules, name_);
	r.categories.push_back(this);
}

bool setLogSpec(std::string_view spec)
{
	std::vector<Rule> rules;
	if (!parseSpec(spec, &rules))
		return false;

	Registry &r = registry();
	std::lock_guard guard(r.lock);
	r.envParsed = true;
	r.rules = std::move(rules);
	for (LogCategory *category : r.categories)
		category->setLevel(levelFor(r.rules, category->name()));
	return true;
}

void setLogSink(void (*sink)(std::string_view line))
{
	Registry &r = registry();
	std::lock_guard guard(r.lock);
	r.sink = sink;
}

LogMessage::LogMessage(const LogCategory &category, LogLevel level)
	: category_(category), level_(level)
{
}

LogMessage::~LogMessage()
{
	timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	char prefix[64];
	std::snprintf(prefix, sizeof(prefix), "[%5lld.%03ld] ",
		      static_cast<long long>(now.tv_sec), now.tv_nsec / 1000000);

	std::string line = prefix;
	line += category_.name();
	line += ' ';
	line += levelName(level_);
	line += ": ";
	line += stream_.str();

	Registry &r = registry();
	std::lock_guard guard(r.lock);
	if (r.sink) {
		r.sink(line);
		return;
	}
	line += '\n';
	std::fwrite(line.data(), 1, line.size(), stderr);
}

} /* namespace sluice */
