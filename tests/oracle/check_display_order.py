#!/usr/bin/env python3
"""Checks the order in which sluice output pictures against three other views of the stream.

Inputs, all from one sluice run on visl (tests/oracle/run-h264.sh):
  --log     sluice's stderr with SLUICE_LOG=frontend=debug: one "output frame ID timestamp NS"
            line per picture, in the order the player shows them;
  --md5     its --md5 output (one line per shown frame: the count must agree);
  --trace   the ftrace of the run: visl's control events and OUTPUT vb2_buf_done (decode
            order, POC that the kernel received), and visl's own per-frame debug text
            ("Got OUTPUT buffer sequence S, timestamp T", "H264: <pic_order_cnt_lsb>"),
            traced through printk:console with visl_debug=1;
  --clip    the stream, for ffprobe's display order (FFmpeg's decoder: coded_picture_number
            of each frame it outputs, i.e. the decode index, in display order).

Checks: every decoded picture is output once; the output order, as decode indices, equals
ffprobe's; the POC of each output picture (decode_params, which compare_controls.py checks
against GStreamer's) increases within each IDR period; and where the stream uses POC type 0,
visl's own pic_order_cnt_lsb for each output timestamp increases too (with POC types 1 and 2
the lsb is not coded and visl prints 0, so that view says nothing and is reported as such).
"""
import argparse
import re
import subprocess
import sys

from compare_controls import HEADER, InputError, load_formats, number_pictures, read_trace

OUTPUT_LINE = re.compile(r"output frame (\d+) timestamp (\d+)")
VISL_OUTPUT = re.compile(r"Got OUTPUT buffer sequence (\d+), timestamp (\d+)")
VISL_POC = re.compile(r"H264: (-?\d+)")


def visl_view(path, poc_line=VISL_POC):
    """timestamp -> the order count visl printed for it (H.264: pic_order_cnt_lsb; with
    poc_line matching its "HEVC: " line, PicOrderCntVal), and the number of device runs."""
    lsb, runs, current = {}, 0, None
    with open(path, errors="replace") as f:
        for line in f:
            h = HEADER.match(line.rstrip("\n"))
            if not h or h.group("event") != "console":
                continue
            body = h.group("body")
            m = VISL_OUTPUT.search(body)
            if m:
                runs += 1
                current = int(m.group(2))
                continue
            m = poc_line.search(body)
            if m and current is not None:
                lsb.setdefault(current, int(m.group(1)))
    return lsb, runs


def increasing_within_periods(values, idr, modulus=None):
    """Indices where values do not increase, restarting at each IDR picture. With a modulus
    (pic_order_cnt_lsb wraps at MaxPicOrderCntLsb), a step forward is one of less than half
    the modulus, the rule 8.2.1.1 uses to detect the wrap."""
    bad = []
    for i in range(1, len(values)):
        if idr[i]:
            continue
        if modulus:
            step = (values[i] - values[i - 1]) % modulus
            if step == 0 or step >= modulus // 2:
                bad.append(i)
        elif values[i] <= values[i - 1]:
            bad.append(i)
    return bad


def parse_arguments(description):
    """The options both display-order checks take (see the module docstring)."""
    ap = argparse.ArgumentParser(description=description)
    for name in ("--label", "--clip", "--trace", "--formats", "--log", "--md5"):
        ap.add_argument(name, required=name != "--label")
    args = ap.parse_args()
    return args, args.label or args.clip


def decoded_pictures(args, label):
    """(requests, pictures in decode order) from the run's trace, or None (reported)."""
    try:
        requests, _ = read_trace(args.trace, load_formats(args.formats))
    except (InputError, OSError) as e:
        print(f"{label}: FAIL display order: unusable trace: {e}")
        return None
    return requests, number_pictures(requests)


