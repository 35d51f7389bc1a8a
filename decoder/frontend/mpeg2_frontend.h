/* SPDX-License-Identifier: MIT */
/*
 * Mpeg2Frontend: the MPEG-2 video front-end (ISO/IEC 13818-2) on the stateless engine.
 *
 * Per picture it fills SEQUENCE, PICTURE and QUANTISATION and submits the picture's slices,
 * each with its start code, in one request. References follow 7.6: the two most recent I
 * or P frames; a P picture predicts from the newer, a B picture from both, and B pictures
 * are never references. They are held in the engine from the moment a frame is submitted
 * until a newer I/P frame pushes them out. Display order (6.1.1.11): a B frame shows as soon
 * as it is decoded, an I/P frame when the next I/P frame arrives or the stream ends.
 *
 * Field pictures: the two fields of a frame share a frame id (one CAPTURE slot, one
 * timestamp) and go in as FieldPart::FirstOfPair / SecondOfPair requests. A P field that
 * is the second field of its frame may predict from the first: drivers read that field
 * from the slot being written, and forward_ref_ts keeps naming the previous I/P frame, as
 * the hantro driver expects (the frame itself when there is none, at a stream's start).
 */
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "codec/mpeg2/mpeg2_controls.h"
#include "codec/mpeg2/mpeg2_parser.h"
#include "engine/stateless_engine.h"
#include "pts_map.h"
#include "video_frontend.h"

namespace sluice {

class Mpeg2Frontend : public VideoFrontend
{
public:
	Mpeg2Frontend(const TrackInfo &track, StatelessEngine &engine, const FrontendConfig &config);

	int decode(const Packet &packet) override;
	int drain() override;
	void reset() override;
	VisibleRect visibleRect() const override { return visible_; }

private:
	int configureEngine(const Mpeg2Picture &picture);
	int decodePicture(const Mpeg2Picture &picture, int64_t ptsNs);
	int submit(const Mpeg2Picture &picture, uint64_t frameId, FieldPart field,
		   const Mpeg2ReferenceKeys &keys);
	void newReference(uint64_t frameId);
	void show(uint64_t frameId);

	TrackInfo track_;
	StatelessEngine &engine_;
	FrontendConfig config_;
	Mpeg2Parser parser_;

	bool configured_ = false;
	uint32_t width_ = 0, height_ = 0;
	VisibleRect visible_;
	uint64_t nextFrameId_ = 1;
	PtsMap pts_; /* frame id -> presentation time */

	/* 7.6.1: the previous and the most recent I/P frame (forward, backward for B). */
	std::optional<uint64_t> olderReference_;
	std::optional<uint64_t> newerReference_;
	/* The newer reference waits for display until the next I/P frame starts. */
	std::optional<uint64_t> referenceAwaitingDisplay_;

	/* A first field waiting for its second: its frame id, structure and whether it
	 * is a reference frame. */
	struct PendingField {
		uint64_t frameId = 0;
		uint8_t structure = 0;
		bool reference = false;
		Mpeg2ReferenceKeys keys;
	};
	std::optional<PendingField> firstField_;

	std::vector<uint8_t> bitstream_;
	ControlSet controls_;
};

} /* namespace sluice */
