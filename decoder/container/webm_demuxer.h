/* SPDX-License-Identifier: MIT */
/*
 * Matroska and WebM through libwebm's push parser (webm::WebmParser).
 *
 * open() parses up to the first cluster: EBML header, SeekHead, Info, Tracks (and Cues when
 * they come first). readPacket() feeds the parser until the selected track's next frame is
 * queued; a paused reader makes Feed() return right after it (webm_reader.h). seek() goes
 * through the Cues — read where the SeekHead says, even past the clusters — or, without
 * Cues, scans block headers from the first cluster; then it re-feeds from the cluster found.
 */
#pragma once

#include <deque>
#include <memory>
#include <optional>

#include <webm/webm_parser.h>

#include "demuxer.h"
#include "webm_reader.h"

namespace sluice {

class WebmDemuxer : public Demuxer
{
public:
	explicit WebmDemuxer(std::unique_ptr<ByteSource> source);
	~WebmDemuxer() override;

	DemuxStatus open(int trackNumber) override;
	ContainerType containerType() const override { return ContainerType::Matroska; }
	DemuxStatus readPacket(Packet *packet) override;
	DemuxStatus seek(int64_t timestampNs) override;

	/* Everything the libwebm callback learns; public so the callback can fill it. */
	struct CuePoint {
		int64_t timeNs;
		uint64_t clusterOffset; /* absolute */
	};
	struct State;

private:
	DemuxStatus loadCues();
	DemuxStatus restartAt(uint64_t clusterOffset, int64_t keyframeNotBeforeNs);
	DemuxStatus parserFailure(const webm::Status &status);

	WebmReader reader_;
	std::unique_ptr<webm::WebmParser> parser_;
	std::unique_ptr<State> state_;
	bool endReached_ = false;
	/* A parse error met with packets still queued: reported once they are delivered. */
	std::optional<webm::Status> pendingFailure_;
};

} /* namespace sluice */
