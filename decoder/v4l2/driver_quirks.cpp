/* SPDX-License-Identifier: MIT */
#include "driver_quirks.h"

#include <array>
#include <linux/videodev2.h>

#include "v4l2/fourcc.h"

namespace sluice {

namespace {

DriverQuirks make(std::string_view driver, uint32_t widthAlign, uint32_t heightAlign,
		  uint32_t native8, uint32_t native10, bool tiled, std::string_view note)
{
	DriverQuirks q;
	q.driver = driver;
	q.known = true;
	q.widthAlignment = widthAlign;
	q.heightAlignment = heightAlign;
	q.native8BitFormat = native8;
	q.native10BitFormat = native10;
	q.tiledOutput = tiled;
	q.note = note;
	return q;
}

const std::array<DriverQuirks, 4> &table()
{
	static const std::array<DriverQuirks, 4> quirks{
		/* Rockchip VDEC: macroblock-aligned buffers; 10-bit H.264/HEVC come out packed. */
		make("rkvdec", 16, 16, V4L2_PIX_FMT_NV12, V4L2_PIX_FMT_NV15, false,
		     "Rockchip VDEC: 10-bit output as NV15 (packed)"),
		/* Hantro G1/G2: G2 (HEVC, VP9) writes 4x4 tiles unless the post-processor runs. */
		make("hantro-vpu", 16, 16, V4L2_PIX_FMT_NV12, V4L2_PIX_FMT_P010, false,
		     "Hantro G1/G2: G2 output is NV12_4L4 tiled without the post-processor; 10-bit as P010"),
		/* Allwinner: native output is NV12 in 32x32 tiles, 8-bit only. */
		make("cedrus", 32, 32, V4L2_PIX_FMT_NV12_32L32, 0, true,
		     "Allwinner Cedrus: native NV12_32L32 (32x32 tiles), no 10-bit"),
		/* The kernel's virtual stateless decoder, for tests: writes a debug picture. */
		make("visl", 1, 1, V4L2_PIX_FMT_NV12, 0, false,
		     "virtual stateless decoder (test driver; frames carry debug text, not video)"),
	};
	return quirks;
}

} /* namespace */

const DriverQuirks &driverQuirks(std::string_view driver)
{
	for (const DriverQuirks &q : table()) {
		if (q.driver == driver)
			return q;
	}
	static const DriverQuirks generic = [] {
		DriverQuirks q;
		q.note = "unknown driver: used as it reports itself";
		return q;
	}();
	return generic;
}

} /* namespace sluice */
