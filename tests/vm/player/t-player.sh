#!/bin/bash
# The player end to end on visl with --vo null: every frame decoded and shown, statistics
# that agree with ffprobe, md5 lines per frame, the frame limit, --start, and bad input that
# ends with one clear line and a non-zero status.
# Usage: t-player.sh SLUICE_BINARY
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sluice=$1
out=${SLUICE_VM_TEST_OUT:-$(mktemp -d)}/player
rm -rf "$out" && mkdir -p "$out/media"
media=$out/media

command -v ffmpeg >/dev/null || { echo "no ffmpeg: skipped"; exit 77; }
gen() { ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc=size=320x240:rate=25 \
	-t 2 -threads 1 -c:v libx264 -bf 2 -g 25 -pix_fmt yuv420p "$@"; }
gen "$media/bframes.mkv"
gen "$media/bframes.h264"
head -c 20000 /dev/urandom > "$media/noise.bin"
head -c $(($(stat -c %s "$media/bframes.mkv") / 2)) "$media/bframes.mkv" > "$media/truncated.mkv"
for f in bframes.mkv bframes.h264; do
	ffprobe -v error -select_streams v:0 -count_frames -show_entries stream=nb_read_frames \
		-of csv=p=0 "$media/$f" > "$media/$f.frames"
done

cat > "$out/guest.sh" <<GUEST
set -u
cd "$out"
run() { name=\$1; shift; "$sluice" "\$@" > "$out/\$name.stdout" 2> "$out/\$name.stderr"; echo \$? > "$out/\$name.status"; }
run mkv --vo null --md5 --stats-json "$out/mkv.json" "$media/bframes.mkv"
run annexb --vo null --md5 --stats-json "$out/annexb.json" "$media/bframes.h264"
run limit --vo null --frames 10 --stats-json "$out/limit.json" "$media/bframes.mkv"
run start --vo null --start 1.0 --md5 --stats-json "$out/start.json" "$media/bframes.mkv"
run loop --vo null --loop --frames 80 --stats-json "$out/loop.json" "$media/bframes.mkv"
run noise --vo null "$media/noise.bin"
run truncated --vo null --stats-json "$out/truncated.json" "$media/truncated.mkv"
run missing --vo null "$media/does-not-exist.mkv"
GUEST

status=0
"$here/../run" --out "$out" --modules visl --timeout 200 -- sh "$out/guest.sh" || status=$?
[ $status = 0 ] || { echo "the guest run failed (status $status)"; exit $status; }
python3 "$here/check_player.py" "$out"
