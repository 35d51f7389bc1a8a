/* SPDX-License-Identifier: MIT */
/*
 * Fourccs that newer kernels define but bookworm's 6.1 uAPI headers lack, plus a printable
 * form of any fourcc.
 */
#pragma once

#include <cstdint>
#include <string>
#include <linux/videodev2.h>

/* AV1 parsed frame (added to the uAPI after 6.1). */
#ifndef V4L2_PIX_FMT_AV1_FRAME
#define V4L2_PIX_FMT_AV1_FRAME v4l2_fourcc('A', 'V', '1', 'F')
#endif

/* Y/CbCr 4:2:0 10-bit packed, as rkvdec writes it (added to the uAPI after 6.1). */
#ifndef V4L2_PIX_FMT_NV15
#define V4L2_PIX_FMT_NV15 v4l2_fourcc('N', 'V', '1', '5')
#endif

namespace sluice {

/* "NV12", or "0x3231564e" when some byte is not printable. Big-endian formats get a "-BE". */
std::string fourccToString(uint32_t fourcc);

} /* namespace sluice */
