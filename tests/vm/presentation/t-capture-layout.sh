#!/bin/bash
# The fallback chain's step 2 on the virtual board: real visl CAPTURE buffers shown through
# a compositor with rules weston cannot be given (tests/wayland/fake-compositor), to prove
# that the player applies what the chain asks of the decoder.
#  initial  the compositor lists only YUV420 (YU12), on a scanout tranche: the first CAPTURE
#           format is already YU12 (no switch), shown zero copy
#  switch   it lists NV12, then (SIGUSR1, as on going full-screen over a plane) NV12 plus
#           YU12 on a scanout tranche: the player switches CAPTURE to YU12 at a keyframe,
#           after every earlier frame was shown, and the new frames go out zero copy
#  stride   it lists NV12 but refuses lines that are not 64-byte multiples (Mesa's WSI rule)
#           and the video is 328 wide: the player asks visl for padded lines at a keyframe,
#           visl keeps its own pitch, and the chain moves on to a copying path: frames are
#           still shown, the log says why, and nothing is asked in a loop
# Usage: t-capture-layout.sh SLUICE_BINARY FAKE_COMPOSITOR_BINARY
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
sluice=$1
fake=$2
out=${SLUICE_VM_TEST_OUT:-$(mktemp -d)}/capture-layout
rm -rf "$out" && mkdir -p "$out"

command -v ffmpeg > /dev/null || { echo "no ffmpeg: skipped"; exit 77; }

gen() {
	local size=$1 frames=$2
	shift 2
	ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=$size:rate=12" \
		-frames:v "$frames" -threads 1 -pix_fmt yuv420p -c:v libx264 -bf 0 -g 12 "$@"
}
gen 320x240 24 "$out/short.mkv"
gen 320x240 72 "$out/long.mkv"
gen 328x240 48 "$out/narrow.mkv"

cat > "$out/guest.sh" << GUEST
set -u
cd "$out"
# case NAME "FAKE ARGS" SLUICE ARGS...: one compositor, one playback, both counters saved.
case_run() {
	name=\$1; fakeargs=\$2; shift 2
	$fake --runtime-dir "\$XDG_RUNTIME_DIR" --socket "fake-\$name" --stats "$out/\$name.fake" \
		\$fakeargs 2> "$out/\$name.fake.err" &
	fakepid=\$!
	for i in \$(seq 50); do [ -S "\$XDG_RUNTIME_DIR/fake-\$name" ] && break; sleep 0.1; done
	WAYLAND_DISPLAY=fake-\$name SLUICE_LOG=app=info,wayland=info,engine=info \
		"$sluice" --stats-json "$out/\$name.json" "\$@" > "$out/\$name.out" 2> "$out/\$name.err" &
	player=\$!
	[ "\$name" = switch ] && { sleep 2.5; kill -USR1 \$fakepid; }
	wait \$player
	echo \$? > "$out/\$name.status"
	kill -TERM \$fakepid; wait \$fakepid
}
case_run initial "--pair YU12:LINEAR:scanout" "$out/short.mkv"
case_run switch "--pair NV12:LINEAR --usr1-pair NV12:LINEAR --usr1-pair YU12:LINEAR:scanout" "$out/long.mkv"
case_run stride "--pair NV12:LINEAR --stride-align 64" "$out/narrow.mkv"
GUEST

status=0
"$root/tests/vm/run" --out "$out" --modules visl --timeout 240 -- sh "$out/guest.sh" || status=$?
[ $status = 0 ] || { echo "the guest run failed (status $status)"; exit $status; }
python3 "$here/check_capture_layout.py" "$out"
