/* SPDX-License-Identifier: MIT */
#include "vp9_controls.h"

#include <cerrno>
#include <cstring>
#include <iterator>
#include <type_traits>
#include <linux/videodev2.h>

namespace sluice {

namespace {

static_assert(sizeof(v4l2_ctrl_vp9_frame) == 168, "uAPI struct v4l2_ctrl_vp9_frame changed");
static_assert(sizeof(v4l2_ctrl_vp9_compressed_hdr) == 2040,
	      "uAPI struct v4l2_ctrl_vp9_compressed_hdr changed");
static_assert(sizeof(v4l2_vp9_loop_filter) == 16 && sizeof(v4l2_vp9_quantization) == 8 &&
	      sizeof(v4l2_vp9_segmentation) == 88, "uAPI VP9 parameter structs changed");
/* The arrays we fill, extent by extent. */
static_assert(std::size(v4l2_vp9_loop_filter{}.ref_deltas) == 4 &&
	      std::size(v4l2_vp9_loop_filter{}.mode_deltas) == 2);
static_assert(std::size(v4l2_vp9_segmentation{}.feature_data) == kVp9MaxSegments &&
	      std::size(v4l2_vp9_segmentation{}.feature_data[0]) == kVp9SegLvlMax &&
	      std::size(v4l2_vp9_segmentation{}.feature_enabled) == kVp9MaxSegments &&
	      std::size(v4l2_vp9_segmentation{}.tree_probs) == 7 &&
	      std::size(v4l2_vp9_segmentation{}.pred_probs) == 3);
static_assert(V4L2_VP9_INTERP_FILTER_EIGHTTAP == static_cast<int>(Vp9InterpFilter::EightTap) &&
	      V4L2_VP9_INTERP_FILTER_EIGHTTAP_SMOOTH == static_cast<int>(Vp9InterpFilter::EightTapSmooth) &&
	      V4L2_VP9_INTERP_FILTER_EIGHTTAP_SHARP == static_cast<int>(Vp9InterpFilter::EightTapSharp) &&
	      V4L2_VP9_INTERP_FILTER_BILINEAR == static_cast<int>(Vp9InterpFilter::Bilinear) &&
	      V4L2_VP9_INTERP_FILTER_SWITCHABLE == static_cast<int>(Vp9InterpFilter::Switchable),
	      "Vp9InterpFilter carries the uAPI's values");
static_assert(V4L2_VP9_TX_MODE_SELECT == static_cast<int>(Vp9TxMode::Select) &&
	      V4L2_VP9_TX_MODE_ALLOW_32X32 == static_cast<int>(Vp9TxMode::Allow32x32));
static_assert(V4L2_VP9_REFERENCE_MODE_SELECT == static_cast<int>(Vp9ReferenceMode::Select) &&
	      V4L2_VP9_REFERENCE_MODE_COMPOUND_REFERENCE == static_cast<int>(Vp9ReferenceMode::Compound));

/* Copies one probability array into the uAPI's array of the same shape. */
template<typename Ours, typename Theirs>
void copyProbs(Theirs &to, const Ours &from)
{
	static_assert(sizeof(Ours) == sizeof(Theirs) && std::is_same_v<std::remove_all_extents_t<Ours>, uint8_t>,
		      "probability arrays have the uAPI's shape");
	static_assert(std::rank_v<Ours> == std::rank_v<Theirs> &&
		      std::extent_v<Ours, 0> == std::extent_v<Theirs, 0>);
	std::memcpy(&to, &from, sizeof(to));
}

void fillCompressedHeader(const Vp9CompressedHeader &c, v4l2_ctrl_vp9_compressed_hdr *hdr)
{
	const Vp9ProbUpdates &u = c.updates;
	hdr->tx_mode = static_cast<uint8_t>(c.txMode);
	copyProbs(hdr->tx8, u.tx8);
	copyProbs(hdr->tx16, u.tx16);
	copyProbs(hdr->tx32, u.tx32);
	copyProbs(hdr->coef, u.coef);
	copyProbs(hdr->skip, u.skip);
	copyProbs(hdr->inter_mode, u.interMode);
	copyProbs(hdr->interp_filter, u.interpFilter);
	copyProbs(hdr->is_inter, u.isInter);
	copyProbs(hdr->comp_mode, u.compMode);
	copyProbs(hdr->single_ref, u.singleRef);
	copyProbs(hdr->comp_ref, u.compRef);
	copyProbs(hdr->y_mode, u.yMode);
	copyProbs(hdr->uv_mode, u.uvMode);
	copyProbs(hdr->partition, u.partition);
	copyProbs(hdr->mv.joint, u.mv.joint);
	copyProbs(hdr->mv.sign, u.mv.sign);
	copyProbs(hdr->mv.classes, u.mv.classes);
	copyProbs(hdr->mv.class0_bit, u.mv.class0Bit);
	copyProbs(hdr->mv.bits, u.mv.bits);
	copyProbs(hdr->mv.class0_fr, u.mv.class0Fr);
	copyProbs(hdr->mv.fr, u.mv.fr);
	copyProbs(hdr->mv.class0_hp, u.mv.class0Hp);
	copyProbs(hdr->mv.hp, u.mv.hp);
}

void fillLoopFilter(const Vp9LoopFilterParams &lf, v4l2_vp9_loop_filter *out)
{
	for (unsigned i = 0; i < 4; i++)
		out->ref_deltas[i] = lf.refDeltas[i];
	for (unsigned i = 0; i < 2; i++)
		out->mode_deltas[i] = lf.modeDeltas[i];
	out->level = lf.level;
	out->sharpness = lf.sharpness;
	out->flags = (lf.deltaEnabled ? V4L2_VP9_LOOP_FILTER_FLAG_DELTA_ENABLED : 0) |
		     (lf.deltaUpdate ? V4L2_VP9_LOOP_FILTER_FLAG_DELTA_UPDATE : 0);
}

void fillSegmentation(const Vp9SegmentationParams &s, v4l2_vp9_segmentation *out)
{
	for (unsigned i = 0; i < kVp9MaxSegments; i++) {
		out->feature_enabled[i] = 0;
		for (unsigned j = 0; j < kVp9SegLvlMax; j++) {
			out->feature_data[i][j] = s.featureData[i][j];
			if (s.featureEnabled[i][j])
				out->feature_enabled[i] |= V4L2_VP9_SEGMENT_FEATURE_ENABLED(j);
		}
	}
	for (unsigned i = 0; i < 7; i++)
		out->tree_probs[i] = s.treeProbs[i];
	for (unsigned i = 0; i < 3; i++)
		out->pred_probs[i] = s.predProbs[i];
	out->flags = (s.enabled ? V4L2_VP9_SEGMENTATION_FLAG_ENABLED : 0) |
		     (s.updateMap ? V4L2_VP9_SEGMENTATION_FLAG_UPDATE_MAP : 0) |
		     (s.temporalUpdate ? V4L2_VP9_SEGMENTATION_FLAG_TEMPORAL_UPDATE : 0) |
		     (s.updateData ? V4L2_VP9_SEGMENTATION_FLAG_UPDATE_DATA : 0) |
		     (s.absOrDeltaUpdate ? V4L2_VP9_SEGMENTATION_FLAG_ABS_OR_DELTA_UPDATE : 0);
}

uint32_t frameFlags(const Vp9FrameHeader &h)
{
	uint32_t flags = 0;
	if (h.isKeyFrame())
		flags |= V4L2_VP9_FRAME_FLAG_KEY_FRAME;
	if (h.showFrame)
		flags |= V4L2_VP9_FRAME_FLAG_SHOW_FRAME;
	if (h.errorResilientMode)
		flags |= V4L2_VP9_FRAME_FLAG_ERROR_RESILIENT;
	if (h.intraOnly)
		flags |= V4L2_VP9_FRAME_FLAG_INTRA_ONLY;
	if (h.allowHighPrecisionMv)
		flags |= V4L2_VP9_FRAME_FLAG_ALLOW_HIGH_PREC_MV;
	if (h.refreshFrameContext)
		flags |= V4L2_VP9_FRAME_FLAG_REFRESH_FRAME_CTX;
	if (h.frameParallelDecodingMode)
		flags |= V4L2_VP9_FRAME_FLAG_PARALLEL_DEC_MODE;
	if (h.color.subsamplingX)
		flags |= V4L2_VP9_FRAME_FLAG_X_SUBSAMPLING;
	if (h.color.subsamplingY)
		flags |= V4L2_VP9_FRAME_FLAG_Y_SUBSAMPLING;
	if (h.color.fullRange)
		flags |= V4L2_VP9_FRAME_FLAG_COLOR_RANGE_FULL_SWING;
	return flags;
}

} /* namespace */

uint8_t vp9V4l2ResetFrameContext(uint8_t coded)
{
	/* Section 7.2: 2 resets the frame's own context, 3 all four; 0 and 1 reset nothing. */
	switch (coded) {
	case 2:
		return V4L2_VP9_RESET_FRAME_CTX_SPEC;
	case 3:
		return V4L2_VP9_RESET_FRAME_CTX_ALL;
	default:
		return V4L2_VP9_RESET_FRAME_CTX_NONE;
	}
}

int fillVp9Controls(const Vp9FrameHeader &h, const Vp9CompressedHeader &compressed,
		    const Vp9ReferenceTimestamps &references, ControlSet *controls)
{
	if (h.showExistingFrame || h.width == 0 || h.height == 0 || h.width > 65536 || h.height > 65536)
		return -EINVAL;

	v4l2_ctrl_vp9_frame frame{};
	fillLoopFilter(h.loopFilter, &frame.lf);
	frame.quant.base_q_idx = h.quant.baseQIdx;
	frame.quant.delta_q_y_dc = h.quant.deltaQYDc;
	frame.quant.delta_q_uv_dc = h.quant.deltaQUvDc;
	frame.quant.delta_q_uv_ac = h.quant.deltaQUvAc;
	fillSegmentation(h.segmentation, &frame.seg);
	frame.flags = frameFlags(h);
	frame.compressed_header_size = h.compressedHeaderSize;
	frame.uncompressed_header_size = static_cast<uint16_t>(h.uncompressedHeaderSize);
	frame.frame_width_minus_1 = static_cast<uint16_t>(h.width - 1);
	frame.frame_height_minus_1 = static_cast<uint16_t>(h.height - 1);
	frame.render_width_minus_1 = static_cast<uint16_t>(h.renderWidth - 1);
	frame.render_height_minus_1 = static_cast<uint16_t>(h.renderHeight - 1);
	frame.last_frame_ts = references.last;
	frame.golden_frame_ts = references.golden;
	frame.alt_frame_ts = references.alt;
	frame.ref_frame_sign_bias = (h.refFrameSignBias[kVp9LastFrame] ? V4L2_VP9_SIGN_BIAS_LAST : 0) |
				    (h.refFrameSignBias[kVp9GoldenFrame] ? V4L2_VP9_SIGN_BIAS_GOLDEN : 0) |
				    (h.refFrameSignBias[kVp9AltrefFrame] ? V4L2_VP9_SIGN_BIAS_ALT : 0);
	frame.reset_frame_context = vp9V4l2ResetFrameContext(h.resetFrameContext);
	frame.frame_context_idx = h.frameContextIdx;
	frame.profile = h.profile;
	frame.bit_depth = h.color.bitDepth;
	frame.interpolation_filter = static_cast<uint8_t>(h.interpFilter);
	frame.tile_cols_log2 = h.tileColsLog2;
	frame.tile_rows_log2 = h.tileRowsLog2;
	frame.reference_mode = static_cast<uint8_t>(compressed.referenceMode);
	appendControl(controls, V4L2_CID_STATELESS_VP9_FRAME, frame);

	v4l2_ctrl_vp9_compressed_hdr hdr{};
	fillCompressedHeader(compressed, &hdr);
	appendControl(controls, V4L2_CID_STATELESS_VP9_COMPRESSED_HDR, hdr);
	return 0;
}

} /* namespace sluice */
