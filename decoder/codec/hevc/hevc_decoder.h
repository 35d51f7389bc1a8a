/* SPDX-License-Identifier: MIT */
/*
 * HevcDecoder: the codec state machine. Takes NAL units with the timestamp of the frame
 * buffer they decode into, derives POC (8.3.1), the reference picture set (8.3.2) and the
 * reference lists (8.3.4), hands each picture to an HevcAccelerator in decoding order and
 * reports output in display order (C.5.2). RASL pictures that cannot be decoded (after a
 * CRA that starts the stream or follows a seek) are skipped.
 */
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "hevc_accelerator.h"
#include "hevc_dpb.h"
#include "hevc_parser.h"

namespace sluice {

/* What the device behind the accelerator can decode; the decoder refuses the rest up front. */
struct HevcCapabilities {
	std::vector<uint8_t> profiles = { kHevcProfileMain }; /* general_profile_idc values */
	unsigned maxBitDepth = 8;
	unsigned maxWidth = 4096;
	unsigned maxHeight = 2304;
};

class HevcDecoder
{
public:
	HevcDecoder(HevcAccelerator *accelerator, HevcCapabilities capabilities);

	/*
	 * Decodes the NAL units in `data` (Annex B, or length-prefixed with lengthSize bytes),
	 * all of the access unit whose picture goes to timestampNs. The picture is submitted at
	 * the end of the call. Returns 0, -EINVAL (corrupt data: the picture is dropped),
	 * -ENOTSUP (refused).
	 */
	int decode(std::span<const uint8_t> data, NalFraming framing, unsigned lengthSize, uint64_t timestampNs);
	int decodeNal(std::span<const uint8_t> nal, uint64_t timestampNs);
	/* Submits the picture being gathered, if any. */
	int finishPicture();
	/* End of stream: submits the pending picture and outputs every frame still waiting. */
	int flush();

	const HevcParser &parser() const { return parser_; }
	const HevcDpb &dpb() const { return dpb_; }
	unsigned skippedRaslPictures() const { return skippedRasl_; }

private:
	int checkSupported(const HevcSps &sps) const;
	void activate(const HevcSps &sps);
	int startPicture(const HevcParsedNal &nal, uint64_t timestampNs);
	int addSlice(const HevcParsedNal &nal);
	int32_t computePoc(const HevcSliceHeader &slice, const HevcSps &sps, bool irapWithNoRaslOutput) const;
	void emit(const std::vector<uint64_t> &timestamps);

	HevcAccelerator *accelerator_;
	HevcCapabilities capabilities_;
	HevcParser parser_;
	HevcDpb dpb_;

	HevcSps activeSpsCopy_;
	bool hasActiveSps_ = false;

	bool inPicture_ = false;
	bool skippingPicture_ = false;
	HevcPictureParams current_;

	/* 8.3.1: prevTid0Pic's POC. */
	int32_t prevTid0Poc_ = 0;
	/* The next IRAP starts a coded video sequence afresh (start, seek, end of sequence). */
	bool firstPicture_ = true;
	bool waitingForIrap_ = true;
	/* NoRaslOutputFlag of the last IRAP picture: its RASL pictures are skipped when set. */
	bool lastIrapNoRaslOutput_ = false;
	unsigned skippedRasl_ = 0;
	bool refused_ = false;
};

} /* namespace sluice */
