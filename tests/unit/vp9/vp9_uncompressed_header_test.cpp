/* SPDX-License-Identifier: MIT */
/*
 * The VP9 uncompressed header parser against FFmpeg's trace_headers (cbs_vp9, an independent
 * parser): for every frame of every stream of the corpus (superframes split, hidden frames
 * included), each syntax element FFmpeg prints must equal what our header says, element by
 * element, and our header must end where FFmpeg's trailing bits end. An element name this
 * test cannot map fails the test, so nothing FFmpeg reads is silently skipped.
 */
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "codec/vp9/vp9_superframe.h"
#include "codec/vp9/vp9_uncompressed_header.h"
#include "vp9_test_streams.h"

namespace sluice {
namespace {

using test::Vp9StreamCase;

/* "feature_value[3][1]" -> base "feature_value", indices {3, 1}; ".prob" suffixes stay in base. */
struct ElementName {
	std::string base;
	std::vector<int> index;
};

ElementName splitName(const std::string &name)
{
	ElementName out;
	for (size_t i = 0; i < name.size();) {
		if (name[i] == '[') {
			size_t close = name.find(']', i);
			out.index.push_back(std::stoi(name.substr(i + 1, close - i - 1)));
			i = close + 1;
		} else {
			out.base += name[i++];
		}
	}
	return out;
}

/* The value FFmpeg should have printed for element `name`, from our parsed header. */
std::optional<int64_t> ourValue(const Vp9FrameHeader &h, const std::string &name, bool *known)
{
	*known = true;
	ElementName n = splitName(name);
	const std::string &b = n.base;
	auto at = [&](size_t k) { return k < n.index.size() ? n.index[k] : 0; };
	const Vp9LoopFilterParams &lf = h.loopFilter;
	const Vp9SegmentationParams &seg = h.segmentation;

	if (b == "frame_marker") return 2;
	if (b == "profile_low_bit") return h.profile & 1;
	if (b == "profile_high_bit") return h.profile >> 1;
	if (b == "show_existing_frame") return h.showExistingFrame;
	if (b == "frame_to_show_map_idx") return h.frameToShowMapIdx;
	if (b == "frame_type") return static_cast<int>(h.frameType);
	if (b == "show_frame") return h.showFrame;
	if (b == "error_resilient_mode") return h.errorResilientMode;
	if (b == "frame_sync_byte_0") return 0x49;
	if (b == "frame_sync_byte_1") return 0x83;
	if (b == "frame_sync_byte_2") return 0x42;
	if (b == "ten_or_twelve_bit") return h.color.bitDepth == 12;
	if (b == "color_space") return static_cast<int>(h.color.colorSpace);
	if (b == "color_range") return h.color.fullRange;
	if (b == "subsampling_x") return h.color.subsamplingX;
	if (b == "subsampling_y") return h.color.subsamplingY;
	if (b == "reserved_zero" || b == "zero_bit") return 0;
	if (b == "frame_width_minus_1") return h.width - 1;
	if (b == "frame_height_minus_1") return h.height - 1;
	if (b == "render_and_frame_size_different") return h.renderAndFrameSizeDifferent;
	if (b == "render_width_minus_1") return h.renderWidth - 1;
	if (b == "render_height_minus_1") return h.renderHeight - 1;
	if (b == "intra_only") return h.intraOnly;
	if (b == "reset_frame_context") return h.resetFrameContext;
	if (b == "refresh_frame_flags") return h.refreshFrameFlags;
	if (b == "ref_frame_idx") return h.refFrameIdx[at(0)];
	if (b == "ref_frame_sign_bias") return h.refFrameSignBias[at(0)];
	if (b == "found_ref") return h.sizeFromRef == at(0);
	if (b == "allow_high_precision_mv") return h.allowHighPrecisionMv;
	if (b == "is_filter_switchable") return h.interpFilter == Vp9InterpFilter::Switchable;
	if (b == "raw_interpolation_filter_type") {
		/* The literal whose literal_to_type entry is our filter. */
		for (unsigned literal = 0; literal < 4; literal++)
			if (vp9InterpFilterFromLiteral(literal) == h.interpFilter)
				return literal;
		return std::nullopt;
	}
	if (b == "refresh_frame_context") return h.refreshFrameContext;
	if (b == "frame_parallel_decoding_mode") return h.frameParallelDecodingMode;
	if (b == "frame_context_idx") return h.frameContextIdx;
	if (b == "loop_filter_level") return lf.level;
	if (b == "loop_filter_sharpness") return lf.sharpness;
	if (b == "loop_filter_delta_enabled") return lf.deltaEnabled;
	if (b == "loop_filter_delta_update") return lf.deltaUpdate;
	if (b == "update_ref_delta") return lf.refDeltaCoded[at(0)];
	if (b == "loop_filter_ref_deltas") return lf.refDeltas[at(0)];
	if (b == "update_mode_delta") return lf.modeDeltaCoded[at(0)];
	if (b == "loop_filter_mode_deltas") return lf.modeDeltas[at(0)];
	if (b == "base_q_idx") return h.quant.baseQIdx;
	if (b == "delta_q_y_dc.delta_coded") return h.quant.deltaQYDc != 0;
	if (b == "delta_q_uv_dc.delta_coded") return h.quant.deltaQUvDc != 0;
	if (b == "delta_q_uv_ac.delta_coded") return h.quant.deltaQUvAc != 0;
	if (b == "delta_q_y_dc.delta_q") return h.quant.deltaQYDc;
	if (b == "delta_q_uv_dc.delta_q") return h.quant.deltaQUvDc;
	if (b == "delta_q_uv_ac.delta_q") return h.quant.deltaQUvAc;
	if (b == "segmentation_enabled") return seg.enabled;
	if (b == "segmentation_update_map") return seg.updateMap;
	if (b == "segmentation_tree_probs.prob_coded") return seg.treeProbs[at(0)] != 255;
	if (b == "segmentation_tree_probs.prob") return seg.treeProbs[at(0)];
	if (b == "segmentation_temporal_update") return seg.temporalUpdate;
	if (b == "segmentation_pred_prob.prob_coded") return seg.predProbs[at(0)] != 255;
	if (b == "segmentation_pred_prob.prob") return seg.predProbs[at(0)];
	if (b == "segmentation_update_data") return seg.updateData;
	if (b == "segmentation_abs_or_delta_update") return seg.absOrDeltaUpdate;
	if (b == "feature_enabled") return seg.featureEnabled[at(0)][at(1)];
	if (b == "feature_value") {
		int v = seg.featureData[at(0)][at(1)];
		return v < 0 ? -v : v;
	}
	if (b == "feature_sign") return seg.featureData[at(0)][at(1)] < 0;
	if (b == "tile_cols_log2") return h.tileColsLog2;
	if (b == "tile_rows_log2") return h.tileRowsLog2;
	if (b == "header_size_in_bytes") return h.compressedHeaderSize;
	*known = false;
	return std::nullopt;
}

/*
 * FFmpeg prints elements read with no bits (tile_cols_log2 when the minimum is the maximum)
 * with an empty bit string, which the shared trace parser would take for a unit heading:
 * give those lines a placeholder bit string before parsing.
 */
std::string fillEmptyBitStrings(const std::string &log)
{
	std::string out;
	size_t pos = 0;
	while (pos < log.size()) {
		size_t eol = log.find('\n', pos);
		if (eol == std::string::npos)
			eol = log.size();
		std::string line = log.substr(pos, eol - pos);
		pos = eol + 1;
		size_t close = line.find("] ");
		if (line.find("[trace_headers @ ") != std::string::npos && close != std::string::npos) {
			std::string rest = line.substr(close + 2);
			char position[32], name[256], equals[8], value[64], extra[8];
			if (std::sscanf(rest.c_str(), "%31s %255s %7s %63s %7s", position, name, equals,
					value, extra) == 4 &&
			    std::string(equals) == "=" && position[0] >= '0' && position[0] <= '9')
				line = line.substr(0, close + 2) + position + " " + name + " - = " + value;
		}
		out += line + "\n";
	}
	return out;
}

int traceVp9Frames(const std::string &path, std::vector<test::TraceUnit> *frames)
{
	std::string log;
	int ret = test::runCommand("ffmpeg -hide_banner -nostats -loglevel info -i '" + path +
				   "' -c copy -bsf:v trace_headers -f null - 2>&1", &log);
	if (ret)
		return ret;
	frames->clear();
	for (test::TraceUnit &unit : test::parseTraceHeaders(fillEmptyBitStrings(log)))
		if (unit.kind == "Frame")
			frames->push_back(std::move(unit));
	return 0;
}

/* Whether a frame shows the feature its case exists for, so a corpus that silently lost
 * the feature (another libvpx, other defaults) fails instead of passing vacuously. */
bool showsFeature(const std::string &name, const Vp9FrameHeader &h, uint32_t firstWidth)
{
	if (name == "altref_2pass") return !h.showFrame;
	if (name == "tile_columns") return h.tileColsLog2 == 2 && h.tileRowsLog2 == 1;
	if (name == "lossless") return h.quant.lossless;
	if (name == "aq_variance" || name == "aq_cyclic")
		return h.segmentation.enabled && h.segmentation.updateData;
	if (name == "error_resilient") return h.errorResilientMode && !h.isKeyFrame();
	if (name == "frame_parallel_on") return h.frameParallelDecodingMode && !h.isKeyFrame();
	if (name == "frame_parallel_off") return !h.frameParallelDecodingMode && !h.isKeyFrame();
	if (name == "resize_on_keyframe") return h.isKeyFrame() && h.width != firstWidth;
	if (name == "profile2_10bit") return h.profile == 2 && h.color.bitDepth == 10;
	if (name == "profile1_444") return h.profile == 1 && !h.color.subsamplingX;
	if (name == "profile1_rgb") return h.color.colorSpace == Vp9ColorSpace::Rgb;
	return true;
}

class Vp9HeaderVsFfmpeg : public ::testing::TestWithParam<Vp9StreamCase>
{
};

TEST_P(Vp9HeaderVsFfmpeg, EverySyntaxElementMatches)
{
	if (!test::ffmpegAvailable())
		GTEST_SKIP() << "ffmpeg/ffprobe not installed";
	const Vp9StreamCase &c = GetParam();
	std::string path = test::generateVp9(c);
	ASSERT_FALSE(path.empty()) << "ffmpeg failed to make " << c.name;

	std::vector<test::TraceUnit> reference;
	ASSERT_EQ(traceVp9Frames(path, &reference), 0);
	std::vector<std::vector<uint8_t>> packets = test::readIvfPackets(test::readVp9File(path));
	ASSERT_FALSE(packets.empty());

	Vp9PersistentState state;
	size_t frameIndex = 0, compared = 0, hidden = 0, superframes = 0, featured = 0;
	uint32_t firstWidth = 0;
	for (const std::vector<uint8_t> &packet : packets) {
		std::vector<std::span<const uint8_t>> frames;
		ASSERT_EQ(splitVp9Superframe(packet, &frames), 0);
		superframes += frames.size() > 1;
		for (std::span<const uint8_t> frame : frames) {
			SCOPED_TRACE(std::string(c.name) + ": frame " + std::to_string(frameIndex));
			ASSERT_LT(frameIndex, reference.size()) << "FFmpeg traced fewer frames";
			Vp9FrameHeader header;
			std::string error;
			ASSERT_EQ(parseVp9UncompressedHeader(frame, state, &header, &error), 0) << error;
			const test::TraceUnit &unit = reference[frameIndex];
			for (const test::TraceElement &element : unit.elements) {
				bool known = false;
				std::optional<int64_t> value = ourValue(header, element.name, &known);
				ASSERT_TRUE(known) << "element not mapped by the test: " << element.name;
				ASSERT_TRUE(value.has_value()) << element.name;
				EXPECT_EQ(*value, element.value) << element.name;
				compared++;
			}
			/* Our header ends where FFmpeg's last element (a trailing bit) ends. */
			const test::TraceElement &last = unit.elements.back();
			if (!header.showExistingFrame) {
				EXPECT_EQ(header.uncompressedHeaderSize * 8, last.bitPosition + last.bitLength);
				EXPECT_LE(header.uncompressedHeaderSize + header.compressedHeaderSize,
					  frame.size());
			}
			hidden += !header.showFrame;
			if (!firstWidth)
				firstWidth = header.width;
			featured += showsFeature(c.name, header, firstWidth);
			state.update(header);
			frameIndex++;
		}
	}
	EXPECT_EQ(frameIndex, reference.size()) << "FFmpeg traced more frames than we parsed";
	EXPECT_GT(featured, 0u) << "no frame of " << c.name << " uses the feature it is named for";
	if (c.twoPass) {
		/* The point of the case: libvpx made hidden alt-refs inside superframes. */
		EXPECT_GT(hidden, 0u);
		EXPECT_GT(superframes, 0u);
	}
	std::printf("[ %s ] %zu syntax elements in %zu frames (%zu hidden, %zu superframes) match "
		    "FFmpeg\n", c.name, compared, frameIndex, hidden, superframes);
}

INSTANTIATE_TEST_SUITE_P(Streams, Vp9HeaderVsFfmpeg, ::testing::ValuesIn(test::vp9Corpus()),
			 [](const auto &param) { return std::string(param.param.name); });

} /* namespace */
} /* namespace sluice */
