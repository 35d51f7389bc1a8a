#!/usr/bin/env python3
"""Checks the order in which sluice outputs HEVC pictures against three other views.

Inputs, all from one sluice run on visl (tests/oracle/run-peer.sh hevc):
  --log     sluice's stderr with SLUICE_LOG=frontend=debug: one "output frame ID timestamp NS"
            line per picture, in the order the player shows them;
  --md5     its --md5 output (one line per shown frame: the count must agree);
  --trace   the ftrace of the run: visl's control events and OUTPUT vb2_buf_done (decode
            order, the PicOrderCntVal the kernel received) and visl's own per-frame text
            ("Got OUTPUT buffer sequence S, timestamp T", "HEVC: <PicOrderCntVal>"), traced
            through printk:console with visl_debug=1;
  --clip    the stream, for ffprobe's display order (FFmpeg's decoder).

Checks: every decoded picture is output once; the output order,
as decode indices, equals ffprobe's; PicOrderCntVal from decode_params increases along the
output within each IDR period (HEVC restarts it at IDR only); and visl's own printed
PicOrderCntVal for each output timestamp, a view the device draws independently of the
trace events, increases in the same way.
"""
import re
import sys

from check_display_order import (check_output_order, decoded_pictures, ffprobe_numbers,
                                 increasing_within_periods, parse_arguments, report,
                                 visl_view)

VISL_HEVC_POC = re.compile(r"HEVC: (-?\d+)")


def ffprobe_display_order(clip):
    """FFmpeg's output order as decode indices. Its HEVC decoder leaves coded_picture_number
    at 0, so each output frame is matched to its access unit by byte position instead."""
    decode_index = {pos: i for i, pos in enumerate(ffprobe_numbers(clip, "packet=pos"))}
    return [decode_index.get(pos, -1) for pos in ffprobe_numbers(clip, "frame=pkt_pos")]


def main():
    args, label = parse_arguments(__doc__.split("\n")[0])
    fails = []
    loaded = decoded_pictures(args, label)
    if loaded is None:
        return 1
    requests, pictures = loaded
    # Each IDR picture starts a coded video sequence (CVS) in decode order, and with it
    # PicOrderCntVal starts over. Leading pictures (RADL) of the new CVS come out before
    # its IDR, so order counts are compared only between pictures of one CVS.
    poc, cvs, sequences = {}, {}, 0
    for p in pictures:
        dp = dict(p[0].events).get("v4l2_ctrl_hevc_decode_params")
        if dp:
            sequences += "IDR_PIC" in str(dp["flags"])
            poc[p[0].timestamp] = dp["pic_order_cnt_val"]
            cvs[p[0].timestamp] = sequences

    shown = check_output_order(label, args, pictures, ffprobe_display_order(args.clip), fails)

    sequence_of = [cvs.get(ts, -1) for ts in shown]
    periods = [i > 0 and sequence_of[i] != sequence_of[i - 1] for i in range(len(shown))]
    if sequence_of != sorted(sequence_of):
        fails.append("pictures of a coded video sequence came out after the next one's")
    pocs = [poc.get(ts) for ts in shown]
    if None in pocs:
        fails.append("an output frame has no decode_params in the trace")
    else:
        bad = increasing_within_periods(pocs, periods)
        if bad:
            fails.append(f"PicOrderCntVal (decode_params) not increasing at output positions "
                         f"{bad[:8]}")

    drawn, runs = visl_view(args.trace, VISL_HEVC_POC)
    if runs != len(requests):
        fails.append(f"visl logged {runs} device runs, the trace has {len(requests)} requests")
    missing = [ts for ts in shown if ts not in drawn]
    if missing:
        fails.append(f"visl printed no HEVC line for {len(missing)} output timestamps")
    else:
        bad = increasing_within_periods([drawn[ts] for ts in shown], periods)
        if bad:
            fails.append(f"visl's PicOrderCntVal not increasing at output positions {bad[:8]}")
        elif [drawn[ts] for ts in shown] != pocs:
            fails.append("visl's printed PicOrderCntVal differs from the traced decode_params")

    return report(label, fails, f"{len(shown)} frames in ffprobe's order, PicOrderCntVal "
                  f"increasing in the trace and in visl's own output")


if __name__ == "__main__":
    sys.exit(main())
