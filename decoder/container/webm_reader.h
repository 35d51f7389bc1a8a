/* SPDX-License-Identifier: MIT */
/*
 * A webm::Reader over a ByteSource, with a settable position (to re-feed the parser from a
 * cluster after a seek) and a pause switch: while paused, reads report kWouldBlock, which
 * makes WebmParser::Feed() return with its state kept. That is how the push parser is
 * turned into one packet per readPacket() call.
 */
#pragma once

#include <webm/reader.h>

#include "byte_source.h"

namespace sluice {

class WebmReader : public webm::Reader
{
public:
	explicit WebmReader(ByteSource &source) : source_(source) {}

	webm::Status Read(std::size_t count, std::uint8_t *buffer, std::uint64_t *actuallyRead) override;
	webm::Status Skip(std::uint64_t count, std::uint64_t *actuallySkipped) override;
	std::uint64_t Position() const override { return position_; }

	void setPosition(uint64_t position) { position_ = position; }
	void setPaused(bool paused) { paused_ = paused; }
	/* True when the last failure was an I/O error rather than the end of the input. */
	bool ioError() const { return ioError_; }

private:
	ByteSource &source_;
	uint64_t position_ = 0;
	bool paused_ = false;
	bool ioError_ = false;
};

} /* namespace sluice */
