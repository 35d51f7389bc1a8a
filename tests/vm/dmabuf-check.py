# Functional check of /dev/dma_heap/system and /dev/udmabuf, run in the guest by t-boot.sh:
# allocate from the system heap and map it; wrap a sealed memfd into a dmabuf and map that.
import fcntl
import mmap
import os
import struct
import sys

SIZE = 1 << 20
# _IOWR('H', 0, struct dma_heap_allocation_data { u64 len; u32 fd; u32 fd_flags; u64 heap_flags; })
DMA_HEAP_IOCTL_ALLOC = 0xC0184800
# _IOW('u', 0x42, struct udmabuf_create { u32 memfd; u32 flags; u64 offset; u64 size; })
UDMABUF_CREATE = 0x40187542
UDMABUF_FLAGS_CLOEXEC = 0x01


def dma_heap():
    heap = os.open("/dev/dma_heap/system", os.O_RDWR | os.O_CLOEXEC)
    arg = bytearray(struct.pack("QIIQ", SIZE, 0, os.O_RDWR | os.O_CLOEXEC, 0))
    fcntl.ioctl(heap, DMA_HEAP_IOCTL_ALLOC, arg)
    fd = struct.unpack("QIIQ", arg)[1]
    m = mmap.mmap(fd, SIZE)
    m[:4] = b"heap"
    assert m[:4] == b"heap"
    print("dma-heap system: 1 MiB dmabuf fd", fd, "mapped and written")


def udmabuf():
    memfd = os.memfd_create("sluice-udmabuf", os.MFD_ALLOW_SEALING)
    os.ftruncate(memfd, SIZE)
    fcntl.fcntl(memfd, fcntl.F_ADD_SEALS, fcntl.F_SEAL_SHRINK)
    dev = os.open("/dev/udmabuf", os.O_RDWR | os.O_CLOEXEC)
    arg = struct.pack("IIQQ", memfd, UDMABUF_FLAGS_CLOEXEC, 0, SIZE)
    fd = fcntl.ioctl(dev, UDMABUF_CREATE, bytearray(arg), True)
    os.pwrite(memfd, b"udma", 0)
    m = mmap.mmap(fd, SIZE)
    assert m[:4] == b"udma", m[:4]
    print("udmabuf: dmabuf fd", fd, "from memfd", memfd, "shows the memfd's bytes")


if __name__ == "__main__":
    dma_heap()
    udmabuf()
    sys.exit(0)
