#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks that every reference timestamp a client sent names a picture decoded before.

Input: an ftrace capture of visl's control events and vb2_buf_done. A request's control
events come right before the OUTPUT buffer's vb2_buf_done (type 2 or 10) in the same task
(visl completes it at the end of the same device_run), whose timestamp names the picture.
Every field named *_ts that is not 0 must be the timestamp of an earlier picture, or of the
picture itself when it is a second field (two requests, one timestamp). Prints one line.
Exit 0 when all hold, 1 otherwise, 2 when the trace holds no picture.
"""
import re
import sys

HEADER = re.compile(r"^\s*(?P<task>.+?)-(?P<pid>\d+)\s+.*?\d+\.\d+:\s(?P<event>\w+):")
BUF_DONE = re.compile(r"type = (\d+),.*timestamp = (\d+)")
TS_FIELD = re.compile(r"^(\w+_ts):?\s+(\d+)\s*$")


def main():
    pending = {}   # pid -> reference timestamps seen since its last OUTPUT completion
    done = []      # OUTPUT timestamps in completion order
    seen = set()
    checked = bad = 0
    pid = None
    for line in open(sys.argv[1], errors="replace"):
        m = HEADER.match(line)
        if m:
            pid = m.group("pid")
            if m.group("event") == "vb2_buf_done":
                b = BUF_DONE.search(line)
                if b and int(b.group(1)) in (2, 10):
                    ts = int(b.group(2))
                    for name, ref in pending.pop(pid, []):
                        checked += 1
                        if ref not in seen and ref != ts:
                            bad += 1
                            print(f"picture {len(done)} (timestamp {ts}): {name} {ref} "
                                  f"names no earlier picture")
                    done.append(ts)
                    seen.add(ts)
            continue
        f = TS_FIELD.match(line.strip())
        if f and pid is not None and int(f.group(2)) != 0:
            pending.setdefault(pid, []).append((f.group(1), int(f.group(2))))
    if not done:
        print("FAIL: no picture in the trace")
        return 2
    pictures = len(set(done))
    print(f"{'ok' if not bad else 'FAIL'}: {checked} reference timestamps over {len(done)} "
          f"requests ({pictures} pictures), {bad} naming no earlier picture")
    return 1 if bad else 0


sys.exit(main())