def check_output_order(label, args, pictures, ffprobe_order, fails):
    """The timestamps sluice output, in order, from its log. Appends to fails what is wrong
    with them: no output, a count that differs from --md5's, not exactly the decoded
    pictures, or an order (as decode indices) other than FFmpeg's."""
    decode_index = {p[0].timestamp: i for i, p in enumerate(pictures)}
    with open(args.log, errors="replace") as f:
        shown = [int(m.group(2)) for m in map(OUTPUT_LINE.search, f) if m]
    with open(args.md5) as f:
        md5_lines = sum(1 for line in f if line.strip() and not line.startswith("#"))
    print(f"{label}: display order: {len(shown)} frames output, {md5_lines} md5 lines, "
          f"{len(pictures)} pictures decoded, ffprobe {len(ffprobe_order)} frames")
    if not shown:
        fails.append("sluice logged no output frame (SLUICE_LOG=frontend=debug)")
    if len(shown) != md5_lines:
        fails.append(f"{len(shown)} output lines but {md5_lines} md5 lines")
    if sorted(shown) != sorted(decode_index):
        fails.append("the output frames are not exactly the decoded pictures")
    order = [decode_index.get(ts, -1) for ts in shown]
    if order != ffprobe_order:
        first = next((i for i, (a, b) in enumerate(zip(order, ffprobe_order)) if a != b),
                     min(len(order), len(ffprobe_order)))
        fails.append(f"output order differs from ffprobe's from position {first}: "
                     f"sluice {order[first:first + 8]} ffprobe {ffprobe_order[first:first + 8]}")
    return shown


def ffprobe_numbers(clip, entry):
    """One integer per ffprobe CSV line of -show_entries ENTRY."""
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", entry, "-of", "csv=p=0",
                            clip], capture_output=True, text=True, check=False)
    return [int(x.strip(",")) for x in probe.stdout.split() if x.strip(",").isdigit()]


def report(label, fails, passed):
    """Prints each failure, or the PASS line; the exit status."""
    for f in fails:
        print(f"{label}: FAIL display order: {f}")
    if not fails:
        print(f"{label}: PASS display order: {passed}")
    return 1 if fails else 0


def main():
    args, label = parse_arguments(__doc__.split("\n")[0])
    fails = []
    loaded = decoded_pictures(args, label)
    if loaded is None:
        return 1
    requests, pictures = loaded
    # Per picture (a frame, or the two fields of one): its POC, the smaller of its fields'
    # (8.2.1), each field's own from the request that decoded it; and whether it is IDR.
    picture_poc, picture_idr, poc_type, max_lsb = {}, {}, None, None
    for p in pictures:
        for r in p:
            events = dict(r.events)
            dp, sps = events.get("v4l2_ctrl_h264_decode_params"), events.get("v4l2_ctrl_h264_sps")
            if dp:
                ts, flags = p[0].timestamp, str(dp["flags"])
                if "FIELD_PIC" not in flags:
                    poc = min(dp["top_field_order_cnt"], dp["bottom_field_order_cnt"])
                elif "BOTTOM_FIELD" in flags:
                    poc = dp["bottom_field_order_cnt"]
                else:
                    poc = dp["top_field_order_cnt"]
                picture_poc[ts] = min(poc, picture_poc.get(ts, poc))
                picture_idr[ts] = picture_idr.get(ts, False) or "IDR_PIC" in flags
            if sps and poc_type is None:
                poc_type = sps["pic_order_cnt_type"]
                max_lsb = 1 << (sps["log2_max_pic_order_cnt_lsb_minus4"] + 4)

    # FFmpeg's order as decode indices: coded_picture_number of each frame it outputs.
    ffprobe_order = ffprobe_numbers(args.clip, "frame=coded_picture_number")
    shown = check_output_order(label, args, pictures, ffprobe_order, fails)

    idr = [picture_idr.get(ts, False) for ts in shown]
    pocs = [picture_poc.get(ts) for ts in shown]
    if None in pocs:
        fails.append("an output frame has no decode_params in the trace")
    else:
        bad = increasing_within_periods(pocs, idr)
        if bad:
            fails.append(f"POC (decode_params) not increasing at output positions {bad[:8]}")

    lsb, runs = visl_view(args.trace)
    if runs != len(requests):
        fails.append(f"visl logged {runs} device runs, the trace has {len(requests)} requests")
    if poc_type == 0:
        missing = [ts for ts in shown if ts not in lsb]
        if missing:
            fails.append(f"visl printed no H264 line for {len(missing)} output timestamps")
        else:
            bad = increasing_within_periods([lsb[ts] for ts in shown], idr, max_lsb)
            if bad:
                fails.append(f"visl's pic_order_cnt_lsb not increasing at output positions "
                             f"{bad[:8]}")
            visl_note = f"visl's pic_order_cnt_lsb increasing (modulo {max_lsb})"
    else:
        visl_note = (f"visl's H264 line (pic_order_cnt_lsb) not usable: POC type {poc_type} "
                     f"codes no lsb")
    return report(label, fails, f"{len(shown)} frames in ffprobe's order, POC increasing, "
                  f"{visl_note}")


if __name__ == "__main__":
    sys.exit(main())
