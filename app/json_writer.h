/* SPDX-License-Identifier: MIT */
/*
 * JsonWriter: builds one JSON document as text, indented two spaces.
 *
 * Commas and nesting are tracked here so callers only say what comes next. Strings are
 * escaped (quotes, backslashes, control characters) and bytes that are not valid UTF-8 become
 * U+FFFD, so whatever a driver reports, the output parses.
 */
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {

class JsonWriter
{
public:
	void beginObject();
	void endObject();
	void beginArray();
	void endArray();

	/* The key of the next member; only inside an object. */
	void key(std::string_view name);

	void value(std::string_view text);
	void value(const char *text) { value(std::string_view(text)); }
	void value(const std::string &text) { value(std::string_view(text)); }
	void value(int64_t number);
	void value(uint64_t number);
	void value(int number) { value(static_cast<int64_t>(number)); }
	void value(unsigned number) { value(static_cast<uint64_t>(number)); }
	void value(bool flag);
	/* Three decimals: enough for milliseconds measured in nanoseconds. */
	void value(double number);
	void null();

	/* The document so far; complete once every begin has its end. */
	const std::string &text() const { return out_; }

	/* text, quoted and escaped as a JSON string. */
	static std::string quote(std::string_view text);

private:
	void beforeValue();
	void open(char bracket);
	void close(char bracket);
	void newline();

	struct Level {
		bool empty = true;
	};
	std::string out_;
	std::vector<Level> stack_;
	bool afterKey_ = false;
};

} /* namespace sluice */
