#!/usr/bin/env python3
"""Proves from visl's ftrace that each request carried the FWHT control queued for it.

visl emits its control trace events in device_run and completes the request's OUTPUT buffer
at the end of the same run, in the same task: so the control events of a task belong to the
next OUTPUT vb2_buf_done of that task, whose timestamp (ns) names the frame (frame id * 1000).

Usage: check_fwht_trace.py TRACE SUBMITTED
SUBMITTED has one line per submitted frame: id backward_ref_ts width height flags.
Every frame decoded per the trace must match its submission field for field; at least
MIN_FRAMES frames must be matched.
"""
import re
import sys

MIN_FRAMES = 60
TASK = re.compile(r"^\s*(?P<task>.+?)-(?P<pid>\d+)\s+\[\d+\]")
FWHT = re.compile(r"v4l2_ctrl_fwht_params: backward_ref_ts (\d+) version (\d+) width (\d+) "
                  r"height (\d+) flags (\S*)")
DONE = re.compile(r"vb2_buf_done: .*type = (\d+),.*timestamp = (\d+)")
OUTPUT_TYPES = {"2", "10"}
FLAG_NAMES = {0x400: "I_FRAME", 1 << 19: "PIXENC_YUV"}


def main(trace_path, submitted_path):
    submitted = {}
    with open(submitted_path) as f:
        for line in f:
            fid, ref, width, height, flags = (int(x) for x in line.split())
            submitted[fid] = (ref, width, height, flags)

    pending = {}
    matched = 0
    failures = []
    with open(trace_path) as f:
        for line in f:
            if "LOST" in line and "EVENTS" in line.upper():
                failures.append("the trace lost events: " + line.strip())
            task = TASK.match(line)
            if not task:
                continue
            pid = task.group("pid")
            m = FWHT.search(line)
            if m:
                pending[pid] = m.groups()
                continue
            m = DONE.search(line)
            if not m or m.group(1) not in OUTPUT_TYPES:
                continue
            ns = int(m.group(2))
            frame = ns // 1000
            if pid not in pending:
                failures.append(f"frame {frame}: OUTPUT done without a control event")
                continue
            ref, version, width, height, flags = pending.pop(pid)
            want = submitted.get(frame)
            if want is None:
                failures.append(f"frame {frame}: decoded but never submitted")
                continue
            got_flags = set(flags.split("|")) if flags else set()
            want_flags = {name for bit, name in FLAG_NAMES.items() if want[3] & bit}
            got = (int(ref), int(width), int(height))
            if got != want[:3] or not want_flags <= got_flags or \
                    ("I_FRAME" in got_flags) != ("I_FRAME" in want_flags):
                failures.append(f"frame {frame}: kernel saw ref={got[0]} {got[1]}x{got[2]} "
                                f"flags={flags}, queued ref={want[0]} {want[1]}x{want[2]} "
                                f"flags={sorted(want_flags)}")
            matched += 1

    for failure in failures[:20]:
        print("FAIL:", failure)
    print(f"fwht trace: {matched} requests matched their submissions, "
          f"{len(failures)} mismatches, {len(submitted)} submitted")
    if failures or matched < MIN_FRAMES:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
