/* SPDX-License-Identifier: MIT */
#include "byte_source.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/unique_fd.h"

namespace sluice {

int ByteSource::readExact(uint64_t offset, std::span<uint8_t> buffer)
{
	size_t done = 0;
	while (done < buffer.size()) {
		int64_t ret = readAt(offset + done, buffer.subspan(done));
		if (ret < 0)
			return static_cast<int>(ret);
		if (ret == 0)
			return -EIO;
		done += static_cast<size_t>(ret);
	}
	return 0;
}

namespace {

class FileByteSource : public ByteSource
{
public:
	FileByteSource(UniqueFD fd, uint64_t size, std::string name)
		: fd_(std::move(fd)), size_(size), name_(std::move(name))
	{
	}

	int64_t readAt(uint64_t offset, std::span<uint8_t> buffer) override
	{
		if (offset >= size_ || buffer.empty())
			return 0;
		size_t count = static_cast<size_t>(std::min<uint64_t>(buffer.size(), size_ - offset));
		for (;;) {
			ssize_t ret = pread(fd_.get(), buffer.data(), count, static_cast<off_t>(offset));
			if (ret >= 0)
				return ret;
			if (errno != EINTR)
				return -errno;
		}
	}

	uint64_t size() const override { return size_; }
	const std::string &name() const override { return name_; }

private:
	UniqueFD fd_;
	uint64_t size_;
	std::string name_;
};

class MemoryByteSource : public ByteSource
{
public:
	explicit MemoryByteSource(std::span<const uint8_t> bytes) : bytes_(bytes) {}
	explicit MemoryByteSource(std::vector<uint8_t> owned)
		: owned_(std::move(owned)), bytes_(owned_)
	{
	}

	int64_t readAt(uint64_t offset, std::span<uint8_t> buffer) override
	{
		if (offset >= bytes_.size())
			return 0;
		size_t count = std::min<size_t>(buffer.size(), bytes_.size() - offset);
		std::memcpy(buffer.data(), bytes_.data() + offset, count);
		return static_cast<int64_t>(count);
	}

	uint64_t size() const override { return bytes_.size(); }
	const std::string &name() const override { return name_; }

private:
	std::vector<uint8_t> owned_;
	std::span<const uint8_t> bytes_;
	std::string name_ = "<memory>";
};

} /* namespace */

int openFileSource(const std::string &path, std::unique_ptr<ByteSource> *source)
{
	UniqueFD fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
	if (!fd)
		return -errno;
	struct stat st;
	if (fstat(fd.get(), &st) < 0)
		return -errno;
	/* A directory or a pipe has no size to seek in; say so rather than read nothing. */
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))
		return S_ISDIR(st.st_mode) ? -EISDIR : -ESPIPE;
	*source = std::make_unique<FileByteSource>(std::move(fd), static_cast<uint64_t>(st.st_size), path);
	return 0;
}

std::unique_ptr<ByteSource> makeMemorySource(std::span<const uint8_t> bytes)
{
	return std::make_unique<MemoryByteSource>(bytes);
}

std::unique_ptr<ByteSource> makeMemorySource(std::vector<uint8_t> bytes)
{
	return std::make_unique<MemoryByteSource>(std::move(bytes));
}

} /* namespace sluice */
