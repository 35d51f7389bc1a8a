#!/bin/bash
# H.264 control oracle: what the kernel received from sluice, compared field by field with
# what it received from GStreamer's v4l2slh264dec for the same streams on the same visl.
#
# Usage: run-h264.sh SLUICE_BINARY [OUT_DIR]
#
# On the host: makes the corpus (libx264, one thread, lavfi sources: byte-identical every
# run), boots ONE guest through tests/vm/run, and compares the traces there afterwards:
#   - compare_controls.py: every control field of every request, pictures matched in decode
#     order, timestamps compared by meaning (the index of the picture that carried them);
#   - check_display_order.py: sluice's output order against the pic_order_cnt_lsb visl
#     logged for each timestamp, and against ffprobe's display order of the same stream.
# In the guest (SLUICE_VM=1, called as "run-h264.sh --guest ..."): for each stream, trace
# GStreamer, save and clear the trace, then trace sluice in slice mode (the mode GStreamer
# uses on visl), save and clear again; visl's per-frame debug log (printk) is traced for sluice's runs.
set -uo pipefail
here=$(cd -P "$(dirname "$0")" && pwd)
TRACING=/sys/kernel/tracing
FRAMES=24

# name|extra ffmpeg filter|x264 parameters[|frames]. Every stream is 320x240 testsrc,
# FRAMES frames unless given.
STREAMS=(
	"ipp-cabac||bframes=0:ref=3"
	"bpyramid-cabac||bframes=3:b-pyramid=normal:ref=4"
	"ipb-cavlc||bframes=2:cabac=0:ref=2"
	"weighted|fade=in:0:18|bframes=2:weightp=2:weightb=1:ref=3"
	"slices4||bframes=2:slices=4:ref=3"
	"cqm-8x8||bframes=2:8x8dct=1:cqm=jvt"
	"mbaff||bframes=2:interlaced=1:ref=3"
	"idr-every-6||bframes=2:keyint=6:min-keyint=6:scenecut=0"
	"open-gop-wrap||bframes=3:b-pyramid=normal:keyint=8:open-gop=1:scenecut=0|40"
	"deblock-cip||bframes=2:deblock=-2,1:constrained-intra=1:direct=temporal"
	"ref16-pyramid||bframes=3:b-pyramid=strict:ref=16"
)
# Field pictures (PAFF), which libx264 cannot make: written by tests/corpus/h264_paff.py.
PAFF_STREAMS=($(python3 "$here/../corpus/h264_paff.py" --list))
NAMES=()
for entry in "${STREAMS[@]}"; do NAMES+=("${entry%%|*}"); done
NAMES+=("${PAFF_STREAMS[@]}")
# SLUICE_ORACLE_ONLY="name ...": only these streams (a quicker run while working on one).
if [ -n "${SLUICE_ORACLE_ONLY:-}" ]; then
	only=()
	for name in "${NAMES[@]}"; do
		[[ " $SLUICE_ORACLE_ONLY " == *" $name "* ]] && only+=("$name")
	done
	NAMES=("${only[@]}")
fi

