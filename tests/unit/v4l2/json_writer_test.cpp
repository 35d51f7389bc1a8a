/* SPDX-License-Identifier: MIT */
#include <gtest/gtest.h>

#include "json_writer.h"

using namespace sluice;

TEST(JsonWriter, EscapesQuotesBackslashesAndControls)
{
	EXPECT_EQ(JsonWriter::quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
	EXPECT_EQ(JsonWriter::quote("line\nnext\ttab"), "\"line\\nnext\\ttab\"");
	EXPECT_EQ(JsonWriter::quote(std::string_view("\x01\x1f", 2)), "\"\\u0001\\u001f\"");
	EXPECT_EQ(JsonWriter::quote(std::string_view("nul\0x", 5)), "\"nul\\u0000x\"");
}

TEST(JsonWriter, KeepsValidUtf8AndReplacesInvalidBytes)
{
	EXPECT_EQ(JsonWriter::quote("caf\xc3\xa9"), "\"caf\xc3\xa9\"");
	EXPECT_EQ(JsonWriter::quote("\xe2\x82\xac"), "\"\xe2\x82\xac\"");
	/* A lone continuation byte, a truncated sequence, an overlong '/'. */
	EXPECT_EQ(JsonWriter::quote("\x80"), "\"\\ufffd\"");
	EXPECT_EQ(JsonWriter::quote("\xe2\x82"), "\"\\ufffd\\ufffd\"");
	EXPECT_EQ(JsonWriter::quote("\xc0\xaf"), "\"\\ufffd\\ufffd\"");
}

TEST(JsonWriter, NestsWithCommasInTheRightPlaces)
{
	JsonWriter json;
	json.beginObject();
	json.key("name");
	json.value("visl");
	json.key("count");
	json.value(7);
	json.key("ok");
	json.value(true);
	json.key("none");
	json.null();
	json.key("list");
	json.beginArray();
	json.value(1);
	json.value(2);
	json.endArray();
	json.key("empty");
	json.beginArray();
	json.endArray();
	json.endObject();
	EXPECT_EQ(json.text(), "{\n"
			       "  \"name\": \"visl\",\n"
			       "  \"count\": 7,\n"
			       "  \"ok\": true,\n"
			       "  \"none\": null,\n"
			       "  \"list\": [\n"
			       "    1,\n"
			       "    2\n"
			       "  ],\n"
			       "  \"empty\": []\n"
			       "}\n");
}

TEST(JsonWriter, LargeUnsignedNumbersAreExact)
{
	JsonWriter json;
	json.beginArray();
	json.value(static_cast<uint64_t>(18446744073709551615ull));
	json.value(static_cast<int64_t>(-5));
	json.endArray();
	EXPECT_EQ(json.text(), "[\n  18446744073709551615,\n  -5\n]\n");
}
