/* SPDX-License-Identifier: MIT */
#include "dmabuf_feedback.h"

#include <algorithm>
#include <cstring>

#include "wayland_log.h"

namespace sluice {

bool FeedbackState::advertises(DmabufPair pair) const
{
	for (const FeedbackTranche &t : tranches) {
		if (std::find(t.pairs.begin(), t.pairs.end(), pair) != t.pairs.end())
			return true;
	}
	return false;
}

dev_t FeedbackParser::toDev(std::span<const uint8_t> bytes)
{
	/* A dev_t in host byte order; any other size is a broken compositor, ignored. */
	dev_t dev = 0;
	if (bytes.size() == sizeof(dev))
		std::memcpy(&dev, bytes.data(), sizeof(dev));
	return dev;
}

void FeedbackParser::mainDevice(std::span<const uint8_t> devBytes)
{
	pending_.mainDevice = toDev(devBytes);
}

void FeedbackParser::formatTable(UniqueFD fd, uint32_t size)
{
	/* Indices in this batch refer to the new table; tranches already applied keep the
	 * pairs they resolved, so replacing it now leaks nothing into the applied state. */
	FormatTable table;
	if (table.map(std::move(fd), size) == 0)
		table_ = std::move(table);
	else
		table_ = FormatTable();
}

void FeedbackParser::trancheTargetDevice(std::span<const uint8_t> devBytes)
{
	tranche_.targetDevice = toDev(devBytes);
}

void FeedbackParser::trancheFlags(uint32_t flags)
{
	tranche_.scanout = flags & ZWP_LINUX_DMABUF_FEEDBACK_V1_TRANCHE_FLAGS_SCANOUT;
}

void FeedbackParser::trancheFormats(std::span<const uint8_t> indices)
{
	for (size_t off = 0; off + sizeof(uint16_t) <= indices.size(); off += sizeof(uint16_t)) {
		uint16_t index;
		std::memcpy(&index, indices.data() + off, sizeof(index));
		std::optional<DmabufPair> pair = table_.at(index);
		if (!pair) {
			badIndices_++;
			LOG(Wayland, Debug) << "dmabuf feedback index " << index << " is past the "
					    << table_.size() << "-entry format table; ignored";
			continue;
		}
		tranche_.pairs.push_back(*pair);
	}
}

void FeedbackParser::trancheDone()
{
	pending_.tranches.push_back(std::move(tranche_));
	tranche_ = FeedbackTranche();
}

void FeedbackParser::applyLegacy(std::span<const DmabufPair> pairs)
{
	FeedbackState state;
	state.tranches.push_back({ .targetDevice = 0, .scanout = false,
				   .pairs = { pairs.begin(), pairs.end() } });
	applied_ = std::move(state);
	generation_++;
}

bool FeedbackParser::done()
{
	/* Every batch re-sends all tranches, so the next one starts from none; the main
	 * device carries over when a batch does not repeat it. */
	bool changed = !(pending_ == applied_);
	applied_ = std::move(pending_);
	pending_ = FeedbackState();
	pending_.mainDevice = applied_.mainDevice;
	tranche_ = FeedbackTranche();
	generation_++;
	return changed;
}

constexpr zwp_linux_dmabuf_feedback_v1_listener SurfaceFeedback::listener = {
	.done = feedback_done,
	.format_table = feedback_format_table,
	.main_device = feedback_main_device,
	.tranche_done = feedback_tranche_done,
	.tranche_target_device = feedback_tranche_target_device,
	.tranche_formats = feedback_tranche_formats,
	.tranche_flags = feedback_tranche_flags,
};

namespace {

std::span<const uint8_t> bytesOf(const wl_array *array)
{
	return { static_cast<const uint8_t *>(array->data), array->size };
}

} /* namespace */

SurfaceFeedback::SurfaceFeedback(Display &display, wl_surface *surface, ChangedCallback onChanged)
	: onChanged_(std::move(onChanged))
{
	const Globals &g = display.globals();
	if (!g.dmabuf)
		return;

	if (g.dmabufVersion >= 4) {
		zwp_linux_dmabuf_feedback_v1 *fb = surface
			? zwp_linux_dmabuf_v1_get_surface_feedback(g.dmabuf.get(), surface)
			: zwp_linux_dmabuf_v1_get_default_feedback(g.dmabuf.get());
		feedback_.reset(fb);
		zwp_linux_dmabuf_feedback_v1_add_listener(fb, &listener, this);
		return;
	}

	/* Version 3: the `modifier` events already arrived while binding. They become one
	 * tranche without scanout knowledge, in the order the compositor sent them. */
	parser_.applyLegacy(g.dmabufModifiers);
	received_ = true;
}

void SurfaceFeedback::feedback_done(void *data, zwp_linux_dmabuf_feedback_v1 *)
{
	auto *self = static_cast<SurfaceFeedback *>(data);
	bool first = !self->received_;
	self->received_ = true;
	bool changed = self->parser_.done();
	if ((changed || first) && self->onChanged_)
		self->onChanged_(self->parser_.applied());
}

void SurfaceFeedback::feedback_format_table(void *data, zwp_linux_dmabuf_feedback_v1 *, int32_t fd,
					    uint32_t size)
{
	/* Owned on this line: every path below closes it. */
	UniqueFD owned(fd);
	static_cast<SurfaceFeedback *>(data)->parser_.formatTable(std::move(owned), size);
}

void SurfaceFeedback::feedback_main_device(void *data, zwp_linux_dmabuf_feedback_v1 *, wl_array *dev)
{
	static_cast<SurfaceFeedback *>(data)->parser_.mainDevice(bytesOf(dev));
}

void SurfaceFeedback::feedback_tranche_done(void *data, zwp_linux_dmabuf_feedback_v1 *)
{
	static_cast<SurfaceFeedback *>(data)->parser_.trancheDone();
}

void SurfaceFeedback::feedback_tranche_target_device(void *data, zwp_linux_dmabuf_feedback_v1 *,
						     wl_array *dev)
{
	static_cast<SurfaceFeedback *>(data)->parser_.trancheTargetDevice(bytesOf(dev));
}

void SurfaceFeedback::feedback_tranche_formats(void *data, zwp_linux_dmabuf_feedback_v1 *,
					       wl_array *indices)
{
	static_cast<SurfaceFeedback *>(data)->parser_.trancheFormats(bytesOf(indices));
}

void SurfaceFeedback::feedback_tranche_flags(void *data, zwp_linux_dmabuf_feedback_v1 *, uint32_t flags)
{
	static_cast<SurfaceFeedback *>(data)->parser_.trancheFlags(flags);
}

} /* namespace sluice */
