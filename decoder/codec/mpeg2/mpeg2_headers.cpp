/* SPDX-License-Identifier: MIT */
#include "mpeg2_headers.h"

#include <cerrno>

namespace sluice {

namespace {

/* 6.3.11: the default intra matrix as the standard prints it, row by row (raster order). */
constexpr uint8_t kDefaultIntraRaster[64] = {
	8,  16, 19, 22, 26, 27, 29, 34, 16, 16, 22, 24, 27, 29, 34, 37,
	19, 22, 26, 27, 29, 34, 34, 38, 22, 22, 26, 27, 29, 34, 37, 40,
	22, 26, 27, 29, 32, 35, 40, 48, 26, 27, 29, 32, 35, 40, 48, 58,
	26, 27, 29, 34, 38, 46, 56, 69, 27, 29, 35, 38, 46, 56, 69, 83,
};

/* Figure 7-2, alternate_scan 0: the n-th coefficient of the zigzag scan lies at raster
 * position kZigzag[n]. Quantiser matrices are transmitted in this order (6.3.11). */
constexpr std::array<uint8_t, 64> kZigzag = {
	0,  1,  8,  16, 9,  2,  3,  10, 17, 24, 32, 25, 18, 11, 4,  5,
	12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6,  7,  14, 21, 28,
	35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
	58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
};

Mpeg2Matrix makeDefaultIntraZigzag()
{
	Mpeg2Matrix m{};
	for (size_t n = 0; n < 64; n++)
		m[n] = kDefaultIntraRaster[kZigzag[n]];
	return m;
}

/* 6.3.11: a quantiser matrix value of 0 is forbidden. */
void readMatrix(SyntaxReader &r, const char *name, Mpeg2Matrix *m)
{
	for (int i = 0; i < 64; i++) {
		(*m)[i] = static_cast<uint8_t>(r.u(8, name, i));
		if ((*m)[i] == 0)
			r.fail();
	}
}

/* The start code value: at bit 0 of each traced unit, as FFmpeg counts. */
void readStartCode(SyntaxReader &r, const char *name)
{
	r.u(8, name);
}

int finish(const SyntaxReader &r)
{
	return r.failed() ? -EINVAL : 0;
}

} /* namespace */

const Mpeg2Matrix &mpeg2DefaultIntraMatrix()
{
	static const Mpeg2Matrix matrix = makeDefaultIntraZigzag();
	return matrix;
}

const std::array<uint8_t, 64> &mpeg2ZigzagToRaster()
{
	return kZigzag;
}

int parseMpeg2SequenceHeader(std::span<const uint8_t> unit, Mpeg2SequenceHeader *out,
			     SyntaxTrace *trace)
{
	BitReader bits(unit);
	SyntaxReader r(bits, trace);
	Mpeg2SequenceHeader h;
	readStartCode(r, "sequence_header_code");
	h.horizontalSizeValue = static_cast<uint16_t>(r.u(12, "horizontal_size_value"));
	h.verticalSizeValue = static_cast<uint16_t>(r.u(12, "vertical_size_value"));
	h.aspectRatioInformation = static_cast<uint8_t>(r.u(4, "aspect_ratio_information"));
	h.frameRateCode = static_cast<uint8_t>(r.u(4, "frame_rate_code"));
	h.bitRateValue = r.u(18, "bit_rate_value");
	r.u(1, "marker_bit");
	h.vbvBufferSizeValue = static_cast<uint16_t>(r.u(10, "vbv_buffer_size_value"));
	h.constrainedParameters = r.flag("constrained_parameters_flag");
	h.loadIntraMatrix = r.flag("load_intra_quantiser_matrix");
	if (h.loadIntraMatrix)
		readMatrix(r, "intra_quantiser_matrix", &h.intraMatrix);
	h.loadNonIntraMatrix = r.flag("load_non_intra_quantiser_matrix");
	if (h.loadNonIntraMatrix)
		readMatrix(r, "non_intra_quantiser_matrix", &h.nonIntraMatrix);
	/* 6.3.3: a zero size is forbidden (the extension only adds the top bits). */
	if (h.horizontalSizeValue == 0 || h.verticalSizeValue == 0)
		r.fail();
	if (finish(r) < 0)
		return -EINVAL;
	*out = h;
	return 0;
}

int parseMpeg2GopHeader(std::span<const uint8_t> unit, Mpeg2GopHeader *out, SyntaxTrace *trace)
{
	BitReader bits(unit);
	SyntaxReader r(bits, trace);
	Mpeg2GopHeader g;
	readStartCode(r, "group_start_code");
	g.timeCode = r.u(25, "time_code");
	g.closedGop = r.flag("closed_gop");
	g.brokenLink = r.flag("broken_link");
	if (finish(r) < 0)
		return -EINVAL;
	*out = g;
	return 0;
}

int parseMpeg2PictureHeader(std::span<const uint8_t> unit, Mpeg2PictureHeader *out,
			    SyntaxTrace *trace)
{
	BitReader bits(unit);
	SyntaxReader r(bits, trace);
	Mpeg2PictureHeader p;
	readStartCode(r, "picture_start_code");
	p.temporalReference = static_cast<uint16_t>(r.u(10, "temporal_reference"));
	unsigned type = r.u(3, "picture_coding_type");
	/* Table 6-12: 0 is forbidden, 5-7 reserved. D pictures (MPEG-1 DC-only) have no
	 * stateless decoder support; they are refused by the front-end, not here. */
	if (type < 1 || type > 4)
		r.fail();
	p.codingType = static_cast<Mpeg2PictureType>(type);
	p.vbvDelay = static_cast<uint16_t>(r.u(16, "vbv_delay"));
	if (p.codingType == Mpeg2PictureType::P || p.codingType == Mpeg2PictureType::B) {
		p.fullPelForwardVector = r.flag("full_pel_forward_vector");
		p.forwardFCode = static_cast<uint8_t>(r.u(3, "forward_f_code"));
	}
	if (p.codingType == Mpeg2PictureType::B) {
		p.fullPelBackwardVector = r.flag("full_pel_backward_vector");
		p.backwardFCode = static_cast<uint8_t>(r.u(3, "backward_f_code"));
	}
	/* 6.2.3: extra_information_picture bytes follow each extra_bit_picture set to 1; bounded
	 * by the unit, since the reader fails past its end. */
	for (int i = 0; r.flag("extra_bit_picture") && !r.failed(); i++)
		r.u(8, "extra_information_picture", i);
	if (finish(r) < 0)
		return -EINVAL;
	*out = p;
	return 0;
}

namespace {

void readSequenceExtension(SyntaxReader &r, Mpeg2SequenceExtension *e)
{
	e->profileAndLevel = static_cast<uint8_t>(r.u(8, "profile_and_level_indication"));
	e->progressiveSequence = r.flag("progressive_sequence");
	e->chromaFormat = static_cast<uint8_t>(r.u(2, "chroma_format"));
	if (e->chromaFormat == 0) /* Table 6-5: reserved */
		r.fail();
	e->horizontalSizeExtension = static_cast<uint8_t>(r.u(2, "horizontal_size_extension"));
	e->verticalSizeExtension = static_cast<uint8_t>(r.u(2, "vertical_size_extension"));
	e->bitRateExtension = static_cast<uint16_t>(r.u(12, "bit_rate_extension"));
	r.u(1, "marker_bit");
	e->vbvBufferSizeExtension = static_cast<uint8_t>(r.u(8, "vbv_buffer_size_extension"));
	e->lowDelay = r.flag("low_delay");
	e->frameRateExtensionN = static_cast<uint8_t>(r.u(2, "frame_rate_extension_n"));
	e->frameRateExtensionD = static_cast<uint8_t>(r.u(5, "frame_rate_extension_d"));
}

void readSequenceDisplayExtension(SyntaxReader &r, Mpeg2SequenceDisplayExtension *d)
{
	r.u(3, "video_format");
	if (r.flag("colour_description")) {
		r.u(8, "colour_primaries");
		r.u(8, "transfer_characteristics");
		r.u(8, "matrix_coefficients");
	}
	d->displayHorizontalSize = static_cast<uint16_t>(r.u(14, "display_horizontal_size"));
	r.u(1, "marker_bit");
	d->displayVerticalSize = static_cast<uint16_t>(r.u(14, "display_vertical_size"));
}

void readQuantMatrixExtension(SyntaxReader &r, Mpeg2QuantMatrixExtension *q)
{
	q->loadIntra = r.flag("load_intra_quantiser_matrix");
	if (q->loadIntra)
		readMatrix(r, "intra_quantiser_matrix", &q->intra);
	q->loadNonIntra = r.flag("load_non_intra_quantiser_matrix");
	if (q->loadNonIntra)
		readMatrix(r, "non_intra_quantiser_matrix", &q->nonIntra);
	q->loadChromaIntra = r.flag("load_chroma_intra_quantiser_matrix");
	if (q->loadChromaIntra)
		readMatrix(r, "chroma_intra_quantiser_matrix", &q->chromaIntra);
	q->loadChromaNonIntra = r.flag("load_chroma_non_intra_quantiser_matrix");
	if (q->loadChromaNonIntra)
		readMatrix(r, "chroma_non_intra_quantiser_matrix", &q->chromaNonIntra);
}

void readPictureCodingExtension(SyntaxReader &r, Mpeg2PictureCodingExtension *c)
{
	for (int s = 0; s < 2; s++)
		for (int t = 0; t < 2; t++) {
			c->fCode[s][t] = static_cast<uint8_t>(r.u(4, "f_code", s, t));
			/* 6.3.10: 0 is forbidden, 10-14 reserved; 15 means unused. */
			if (c->fCode[s][t] == 0 || (c->fCode[s][t] > 9 && c->fCode[s][t] < 15))
				r.fail();
		}
	c->intraDcPrecision = static_cast<uint8_t>(r.u(2, "intra_dc_precision"));
	c->pictureStructure = static_cast<uint8_t>(r.u(2, "picture_structure"));
	if (c->pictureStructure == 0) /* Table 6-14: reserved */
		r.fail();
	c->topFieldFirst = r.flag("top_field_first");
	c->framePredFrameDct = r.flag("frame_pred_frame_dct");
	c->concealmentMotionVectors = r.flag("concealment_motion_vectors");
	c->qScaleType = r.flag("q_scale_type");
	c->intraVlcFormat = r.flag("intra_vlc_format");
	c->alternateScan = r.flag("alternate_scan");
	c->repeatFirstField = r.flag("repeat_first_field");
	c->chroma420Type = r.flag("chroma_420_type");
	c->progressiveFrame = r.flag("progressive_frame");
	c->compositeDisplay = r.flag("composite_display_flag");
	if (c->compositeDisplay) {
		r.u(1, "v_axis");
		r.u(3, "field_sequence");
		r.u(1, "sub_carrier");
		r.u(7, "burst_amplitude");
		r.u(8, "sub_carrier_phase");
	}
}

} /* namespace */

int parseMpeg2Extension(std::span<const uint8_t> unit, Mpeg2Extension *out, SyntaxTrace *trace)
{
	BitReader bits(unit);
	SyntaxReader r(bits, trace);
	Mpeg2Extension e;
	readStartCode(r, "extension_start_code");
	e.id = static_cast<uint8_t>(r.u(4, "extension_start_code_identifier"));
	switch (static_cast<Mpeg2ExtensionId>(e.id)) {
	case Mpeg2ExtensionId::Sequence:
		readSequenceExtension(r, &e.sequence);
		break;
	case Mpeg2ExtensionId::SequenceDisplay:
		readSequenceDisplayExtension(r, &e.sequenceDisplay);
		break;
	case Mpeg2ExtensionId::QuantMatrix:
		readQuantMatrixExtension(r, &e.quantMatrix);
		break;
	case Mpeg2ExtensionId::PictureCoding:
		readPictureCodingExtension(r, &e.pictureCoding);
		break;
	default:
		/* Scalable, copyright and camera parameter extensions: not used here. */
		break;
	}
	if (finish(r) < 0)
		return -EINVAL;
	*out = e;
	return 0;
}

} /* namespace sluice */
