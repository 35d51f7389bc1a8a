/* SPDX-License-Identifier: MIT */
/*
 * The file source serves small reads from a window it reads ahead. Whatever the order and size
 * of the reads, the bytes must be the file's: compared with the same file read whole by stdio.
 */
#include <cstdio>
#include <cstdlib>
#include <gtest/gtest.h>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

#include "container/byte_source.h"

using namespace sluice;

namespace {

class TemporaryFile
{
public:
	explicit TemporaryFile(const std::vector<uint8_t> &bytes)
	{
		char name[] = "/tmp/sluice-byte-source-XXXXXX";
		int fd = mkstemp(name);
		EXPECT_GE(fd, 0);
		path_ = name;
		FILE *file = fdopen(fd, "wb");
		EXPECT_EQ(std::fwrite(bytes.data(), 1, bytes.size(), file), bytes.size());
		std::fclose(file);
	}
	~TemporaryFile() { unlink(path_.c_str()); }
	const std::string &path() const { return path_; }

private:
	std::string path_;
};

} /* namespace */

TEST(FileByteSource, ScatteredReadsOfEverySizeReturnTheFilesBytes)
{
	/* Three times the read-ahead window and a bit, so reads cross its edges. */
	std::vector<uint8_t> bytes(200 * 1024 + 13);
	std::mt19937 random(7);
	for (uint8_t &b : bytes)
		b = static_cast<uint8_t>(random());
	TemporaryFile file(bytes);

	std::unique_ptr<ByteSource> source;
	ASSERT_EQ(openFileSource(file.path(), &source), 0);
	ASSERT_EQ(source->size(), bytes.size());

	const size_t sizes[] = { 1, 12, 100, 4096, 65535, 65536, 70000, 150000 };
	for (int i = 0; i < 400; i++) {
		size_t size = sizes[random() % std::size(sizes)];
		uint64_t offset = random() % bytes.size();
		std::vector<uint8_t> got(size);
		int ret = source->readExact(offset, got);
		if (offset + size > bytes.size()) {
			EXPECT_EQ(ret, -EIO) << "a read past the end is short";
			continue;
		}
		ASSERT_EQ(ret, 0) << "offset " << offset << " size " << size;
		ASSERT_TRUE(std::equal(got.begin(), got.end(), bytes.begin() + offset))
			<< "offset " << offset << " size " << size;
	}

	/* In order, as a demuxer reads: a header, then its packet, then the next header. */
	uint64_t offset = 0;
	while (offset < bytes.size()) {
		size_t size = std::min<size_t>(sizes[random() % 5], bytes.size() - offset);
		std::vector<uint8_t> got(size);
		ASSERT_EQ(source->readExact(offset, got), 0);
		ASSERT_TRUE(std::equal(got.begin(), got.end(), bytes.begin() + offset)) << offset;
		offset += size;
	}
	std::vector<uint8_t> past(1);
	EXPECT_EQ(source->readAt(bytes.size(), past), 0);
}
