#!/usr/bin/env python3
"""Checks the VP9 guest run of t-vp9.sh (argument: its out dir).

Per stream: sluice exits 0; frames_decoded equals the coded frames FFmpeg's trace_headers
saw (hidden alt-refs included); frames_presented and the md5 lines equal ffprobe's shown
frames; no unsafe re-queue and no decoder error.

For the traced 2-pass clip, the kernel trace against FFmpeg's parse of the same file: each
v4l2_ctrl_vp9_frame event belongs to the next OUTPUT vb2_buf_done of its task, whose
timestamp names the frame (shared/reference/oracles.md). Timestamps are compared by meaning,
as the decode-order index of the request that carried them. The LAST/GOLDEN/ALTREF
timestamps of every inter frame must name exactly the frames FFmpeg's refresh_frame_flags
and ref_frame_idx put in those slots; intra frames name none; SHOW_FRAME matches show_frame.
"""
import json
import re
import sys

out = sys.argv[1]
media = out + "/media"
failures = 0


def check(ok, what):
    global failures
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures += 1


def read_int(path):
    with open(path) as f:
        return int(f.read().strip())


for name in ["altref.ivf", "altref.webm", "resize.ivf"]:
    status = read_int(f"{out}/{name}.status")
    check(status == 0, f"{name}: sluice exits 0 (got {status})")
    if status != 0:
        continue
    stats = json.load(open(f"{out}/{name}.json"))
    coded = read_int(f"{media}/{name}.coded")
    shown = read_int(f"{media}/{name}.shown")
    check(stats["frames_decoded"] == coded,
          f"{name}: frames_decoded {stats['frames_decoded']} == coded frames {coded}")
    check(stats["frames_presented"] == shown,
          f"{name}: frames_presented {stats['frames_presented']} == ffprobe's {shown}")
    md5 = [l for l in open(f"{out}/{name}.stdout") if l.strip() and not l.startswith("#")]
    check(len(md5) == shown, f"{name}: {len(md5)} md5 lines == {shown}")
    check(stats["unsafe_requeues"] == 0, f"{name}: unsafe_requeues {stats['unsafe_requeues']}")
    check(stats["decoder_errors"] == 0, f"{name}: decoder_errors {stats['decoder_errors']}")
    if name == "altref.ivf":
        check(coded > shown, f"{name}: the clip has hidden frames ({coded - shown})")


# ---- FFmpeg's view of the traced clip: the slots as refresh_frame_flags fill them -------------
ELEMENT = re.compile(r"\[trace_headers @ [^\]]+\] \d+\s+(\S+)\s+\S*\s*=\s*(-?\d+)$")
frames = []
for line in open(f"{media}/altref.ivf.trace_headers"):
    line = line.rstrip("\n")
    if line.endswith("] Frame"):
        frames.append({})
        continue
    m = ELEMENT.search(line)
    if m and frames:
        frames[-1][m.group(1)] = int(m.group(2))

slots = [None] * 8
expected = []  # per decoded frame: (intra, [last, golden, alt] decode indices, shown)
for f in frames:
    if f.get("show_existing_frame"):
        continue
    index = len(expected)
    key = f.get("frame_type") == 0
    intra = key or f.get("intra_only", 0) == 1
    refs = None if intra else [slots[f[f"ref_frame_idx[{i}]"]] for i in range(3)]
    expected.append((intra, refs, f.get("show_frame") == 1))
    flags = 0xFF if key else f.get("refresh_frame_flags", 0)
    for s in range(8):
        if flags & (1 << s):
            slots[s] = index

# ---- the kernel's view: control events grouped by the OUTPUT buffer that completed them --------
HEADER = re.compile(r"^\s*(.+?)-(\d+)\s+\[\d+\].*?\s(\d+\.\d+):\s(\w+):")
BUF_DONE = re.compile(r"type = (\d+),.*timestamp = (\d+)")
pending = {}  # pid -> fields of the frame control waiting for its OUTPUT buffer
requests = []  # (timestamp, fields)
current = None
for line in open(f"{out}/altref.ivf.trace"):
    m = HEADER.match(line)
    if m:
        pid, event = m.group(2), m.group(4)
        current = None
        if event == "v4l2_ctrl_vp9_frame":
            current = pending[pid] = {}
        elif event == "vb2_buf_done":
            b = BUF_DONE.search(line)
            if b and int(b.group(1)) in (2, 10) and pid in pending:
                requests.append((int(b.group(2)), pending.pop(pid)))
        continue
    if current is not None:
        parts = line.strip().split(" ", 1)
        if len(parts) == 2:
            current[parts[0]] = parts[1]

check(len(requests) == len(expected),
      f"trace: {len(requests)} VP9 requests == {len(expected)} frames FFmpeg parsed")
index_of = {}
mismatches = 0
for i, (ts, fields) in enumerate(requests):
    index_of[ts] = i
    if i >= len(expected):
        break
    intra, refs, shown = expected[i]
    got = [int(fields.get(k, "-1")) for k in ("last_frame_ts", "golden_frame_ts", "alt_frame_ts")]
    named = [index_of.get(t) if t else None for t in got]
    want = [None] * 3 if intra else refs
    show_flag = "SHOW_FRAME" in fields.get("flags", "")
    if named != want or show_flag != shown:
        mismatches += 1
        if mismatches <= 5:
            print(f"     request {i}: refs name frames {named}, FFmpeg's slots say {want}; "
                  f"SHOW_FRAME {show_flag}, show_frame {shown}")
inter = sum(1 for e in expected if not e[0])
check(mismatches == 0 and inter > 0,
      f"trace: LAST/GOLDEN/ALTREF of {inter} inter frames name the frames FFmpeg's slots hold, "
      f"SHOW_FRAME as coded ({mismatches} mismatches)")

print("all checks passed" if failures == 0 else f"{failures} check(s) failed")
sys.exit(1 if failures else 0)
