/* SPDX-License-Identifier: MIT */
/*
 * BufferCache: one linux-dmabuf wl_buffer per CAPTURE slot, imported once and kept.
 *
 * Imports use zwp_linux_buffer_params_v1.create, whose answer (created or failed) arrives
 * asynchronously, never create_immed: a refused import must be an event we can fall back
 * from, not a protocol error that kills the connection. Each entry counts how many times its
 * buffer was attached since the last wl_buffer.release; the release gives all of them back
 * at once. A slot that is forgotten while the compositor holds it is destroyed only after
 * that release, so the player's hold is always matched.
 */
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "display.h"
#include "fallback_chain.h"
#include "video_frame.h"

namespace sluice {

class BufferCache
{
public:
	enum class State : uint8_t { Pending, Ready, Failed };

	/* Called from dispatch once per attach whose buffer the compositor released. */
	using ReleaseCallback = std::function<void(uint32_t slot)>;
	/* Called when the compositor refuses an import. */
	using FailedCallback = std::function<void(uint32_t slot, const ImportFailure &failure)>;

	BufferCache(Display &display, ReleaseCallback onRelease, FailedCallback onFailed);
	~BufferCache();

	/*
	 * The state of slot's import as frame describes it (fourcc, modifier as importAs,
	 * size, planes). A slot whose description changed gets a fresh import. Starts one when
	 * there is none.
	 */
	State lookup(const VideoFrame &frame, uint64_t importModifier);
	wl_buffer *buffer(uint32_t slot) const;
	/* Records one attach of slot's buffer: the compositor holds it until release. */
	void attached(uint32_t slot);
	/* The slot is gone (pool reallocated): destroy its buffer, after release if held. */
	void forget(uint32_t slot);
	/* Forgets every entry (a new stream). */
	void clear();

	uint64_t created() const { return created_; }
	uint64_t failed() const { return failed_; }
	unsigned held() const;

private:
	struct Key {
		uint32_t fourcc = 0;
		uint64_t modifier = 0;
		uint32_t width = 0;
		uint32_t height = 0;
		std::vector<FramePlane> planes;
		bool operator==(const Key &o) const;
	};
	struct Entry {
		BufferCache *cache = nullptr;
		uint32_t slot = 0;
		Key key;
		State state = State::Pending;
		WlPtr<zwp_linux_buffer_params_v1> params;
		WlPtr<wl_buffer> buffer;
		unsigned holds = 0;
		bool forgotten = false;
	};

	int startImport(Entry *entry);

	static void params_created(void *data, zwp_linux_buffer_params_v1 *params, wl_buffer *buffer);
	static void params_failed(void *data, zwp_linux_buffer_params_v1 *params);
	static void buffer_release(void *data, wl_buffer *buffer);

	static const zwp_linux_buffer_params_v1_listener paramsListener;
	static const wl_buffer_listener bufferListener;

	Display &display_;
	ReleaseCallback onRelease_;
	FailedCallback onFailed_;
	std::map<uint32_t, std::unique_ptr<Entry>> entries_;
	/* Replaced or forgotten entries still held by the compositor. */
	std::vector<std::unique_ptr<Entry>> zombies_;
	uint64_t created_ = 0;
	uint64_t failed_ = 0;
};

} /* namespace sluice */
