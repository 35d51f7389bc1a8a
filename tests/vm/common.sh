# shellcheck shell=bash
# Shared settings of the virtual board (sourced by tests/vm/prepare and tests/vm/run).
# The kernel is pinned: the out-of-tree modules are built against exactly these headers,
# and test expectations (trace event formats, driver behaviour) are tied to this version.

VM_KV=6.12.95+deb12-amd64                 # kernel ABI name (uname -r in the guest)
VM_PV=6.12.95-1~bpo12+1                   # Debian package version, from bookworm-backports
VM_KSERIES=6.12                           # linux-source-<series>
VM_KCOMMON=6.12.95+deb12                  # linux-headers-<x>-common, linux-kbuild-<x>

VM_DIR=$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VM_CACHE=${SLUICE_CACHE:-/var/cache/sluice}/vm

# What prepare leaves behind for run (paths inside $VM_CACHE).
VM_KERNEL=$VM_CACHE/boot/vmlinuz          # copy of Debian's vmlinuz
VM_INITRD=$VM_CACHE/boot/initrd.cpio      # busybox + init + module closure (uncompressed)
VM_READY=$VM_CACHE/stamps/ready           # written last by prepare

# Top-level modules the initramfs carries; each gets a load list with its dependencies.
# 9p/9pnet_virtio are always loaded (host root); the others only when a run asks for them.
VM_TOP_MODULES=(9p 9pnet_virtio visl vkms vivid v4l2-mem2mem)
