/* SPDX-License-Identifier: MIT */
/*
 * ByteSource: random-access bytes for the demuxers, from a file (pread on a UniqueFD) or from
 * memory (the fuzzers and unit tests). Demuxers never assume the whole input is in memory.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace sluice {

class ByteSource
{
public:
	virtual ~ByteSource() = default;

	/* Reads up to buffer.size() bytes at offset: the count read (0 at or past the end) or -errno. */
	virtual int64_t readAt(uint64_t offset, std::span<uint8_t> buffer) = 0;
	/* Total size in bytes, known when opened. */
	virtual uint64_t size() const = 0;
	/* For messages: the file name, or "<memory>". */
	virtual const std::string &name() const = 0;

	/* Reads exactly buffer.size() bytes: 0, -EIO on a short read (truncated input) or -errno. */
	int readExact(uint64_t offset, std::span<uint8_t> buffer);
};

/* Opens a regular file read-only. Returns 0 or -errno. */
int openFileSource(const std::string &path, std::unique_ptr<ByteSource> *source);

/* Borrows the bytes: they must outlive the source. */
std::unique_ptr<ByteSource> makeMemorySource(std::span<const uint8_t> bytes);

/* Takes the bytes. */
std::unique_ptr<ByteSource> makeMemorySource(std::vector<uint8_t> bytes);

} /* namespace sluice */
