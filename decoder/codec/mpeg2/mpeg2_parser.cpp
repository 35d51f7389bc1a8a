/* SPDX-License-Identifier: MIT */
#include "mpeg2_parser.h"

#include <cerrno>

#include "mpeg2_log.h"

namespace sluice {

namespace {
/* Enough zero bytes to complete any header that lost its zero tail (the longest, a sequence
 * header with both matrices, is 140 bytes; a lost tail is a few bytes). */
constexpr size_t kMpeg2HeaderZeroTail = 16;
} /* namespace */

uint32_t Mpeg2Picture::width() const
{
	return sequence.horizontalSizeValue | uint32_t{ sequenceExtension.horizontalSizeExtension } << 12;
}

uint32_t Mpeg2Picture::height() const
{
	return sequence.verticalSizeValue | uint32_t{ sequenceExtension.verticalSizeExtension } << 12;
}

uint32_t Mpeg2Picture::vbvBufferSize() const
{
	return sequence.vbvBufferSizeValue | uint32_t{ sequenceExtension.vbvBufferSizeExtension } << 10;
}

std::vector<std::span<const uint8_t>> splitMpeg2Units(std::span<const uint8_t> data)
{
	std::vector<std::span<const uint8_t>> units;
	size_t start = SIZE_MAX;
	size_t i = 0;
	while (i + 3 <= data.size()) {
		if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) {
			if (start != SIZE_MAX)
				units.push_back(data.subspan(start, i - start));
			start = i + 3;
			i += 3;
		} else {
			i++;
		}
	}
	if (start != SIZE_MAX && start < data.size())
		units.push_back(data.subspan(start));
	/* Zero bytes before the next prefix (stuffing, 6.2.1) stay with the unit: a header can
	 * end in zero bits, so they cannot be told apart here, and decoders skip them. */
	return units;
}

Mpeg2Parser::Mpeg2Parser()
{
	resetMatrices();
}

void Mpeg2Parser::reset()
{
	haveSequence_ = false;
	haveSequenceExtension_ = false;
	sawGop_ = false;
	inPicture_ = false;
	current_ = {};
	resetMatrices();
}

void Mpeg2Parser::resetMatrices()
{
	/* 6.3.11: without load flags, the defaults; chroma matrices follow the luma ones. */
	matrices_.intra = sequence_.loadIntraMatrix && haveSequence_ ? sequence_.intraMatrix
								      : mpeg2DefaultIntraMatrix();
	if (sequence_.loadNonIntraMatrix && haveSequence_)
		matrices_.nonIntra = sequence_.nonIntraMatrix;
	else
		matrices_.nonIntra.fill(16);
	matrices_.chromaIntra = matrices_.intra;
	matrices_.chromaNonIntra = matrices_.nonIntra;
}

void Mpeg2Parser::applyQuantMatrixExtension(const Mpeg2QuantMatrixExtension &q)
{
	/* 6.3.11: a new luma matrix also replaces the chroma one, unless the extension loads a
	 * chroma matrix of its own right after it. */
	if (q.loadIntra)
		matrices_.intra = matrices_.chromaIntra = q.intra;
	if (q.loadNonIntra)
		matrices_.nonIntra = matrices_.chromaNonIntra = q.nonIntra;
	if (q.loadChromaIntra)
		matrices_.chromaIntra = q.chromaIntra;
	if (q.loadChromaNonIntra)
		matrices_.chromaNonIntra = q.chromaNonIntra;
}

void Mpeg2Parser::finishPicture(std::vector<Mpeg2Picture> *pictures)
{
	if (!inPicture_)
		return;
	inPicture_ = false;
	/* The matrices in force for the picture's slices: extensions after its header count. */
	current_.matrices = matrices_;
	if (current_.slices.empty()) {
		LOG(Mpeg2, Warn) << "MPEG-2 picture without slices dropped";
		return;
	}
	pictures->push_back(std::move(current_));
	current_ = {};
}

