/* SPDX-License-Identifier: MIT */
#include "format_table.h"

#include <cerrno>
#include <cstring>
#include <sys/mman.h>
#include <utility>

#include "wayland_log.h"

namespace sluice {

FormatTable::~FormatTable()
{
	unmap();
}

FormatTable::FormatTable(FormatTable &&other) noexcept
{
	*this = std::move(other);
}

FormatTable &FormatTable::operator=(FormatTable &&other) noexcept
{
	if (this != &other) {
		unmap();
		fd_ = std::move(other.fd_);
		data_ = std::exchange(other.data_, nullptr);
		bytes_ = std::exchange(other.bytes_, 0);
		count_ = std::exchange(other.count_, 0);
	}
	return *this;
}

void FormatTable::unmap()
{
	if (data_)
		munmap(const_cast<uint8_t *>(data_), bytes_);
	data_ = nullptr;
	bytes_ = 0;
	count_ = 0;
	fd_.reset();
}

int FormatTable::map(UniqueFD fd, uint32_t size)
{
	unmap();
	if (!fd.isValid())
		return -EBADF;
	if (size % kEntrySize) {
		LOG(Wayland, Warn) << "dmabuf format table of " << size << " bytes is not a whole "
				   << "number of " << kEntrySize << "-byte entries; ignored";
		return -EINVAL;
	}
	if (size == 0) {
		fd_ = std::move(fd);
		return 0;
	}
	/* MAP_PRIVATE: the protocol requires it, the compositor may share one table with
	 * every client, and MAP_SHARED on its sealed memfd would be refused. */
	void *p = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd.get(), 0);
	if (p == MAP_FAILED) {
		int ret = -errno;
		LOG(Wayland, Warn) << "cannot map the dmabuf format table: " << strerror(-ret);
		return ret;
	}
	fd_ = std::move(fd);
	data_ = static_cast<const uint8_t *>(p);
	bytes_ = size;
	count_ = size / kEntrySize;
	return 0;
}

std::optional<DmabufPair> FormatTable::at(size_t index) const
{
	if (!(index < count_))
		return std::nullopt;
	const uint8_t *e = data_ + index * kEntrySize;
	DmabufPair pair;
	std::memcpy(&pair.fourcc, e, sizeof(uint32_t));
	std::memcpy(&pair.modifier, e + 8, sizeof(uint64_t));
	return pair;
}

} /* namespace sluice */
