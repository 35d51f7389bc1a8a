/* SPDX-License-Identifier: MIT */
#include "webm_reader.h"

#include <algorithm>

namespace sluice {

webm::Status WebmReader::Read(std::size_t count, std::uint8_t *buffer, std::uint64_t *actuallyRead)
{
	*actuallyRead = 0;
	if (paused_)
		return webm::Status(webm::Status::kWouldBlock);
	if (count == 0)
		return webm::Status(webm::Status::kOkCompleted);
	int64_t ret = source_.readAt(position_, std::span(buffer, count));
	if (ret < 0) {
		ioError_ = true;
		return webm::Status(webm::Status::kEndOfFile);
	}
	if (ret == 0)
		return webm::Status(webm::Status::kEndOfFile);
	position_ += static_cast<uint64_t>(ret);
	*actuallyRead = static_cast<uint64_t>(ret);
	return webm::Status(static_cast<size_t>(ret) == count ? webm::Status::kOkCompleted
							      : webm::Status::kOkPartial);
}

webm::Status WebmReader::Skip(std::uint64_t count, std::uint64_t *actuallySkipped)
{
	*actuallySkipped = 0;
	if (paused_)
		return webm::Status(webm::Status::kWouldBlock);
	if (count == 0)
		return webm::Status(webm::Status::kOkCompleted);
	uint64_t size = source_.size();
	if (position_ >= size)
		return webm::Status(webm::Status::kEndOfFile);
	/* Skipping is free with random access: no need to read the bytes. */
	uint64_t step = std::min(count, size - position_);
	position_ += step;
	*actuallySkipped = step;
	return webm::Status(step == count ? webm::Status::kOkCompleted : webm::Status::kOkPartial);
}

} /* namespace sluice */
