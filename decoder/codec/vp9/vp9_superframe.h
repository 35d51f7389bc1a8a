/* SPDX-License-Identifier: MIT */
/*
 * VP9 superframes (VP9 bitstream specification, annex B): several frames in one container
 * packet, typically a hidden alt-ref frame followed by a shown one, with an index of their
 * sizes in the packet's last bytes.
 */
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace sluice {

/*
 * The frames of one packet, in decoding order. A packet without a valid superframe index
 * is one frame. -EINVAL when the index names more bytes than the packet holds.
 */
int splitVp9Superframe(std::span<const uint8_t> packet,
		       std::vector<std::span<const uint8_t>> *frames);

} /* namespace sluice */
