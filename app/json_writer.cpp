/* SPDX-License-Identifier: MIT */
#include "json_writer.h"

#include <cmath>
#include <cstdio>

namespace sluice {

namespace {

/* Length of the valid UTF-8 sequence at text[i], or 0 when it is not one. */
size_t utf8SequenceLength(std::string_view text, size_t i)
{
	auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
	unsigned char lead = byte(i);
	size_t length;
	uint32_t codepoint;
	if (lead >= 0xc2 && lead <= 0xdf) {
		length = 2;
		codepoint = lead & 0x1f;
	} else if (lead >= 0xe0 && lead <= 0xef) {
		length = 3;
		codepoint = lead & 0x0f;
	} else if (lead >= 0xf0 && lead <= 0xf4) {
		length = 4;
		codepoint = lead & 0x07;
	} else {
		return 0;
	}
	if (i + length > text.size())
		return 0;
	for (size_t k = 1; k < length; k++) {
		if ((byte(i + k) & 0xc0) != 0x80)
			return 0;
		codepoint = (codepoint << 6) | (byte(i + k) & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF are not valid UTF-8. */
	static const uint32_t minimum[] = { 0, 0, 0x80, 0x800, 0x10000 };
	if (codepoint < minimum[length] || (codepoint >= 0xd800 && codepoint <= 0xdfff) ||
	    codepoint > 0x10ffff)
		return 0;
	return length;
}

} /* namespace */

std::string JsonWriter::quote(std::string_view text)
{
	std::string out = "\"";
	for (size_t i = 0; i < text.size();) {
		unsigned char c = static_cast<unsigned char>(text[i]);
		if (c >= 0x80) {
			size_t length = utf8SequenceLength(text, i);
			if (length == 0) {
				out += "\\ufffd";
				i++;
			} else {
				out.append(text.substr(i, length));
				i += length;
			}
			continue;
		}
		switch (c) {
		case '"':
			out += "\\\"";
			break;
		case '\\':
			out += "\\\\";
			break;
		case '\n':
			out += "\\n";
			break;
		case '\r':
			out += "\\r";
			break;
		case '\t':
			out += "\\t";
			break;
		case '\b':
			out += "\\b";
			break;
		case '\f':
			out += "\\f";
			break;
		default:
			if (c < 0x20) {
				char escaped[8];
				std::snprintf(escaped, sizeof(escaped), "\\u%04x", c);
				out += escaped;
			} else {
				out += static_cast<char>(c);
			}
		}
		i++;
	}
	out += '"';
	return out;
}

void JsonWriter::newline()
{
	out_ += '\n';
	out_.append(2 * stack_.size(), ' ');
}

void JsonWriter::beforeValue()
{
	if (afterKey_) {
		afterKey_ = false;
		return;
	}
	if (stack_.empty())
		return;
	if (!stack_.back().empty)
		out_ += ',';
	stack_.back().empty = false;
	newline();
}

void JsonWriter::key(std::string_view name)
{
	if (!stack_.back().empty)
		out_ += ',';
	stack_.back().empty = false;
	newline();
	out_ += quote(name);
	out_ += ": ";
	afterKey_ = true;
}

void JsonWriter::open(char bracket)
{
	beforeValue();
	out_ += bracket;
	stack_.push_back({});
}

void JsonWriter::close(char bracket)
{
	bool wasEmpty = stack_.back().empty;
	stack_.pop_back();
	if (!wasEmpty)
		newline();
	out_ += bracket;
	if (stack_.empty())
		out_ += '\n';
}

void JsonWriter::beginObject()
{
	open('{');
}

void JsonWriter::endObject()
{
	close('}');
}

void JsonWriter::beginArray()
{
	open('[');
}

void JsonWriter::endArray()
{
	close(']');
}

void JsonWriter::value(std::string_view text)
{
	beforeValue();
	out_ += quote(text);
}

void JsonWriter::value(int64_t number)
{
	beforeValue();
	out_ += std::to_string(number);
}

void JsonWriter::value(uint64_t number)
{
	beforeValue();
	out_ += std::to_string(number);
}

void JsonWriter::value(double number)
{
	beforeValue();
	/* JSON has no NaN or infinity: a measurement that is not a number is null. */
	if (!std::isfinite(number)) {
		out_ += "null";
		return;
	}
	char text[32];
	std::snprintf(text, sizeof(text), "%.3f", number);
	out_ += text;
}

void JsonWriter::value(bool flag)
{
	beforeValue();
	out_ += flag ? "true" : "false";
}

void JsonWriter::null()
{
	beforeValue();
	out_ += "null";
}

} /* namespace sluice */
