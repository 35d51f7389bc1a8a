#!/bin/bash
# GStreamer smoke test and trace oracle: v4l2slh264dec decodes a 30-frame H.264 clip on visl.
# Asserts that all 30 pictures reach the sink, that the kernel trace recorded a decode_params
# control and an OUTPUT buffer completion for each, and that visl dumped each bitstream.
set -uo pipefail
source "$(dirname "$0")/testlib.sh"
FRAMES=30

# The clip is made on the host at test time (libx264, one thread: byte-identical each run).
host_setup() {
	ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc=size=320x240:rate=30 \
		-frames:v $FRAMES -c:v libx264 -threads 1 -pix_fmt yuv420p "$1/clip.h264"
}
# Runs on the host after the guest is done: the harness copies the trace and dumps then.
host_check() {
	local t=$1/trace.txt
	check "trace collected" [ -s "$t" ]
	check_ge "v4l2_ctrl_h264_decode_params events" "$(grep -c ' v4l2_ctrl_h264_decode_params: ' "$t")" $FRAMES
	# OUTPUT buffers are type 10 (OUTPUT_MPLANE) or 2 (OUTPUT).
	check_ge "OUTPUT vb2_buf_done events" \
		"$(grep -cE ' vb2_buf_done: .* type = (10|2),' "$t")" $FRAMES
	check_ge "visl bitstream dumps" "$(find "$1/bitstream" -type f -size +0 | wc -l)" $FRAMES
}
in_vm || vm_main --modules visl --visl "visl_transtime_ms=0" --bitstream \
	--trace visl_h264_controls,vb2/vb2_buf_done --timeout 200

clip=$SLUICE_VM_OUT/clip.h264
check "clip exists" [ -s "$clip" ]
log=$SLUICE_VM_OUT/gst.log
# --no-fault: a crash must end the run, not wait in GStreamer's fault handler.
timeout 150 gst-launch-1.0 --no-fault -v filesrc location="$clip" ! h264parse ! \
	v4l2slh264dec ! fakesink name=sink silent=false sync=false > "$log" 2>&1
rc=$?
check "gst-launch exits 0 (rc=$rc, log $log)" [ $rc = 0 ]
check "v4l2slh264dec was used" grep -q 'v4l2slh264dec' "$log"
n=$(grep -c 'GstFakeSink:sink: last-message = chain' "$log")
check_ge "decoded buffers reaching fakesink" "$n" $FRAMES
done_checks
