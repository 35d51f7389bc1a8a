#!/bin/bash
# Faults on the virtual board, each in its own player run:
#  slow     visl_transtime_ms spikes mid-play: no deadlock, every frame, the spike in the stats
#  unplug   the decoder unbound mid-play (what rmmod would do, but rmmod is refused while the
#           node is open): a clean exit with one line
#  flipdata bits flipped in slice data: no crash; decoding goes on
#  fliphdr  bits flipped in parameter sets and slice headers: no crash; bad packets dropped
#           and counted, or one clear error line
# Usage: t-faults.sh SLUICE_BINARY
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sluice=$1
out=${SLUICE_VM_TEST_OUT:-$(mktemp -d)}/faults
rm -rf "$out" && mkdir -p "$out"

command -v ffmpeg >/dev/null || { echo "no ffmpeg: skipped"; exit 77; }
ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=size=320x240:rate=25 -t 6 \
	-threads 1 -c:v libx264 -bf 2 -g 25 -x264opts slices=2 -pix_fmt yuv420p "$out/clip.h264"
python3 "$here/flip_bits.py" "$out/clip.h264" data "$out/flipdata.h264"
python3 "$here/flip_bits.py" "$out/clip.h264" headers "$out/fliphdr.h264"

cat > "$out/guest.sh" <<GUEST
set -u
param=/sys/module/visl/parameters/visl_transtime_ms
run() { name=\$1; shift; "$sluice" --vo null --stats-json "$out/\$name.json" "\$@" \
	> /dev/null 2> "$out/\$name.stderr"; echo \$? > "$out/\$name.status"; }

# slow: spike the decode time above the 300 ms watchdog for about a second, mid-play. The
# spike starts once the player has allocated its CAPTURE pool (it logs that), not at a fixed
# time: how long start-up takes under emulation varies more than the whole decode.
export SLUICE_LOG=engine=info
run slow --watchdog-ms 300 --loop --frames 3000 "$out/clip.h264" &
player=\$!
unset SLUICE_LOG
for i in \$(seq 300); do grep -q "CAPTURE pool" "$out/slow.stderr" 2>/dev/null && break; sleep 0.1; done
sleep 0.2; echo 700 > \$param; sleep 1; echo 0 > \$param
wait \$player

run flipdata "$out/flipdata.h264"
run fliphdr "$out/fliphdr.h264"

# unplug last: the decoder does not come back
"$sluice" --vo null --loop "$out/clip.h264" > /dev/null 2> "$out/unplug.stderr" &
pid=\$!
sleep 2
echo visl.0 > /sys/bus/platform/drivers/visl/unbind
wait \$pid
echo \$? > "$out/unplug.status"
GUEST

status=0
"$here/../run" --out "$out" --modules visl --visl visl_transtime_ms=0 --allow-warn \
	--timeout 240 -- sh "$out/guest.sh" || status=$?
[ $status = 0 ] || { echo "the guest run failed (status $status)"; exit $status; }
python3 "$here/check_faults.py" "$out"
