#!/bin/bash
# VP8 and MPEG-2 on the virtual board: sluice decodes every frame of each stream on visl, and
# what the kernel received from it is compared, field by field, with what it received from
# GStreamer's v4l2slvp8dec / v4l2slmpeg2dec for the same stream on the same visl.
#
# Usage: run-oracle.sh SLUICE_BINARY [OUT_DIR]
#
# On the host: makes the corpus (libvpx / mpeg2video, one thread, lavfi testsrc, so the bytes
# are the same every run; plus a field-picture MPEG-2 stream written by make-field-m2v.py,
# since no encoder here writes field pictures), boots ONE guest, then checks:
#   - sluice's --stats-json: frames_presented equals ffprobe's frame count (or the count the
#     field stream was built with), decoder_errors and unsafe_requeues are 0;
#   - ../../oracle/compare_controls.py: every control field of every request against
#     GStreamer's, timestamps compared by meaning (the picture that carried them); each
#     difference must be one that known_differences.py explains and checks;
#   - check_references.py: every reference timestamp names a picture decoded before.
# In the guest (run-oracle.sh --guest OUT SLUICE): per stream, GStreamer then sluice, each
# with the trace cleared before and saved after.
set -uo pipefail
here=$(cd -P "$(dirname "$0")" && pwd)
oracle=$here/../../oracle
TRACING=/sys/kernel/tracing
FRAMES=24

# name|extension|encoder arguments (after -c:v); "two-pass" runs libvpx twice.
STREAMS=(
	"vp8-one-partition|ivf|libvpx -b:v 400k -g 12"
	"vp8-four-partitions|ivf|libvpx -b:v 400k -slices 4"
	"vp8-altref|ivf|two-pass libvpx -b:v 400k -auto-alt-ref 1 -lag-in-frames 16"
	"mpeg2-progressive|m2v|mpeg2video -bf 2 -g 12"
	"mpeg2-interlaced|m2v|mpeg2video -bf 2 -flags +ildct+ilme -top 1 -intra_vlc 1 -alternate_scan 1"
	"mpeg2-matrices|m2v|mpeg2video -bf 1 -intra_matrix 8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71"
	"mpeg2-fields|m2v|fields 13"
)

