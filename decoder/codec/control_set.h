/* SPDX-License-Identifier: MIT */
/*
 * ControlSet: the V4L2 extended controls one decode request carries, without kernel types.
 *
 * Codec control fillers (the only files that see kernel structs) turn a parsed picture into
 * a list of {control id, payload bytes}; the V4L2 backend hands each payload to
 * VIDIOC_S_EXT_CTRLS as-is. Keeping the payload opaque lets every layer above the filler
 * stay free of <linux/...> headers.
 */
#pragma once

#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

namespace sluice {

struct Control {
	uint32_t id;
	std::vector<uint8_t> payload;
};

using ControlSet = std::vector<Control>;

/* Appends a trivially copyable struct (a kernel control payload) as a control. */
template<typename T>
void appendControl(ControlSet *set, uint32_t id, const T &value)
{
	static_assert(std::is_trivially_copyable_v<T>, "control payloads are copied bytewise");
	Control control{ id, std::vector<uint8_t>(sizeof(T)) };
	std::memcpy(control.payload.data(), &value, sizeof(T));
	set->push_back(std::move(control));
}

/* The control with this id, or nullptr. */
inline const Control *findControl(const ControlSet &set, uint32_t id)
{
	for (const Control &control : set)
		if (control.id == id)
			return &control;
	return nullptr;
}

} /* namespace sluice */
