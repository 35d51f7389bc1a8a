#!/bin/bash
# VP9 end to end on visl with --vo null: a 2-pass libvpx clip with hidden alt-ref frames in
# superframes (IVF and WebM), and a keyframe resolution change. Every frame (hidden ones
# included) is decoded, the shown ones are presented (counts against ffprobe), no unsafe
# re-queue, and in the kernel trace every reference timestamp a request names belongs to a
# frame decoded before it (check_vp9.py).
# Usage: t-vp9.sh SLUICE_BINARY
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sluice=$1
out=${SLUICE_VM_TEST_OUT:-$(mktemp -d)}/vp9
rm -rf "$out" && mkdir -p "$out/media"
media=$out/media

command -v ffmpeg >/dev/null || { echo "no ffmpeg: skipped"; exit 77; }
vpx() { # size frames output [options]: libvpx-vp9, one thread, deterministic
	local size=$1 frames=$2 output=$3
	shift 3
	ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc=size=$size:rate=25" \
		-frames:v "$frames" -pix_fmt yuv420p -c:v libvpx-vp9 -threads 1 -speed 4 -b:v 300k "$@" "$output"
}
# Hidden alt-refs need two passes and a look-ahead (shared/reference/oracles.md).
altref=(-auto-alt-ref 1 -lag-in-frames 16 -passlogfile "$media/2pass")
vpx 320x240 60 /dev/null "${altref[@]}" -pass 1 -f null
vpx 320x240 60 "$media/altref.ivf" "${altref[@]}" -pass 2
ffmpeg -hide_banner -loglevel error -y -i "$media/altref.ivf" -c copy "$media/altref.webm"
# A keyframe of another size mid-file: two IVF streams, the second's frames appended.
vpx 320x240 20 "$media/a.ivf"
vpx 176x144 20 "$media/b.ivf"
{ cat "$media/a.ivf"; tail -c +33 "$media/b.ivf"; } > "$media/resize.ivf"
for f in altref.ivf altref.webm resize.ivf; do
	# Shown frames, and every frame the decoder runs (hidden ones too: FFmpeg's
	# trace_headers prints one "Frame" per coded frame of a superframe).
	ffprobe -v error -select_streams v:0 -count_frames -show_entries stream=nb_read_frames \
		-of csv=p=0 "$media/$f" > "$media/$f.shown"
	ffmpeg -hide_banner -i "$media/$f" -c copy -bsf:v trace_headers -f null - \
		> /dev/null 2> "$media/$f.trace_headers"
	grep -c '\] Frame$' "$media/$f.trace_headers" > "$media/$f.coded"
done

cat > "$out/guest.sh" <<GUEST
set -u
cd "$out"
run() { name=\$1; shift; "$sluice" "\$@" > "$out/\$name.stdout" 2> "$out/\$name.stderr"; echo \$? > "$out/\$name.status"; }
echo 1 > /sys/kernel/tracing/tracing_on
run altref.ivf --vo null --md5 --stats-json "$out/altref.ivf.json" "$media/altref.ivf"
echo 0 > /sys/kernel/tracing/tracing_on
cat /sys/kernel/tracing/trace > "$out/altref.ivf.trace"
run altref.webm --vo null --md5 --stats-json "$out/altref.webm.json" "$media/altref.webm"
run resize.ivf --vo null --md5 --stats-json "$out/resize.ivf.json" "$media/resize.ivf"
GUEST

status=0
"$here/../run" --out "$out" --modules visl --visl "visl_transtime_ms=0" \
	--trace visl_vp9_controls,vb2/vb2_buf_done --timeout 200 -- sh "$out/guest.sh" || status=$?
[ $status = 0 ] || { echo "the guest run failed (status $status)"; exit $status; }
python3 "$here/check_vp9.py" "$out"
