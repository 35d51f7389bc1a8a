/* SPDX-License-Identifier: MIT */
#include "buffer_cache.h"

#include <algorithm>

#include <drm_fourcc.h>

#include "wayland_log.h"

namespace sluice {

constexpr zwp_linux_buffer_params_v1_listener BufferCache::paramsListener = {
	.created = params_created,
	.failed = params_failed,
};

constexpr wl_buffer_listener BufferCache::bufferListener = {
	.release = buffer_release,
};

bool BufferCache::Key::operator==(const Key &o) const
{
	if (fourcc != o.fourcc || modifier != o.modifier || width != o.width ||
	    height != o.height || planes.size() != o.planes.size())
		return false;
	for (size_t i = 0; i < planes.size(); i++) {
		if (planes[i].fd != o.planes[i].fd || planes[i].offset != o.planes[i].offset ||
		    planes[i].stride != o.planes[i].stride)
			return false;
	}
	return true;
}

BufferCache::BufferCache(Display &display, ReleaseCallback onRelease, FailedCallback onFailed)
	: display_(display), onRelease_(std::move(onRelease)), onFailed_(std::move(onFailed))
{
}

BufferCache::~BufferCache() = default;

BufferCache::State BufferCache::lookup(const VideoFrame &frame, uint64_t importModifier)
{
	Key key;
	key.fourcc = frame.drmFourcc;
	key.modifier = importModifier;
	key.width = frame.width;
	key.height = frame.height;
	key.planes = frame.planes;

	auto it = entries_.find(frame.slot);
	if (it != entries_.end()) {
		if (it->second->key == key)
			return it->second->state;
		/* Same slot, new memory or layout: the old buffer is retired, not reused. */
		forget(frame.slot);
	}

	auto entry = std::make_unique<Entry>();
	entry->cache = this;
	entry->slot = frame.slot;
	entry->key = std::move(key);
	Entry *e = entry.get();
	entries_[frame.slot] = std::move(entry);
	if (startImport(e) < 0) {
		e->state = State::Failed;
		failed_++;
	}
	return e->state;
}

int BufferCache::startImport(Entry *e)
{
	zwp_linux_dmabuf_v1 *dmabuf = display_.globals().dmabuf.get();
	if (!dmabuf)
		return -ENOTSUP;
	const Key &k = e->key;
	e->params.reset(zwp_linux_dmabuf_v1_create_params(dmabuf));
	zwp_linux_buffer_params_v1_add_listener(e->params.get(), &paramsListener, e);
	for (size_t i = 0; i < k.planes.size(); i++) {
		/* libwayland sends a duplicate of the fd; the slot keeps its own. */
		zwp_linux_buffer_params_v1_add(e->params.get(), k.planes[i].fd, uint32_t(i),
					       k.planes[i].offset, k.planes[i].stride,
					       uint32_t(k.modifier >> 32), uint32_t(k.modifier));
	}
	zwp_linux_buffer_params_v1_create(e->params.get(), int32_t(k.width), int32_t(k.height),
					  k.fourcc, 0);
	display_.flush();
	LOG(Wayland, Debug) << "slot " << e->slot << ": importing " << pairName(k.fourcc, k.modifier)
			    << " " << k.width << "x" << k.height << ", " << k.planes.size() << " planes";
	return 0;
}

void BufferCache::params_created(void *data, zwp_linux_buffer_params_v1 *, wl_buffer *buffer)
{
	auto *e = static_cast<Entry *>(data);
	e->params.reset();
	e->buffer.reset(buffer);
	e->state = State::Ready;
	wl_buffer_add_listener(buffer, &bufferListener, e);
	BufferCache *self = e->cache;
	self->created_++;
	if (e->forgotten) {
		/* Answered after its slot went away: nobody will attach it. */
		std::erase_if(self->zombies_, [e](const std::unique_ptr<Entry> &z) {
			return z.get() == e;
		});
	}
}

void BufferCache::params_failed(void *data, zwp_linux_buffer_params_v1 *)
{
	auto *e = static_cast<Entry *>(data);
	BufferCache *self = e->cache;
	e->params.reset();
	e->state = State::Failed;
	self->failed_++;
	ImportFailure failure{ e->key.fourcc, e->key.modifier,
			       e->key.planes.empty() ? 0 : e->key.planes[0].stride };
	LOG(Wayland, Info) << "compositor refused the dmabuf import of slot " << e->slot << " ("
			   << pairName(failure.drmFourcc, failure.modifier) << ", stride "
			   << failure.stride << ")";
	if (!e->forgotten && self->onFailed_)
		self->onFailed_(e->slot, failure);
	/* A zombie that was waiting for this answer can go now. */
	std::erase_if(self->zombies_, [](const std::unique_ptr<Entry> &z) {
		return z->state != State::Pending && z->holds == 0;
	});
}

void BufferCache::buffer_release(void *data, wl_buffer *)
{
	auto *e = static_cast<Entry *>(data);
	BufferCache *self = e->cache;
	/* One release answers every attach since the last one. */
	unsigned holds = std::exchange(e->holds, 0);
	uint32_t slot = e->slot;
	bool zombie = e->forgotten;
	if (zombie) {
		std::erase_if(self->zombies_, [e](const std::unique_ptr<Entry> &z) {
			return z.get() == e;
		});
		/* e is gone. */
	}
	for (unsigned i = 0; i < holds; i++) {
		if (self->onRelease_)
			self->onRelease_(slot);
	}
}

wl_buffer *BufferCache::buffer(uint32_t slot) const
{
	auto it = entries_.find(slot);
	return it == entries_.end() ? nullptr : it->second->buffer.get();
}

void BufferCache::attached(uint32_t slot)
{
	auto it = entries_.find(slot);
	if (it != entries_.end())
		it->second->holds++;
}

void BufferCache::forget(uint32_t slot)
{
	auto it = entries_.find(slot);
	if (it == entries_.end())
		return;
	std::unique_ptr<Entry> e = std::move(it->second);
	entries_.erase(it);
	e->forgotten = true;
	/* Held or still being answered: keep it until the compositor lets go. */
	if (e->holds > 0 || e->state == State::Pending)
		zombies_.push_back(std::move(e));
}

void BufferCache::clear()
{
	std::vector<uint32_t> slots;
	for (const auto &[slot, e] : entries_)
		slots.push_back(slot);
	for (uint32_t slot : slots)
		forget(slot);
}

unsigned BufferCache::held() const
{
	unsigned n = 0;
	for (const auto &[slot, e] : entries_)
		n += e->holds ? 1 : 0;
	for (const auto &z : zombies_)
		n += z->holds ? 1 : 0;
	return n;
}

} /* namespace sluice */
