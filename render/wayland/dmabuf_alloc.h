/* SPDX-License-Identifier: MIT */
/*
 * Small dmabufs for tests and the compositor probe, from whatever the kernel offers:
 * /dev/dma_heap/system, else /dev/udmabuf wrapping a sealed memfd. Neither needs a GPU, so
 * the probe works on boards whose decoder is the only DMA device.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "base/unique_fd.h"

namespace sluice {

struct TestDmabuf {
	UniqueFD fd;
	size_t size = 0;
	const char *source = ""; /* "dma_heap/system" or "udmabuf" */
};

/*
 * 0 or -errno (-ENODEV: no allocator here, with *why saying so). allowMemfd: tests against
 * tests only; a memfd is not a dmabuf. Hardware importers refuse it; llvmpipe
 * (which maps the fd) and the fake test compositor accept it.
 */
int allocateDmabuf(size_t size, TestDmabuf *out, std::string *why, bool allowMemfd = false);

/* Fills the buffer with byte, bracketed by DMA_BUF_IOCTL_SYNC. */
int fillDmabuf(const TestDmabuf &buf, uint8_t byte);

} /* namespace sluice */
