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

/*
 * Reads smaller than this are served from a window of the file read ahead in one pread: the
 * demuxers read a header and then its packet (IVF: 12 bytes, then the frame), and Matroska
 * reads element by element, so without it every packet costs two or more system calls.
 * Larger reads go straight to the caller's buffer.
 */
constexpr size_t kReadAheadSize = 64 * 1024;

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
		if (count >= kReadAheadSize)
			return readFile(offset, buffer.data(), count);

		if (offset < windowStart_ || offset + count > windowStart_ + windowSize_) {
			if (!window_)
				window_ = std::make_unique<uint8_t[]>(kReadAheadSize);
			size_t ahead = static_cast<size_t>(std::min<uint64_t>(kReadAheadSize, size_ - offset));
			int64_t ret = readFile(offset, window_.get(), ahead);
			if (ret <= 0) {
				windowSize_ = 0;
				return ret;
			}
			windowStart_ = offset;
			windowSize_ = static_cast<size_t>(ret);
		}
		size_t available = static_cast<size_t>(windowStart_ + windowSize_ - offset);
		count = std::min(count, available);
		std::memcpy(buffer.data(), window_.get() + (offset - windowStart_), count);
		return static_cast<int64_t>(count);
	}

	uint64_t size() const override { return size_; }
	const std::string &name() const override { return name_; }

private:
	int64_t readFile(uint64_t offset, uint8_t *data, size_t count)
	{
		for (;;) {
			ssize_t ret = pread(fd_.get(), data, count, static_cast<off_t>(offset));
			if (ret >= 0)
				return ret;
			if (errno != EINTR)
				return -errno;
		}
	}

	UniqueFD fd_;
	uint64_t size_;
	std::string name_;
	/* Bytes [windowStart_, windowStart_ + windowSize_) of the file, read ahead. */
	std::unique_ptr<uint8_t[]> window_;
	uint64_t windowStart_ = 0;
	size_t windowSize_ = 0;
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
