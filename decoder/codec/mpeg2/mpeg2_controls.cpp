/* SPDX-License-Identifier: MIT */
/*
 * The only file of the MPEG-2 front-end that includes the kernel's stateless uAPI. Sizes
 * and array extents are checked against the header we build with, so a uAPI change fails
 * the build here rather than corrupting requests.
 */
#include "mpeg2_controls.h"

#include <iterator>

#include <linux/v4l2-controls.h>
#include <linux/videodev2.h>

namespace sluice {

static_assert(sizeof(v4l2_ctrl_mpeg2_sequence) == 12);
static_assert(sizeof(v4l2_ctrl_mpeg2_picture) == 32);
static_assert(sizeof(v4l2_ctrl_mpeg2_quantisation) == 256);
static_assert(std::size(v4l2_ctrl_mpeg2_picture{}.f_code) == 2);
static_assert(std::size(v4l2_ctrl_mpeg2_picture{}.f_code[0]) == 2);
static_assert(std::size(v4l2_ctrl_mpeg2_quantisation{}.intra_quantiser_matrix) == 64);
static_assert(std::size(v4l2_ctrl_mpeg2_quantisation{}.non_intra_quantiser_matrix) == 64);
static_assert(std::size(v4l2_ctrl_mpeg2_quantisation{}.chroma_intra_quantiser_matrix) == 64);
static_assert(std::size(v4l2_ctrl_mpeg2_quantisation{}.chroma_non_intra_quantiser_matrix) == 64);
/* The uAPI's coding types and structures are the standard's code values. */
static_assert(V4L2_MPEG2_PIC_CODING_TYPE_I == static_cast<int>(Mpeg2PictureType::I));
static_assert(V4L2_MPEG2_PIC_CODING_TYPE_P == static_cast<int>(Mpeg2PictureType::P));
static_assert(V4L2_MPEG2_PIC_CODING_TYPE_B == static_cast<int>(Mpeg2PictureType::B));
static_assert(V4L2_MPEG2_PIC_TOP_FIELD == kMpeg2TopField);
static_assert(V4L2_MPEG2_PIC_BOTTOM_FIELD == kMpeg2BottomField);
static_assert(V4L2_MPEG2_PIC_FRAME == kMpeg2FramePicture);

static v4l2_ctrl_mpeg2_sequence makeSequence(const Mpeg2Picture &p)
{
	v4l2_ctrl_mpeg2_sequence k{};
	k.horizontal_size = static_cast<__u16>(p.width());
	k.vertical_size = static_cast<__u16>(p.height());
	k.vbv_buffer_size = p.vbvBufferSize();
	k.profile_and_level_indication = p.sequenceExtension.profileAndLevel;
	k.chroma_format = p.mpeg1 ? 1 : p.sequenceExtension.chromaFormat;
	/* An MPEG-1 stream is progressive throughout. */
	if (p.mpeg1 || p.sequenceExtension.progressiveSequence)
		k.flags |= V4L2_MPEG2_SEQ_FLAG_PROGRESSIVE;
	return k;
}

static v4l2_ctrl_mpeg2_picture makePicture(const Mpeg2Picture &p, const Mpeg2ReferenceKeys &refs)
{
	const Mpeg2PictureCodingExtension &c = p.coding;
	v4l2_ctrl_mpeg2_picture k{};
	k.forward_ref_ts = refs.forward;
	k.backward_ref_ts = refs.backward;
	if (c.topFieldFirst)
		k.flags |= V4L2_MPEG2_PIC_FLAG_TOP_FIELD_FIRST;
	if (c.framePredFrameDct)
		k.flags |= V4L2_MPEG2_PIC_FLAG_FRAME_PRED_DCT;
	if (c.concealmentMotionVectors)
		k.flags |= V4L2_MPEG2_PIC_FLAG_CONCEALMENT_MV;
	if (c.qScaleType)
		k.flags |= V4L2_MPEG2_PIC_FLAG_Q_SCALE_TYPE;
	if (c.intraVlcFormat)
		k.flags |= V4L2_MPEG2_PIC_FLAG_INTRA_VLC;
	if (c.alternateScan)
		k.flags |= V4L2_MPEG2_PIC_FLAG_ALT_SCAN;
	if (c.repeatFirstField)
		k.flags |= V4L2_MPEG2_PIC_FLAG_REPEAT_FIRST;
	if (c.progressiveFrame)
		k.flags |= V4L2_MPEG2_PIC_FLAG_PROGRESSIVE;
	for (int s = 0; s < 2; s++)
		for (int t = 0; t < 2; t++)
			k.f_code[s][t] = c.fCode[s][t];
	k.picture_coding_type = static_cast<__u8>(p.header.codingType);
	k.picture_structure = c.pictureStructure;
	k.intra_dc_precision = c.intraDcPrecision;
	return k;
}

static v4l2_ctrl_mpeg2_quantisation makeQuantisation(const Mpeg2QuantMatrices &m)
{
	/* The uAPI takes the matrices in zigzag scan order: the order the bitstream sends
	 * them in (6.3.11), which is how Mpeg2Parser keeps them. No reordering here. */
	v4l2_ctrl_mpeg2_quantisation k{};
	for (size_t i = 0; i < 64; i++) {
		k.intra_quantiser_matrix[i] = m.intra[i];
		k.non_intra_quantiser_matrix[i] = m.nonIntra[i];
		k.chroma_intra_quantiser_matrix[i] = m.chromaIntra[i];
		k.chroma_non_intra_quantiser_matrix[i] = m.chromaNonIntra[i];
	}
	return k;
}

void fillMpeg2SequenceControl(const Mpeg2Picture &picture, ControlSet *out)
{
	appendControl(out, V4L2_CID_STATELESS_MPEG2_SEQUENCE, makeSequence(picture));
}

void fillMpeg2Controls(const Mpeg2Picture &picture, const Mpeg2ReferenceKeys &references,
		       ControlSet *out)
{
	appendControl(out, V4L2_CID_STATELESS_MPEG2_SEQUENCE, makeSequence(picture));
	appendControl(out, V4L2_CID_STATELESS_MPEG2_PICTURE, makePicture(picture, references));
	appendControl(out, V4L2_CID_STATELESS_MPEG2_QUANTISATION, makeQuantisation(picture.matrices));
}

} /* namespace sluice */