guest() {
	local out=$1 sluice=$2
	cat $TRACING/events/visl_*/*/format > "$out/formats.txt"
	for entry in "${STREAMS[@]}"; do
		IFS='|' read -r name ext _ <<< "$entry"
		local clip=$out/corpus/$name.$ext
		local pipeline
		if [ "$ext" = ivf ]; then
			pipeline="ivfparse ! v4l2slvp8dec"
		else
			pipeline="mpegvideoparse ! v4l2slmpeg2dec"
		fi
		echo "== $name"
		: > "$TRACING/trace"
		timeout 90 gst-launch-1.0 --no-fault filesrc location="$clip" ! $pipeline ! \
			fakesink sync=false > "$out/$name.gst.log" 2>&1
		echo "gst-launch: status $?"
		cat "$TRACING/trace" > "$out/$name.gst.trace"
		: > "$TRACING/trace"
		timeout 90 "$sluice" "$clip" --vo null --stats-json "$out/$name.stats.json" \
			> "$out/$name.sluice.log" 2>&1
		echo "sluice: status $?"
		cat "$TRACING/trace" > "$out/$name.sluice.trace"
		: > "$TRACING/trace"
	done
}

if [ "${1:-}" = --guest ]; then
	guest "$2" "$3"
	exit $?
fi

command -v ffmpeg > /dev/null && command -v ffprobe > /dev/null || { echo "SKIP: no ffmpeg"; exit 77; }
sluice=${1:?usage: run-oracle.sh SLUICE_BINARY [OUT_DIR]}
sluice=$(cd -P "$(dirname "$sluice")" && pwd)/$(basename "$sluice")
out=${2:-${SLUICE_VM_TEST_OUT:-/tmp/sluice-oracle}/vp8mpeg2}
rm -rf "$out" && mkdir -p "$out/corpus"
out=$(cd -P "$out" && pwd)

declare -A expected
for entry in "${STREAMS[@]}"; do
	IFS='|' read -r name ext args <<< "$entry"
	clip=$out/corpus/$name.$ext
	input=(-hide_banner -loglevel error -y -f lavfi -i "testsrc=size=320x240:rate=25"
	       -frames:v "$FRAMES" -threads 1)
	read -r -a words <<< "$args"
	case ${words[0]} in
	fields)
		expected[$name]=$(python3 "$here/make-field-m2v.py" "$clip" "${words[1]}") || exit 1
		continue ;;
	two-pass)
		ffmpeg "${input[@]}" -c:v "${words[@]:1}" -pass 1 -passlogfile "$out/$name" -f null - &&
		ffmpeg "${input[@]}" -c:v "${words[@]:1}" -pass 2 -passlogfile "$out/$name" "$clip" ;;
	*)
		ffmpeg "${input[@]}" -c:v "${words[@]}" "$clip" ;;
	esac || { echo "FAIL: cannot encode $name"; exit 1; }
	count=$(ffprobe -v error -count_frames -select_streams v:0 \
		-show_entries stream=nb_read_frames -of csv=p=0 "$clip")
	expected[$name]=${count%%,*}
done

extra=()
[[ $here =~ ^/(tmp|run)/ ]] && extra+=(--ro "$here")
[[ $sluice =~ ^/(tmp|run)/ ]] && extra+=(--ro "$(dirname "$sluice")")
status=0
"$here/../run" "${extra[@]}" --out "$out" --modules visl --visl "visl_transtime_ms=0" \
	--trace visl_vp8_controls,visl_mpeg2_controls,vb2/vb2_buf_done --timeout 400 -- \
	bash "$here/run-oracle.sh" --guest "$out" "$sluice" || status=$?
[ $status = 77 ] && exit 77
[ $status = 0 ] || { echo "FAIL: the guest run failed (status $status, see $out)"; exit 1; }

fails=0
for entry in "${STREAMS[@]}"; do
	IFS='|' read -r name ext _ <<< "$entry"
	echo "== $name"
	python3 - "$out/$name.stats.json" "${expected[$name]}" <<'STATS' || fails=$((fails + 1))
import json, sys
stats, expected = json.load(open(sys.argv[1])), int(sys.argv[2])
line = (f"frames_presented {stats['frames_presented']} (expected {expected}), "
        f"decoder_errors {stats['decoder_errors']}, unsafe_requeues {stats['unsafe_requeues']}, "
        f"slot_invariant_violations {stats['slot_invariant_violations']}")
ok = (stats["frames_presented"] == expected and stats["decoder_errors"] == 0 and
      stats["unsafe_requeues"] == 0 and stats["slot_invariant_violations"] == 0)
print(("ok: " if ok else "FAIL: ") + line)
sys.exit(0 if ok else 1)
STATS
	python3 "$here/check_references.py" "$out/$name.sluice.trace" || fails=$((fails + 1))
	# compare_controls.py's own verdict is printed in full; the differences it finds must
	# each be one of the known, explained ones (known_differences.py) or the stream fails.
	python3 "$oracle/compare_controls.py" --formats "$out/formats.txt" --label "$name" \
		--json "$out/$name.compare.json" \
		"$out/$name.sluice.trace" "$out/$name.gst.trace" > "$out/$name.compare.txt" 2>&1
	compare_status=$?
	grep -v MISMATCH "$out/$name.compare.txt"
	if [ $compare_status = 0 ]; then
		:
	elif [ $compare_status = 1 ] && [ -s "$out/$name.compare.json" ]; then
		python3 "$here/known_differences.py" "$out/$name.compare.json" || fails=$((fails + 1))
	else
		echo "FAIL: compare_controls.py status $compare_status"
		fails=$((fails + 1))
	fi
done
# The checks must be able to fail: a copy of sluice's VP8 trace with one header size off by
# one bit, and a copy of its MPEG-2 trace whose first B picture predicts from itself, must
# both be reported.
python3 - "$out" <<'PLANT'
import re, sys
out = sys.argv[1]
vp8 = open(f"{out}/vp8-four-partitions.sluice.trace").read()
vp8 = re.sub(r"(?m)^(\s*first_part_header_bits:?\s+)(\d+)", lambda m: m.group(1) + str(int(m.group(2)) + 1),
             vp8, count=1)
open(f"{out}/planted-vp8.trace", "w").write(vp8)
mpeg2 = open(f"{out}/mpeg2-progressive.sluice.trace").read()
mpeg2 = re.sub(r"(?m)^(\s*backward_ref_ts:?\s+)([1-9]\d*)", lambda m: m.group(1) + "999999000", mpeg2, count=1)
open(f"{out}/planted-mpeg2.trace", "w").write(mpeg2)
PLANT
for planted in vp8:vp8-four-partitions mpeg2:mpeg2-progressive; do
	python3 "$oracle/compare_controls.py" --formats "$out/formats.txt" --label planted \
		--json "$out/planted-${planted%%:*}.json" "$out/planted-${planted%%:*}.trace" \
		"$out/${planted#*:}.gst.trace" > "$out/planted-${planted%%:*}.txt" 2>&1
	if python3 "$here/known_differences.py" "$out/planted-${planted%%:*}.json" > /dev/null; then
		echo "FAIL: a planted ${planted%%:*} difference went unreported"
		fails=$((fails + 1))
	else
		echo "ok: the planted ${planted%%:*} difference is reported"
	fi
done
echo "$fails failure(s); results in $out"
[ $fails = 0 ]
