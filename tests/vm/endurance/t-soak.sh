#!/bin/bash
# Soak: looped playback with a seek every 2 s for SOAK_SECONDS (100 in CI; bench/soak runs
# 1800). Samples the player's open fds and RSS every 5 s; check_soak.py then requires no fd
# growth, RSS growth within the stated bound, no stuck request and no unsafe re-queue.
# Usage: t-soak.sh SLUICE_BINARY [SECONDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sluice=$1
seconds=${2:-${SOAK_SECONDS:-100}}
out=${SLUICE_VM_TEST_OUT:-$(mktemp -d)}/soak
rm -rf "$out" && mkdir -p "$out"

command -v ffmpeg >/dev/null || { echo "no ffmpeg: skipped"; exit 77; }
ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=size=320x240:rate=25 -t 10 \
	-threads 1 -c:v libx264 -bf 2 -g 25 -pix_fmt yuv420p "$out/clip.mkv"

cat > "$out/guest.sh" <<GUEST
"$sluice" --vo null --loop --seek-every 2 --stats-json "$out/soak.json" "$out/clip.mkv" \
	> /dev/null 2> "$out/stderr.txt" &
pid=\$!
end=\$((\$(cut -d. -f1 /proc/uptime) + $seconds))
while [ \$(cut -d. -f1 /proc/uptime) -lt \$end ] && kill -0 \$pid 2>/dev/null; do
	sleep 5
	[ -d /proc/\$pid ] || break
	echo "\$(cut -d' ' -f1 /proc/uptime) \$(ls /proc/\$pid/fd | wc -l) \$(awk '/VmRSS/ {print \$2}' /proc/\$pid/status)" >> "$out/samples.txt"
done
kill -TERM \$pid
wait \$pid
echo \$? > "$out/status"
GUEST

status=0
"$here/../run" --out "$out" --modules visl --visl visl_transtime_ms=0 \
	--timeout $((seconds + 120)) -- sh "$out/guest.sh" || status=$?
[ $status = 0 ] || { echo "the guest run failed (status $status)"; exit $status; }
python3 "$here/check_soak.py" "$out"