int Mpeg2Parser::parse(std::span<const uint8_t> data, std::vector<Mpeg2Picture> *pictures,
		       SyntaxTrace *trace)
{
	/* A picture spans packets only when a container splits it; the slices then point into
	 * the previous data, which is gone. Pictures therefore end with their data, and one
	 * that an error cut short in the previous call is dropped here, not completed. */
	if (inPicture_) {
		inPicture_ = false;
		current_ = {};
	}
	std::vector<uint8_t> padded;
	for (std::span<const uint8_t> unit : splitMpeg2Units(data)) {
		uint8_t code = unit[0];
		if (code >= kMpeg2SliceFirst && code <= kMpeg2SliceLast) {
			if (inPicture_)
				current_.slices.push_back(unit);
			continue;
		}
		/* A header's last bytes may be zero, and zero bytes before a start code are also
		 * stuffing (6.2.1) that demuxers drop: so a header may arrive short by its zero
		 * tail. Read it with zeros appended, as the standard's own stuffing would be. */
		padded.assign(unit.begin(), unit.end());
		padded.resize(unit.size() + kMpeg2HeaderZeroTail, 0);
		unit = padded;
		if (code == kMpeg2SequenceHeader || code == kMpeg2GroupStart ||
		    code == kMpeg2PictureStart || code == kMpeg2SequenceEnd)
			finishPicture(pictures);

		if (code == kMpeg2SequenceHeader) {
			Mpeg2SequenceHeader header;
			if (parseMpeg2SequenceHeader(unit, &header, trace) < 0) {
				LOG(Mpeg2, Warn) << "corrupt MPEG-2 sequence header";
				return -EINVAL;
			}
			sequence_ = header;
			haveSequence_ = true;
			/* 6.3.5: a sequence extension follows every sequence header of an MPEG-2
			 * stream; until it is seen the stream counts as MPEG-1. */
			haveSequenceExtension_ = false;
			sequenceExtension_ = {};
			/* 6.3.6: a sequence display extension states the size for its sequence only. */
			sequenceDisplay_ = {};
			resetMatrices();
		} else if (code == kMpeg2GroupStart) {
			if (parseMpeg2GopHeader(unit, &gop_, trace) < 0) {
				LOG(Mpeg2, Warn) << "corrupt MPEG-2 GOP header";
				return -EINVAL;
			}
			sawGop_ = true;
		} else if (code == kMpeg2PictureStart) {
			if (!haveSequence_) {
				LOG(Mpeg2, Warn) << "MPEG-2 picture before any sequence header";
				return -EINVAL;
			}
			Mpeg2Picture picture;
			if (parseMpeg2PictureHeader(unit, &picture.header, trace) < 0) {
				LOG(Mpeg2, Warn) << "corrupt MPEG-2 picture header";
				return -EINVAL;
			}
			picture.sequence = sequence_;
			picture.sequenceExtension = sequenceExtension_;
			picture.mpeg1 = !haveSequenceExtension_;
			picture.sequenceDisplay = sequenceDisplay_;
			picture.gop = gop_;
			picture.sawGop = sawGop_;
			if (picture.mpeg1) {
				/* 6.3.10 note: MPEG-1 pictures are progressive frames whose motion
				 * ranges come from the picture header. */
				uint8_t forward = picture.header.forwardFCode ? picture.header.forwardFCode : 15;
				uint8_t backward = picture.header.backwardFCode ? picture.header.backwardFCode : 15;
				picture.coding.fCode[0][0] = picture.coding.fCode[0][1] = forward;
				picture.coding.fCode[1][0] = picture.coding.fCode[1][1] = backward;
			}
			current_ = std::move(picture);
			inPicture_ = true;
		} else if (code == kMpeg2Extension) {
			Mpeg2Extension ext;
			if (parseMpeg2Extension(unit, &ext, trace) < 0) {
				LOG(Mpeg2, Warn) << "corrupt MPEG-2 extension (id " << unsigned{ ext.id } << ")";
				return -EINVAL;
			}
			switch (static_cast<Mpeg2ExtensionId>(ext.id)) {
			case Mpeg2ExtensionId::Sequence:
				sequenceExtension_ = ext.sequence;
				haveSequenceExtension_ = true;
				break;
			case Mpeg2ExtensionId::SequenceDisplay:
				sequenceDisplay_ = ext.sequenceDisplay;
				break;
			case Mpeg2ExtensionId::PictureCoding:
				if (inPicture_)
					current_.coding = ext.pictureCoding;
				break;
			case Mpeg2ExtensionId::QuantMatrix:
				applyQuantMatrixExtension(ext.quantMatrix);
				break;
			default:
				break;
			}
		}
		/* User data and the sequence end code carry nothing to decode. */
	}
	finishPicture(pictures);
	return 0;
}

} /* namespace sluice */
