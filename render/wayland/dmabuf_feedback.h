/* SPDX-License-Identifier: MIT */
/*
 * linux-dmabuf feedback: which (format, modifier) pairs the compositor takes, in tranches
 * ordered by its preference, some flagged as scanout-capable.
 *
 * FeedbackParser is the state machine, fed one protocol event at a time and knowing nothing
 * of libwayland, so tests replay recorded event sequences into it. Events fill a pending
 * copy; `done` swaps it in at once, so a half-received update is never seen.
 *
 * SurfaceFeedback binds it to the compositor: version 4 per-surface feedback on the video
 * surface, or, on version 3, one synthetic tranche from the `modifier` events.
 */
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <sys/types.h>
#include <vector>

#include "display.h"
#include "format_table.h"

namespace sluice {

struct FeedbackTranche {
	dev_t targetDevice = 0;
	bool scanout = false;
	std::vector<DmabufPair> pairs; /* in the order the compositor listed them */
	bool operator==(const FeedbackTranche &) const = default;
};

struct FeedbackState {
	dev_t mainDevice = 0;
	std::vector<FeedbackTranche> tranches; /* the compositor's order of preference */
	bool operator==(const FeedbackState &) const = default;

	/* Whether any tranche lists the pair. */
	bool advertises(DmabufPair pair) const;
};

class FeedbackParser
{
public:
	void mainDevice(std::span<const uint8_t> devBytes);
	void formatTable(UniqueFD fd, uint32_t size);
	void trancheTargetDevice(std::span<const uint8_t> devBytes);
	void trancheFlags(uint32_t flags);
	/* indices: the raw wl_array bytes, native-endian u16 each. */
	void trancheFormats(std::span<const uint8_t> indices);
	void trancheDone();
	/* Applies the pending state; true when it differs from what was applied before. */
	bool done();

	/* Version 3: the `modifier` list as one tranche, applied at once. */
	void applyLegacy(std::span<const DmabufPair> pairs);

	const FeedbackState &applied() const { return applied_; }
	/* How many `done` events have been applied. */
	uint64_t generation() const { return generation_; }
	/* Indices that pointed past the table (ignored). */
	uint64_t badIndices() const { return badIndices_; }

private:
	static dev_t toDev(std::span<const uint8_t> bytes);

	FormatTable table_;
	FeedbackState pending_;
	FeedbackTranche tranche_;
	FeedbackState applied_;
	uint64_t generation_ = 0;
	uint64_t badIndices_ = 0;
};

class SurfaceFeedback
{
public:
	/* Called after every applied `done` (or once for version 3), with what changed. */
	using ChangedCallback = std::function<void(const FeedbackState &)>;

	/* surface may be null: default feedback, for probing without a window. */
	SurfaceFeedback(Display &display, wl_surface *surface, ChangedCallback onChanged);
	~SurfaceFeedback() = default;

	const FeedbackState &state() const { return parser_.applied(); }
	bool received() const { return received_; }
	bool perSurface() const { return feedback_ != nullptr; }

private:
	static void feedback_done(void *data, zwp_linux_dmabuf_feedback_v1 *fb);
	static void feedback_format_table(void *data, zwp_linux_dmabuf_feedback_v1 *fb, int32_t fd,
					  uint32_t size);
	static void feedback_main_device(void *data, zwp_linux_dmabuf_feedback_v1 *fb, wl_array *dev);
	static void feedback_tranche_done(void *data, zwp_linux_dmabuf_feedback_v1 *fb);
	static void feedback_tranche_target_device(void *data, zwp_linux_dmabuf_feedback_v1 *fb,
						   wl_array *dev);
	static void feedback_tranche_formats(void *data, zwp_linux_dmabuf_feedback_v1 *fb,
					     wl_array *indices);
	static void feedback_tranche_flags(void *data, zwp_linux_dmabuf_feedback_v1 *fb, uint32_t flags);

	static const zwp_linux_dmabuf_feedback_v1_listener listener;

	FeedbackParser parser_;
	WlPtr<zwp_linux_dmabuf_feedback_v1> feedback_;
	ChangedCallback onChanged_;
	bool received_ = false;
};

} /* namespace sluice */
