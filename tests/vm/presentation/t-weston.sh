#!/bin/bash
# Presentation on a real compositor on the virtual board: weston 10 (headless, GL renderer on
# software Mesa 25) shows sluice's frames straight from visl's CAPTURE buffers as
# linux-dmabuf wl_buffers, with the debug overlay on.
#  h264   60 frames of H.264 at 6 fps: >= 55 presented, unsafe_requeues 0
#  gpu, shm  the clip looped with --present PATH: that path and no other presents the
#         frames (presentation-time counts), and a screenshot taken while it plays shows
#         visl's colour bars in their order (so the GPU path's YUV->RGB is right too)
#  overlay  the same with the overlay shown and --present dmabuf: a screenshot that is
#         neither black nor without the overlay, with visl's colour bars below it
#  race   the same clip under WAYLAND_DEBUG + strace: the independent release-race check
#  slow   16 frames at 2 fps: every buffer held ~500 ms by the compositor; the race check
#  vp9    60 frames of VP9 at 6 fps: >= 55 presented, unsafe_requeues 0
#  killed weston killed mid-play: the player exits non-zero with one line, no crash
# (6 fps because weston under TCG repaints at ~14 fps: the test is about correctness, not
# about the emulated machine's speed.)
# Usage: t-weston.sh SLUICE_BINARY
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
sluice=$1
out=${SLUICE_VM_TEST_OUT:-$(mktemp -d)}/weston
rm -rf "$out" && mkdir -p "$out"

command -v ffmpeg >/dev/null || { echo "no ffmpeg: skipped"; exit 77; }
command -v weston >/dev/null || { echo "no weston: skipped"; exit 77; }
mesa=$("$root/tests/vm/compositor/prepare-mesa") || { echo "no Mesa 25: skipped"; exit 77; }

gen() {
	local rate=$1 frames=$2; shift 2
	ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=320x240:rate=$rate" \
		-frames:v "$frames" -threads 1 -pix_fmt yuv420p "$@"
}
gen 6 60 -c:v libx264 -bf 2 -g 12 "$out/h264.mkv"
gen 2 16 -c:v libx264 -bf 0 -g 8 "$out/slow.mkv"
gen 6 60 -c:v libvpx-vp9 -b:v 200k -g 12 "$out/vp9.webm"

cat > "$out/guest.sh" <<GUEST
set -u
MESA_ROOT=$mesa WESTON_LOG=$out/weston.log SLUICE_SOURCE=$root . $root/tests/vm/compositor/start-weston || exit 1
cd "$out"
play() { name=\$1; shift; "$sluice" --stats-json "$out/\$name.json" "\$@" > "$out/\$name.out" 2> "$out/\$name.err"; echo \$? > "$out/\$name.status"; }
traced() { name=\$1; shift; WAYLAND_DEBUG=1 strace -f -y -s 512 -X verbose -e trace=ioctl,write,fcntl \
	-o "$out/\$name.strace" "$sluice" --stats-json "$out/\$name.json" "\$@" > /dev/null 2>&1; echo \$? > "$out/\$name.status"; }

# A fresh weston builds its GL pipeline for the first dmabuf client it shows; under TCG
# that takes seconds and would make the counted run's first frames late. Warm it up.
play warmup --frames 4 "$out/slow.mkv"
play h264 "$out/h264.mkv"

# The GPU and shm paths on their own, looping until stopped: a few seconds after the first
# frame is on screen (the player's log line; the GPU path's first draw builds shaders on the
# emulated CPU), one screenshot, then SIGTERM (a clean stop that writes the stats). The dmabuf
# path's screenshot comes from the overlay run below.
for path in gpu shm; do
	"$sluice" --stats-json "$out/\$path.json" --present \$path --loop "$out/h264.mkv" \
		> "$out/\$path.out" 2> "$out/\$path.err" &
	player=\$!
	mkdir -p shots-\$path
	i=0
	while ! grep -q "first frame on screen" "$out/\$path.err" 2>/dev/null && [ \$i -lt 1200 ]; do sleep 0.1; i=\$((i + 1)); done
	sleep 3; (cd shots-\$path && weston-screenshooter >/dev/null 2>&1)
	kill -TERM \$player
	wait \$player
	echo \$? > "$out/\$path.status"
done

# With the overlay: screenshots every 2 s while it plays (the first frame takes a few seconds
# to appear under emulation, and the window goes when the player exits). The overlay is
# drawn by llvmpipe inside the emulated CPU, which starves weston: frame counts are judged
# on the run above, not this one.
play overlay --overlay --present dmabuf "$out/h264.mkv" &
player=\$!
mkdir -p shots
while kill -0 \$player 2>/dev/null; do sleep 2; (cd shots && weston-screenshooter >/dev/null 2>&1); done
wait \$player   # not a bare wait: weston runs in the background too

traced race "$out/h264.mkv"
traced slow "$out/slow.mkv"
play vp9 "$out/vp9.webm"

# The compositor dies mid-play: the player must end on its own with one clear line.
play killed "$out/h264.mkv" &
player=\$!
sleep 6
kill -9 \$WESTON_PID
wait \$player
GUEST

status=0
"$root/tests/vm/run" --out "$out" --modules visl --timeout 400 -- sh "$out/guest.sh" || status=$?
[ $status = 0 ] || { echo "the guest run failed (status $status)"; exit $status; }
python3 "$here/check_weston.py" "$out"
