#!/bin/bash
# HEVC end to end on visl with --vo null: every frame of libx265 streams (B-frames with open
# GOPs, Annex B and Matroska/hvcC, WPP with several slices per picture in one frame-based
# request, scaling lists, weighted prediction) decoded and presented as ffprobe counts them,
# no unsafe re-queue; a seek into an open GOP; and a 10-bit stream refused with one clear line
# (visl writes only 8-bit NV12 and lists no 10-bit CAPTURE format).
# Usage: t-hevc.sh SLUICE_BINARY
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sluice=$1
out=${SLUICE_VM_TEST_OUT:-$(mktemp -d)}/hevc
rm -rf "$out" && mkdir -p "$out/media"
media=$out/media

command -v ffmpeg >/dev/null || { echo "no ffmpeg: skipped"; exit 77; }
ffmpeg -hide_banner -loglevel error -h encoder=libx265 >/dev/null 2>&1 || { echo "no libx265: skipped"; exit 77; }
gen() { # name size pix_fmt x265-params [extension]
	ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc=size=$2:rate=25" -t 2 -threads 1 \
		-vf "fade=in:0:20" -pix_fmt "$3" -c:v libx265 -x265-params "log-level=error:$4" "$media/$1"
}
gen open_gop.hevc 320x240 yuv420p "bframes=3:keyint=12:min-keyint=12:open-gop=1:scenecut=0"
gen open_gop.mkv 320x240 yuv420p "bframes=3:keyint=12:min-keyint=12:open-gop=1:scenecut=0"
gen wpp_slices.hevc 352x288 yuv420p "wpp=1:slices=4:bframes=2"
gen tools.hevc 320x240 yuv420p "scaling-list=default:weightp=1:weightb=1:bframes=4:b-pyramid=1:ref=4:wpp=0"
gen main10.hevc 320x240 yuv420p10le "bframes=2"
for f in open_gop.hevc open_gop.mkv wpp_slices.hevc tools.hevc; do
	ffprobe -v error -select_streams v:0 -count_frames -show_entries stream=nb_read_frames \
		-of csv=p=0 "$media/$f" > "$media/$f.frames"
done

cat > "$out/guest.sh" <<GUEST
set -u
cd "$out"
run() { name=\$1; shift; "$sluice" "\$@" > "$out/\$name.stdout" 2> "$out/\$name.stderr"; echo \$? > "$out/\$name.status"; }
for f in open_gop.hevc open_gop.mkv wpp_slices.hevc tools.hevc; do
	run "\$f" --vo null --md5 --stats-json "$out/\$f.json" "$media/\$f"
done
run seek --vo null --start 1.0 --stats-json "$out/seek.json" "$media/open_gop.mkv"
run main10 --vo null --stats-json "$out/main10.json" "$media/main10.hevc"
GUEST

status=0
"$here/../run" --out "$out" --modules visl --timeout 300 -- sh "$out/guest.sh" || status=$?
[ $status = 0 ] || { echo "the guest run failed (status $status)"; exit $status; }
python3 "$here/check_hevc.py" "$out"
