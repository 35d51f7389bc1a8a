/* SPDX-License-Identifier: MIT */
/*
 * The only file of the VP8 front-end that includes the kernel's stateless uAPI. Sizes and
 * array extents are checked against the header we build with.
 */
#include "vp8_controls.h"

#include <iterator>

#include <linux/v4l2-controls.h>
#include <linux/videodev2.h>

namespace sluice {

static_assert(sizeof(v4l2_ctrl_vp8_frame) == 1232);
static_assert(sizeof(v4l2_vp8_segment) == 16);
static_assert(sizeof(v4l2_vp8_loop_filter) == 16);
static_assert(sizeof(v4l2_vp8_quantization) == 8);
static_assert(sizeof(v4l2_vp8_entropy) == 1104);
static_assert(sizeof(v4l2_vp8_entropy_coder_state) == 4);
static_assert(std::size(v4l2_vp8_segment{}.quant_update) == 4);
static_assert(std::size(v4l2_vp8_segment{}.lf_update) == 4);
static_assert(std::size(v4l2_vp8_segment{}.segment_probs) == 3);
static_assert(std::size(v4l2_vp8_loop_filter{}.ref_frm_delta) == 4);
static_assert(std::size(v4l2_vp8_loop_filter{}.mb_mode_delta) == 4);
static_assert(std::size(v4l2_vp8_entropy{}.coeff_probs) == kVp8BlockTypes);
static_assert(std::size(v4l2_vp8_entropy{}.coeff_probs[0]) == kVp8CoeffBands);
static_assert(std::size(v4l2_vp8_entropy{}.coeff_probs[0][0]) == kVp8PrevCoeffContexts);
static_assert(std::size(v4l2_vp8_entropy{}.coeff_probs[0][0][0]) == kVp8EntropyNodes);
static_assert(std::size(v4l2_vp8_entropy{}.y_mode_probs) == 4);
static_assert(std::size(v4l2_vp8_entropy{}.uv_mode_probs) == 3);
static_assert(std::size(v4l2_vp8_entropy{}.mv_probs) == 2);
static_assert(std::size(v4l2_vp8_entropy{}.mv_probs[0]) == kVp8MvProbCount);
static_assert(std::size(v4l2_ctrl_vp8_frame{}.dct_part_sizes) == kVp8MaxPartitions);

void fillVp8Controls(const Vp8FrameHeader &h, const Vp8ReferenceKeys &refs, ControlSet *out)
{
	v4l2_ctrl_vp8_frame k{};

	const Vp8Segmentation &s = h.segmentation;
	for (size_t i = 0; i < 4; i++) {
		k.segment.quant_update[i] = s.quantizer[i];
		k.segment.lf_update[i] = s.loopFilter[i];
	}
	/* 9.3: the tree probabilities are read, and used, only by a frame that updates the
	 * segment map; other frames leave them zero, as GStreamer does. */
	if (s.updateMap)
		for (size_t i = 0; i < 3; i++)
			k.segment.segment_probs[i] = s.treeProbs[i];
	if (s.enabled)
		k.segment.flags |= V4L2_VP8_SEGMENT_FLAG_ENABLED;
	if (s.updateMap)
		k.segment.flags |= V4L2_VP8_SEGMENT_FLAG_UPDATE_MAP;
	if (s.updateFeatureData)
		k.segment.flags |= V4L2_VP8_SEGMENT_FLAG_UPDATE_FEATURE_DATA;
	/* 9.3: segment_feature_mode 0 means the values are deltas. */
	if (!s.absoluteValues)
		k.segment.flags |= V4L2_VP8_SEGMENT_FLAG_DELTA_VALUE_MODE;

	const Vp8LoopFilter &lf = h.loopFilter;
	for (size_t i = 0; i < 4; i++) {
		k.lf.ref_frm_delta[i] = lf.refFrameDeltas[i];
		k.lf.mb_mode_delta[i] = lf.modeDeltas[i];
	}
	k.lf.sharpness_level = lf.sharpness;
	k.lf.level = lf.level;
	if (lf.deltasEnabled)
		k.lf.flags |= V4L2_VP8_LF_ADJ_ENABLE;
	if (lf.deltasUpdated)
		k.lf.flags |= V4L2_VP8_LF_DELTA_UPDATE;
	if (lf.simple)
		k.lf.flags |= V4L2_VP8_LF_FILTER_TYPE_SIMPLE;

	k.quant.y_ac_qi = h.quant.yAcQi;
	k.quant.y_dc_delta = h.quant.yDcDelta;
	k.quant.y2_dc_delta = h.quant.y2DcDelta;
	k.quant.y2_ac_delta = h.quant.y2AcDelta;
	k.quant.uv_dc_delta = h.quant.uvDcDelta;
	k.quant.uv_ac_delta = h.quant.uvAcDelta;

	for (size_t i = 0; i < kVp8BlockTypes; i++)
		for (size_t j = 0; j < kVp8CoeffBands; j++)
			for (size_t c = 0; c < kVp8PrevCoeffContexts; c++)
				for (size_t t = 0; t < kVp8EntropyNodes; t++)
					k.entropy.coeff_probs[i][j][c][t] = h.entropy.coeff[i][j][c][t];
	for (size_t i = 0; i < 4; i++)
		k.entropy.y_mode_probs[i] = h.entropy.yMode[i];
	for (size_t i = 0; i < 3; i++)
		k.entropy.uv_mode_probs[i] = h.entropy.uvMode[i];
	for (size_t c = 0; c < 2; c++)
		for (size_t i = 0; i < kVp8MvProbCount; i++)
			k.entropy.mv_probs[c][i] = h.entropy.mv[c][i];

	k.coder_state.range = h.coderState.range;
	k.coder_state.value = h.coderState.value;
	k.coder_state.bit_count = h.coderState.bitCount;

	k.width = h.width;
	k.height = h.height;
	k.horizontal_scale = h.horizontalScale;
	k.vertical_scale = h.verticalScale;
	k.version = h.version;
	k.prob_skip_false = h.probSkipFalse;
	k.prob_intra = h.probIntra;
	k.prob_last = h.probLast;
	k.prob_gf = h.probGolden;
	k.num_dct_parts = static_cast<__u8>(h.partitions);
	k.first_part_size = h.firstPartSize;
	k.first_part_header_bits = h.headerBits;
	for (size_t i = 0; i < h.partitions && i < kVp8MaxPartitions; i++)
		k.dct_part_sizes[i] = h.partitionSizes[i];

	k.last_frame_ts = refs.last;
	k.golden_frame_ts = refs.golden;
	k.alt_frame_ts = refs.alternate;

	if (h.keyFrame)
		k.flags |= V4L2_VP8_FRAME_FLAG_KEY_FRAME;
	if (h.showFrame)
		k.flags |= V4L2_VP8_FRAME_FLAG_SHOW_FRAME;
	if (h.mbNoCoeffSkip)
		k.flags |= V4L2_VP8_FRAME_FLAG_MB_NO_SKIP_COEFF;
	if (h.signBiasGolden)
		k.flags |= V4L2_VP8_FRAME_FLAG_SIGN_BIAS_GOLDEN;
	if (h.signBiasAlternate)
		k.flags |= V4L2_VP8_FRAME_FLAG_SIGN_BIAS_ALT;

	appendControl(out, V4L2_CID_STATELESS_VP8_FRAME, k);
}

} /* namespace sluice */
