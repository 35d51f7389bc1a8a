/* SPDX-License-Identifier: MIT */
#include "dmabuf_alloc.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/dma-buf.h>
#include <linux/dma-heap.h>
#include <linux/udmabuf.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

namespace sluice {

namespace {

int fromHeap(size_t size, TestDmabuf *out)
{
	UniqueFD heap(::open("/dev/dma_heap/system", O_RDWR | O_CLOEXEC));
	if (!heap.isValid())
		return -errno;
	dma_heap_allocation_data alloc{};
	alloc.len = size;
	alloc.fd_flags = O_RDWR | O_CLOEXEC;
	if (ioctl(heap.get(), DMA_HEAP_IOCTL_ALLOC, &alloc) < 0)
		return -errno;
	out->fd.reset(int(alloc.fd));
	out->size = size;
	out->source = "dma_heap/system";
	return 0;
}

int fromUdmabuf(size_t size, TestDmabuf *out)
{
	UniqueFD dev(::open("/dev/udmabuf", O_RDWR | O_CLOEXEC));
	if (!dev.isValid())
		return -errno;
	/* udmabuf wants whole pages and a memfd that can no longer shrink. */
	const size_t page = size_t(sysconf(_SC_PAGESIZE));
	size = (size + page - 1) / page * page;
	UniqueFD mem(memfd_create("sluice-udmabuf", MFD_CLOEXEC | MFD_ALLOW_SEALING));
	if (!mem.isValid() || ftruncate(mem.get(), off_t(size)) < 0 ||
	    fcntl(mem.get(), F_ADD_SEALS, F_SEAL_SHRINK) < 0)
		return -errno;
	udmabuf_create create{};
	create.memfd = uint32_t(mem.get());
	create.flags = UDMABUF_FLAGS_CLOEXEC;
	create.offset = 0;
	create.size = size;
	int fd = ioctl(dev.get(), UDMABUF_CREATE, &create);
	if (fd < 0)
		return -errno;
	out->fd.reset(fd);
	out->size = size;
	out->source = "udmabuf";
	return 0;
}

} /* namespace */

int allocateDmabuf(size_t size, TestDmabuf *out, std::string *why, bool allowMemfd)
{
	int heapErr = fromHeap(size, out);
	if (heapErr == 0)
		return 0;
	int udmaErr = fromUdmabuf(size, out);
	if (udmaErr == 0)
		return 0;
	if (allowMemfd) {
		UniqueFD mem(memfd_create("sluice-fake-dmabuf", MFD_CLOEXEC));
		if (mem.isValid() && ftruncate(mem.get(), off_t(size)) == 0) {
			out->fd = std::move(mem);
			out->size = size;
			out->source = "memfd (tests only: not a dmabuf)";
			return 0;
		}
	}
	*why = std::string("no dmabuf allocator: /dev/dma_heap/system: ") + strerror(-heapErr) +
	       ", /dev/udmabuf: " + strerror(-udmaErr);
	return -ENODEV;
}

int fillDmabuf(const TestDmabuf &buf, uint8_t byte)
{
	void *p = mmap(nullptr, buf.size, PROT_READ | PROT_WRITE, MAP_SHARED, buf.fd.get(), 0);
	if (p == MAP_FAILED)
		return -errno;
	/* Harmless ENOTTY on a test memfd. */
	dma_buf_sync sync{ DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE };
	ioctl(buf.fd.get(), DMA_BUF_IOCTL_SYNC, &sync);
	std::memset(p, byte, buf.size);
	sync.flags = DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE;
	ioctl(buf.fd.get(), DMA_BUF_IOCTL_SYNC, &sync);
	munmap(p, buf.size);
	return 0;
}

} /* namespace sluice */
