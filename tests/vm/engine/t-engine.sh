#!/bin/bash
# The stateless engine on visl: the gtest program runs in the guest with visl's FWHT control
# events and vb2 buffer events traced; the trace is then checked against what was submitted.
# Usage: t-engine.sh ENGINE_TEST_BINARY
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
binary=$1
out=${SLUICE_VM_TEST_OUT:-$(mktemp -d)}/engine
rm -rf "$out" && mkdir -p "$out"

status=0
"$here/../run" --out "$out" --modules visl --visl "visl_transtime_ms=1" \
	--trace visl_fwht_controls,vb2/vb2_buf_done --timeout 240 -- \
	"$binary" --gtest_color=no || status=$?
if [ $status = 77 ] || [ $status = 125 ] && [ ! -s "$out/fwht-submitted.txt" ]; then
	exit $status
fi
[ $status = 0 ] || { echo "engine tests failed in the guest (status $status)"; exit 1; }
python3 "$here/check_fwht_trace.py" "$out/trace.txt" "$out/fwht-submitted.txt"
