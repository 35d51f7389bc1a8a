#!/bin/bash
# Module parameters given to tests/vm/run reach the drivers (read back from sysfs).
set -uo pipefail
source "$(dirname "$0")/testlib.sh"
in_vm || vm_main --modules visl,vkms --visl "visl_transtime_ms=7 tpg_verbose=1" \
	--vkms "enable_overlay=1" --timeout 60

p=/sys/module/visl/parameters
check "visl_transtime_ms=7" [ "$(cat $p/visl_transtime_ms)" = 7 ]
check "tpg_verbose=1" [ "$(cat $p/tpg_verbose)" = Y ]
check "keep_bitstream_buffers left at its default" [ "$(cat $p/keep_bitstream_buffers)" = N ]
check "vkms enable_overlay=1" [ "$(cat /sys/module/vkms/parameters/enable_overlay)" = Y ]
done_checks
