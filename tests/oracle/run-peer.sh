#!/bin/bash
# HEVC and VP9 control oracles: what the kernel received from sluice, compared field by field
# with what it received from GStreamer's v4l2slh265dec / v4l2slvp9dec for the same streams on
# the same visl, frame by frame.
#
# Usage: run-peer.sh hevc|vp9 SLUICE_BINARY [OUT_DIR]
#
# On the host: makes the corpus (libx265 / libvpx-vp9, one thread, lavfi testsrc: the same
# bytes every run), boots ONE guest through tests/vm/run, then compares the traces:
#   compare_controls.py: every control field of every request, pictures matched in decode
#   order, timestamps compared by meaning (the picture that carried them), fields the uAPI
#   leaves undefined skipped by its per-codec rules and counted. No difference is accepted:
#   every one found so far was sluice's and is fixed (docs/control-oracle.md).
#   HEVC also runs sluice in its own default mode (frame-based, Annex B start codes: the
#   corpus has one slice per picture, so still one slice per request) and accepts exactly
#   the start code there: bit_size +24 and data_byte_offset +3 on every request.
# In the guest (run-peer.sh --guest CODEC OUT SLUICE): per stream, GStreamer then sluice, each
# with the trace cleared before and saved after. HEVC: sluice runs slice-based without start
# codes (SLUICE_HEVC_DECODE_MODE=slice SLUICE_HEVC_START_CODE=none), the mode GStreamer uses
# on visl, so bit_size and data_byte_offset are comparable.
#
# Corpus limits, on purpose:
#   - every x265 stream has wpp=0: GStreamer 1.22's v4l2slh265dec crashes on WPP streams
#     (entry points), and x265 refuses several slices per picture without WPP, so no HEVC
#     stream here has several slices (tests/vm/hevc covers them against ffprobe);
#   - no 10-bit stream: visl lists no 10-bit CAPTURE format and sluice refuses one there.
set -uo pipefail
here=$(cd -P "$(dirname "$0")" && pwd)
TRACING=/sys/kernel/tracing

# HEVC: name|extra video filter|x265 parameters|frames. 320x240 testsrc.
HEVC_STREAMS=(
	"open-gop-cra||bframes=3:b-pyramid=1:ref=3:keyint=8:min-keyint=8:open-gop=1:scenecut=0|24"
	"closed-gop||bframes=2:ref=2:keyint=8:min-keyint=8:open-gop=0:scenecut=0|20"
	"p-only-ref4||bframes=0:ref=4:keyint=24|16"
	"scaling-lists||scaling-list=default:bframes=2:ref=2|16"
	"weighted|fade=in:0:16|weightp=1:weightb=1:bframes=3:b-pyramid=1:ref=4|20"
	"tools||tskip=1:signhide=0:sao=0:deblock=-2,1:constrained-intra=1:cu-lossless=1:amp=0:bframes=2|16"
	"radl-temporal||radl=2:bframes=3:keyint=12:min-keyint=12:scenecut=0:open-gop=0:temporal-layers=1:max-merge=3:cbqpoffs=2:crqpoffs=-2|24"
	"poc-wrap||log2-max-poc-lsb=4:bframes=0:keyint=100:ref=2|24"
)
# VP9: name|[source:]size|frames|libvpx-vp9 arguments ("two-pass" first: two passes; "resize":
# a second stream of another size appended, so a key frame changes the size mid-stream). The
# source is testsrc unless given: on testsrc2 libvpx also codes compound prediction
# (reference_mode SELECT), which it never chooses on testsrc.
VP9_STREAMS=(
	"altref-2pass|320x240|24|two-pass -b:v 300k -auto-alt-ref 1 -lag-in-frames 16"
	"tile-columns|640x360|12|-b:v 500k -tile-columns 1 -tile-rows 1"
	"lossless|320x240|12|-lossless 1"
	"aq-segmentation|320x240|16|-b:v 300k -aq-mode 1"
	"error-resilient|320x240|16|-b:v 300k -error-resilient default"
	"frame-parallel|320x240|16|-b:v 300k -frame-parallel 1"
	"no-frame-parallel|320x240|16|-b:v 300k -frame-parallel 0 -g 8"
	"keyframe-resize|320x240|12|resize 176x144 -b:v 300k"
	"odd-size|202x138|12|-b:v 200k -sharpness 3"
	"altref-compound|testsrc2:320x240|32|two-pass -b:v 400k -speed 1 -auto-alt-ref 1 -lag-in-frames 25 -frame-parallel 0"
)

names() {
	local entry
	if [ "$1" = hevc ]; then
		for entry in "${HEVC_STREAMS[@]}"; do echo "${entry%%|*}"; done
	else
		for entry in "${VP9_STREAMS[@]}"; do echo "${entry%%|*}"; done
	fi
}

