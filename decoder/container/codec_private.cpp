/* SPDX-License-Identifier: MIT */
#include "codec_private.h"

#include <cerrno>

namespace sluice {

namespace {

/* A bounds-checked cursor: any read past the end sets failed and returns 0. */
class Cursor
{
public:
	explicit Cursor(std::span<const uint8_t> data) : data_(data) {}

	unsigned u8()
	{
		if (pos_ >= data_.size()) {
			failed_ = true;
			return 0;
		}
		return data_[pos_++];
	}
	unsigned u16() { unsigned hi = u8(); return hi << 8 | u8(); }
	std::span<const uint8_t> bytes(size_t count)
	{
		if (count > data_.size() - pos_) {
			failed_ = true;
			pos_ = data_.size();
			return {};
		}
		auto out = data_.subspan(pos_, count);
		pos_ += count;
		return out;
	}
	void skip(size_t count) { bytes(count); }
	bool failed() const { return failed_; }

private:
	std::span<const uint8_t> data_;
	size_t pos_ = 0;
	bool failed_ = false;
};

bool takeNal(Cursor &cursor, ParameterSets *sets)
{
	unsigned length = cursor.u16();
	auto nal = cursor.bytes(length);
	if (cursor.failed() || nal.empty())
		return false;
	sets->nalUnits.emplace_back(nal.begin(), nal.end());
	return true;
}

} /* namespace */

int parseAvcC(std::span<const uint8_t> record, ParameterSets *sets, const char **error)
{
	Cursor cursor(record);
	*sets = {};
	if (cursor.u8() != 1) {
		*error = "avcC configurationVersion is not 1";
		return -EINVAL;
	}
	cursor.skip(3); /* profile, compatibility, level */
	sets->nalLengthSize = (cursor.u8() & 3) + 1;
	if (sets->nalLengthSize == 3) {
		*error = "avcC NAL length size 3 is not allowed";
		return -EINVAL;
	}
	unsigned spsCount = cursor.u8() & 0x1f;
	for (unsigned i = 0; i < spsCount; i++)
		if (!takeNal(cursor, sets)) {
			*error = "avcC SPS list is truncated";
			return -EINVAL;
		}
	unsigned ppsCount = cursor.u8();
	for (unsigned i = 0; i < ppsCount; i++)
		if (!takeNal(cursor, sets)) {
			*error = "avcC PPS list is truncated";
			return -EINVAL;
		}
	if (cursor.failed()) {
		*error = "avcC record is truncated";
		return -EINVAL;
	}
	/* High-profile extension fields may follow; they repeat what the SPS says. */
	return 0;
}

int parseHvcC(std::span<const uint8_t> record, ParameterSets *sets, const char **error)
{
	Cursor cursor(record);
	*sets = {};
	if (cursor.u8() != 1) {
		*error = "hvcC configurationVersion is not 1";
		return -EINVAL;
	}
	cursor.skip(20); /* profile, tier, level, constraint and format fields */
	sets->nalLengthSize = (cursor.u8() & 3) + 1;
	if (sets->nalLengthSize == 3) {
		*error = "hvcC NAL length size 3 is not allowed";
		return -EINVAL;
	}
	unsigned arrays = cursor.u8();
	for (unsigned a = 0; a < arrays; a++) {
		cursor.u8(); /* array_completeness, NAL_unit_type */
		unsigned count = cursor.u16();
		for (unsigned i = 0; i < count; i++)
			if (!takeNal(cursor, sets)) {
				*error = "hvcC NAL unit array is truncated";
				return -EINVAL;
			}
	}
	if (cursor.failed()) {
		*error = "hvcC record is truncated";
		return -EINVAL;
	}
	return 0;
}

void parseVp9CodecPrivate(std::span<const uint8_t> data, int *profile, int *bitDepth)
{
	Cursor cursor(data);
	while (!cursor.failed()) {
		unsigned id = cursor.u8();
		unsigned length = cursor.u8();
		auto value = cursor.bytes(length);
		if (cursor.failed())
			break;
		if (length != 1)
			continue;
		if (id == 1 && value[0] <= 3)
			*profile = value[0];
		else if (id == 3 && (value[0] == 8 || value[0] == 10 || value[0] == 12))
			*bitDepth = value[0];
	}
}

} /* namespace sluice */
