/* SPDX-License-Identifier: MIT */
/*
 * Helpers to replay linux-dmabuf feedback as a compositor sends it: a memfd format table of
 * { u32 format, u32 pad, u64 modifier } entries, dev_t and u16-index arrays as raw bytes.
 */
#pragma once

#include <cstdint>
#include <cstring>
#include <sys/mman.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <vector>

#include "base/unique_fd.h"
#include "wayland/display.h"

namespace sluice::test {

inline UniqueFD makeFormatTable(const std::vector<DmabufPair> &pairs, uint32_t *size)
{
	std::vector<uint8_t> bytes(pairs.size() * 16, 0);
	for (size_t i = 0; i < pairs.size(); i++) {
		std::memcpy(&bytes[i * 16], &pairs[i].fourcc, 4);
		std::memcpy(&bytes[i * 16 + 8], &pairs[i].modifier, 8);
	}
	UniqueFD fd(memfd_create("feedback-table", MFD_CLOEXEC));
	if (::write(fd.get(), bytes.data(), bytes.size()) != ssize_t(bytes.size()))
		return {};
	*size = uint32_t(bytes.size());
	return fd;
}

inline std::vector<uint8_t> devBytes(dev_t dev)
{
	std::vector<uint8_t> b(sizeof(dev));
	std::memcpy(b.data(), &dev, sizeof(dev));
	return b;
}

inline std::vector<uint8_t> indexBytes(const std::vector<uint16_t> &indices)
{
	std::vector<uint8_t> b(indices.size() * 2);
	std::memcpy(b.data(), indices.data(), b.size());
	return b;
}

} /* namespace sluice::test */
