/* SPDX-License-Identifier: MIT */
/*
 * FormatTable: the linux-dmabuf feedback format table, an fd-backed array of
 * { u32 format; u32 padding; u64 modifier } that tranches index into.
 *
 * The fd is owned from the moment it arrives (it must be closed even when mapping fails),
 * and the table stays mapped for as long as the object lives.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "base/unique_fd.h"
#include "display.h"

namespace sluice {

class FormatTable
{
public:
	FormatTable() = default;
	~FormatTable();
	FormatTable(FormatTable &&other) noexcept;
	FormatTable &operator=(FormatTable &&other) noexcept;
	FormatTable(const FormatTable &) = delete;
	FormatTable &operator=(const FormatTable &) = delete;

	/* Maps size bytes of fd read-only; 0 or -errno. A size that is not a whole number of
	 * entries is refused: the compositor and we would disagree on every index. */
	int map(UniqueFD fd, uint32_t size);

	size_t size() const { return count_; }
	/* The pair at index, or nothing when the index is out of range. */
	std::optional<DmabufPair> at(size_t index) const;

	static constexpr size_t kEntrySize = 16;

private:
	void unmap();

	UniqueFD fd_;
	const uint8_t *data_ = nullptr;
	size_t bytes_ = 0;
	size_t count_ = 0;
};

} /* namespace sluice */
