#!/bin/bash
# Boot smoke test: the virtual board comes up with visl and vkms, and gives the command what
# the player needs (V4L2/media nodes, tracefs events, debugfs, DRM, udmabuf, dma-heap, a
# writable out dir, the caller's cwd).
set -uo pipefail
source "$(dirname "$0")/testlib.sh"
in_vm || vm_main --modules visl,vkms --timeout 120

check "kernel is the pinned one" [ "$(uname -r)" = 6.12.95+deb12-amd64 ]
check "visl module loaded" [ -d /sys/module/visl ]
check "vkms module loaded" [ -d /sys/module/vkms ]
check "vivid not loaded unless asked" [ ! -d /sys/module/vivid ]
vdev=$(visl_video_node) || vdev=
mdev=$(media_node_of_model visl) || mdev=
check "visl video node exists ($vdev)" [ -c "$vdev" ]
check "visl media node exists ($mdev)" [ -c "$mdev" ]
check "visl accepts H.264 slices on OUTPUT" sh -c "v4l2-ctl -d '$vdev' --list-formats-out | grep -q S264"
check "media-ctl sees the visl topology" sh -c "media-ctl -d '$mdev' -p | grep -q 'visl'"
check "tracefs visl_h264_controls events" [ -d /sys/kernel/tracing/events/visl_h264_controls/v4l2_ctrl_h264_decode_params ]
check "tracefs vb2_buf_done event" [ -d /sys/kernel/tracing/events/vb2/vb2_buf_done ]
check "debugfs visl dir" [ -d /sys/kernel/debug/visl/bitstream ]
card=$(ls /dev/dri/card* 2> /dev/null | head -n 1)
check "vkms gives a DRM card ($card)" [ -c "$card" ]
check "the DRM card is vkms" sh -c "grep -q vkms /sys/kernel/debug/dri/*/name"
check "udmabuf and dma-heap work" /usr/bin/python3 "$VM_DIR/dmabuf-check.py"
check "cwd is the caller's ($(pwd))" [ "$(pwd -P)" = "$SLUICE_VM_HOST_CWD" ]
check "out dir is writable" sh -c 'echo hello > "$SLUICE_VM_OUT/hello.txt"'
check "/tmp, /dev/shm, /run writable" sh -c 'touch /tmp/x /dev/shm/x /run/x'
check "/dev/pts is devpts" sh -c 'grep -q " /dev/pts devpts " /proc/mounts'
check "XDG_RUNTIME_DIR is 0700" [ "$(stat -c %a "$XDG_RUNTIME_DIR")" = 700 ]
check "HOME is writable" sh -c 'touch "$HOME/x"'
check "host root is read-only" sh -c '! touch /usr/sluice-must-fail 2>/dev/null'
done_checks
