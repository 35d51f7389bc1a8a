/* SPDX-License-Identifier: MIT */
/*
 * H264Decoder: the codec state machine. Takes NAL units (or whole access units) with the
 * timestamp of the frame buffer they decode into, keeps POC and DPB state, hands each picture
 * to an H264Accelerator in decoding order and reports output in display order.
 */
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "h264_accelerator.h"
#include "h264_dpb.h"
#include "h264_nal.h"
#include "h264_parser.h"
#include "h264_poc.h"

namespace sluice {

/* What the device behind the accelerator can decode; the decoder refuses the rest up front. */
struct H264Capabilities {
	std::vector<uint8_t> profiles = { 66, 77, 100 }; /* profile_idc values */
	unsigned maxLevelIdc = 52;
	unsigned maxBitDepth = 8;
	unsigned maxWidth = 4096;
	unsigned maxHeight = 2304;
	bool fieldPictures = true;  /* PAFF/MBAFF (frame_mbs_only_flag 0) */
};

class H264Decoder
{
public:
	H264Decoder(H264Accelerator *accelerator, H264Capabilities capabilities);

	/*
	 * Decodes the NAL units in `data` (Annex B, or length-prefixed with lengthSize bytes).
	 * Pictures completed by this call are submitted; the last one waits for the next call
	 * (a second field or more slices may follow) unless `endOfAccessUnit`.
	 * Returns 0, -EINVAL (corrupt data: the picture is dropped), -ENOTSUP (refused).
	 */
	int decode(std::span<const uint8_t> data, NalFraming framing, unsigned lengthSize,
		   uint64_t timestampNs, bool endOfAccessUnit = true);
	int decodeNal(std::span<const uint8_t> nal, uint64_t timestampNs);

	/* Submits the pending picture and outputs every frame still waiting (end of stream). */
	int flush();

	const H264Parser &parser() const { return parser_; }
	const H264Dpb &dpb() const { return dpb_; }

private:
	int checkSupported(const H264Sps &sps, const H264Pps &pps) const;
	int activate(const H264Sps &sps);
	int startPicture(const H264ParsedNal &nal, uint64_t timestampNs);
	int addSlice(const H264ParsedNal &nal);
	int finishPicture();
	void emit(const std::vector<H264OutputFrame> &frames);
	bool isNewPicture(const H264SliceHeader &slice) const;

	H264Accelerator *accelerator_;
	H264Capabilities capabilities_;
	H264Parser parser_;
	H264PocState poc_;
	H264Dpb dpb_;

	const H264Sps *activeSps_ = nullptr;
	H264Sps activeSpsCopy_;
	bool hasActiveSps_ = false;

	bool inPicture_ = false;
	H264PictureParams current_;
	H264PocResult currentPoc_;
	uint16_t prevRefFrameNum_ = 0;
	bool prevRefFrameNumValid_ = false;
	bool refused_ = false;
};

} /* namespace sluice */