guest() {
	local out=$1 sluice=$2
	cat /sys/kernel/tracing/events/visl_*/*/format > "$out/formats.txt"
	for name in $(cat "$out/corpus/names"); do
		local clip=$out/corpus/$name.h264
		echo "== $name"
		: > "$TRACING/trace"
		timeout 90 gst-launch-1.0 --no-fault filesrc location="$clip" ! h264parse ! \
			v4l2slh264dec ! fakesink sync=false > "$out/$name.gst.log" 2>&1
		echo "gst-launch: status $?"
		cat "$TRACING/trace" > "$out/$name.gst.trace"
		: > "$TRACING/trace"

		# visl's own per-frame log (OUTPUT sequence and timestamp, pic_order_cnt_lsb, dpb)
		# for sluice's run only. It reaches the trace through printk:console, which sees
		# every message at any level: the 128 KiB printk ring would overflow.
		echo 1 > /sys/module/visl/parameters/visl_debug
		SLUICE_H264_DECODE_MODE=slice SLUICE_LOG=frontend=debug timeout 90 \
			"$sluice" "$clip" --vo null --md5 \
			> "$out/$name.sluice.md5" 2> "$out/$name.sluice.log"
		echo "sluice: status $?"
		echo 0 > /sys/module/visl/parameters/visl_debug
		cat "$TRACING/trace" > "$out/$name.sluice.trace"
		: > "$TRACING/trace"

		# Field pictures in sluice's own default mode too (frame-based, start codes: one
		# request per field, which GStreamer does not use on visl), counted on the host.
		if [[ $name == paff-* ]]; then
			SLUICE_LOG=frontend=debug timeout 90 "$sluice" "$clip" --vo null --md5 \
				> "$out/$name.frame-mode.md5" 2> "$out/$name.frame-mode.log"
			echo "sluice (frame-based): status $?"
			: > "$TRACING/trace"
		fi
	done
}

if [ "${1:-}" = --guest ]; then
	guest "$2" "$3"
	exit $?
fi

sluice=${1:?usage: run-h264.sh SLUICE_BINARY [OUT_DIR]}
sluice=$(cd -P "$(dirname "$sluice")" && pwd)/$(basename "$sluice")
out=${2:-${SLUICE_VM_TEST_OUT:-/tmp/sluice-oracle}/oracle-h264}
rm -rf "$out" && mkdir -p "$out/corpus"
out=$(cd -P "$out" && pwd)

for entry in "${STREAMS[@]}"; do
	IFS='|' read -r name filter params frames <<< "$entry"
	[[ " ${NAMES[*]} " == *" $name "* ]] || continue
	vf=()
	[ -n "$filter" ] && vf=(-vf "$filter")
	ffmpeg -hide_banner -loglevel error -y -f lavfi \
		-i "testsrc=size=320x240:rate=25" "${vf[@]}" -frames:v "${frames:-$FRAMES}" \
		-c:v libx264 -threads 1 -pix_fmt yuv420p -x264-params "$params" \
		"$out/corpus/$name.h264" || { echo "FAIL: cannot encode $name"; exit 1; }
done
for name in "${PAFF_STREAMS[@]}"; do
	[[ " ${NAMES[*]} " == *" $name "* ]] || continue
	python3 "$here/../corpus/h264_paff.py" "$name" "$out/corpus/$name.h264" ||
		{ echo "FAIL: cannot write $name"; exit 1; }
	# The writer's output must be a stream FFmpeg decodes without a complaint. (Its null
	# muxer's note on non-increasing dts is about the timestamps the command line makes up
	# for a raw stream's field packets, not about the stream.)
	err=$(ffmpeg -nostdin -hide_banner -v error -i "$out/corpus/$name.h264" -f null - 2>&1 |
		grep -v "non monotonically increasing dts")
	[ -z "$err" ] || { echo "FAIL: FFmpeg objects to $name: $err"; exit 1; }
done
echo "${NAMES[@]}" > "$out/corpus/names"

extra=()
[[ $here =~ ^/(tmp|run)/ ]] && extra+=(--ro "$here")
[[ $sluice =~ ^/(tmp|run)/ ]] && extra+=(--ro "$(dirname "$sluice")")
status=0
"$here/../vm/run" "${extra[@]}" --out "$out" --modules visl \
	--visl "visl_transtime_ms=0 visl_dprintk_frame_start=0 visl_dprintk_nframes=1000000" \
	--trace visl_h264_controls,vb2/vb2_buf_done,printk/console --timeout 400 -- \
	bash "$here/run-h264.sh" --guest "$out" "$sluice" || status=$?
[ $status = 77 ] && exit 77
[ $status = 0 ] || { echo "FAIL: the guest run failed (status $status, see $out)"; exit 1; }

fails=0
for name in "${NAMES[@]}"; do
	echo "== $name"
	python3 "$here/compare_controls.py" --formats "$out/formats.txt" --label "$name" \
		--json "$out/$name.compare.json" \
		"$out/$name.sluice.trace" "$out/$name.gst.trace" || fails=$((fails + 1))
	python3 "$here/check_display_order.py" --label "$name" --clip "$out/corpus/$name.h264" \
		--trace "$out/$name.sluice.trace" --formats "$out/formats.txt" \
		--log "$out/$name.sluice.log" \
		--md5 "$out/$name.sluice.md5" || fails=$((fails + 1))
	if [[ $name == paff-* ]]; then
		# Frame-based: every frame shown once, as many as FFmpeg's decoder outputs, and
		# nothing dropped or refused on the way.
		frames=$(ffprobe -v error -show_entries frame=coded_picture_number -of csv=p=0 \
			"$out/corpus/$name.h264" | grep -c .)
		shown=$(grep -c "output frame" "$out/$name.frame-mode.log")
		md5s=$(grep -vc "^#" "$out/$name.frame-mode.md5")
		complaints=$(grep -ciE "warn|error|dropped|refus" "$out/$name.frame-mode.log")
		if [ "$frames" -gt 0 ] && [ "$shown" = "$frames" ] && [ "$md5s" = "$frames" ] &&
			[ "$complaints" = 0 ] && grep -q "frame-based" "$out/$name.frame-mode.log"; then
			echo "$name: PASS frame-based mode: $shown frames shown, as ffprobe's"
		else
			echo "$name: FAIL frame-based mode: $shown shown, $md5s md5 lines, ffprobe" \
				"$frames, $complaints complaint lines ($out/$name.frame-mode.log)"
			fails=$((fails + 1))
		fi
	fi
done
# The checks must be able to fail: plant one wrong field in a copy of sluice's trace, and
# swap two shown frames in a copy of its log; both must be reported.
first=bpyramid-cabac
if [[ " ${NAMES[*]} " != *" $first "* ]]; then
	echo "oracle-h264: ${#NAMES[@]} streams (SLUICE_ORACLE_ONLY, no planted checks), $fails failing check(s); traces in $out"
	[ $fails = 0 ]
	exit
fi
python3 - "$out/$first.sluice.trace" "$out/planted.trace" <<'PLANT'
import re, sys
text = open(sys.argv[1]).read()
text = re.sub(r"(?m)^header_bit_size (\d+)$", lambda m: f"header_bit_size {int(m.group(1)) + 1}",
              text, count=1)
open(sys.argv[2], "w").write(text)
PLANT
python3 "$here/compare_controls.py" --formats "$out/formats.txt" --label planted \
	"$out/planted.trace" "$out/$first.gst.trace" > "$out/planted.txt" 2>&1
if [ $? = 1 ] && grep -q "MISMATCH picture 0 request 0 slice.header_bit_size" "$out/planted.txt"; then
	echo "ok: a planted header_bit_size difference is reported"
else
	echo "FAIL: a planted header_bit_size difference went unnoticed ($out/planted.txt)"
	fails=$((fails + 1))
fi
awk '/output frame/ && ++n == 2 { held = $0; next } { print } /output frame/ && n == 3 && held { print held; held = "" }' \
	"$out/$first.sluice.log" > "$out/planted.log"
python3 "$here/check_display_order.py" --label planted --clip "$out/corpus/$first.h264" \
	--trace "$out/$first.sluice.trace" --formats "$out/formats.txt" \
	--log "$out/planted.log" --md5 "$out/$first.sluice.md5" > "$out/planted-order.txt" 2>&1
if [ $? = 1 ] && grep -q "differs from ffprobe" "$out/planted-order.txt"; then
	echo "ok: two swapped output frames are reported"
else
	echo "FAIL: two swapped output frames went unnoticed ($out/planted-order.txt)"
	fails=$((fails + 1))
fi

echo "oracle-h264: ${#NAMES[@]} streams, $fails failing check(s); traces in $out"
[ $fails = 0 ]
