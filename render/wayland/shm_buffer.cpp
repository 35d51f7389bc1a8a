/* SPDX-License-Identifier: MIT */
#include "shm_buffer.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <drm_fourcc.h>

#include "wayland_log.h"

namespace sluice {

namespace {

uint32_t alignUp(uint32_t v, uint32_t a)
{
	return (v + a - 1) / a * a;
}

/* wl_shm speaks DRM fourccs except for its two original formats. */
uint32_t drmToShm(uint32_t drmFourcc)
{
	if (drmFourcc == DRM_FORMAT_XRGB8888)
		return WL_SHM_FORMAT_XRGB8888;
	if (drmFourcc == DRM_FORMAT_ARGB8888)
		return WL_SHM_FORMAT_ARGB8888;
	return drmFourcc;
}

} /* namespace */

constexpr wl_buffer_listener ShmBuffer::listener = {
	.release = buffer_release,
};

ShmLayout shmLayoutFor(uint32_t drmFourcc, uint32_t width, uint32_t height)
{
	ShmLayout l;
	l.drmFourcc = drmFourcc;
	l.width = width;
	l.height = height;
	if (drmFourcc == DRM_FORMAT_NV12) {
		l.strides[0] = l.strides[1] = alignUp(width, 64);
		l.offsets[1] = l.strides[0] * height;
		l.size = size_t(l.offsets[1]) + size_t(l.strides[1]) * ((height + 1) / 2);
	} else {
		l.strides[0] = alignUp(width * 4, 64);
		l.size = size_t(l.strides[0]) * height;
	}
	return l;
}

std::unique_ptr<ShmBuffer> ShmBuffer::create(wl_shm *shm, const ShmLayout &layout)
{
	if (!layout.size)
		return nullptr;
	UniqueFD fd(memfd_create("sluice-shm", MFD_CLOEXEC | MFD_ALLOW_SEALING));
	if (!fd.isValid() || ftruncate(fd.get(), off_t(layout.size)) < 0) {
		LOG(Wayland, Error) << "cannot allocate a " << layout.size << "-byte shm buffer: "
				    << strerror(errno);
		return nullptr;
	}
	/* The compositor maps it too; sealing the size keeps a shrink from crashing it. */
	fcntl(fd.get(), F_ADD_SEALS, F_SEAL_SHRINK);

	void *p = mmap(nullptr, layout.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd.get(), 0);
	if (p == MAP_FAILED) {
		LOG(Wayland, Error) << "cannot map an shm buffer: " << strerror(errno);
		return nullptr;
	}

	std::unique_ptr<ShmBuffer> self(new ShmBuffer());
	self->layout_ = layout;
	self->data_ = static_cast<uint8_t *>(p);

	WlPtr<wl_shm_pool> pool(wl_shm_create_pool(shm, fd.get(), int32_t(layout.size)));
	self->buffer_.reset(wl_shm_pool_create_buffer(pool.get(), 0, int32_t(layout.width),
						      int32_t(layout.height), int32_t(layout.strides[0]),
						      drmToShm(layout.drmFourcc)));
	/* The pool may go now: the buffer keeps the memory referenced on both sides. */
	wl_buffer_add_listener(self->buffer_.get(), &listener, self.get());
	return self;
}

ShmBuffer::~ShmBuffer()
{
	buffer_.reset();
	if (data_)
		munmap(data_, layout_.size);
}

void ShmBuffer::buffer_release(void *data, wl_buffer *)
{
	static_cast<ShmBuffer *>(data)->busy_ = false;
}

} /* namespace sluice */