ext() { # the corpus file extension of a codec
	if [ "$1" = hevc ]; then echo hevc; else echo ivf; fi
}

guest() {
	local codec=$1 out=$2 sluice=$3 name clip pipeline env=()
	cat $TRACING/events/visl_*/*/format > "$out/formats.txt"
	if [ "$codec" = hevc ]; then
		pipeline="h265parse ! v4l2slh265dec"
		env=(SLUICE_HEVC_DECODE_MODE=slice SLUICE_HEVC_START_CODE=none)
	else
		pipeline="ivfparse ! vp9parse ! v4l2slvp9dec"
	fi
	for name in $(names "$codec"); do
		clip=$out/corpus/$name.$(ext "$codec")
		echo "== $name"
		: > "$TRACING/trace"
		timeout 60 gst-launch-1.0 --no-fault filesrc location="$clip" ! $pipeline ! \
			fakesink sync=false > "$out/$name.gst.log" 2>&1
		echo "gst-launch: status $?"
		cat "$TRACING/trace" > "$out/$name.gst.trace"
		: > "$TRACING/trace"
		if [ "$codec" = hevc ]; then
			# visl's own per-frame text (PicOrderCntVal per OUTPUT timestamp), for the
			# display-order check; printk:console carries it into this run's trace.
			echo 1 > /sys/module/visl/parameters/visl_debug
			env "${env[@]}" SLUICE_LOG=frontend=debug timeout 60 "$sluice" "$clip" --vo null \
				--md5 --stats-json "$out/$name.stats.json" \
				> "$out/$name.sluice.md5" 2> "$out/$name.sluice.log"
			echo "sluice: status $?"
			echo 0 > /sys/module/visl/parameters/visl_debug
		else
			timeout 60 "$sluice" "$clip" --vo null \
				--stats-json "$out/$name.stats.json" > "$out/$name.sluice.log" 2>&1
			echo "sluice: status $?"
		fi
		cat "$TRACING/trace" > "$out/$name.sluice.trace"
		: > "$TRACING/trace"
		[ "$codec" = hevc ] || continue
		# sluice's own choice of mode (Annex B start codes), compared on the host with
		# exactly the start code's bytes accepted.
		timeout 60 "$sluice" "$clip" --vo null > "$out/$name.default.log" 2>&1
		echo "sluice (default mode): status $?"
		cat "$TRACING/trace" > "$out/$name.default.trace"
		: > "$TRACING/trace"
	done
}

if [ "${1:-}" = --guest ]; then
	guest "$2" "$3" "$4"
	exit $?
fi

codec=${1:?usage: run-peer.sh hevc|vp9 SLUICE_BINARY [OUT_DIR]}
case $codec in hevc|vp9) ;; *) echo "usage: run-peer.sh hevc|vp9 SLUICE_BINARY [OUT_DIR]"; exit 2 ;; esac
command -v ffmpeg > /dev/null || { echo "SKIP: no ffmpeg"; exit 77; }
sluice=${2:?usage: run-peer.sh hevc|vp9 SLUICE_BINARY [OUT_DIR]}
sluice=$(cd -P "$(dirname "$sluice")" && pwd)/$(basename "$sluice")
out=${3:-${SLUICE_VM_TEST_OUT:-/tmp/sluice-oracle}/oracle-$codec}
rm -rf "$out" && mkdir -p "$out/corpus"
out=$(cd -P "$out" && pwd)

lavfi() { # [source:]size frames
	local src=testsrc size=$1
	[[ $size == *:* ]] && { src=${size%%:*}; size=${size#*:}; }
	echo -hide_banner -loglevel error -y -f lavfi -i "$src=size=$size:rate=25" -frames:v "$2" -threads 1
}
if [ "$codec" = hevc ]; then
	ffmpeg -hide_banner -loglevel error -h encoder=libx265 > /dev/null 2>&1 ||
		{ echo "SKIP: no libx265"; exit 77; }
	for entry in "${HEVC_STREAMS[@]}"; do
		IFS='|' read -r name filter params frames <<< "$entry"
		vf=()
		[ -n "$filter" ] && vf=(-vf "$filter")
		# shellcheck disable=SC2046
		ffmpeg $(lavfi 320x240 "$frames") "${vf[@]}" -pix_fmt yuv420p -c:v libx265 \
			-x265-params "log-level=error:wpp=0:frame-threads=1:pools=none:$params" \
			"$out/corpus/$name.hevc" || { echo "FAIL: cannot encode $name"; exit 1; }
	done
else
	for entry in "${VP9_STREAMS[@]}"; do
		IFS='|' read -r name size frames args <<< "$entry"
		read -r -a words <<< "$args"
		clip=$out/corpus/$name.ivf
		vpx=(-pix_fmt yuv420p -c:v libvpx-vp9 -speed 4)
		case ${words[0]} in
		two-pass)
			# shellcheck disable=SC2046
			ffmpeg $(lavfi "$size" "$frames") "${vpx[@]}" "${words[@]:1}" -pass 1 \
				-passlogfile "$out/$name" -f null - &&
			ffmpeg $(lavfi "$size" "$frames") "${vpx[@]}" "${words[@]:1}" -pass 2 \
				-passlogfile "$out/$name" "$clip" ;;
		resize)
			# shellcheck disable=SC2046
			ffmpeg $(lavfi "$size" "$frames") "${vpx[@]}" "${words[@]:2}" "$out/$name.a.ivf" &&
			ffmpeg $(lavfi "${words[1]}" "$frames") "${vpx[@]}" "${words[@]:2}" \
				"$out/$name.b.ivf" &&
			{ cat "$out/$name.a.ivf"; tail -c +33 "$out/$name.b.ivf"; } > "$clip" ;;
		*)
			# shellcheck disable=SC2046
			ffmpeg $(lavfi "$size" "$frames") "${vpx[@]}" "${words[@]}" "$clip" ;;
		esac || { echo "FAIL: cannot encode $name"; exit 1; }
	done
fi

# How many pictures a decoder runs, independently of both clients: HEVC, the slice segments
# that start a picture (first_slice_segment_in_pic_flag, the first bit after the 2-byte NAL
# header); VP9, FFmpeg's trace_headers frames (hidden ones too) less show_existing_frame.
for name in $(names "$codec"); do
	clip=$out/corpus/$name.$(ext "$codec")
	if [ "$codec" = hevc ]; then
		python3 - "$clip" > "$out/$name.pictures" <<'COUNT'
import re, sys
nals = re.split(b"\x00\x00\x01", open(sys.argv[1], "rb").read())[1:]
print(sum(1 for n in nals if len(n) > 2 and (n[0] >> 1) & 63 < 32 and n[2] & 0x80))
COUNT
	else
		ffmpeg -hide_banner -i "$clip" -c copy -bsf:v trace_headers -f null - 2>&1 |
			awk '/\] Frame$/ { n++ } /show_existing_frame .* = 1$/ { n-- } END { print n }' \
			> "$out/$name.pictures"
	fi
done

extra=()
[[ $here =~ ^/(tmp|run)/ ]] && extra+=(--ro "$here")
[[ $sluice =~ ^/(tmp|run)/ ]] && extra+=(--ro "$(dirname "$sluice")")
status=0
visl="visl_transtime_ms=0"
trace="visl_${codec}_controls,vb2/vb2_buf_done"
if [ "$codec" = hevc ]; then
	visl+=" visl_dprintk_frame_start=0 visl_dprintk_nframes=1000000"
	trace+=",printk/console"
fi
"$here/../vm/run" "${extra[@]}" --out "$out" --modules visl --visl "$visl" \
	--trace "$trace" --timeout 300 -- \
	bash "$here/run-peer.sh" --guest "$codec" "$out" "$sluice" || status=$?
[ $status = 77 ] && exit 77
[ $status = 0 ] || { echo "FAIL: the guest run failed (status $status, see $out)"; exit 1; }

fails=0
check() { # name trace_a trace_b: compare_controls.py; any difference fails
	python3 "$here/compare_controls.py" --formats "$out/formats.txt" --label "$1" \
		--json "$out/$1.compare.json" "$2" "$3"
}
# The default mode: the same fields, except that each slice's bit_size and data_byte_offset
# count the 3-byte Annex B start code (the uAPI counts from the start of the slice's data in
# the buffer, start code included). Anything else fails.
check_default() { # label trace sluice_log gst_trace
	python3 "$here/compare_controls.py" --formats "$out/formats.txt" --label "$1" \
		--json "$out/$1.default.json" "$2" "$4" > "$out/$1.default.txt" 2>&1
	python3 - "$out/$1.default.json" "$3" <<'START_CODE'
import json, sys
d = json.load(open(sys.argv[1]))
mode = next((l for l in open(sys.argv[2], errors="replace") if "HEVC: " in l), "")
delta = {"slice.bit_size": 24, "slice.data_byte_offset": 3}
bad = [m for m in d["mismatches"]
       if m["field"] not in delta or not isinstance(m["sluice"], int) or
       not isinstance(m["gstreamer"], int) or m["sluice"] - m["gstreamer"] != delta[m["field"]]]
expected = 2 * d["requests"][0]
ok = ("Annex B" in mode and not bad and not d["problems"] and
      len(d["mismatches"]) == expected and d["requests"][0] == d["requests"][1])
print(f"{d['label']}: {'ok' if ok else 'FAIL'}: {mode.split('HEVC: ')[-1].strip()}; "
      f"compared {d['compared']}, {len(d['mismatches'])} start-code differences "
      f"(expected {expected}), {len(bad)} others, problems {d['problems']}")
for m in bad[:10]:
    print(f"{d['label']}: UNEXPLAINED picture {m['picture']} {m['field']}: "
          f"sluice={m['sluice']} gstreamer={m['gstreamer']}")
sys.exit(0 if ok else 1)
START_CODE
}
for name in $(names "$codec"); do
	echo "== $name"
	check "$name" "$out/$name.sluice.trace" "$out/$name.gst.trace" || fails=$((fails + 1))
	# Both clients must have decoded every picture of the stream, not the same subset.
	python3 - "$out/$name.compare.json" "$(cat "$out/$name.pictures")" <<'PICTURES' ||
import json, sys
d, expected = json.load(open(sys.argv[1])), int(sys.argv[2])
ok = d["pictures"] == [expected, expected]
print(f"{d['label']}: {'ok' if ok else 'FAIL'}: pictures decoded {d['pictures']}, "
      f"in the stream {expected}")
sys.exit(0 if ok else 1)
PICTURES
		fails=$((fails + 1))
	[ "$codec" = hevc ] || continue
	python3 "$here/check_hevc_display_order.py" --label "$name" --clip "$out/corpus/$name.hevc" \
		--trace "$out/$name.sluice.trace" --formats "$out/formats.txt" \
		--log "$out/$name.sluice.log" --md5 "$out/$name.sluice.md5" || fails=$((fails + 1))
	check_default "$name-default" "$out/$name.default.trace" "$out/$name.default.log" \
		"$out/$name.gst.trace" || fails=$((fails + 1))
done

# The checks must be able to fail: a copy of sluice's trace for the first stream with one
# field changed (HEVC: short_term_ref_pic_set_size; VP9: the loop filter level) must be
# reported, and for HEVC a copy of the default-mode trace with a data_byte_offset of 0.
first=$(names "$codec" | head -n 1)
rm -f "$out/planted.trace"
python3 - "$codec" "$out/$first.sluice.trace" "$out/planted.trace" <<'PLANT'
import re, sys
codec, src, dst = sys.argv[1:]
text = open(src).read()
key = "short_term_ref_pic_set_size" if codec == "hevc" else "lf.level"
text, n = re.subn(r"(\b%s:?\s+)(\d+)" % re.escape(key),
                  lambda m: m.group(1) + str(int(m.group(2)) + 1), text, count=1)
if n != 1:
    sys.exit(f"planting: no {key} in {src}")
open(dst, "w").write(text)
PLANT
if [ ! -s "$out/planted.trace" ]; then
	echo "FAIL: no planted trace (the field to change was not found)"
	fails=$((fails + 1))
elif check planted "$out/planted.trace" "$out/$first.gst.trace" > "$out/planted.txt" 2>&1; then
	echo "FAIL: a planted difference went unreported ($out/planted.txt)"
	fails=$((fails + 1))
else
	echo "ok: a planted difference is reported"
fi
if [ "$codec" = hevc ]; then
	sed '0,/^data_byte_offset [0-9]*$/s//data_byte_offset 0/' "$out/$first.default.trace" \
		> "$out/planted.default.trace"
	if check_default planted "$out/planted.default.trace" "$out/$first.default.log" \
		"$out/$first.gst.trace" > "$out/planted-default.txt" 2>&1; then
		echo "FAIL: a planted data_byte_offset in the default mode went unreported"
		fails=$((fails + 1))
	else
		echo "ok: a planted data_byte_offset in the default mode is reported"
	fi
	# Two output frames swapped in a copy of sluice's log must break the display order.
	awk '/output frame/ && ++n == 2 { held = $0; next } { print } /output frame/ && n == 3 && held { print held; held = "" }' \
		"$out/$first.sluice.log" > "$out/planted.log"
	if python3 "$here/check_hevc_display_order.py" --label planted \
		--clip "$out/corpus/$first.hevc" --trace "$out/$first.sluice.trace" \
		--formats "$out/formats.txt" --log "$out/planted.log" \
		--md5 "$out/$first.sluice.md5" > "$out/planted-order.txt" 2>&1; then
		echo "FAIL: two swapped output frames went unnoticed ($out/planted-order.txt)"
		fails=$((fails + 1))
	else
		echo "ok: two swapped output frames are reported"
	fi
fi
echo "oracle-$codec: $(names "$codec" | wc -l) streams, $fails failing; traces in $out"
[ $fails = 0 ]
