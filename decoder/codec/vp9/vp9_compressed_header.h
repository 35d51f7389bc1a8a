/* SPDX-License-Identifier: MIT */
/*
 * The VP9 compressed header (bitstream specification, section 6.3): transform mode,
 * reference mode and the forward probability updates, read with the boolean decoder.
 *
 * The updates are kept the way the V4L2 uAPI's v4l2_ctrl_vp9_compressed_hdr wants them,
 * because the driver, not userspace, owns the four probability contexts and applies the
 * updates to them:
 *  - diff_update_prob() updates as inv_map_table[deltaProb], before inv_recenter_nonneg()
 *    (1..254; the driver finishes the remapping against its own current probability);
 *  - update_mv_prob() updates as the new probability, (mv_prob << 1) | 1;
 *  - 0 everywhere a probability is not updated (neither form can be 0).
 * The layout mirrors the uAPI's, array for array.
 */
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "vp9_frame_header.h"

namespace sluice {

/* Section 7.3.1 tx_mode values (the same as V4L2_VP9_TX_MODE_*). */
enum class Vp9TxMode : uint8_t { Only4x4 = 0, Allow8x8 = 1, Allow16x16 = 2, Allow32x32 = 3, Select = 4 };

/* Section 7.3.9 reference_mode values (the same as V4L2_VP9_REFERENCE_MODE_*). */
enum class Vp9ReferenceMode : uint8_t { Single = 0, Compound = 1, Select = 2 };

/* Reference frame names of section 3, as ref_frame_sign_bias indexes them. */
enum Vp9RefFrame : uint8_t { kVp9IntraFrame = 0, kVp9LastFrame = 1, kVp9GoldenFrame = 2, kVp9AltrefFrame = 3 };

struct Vp9MvProbUpdates {
	uint8_t joint[3];
	uint8_t sign[2];
	uint8_t classes[2][10];
	uint8_t class0Bit[2];
	uint8_t bits[2][10];
	uint8_t class0Fr[2][2][3];
	uint8_t fr[2][3];
	uint8_t class0Hp[2];
	uint8_t hp[2];
};

struct Vp9ProbUpdates {
	uint8_t tx8[2][1];
	uint8_t tx16[2][2];
	uint8_t tx32[2][3];
	uint8_t coef[4][2][2][6][6][3];
	uint8_t skip[3];
	uint8_t interMode[7][3];
	uint8_t interpFilter[4][2];
	uint8_t isInter[4];
	uint8_t compMode[5];
	uint8_t singleRef[5][2];
	uint8_t compRef[5];
	uint8_t yMode[4][9];
	/* VP9's compressed header never updates uv_mode: kept so the layout matches the uAPI. */
	uint8_t uvMode[10][9];
	uint8_t partition[16][3];
	Vp9MvProbUpdates mv;
};

struct Vp9CompressedHeader {
	Vp9TxMode txMode = Vp9TxMode::Only4x4;
	Vp9ReferenceMode referenceMode = Vp9ReferenceMode::Single;
	/* setup_compound_reference_mode() (section 7.3.9), when compound prediction is allowed. */
	Vp9RefFrame compFixedRef = kVp9IntraFrame;
	Vp9RefFrame compVarRef[2] = { kVp9IntraFrame, kVp9IntraFrame };
	Vp9ProbUpdates updates{};
	/* How many probabilities the frame updates (non-zero entries above). */
	unsigned updateCount = 0;
};

/*
 * Parses the compressed header of a frame whose uncompressed header is `header`; `data` is
 * the header_size_in_bytes bytes that follow the uncompressed header. -EINVAL with *error
 * when the marker bit is set or the header reads past its end.
 */
int parseVp9CompressedHeader(std::span<const uint8_t> data, const Vp9FrameHeader &header,
			     Vp9CompressedHeader *out, std::string *error = nullptr);

} /* namespace sluice */
