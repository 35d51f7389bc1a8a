#!/usr/bin/env python3
"""Checks the player runs of t-player.sh against ffprobe's frame counts and the stats schema."""
import json
import os
import sys

out = sys.argv[1]
failures = []

REQUIRED = {
    "frames_decoded": int, "frames_presented": int, "frames_dropped_late": int,
    "frames_discarded_by_compositor": int, "decoder_errors": int, "unsafe_requeues": int,
    "requeue_interval_ms": dict, "compositor_hold_ms": dict, "presentation_path": str,
    "slots_allocated": int, "bytes_copied_per_frame": (int, float),
}


def read(name):
    with open(os.path.join(out, name)) as f:
        return f.read()


def status(run):
    return int(read(run + ".status"))


def stats(run):
    doc = json.loads(read(run + ".json"))
    for key, kind in REQUIRED.items():
        if not isinstance(doc.get(key), kind):
            failures.append(f"{run}: stats key {key} missing or not {kind}")
    for key in ("requeue_interval_ms", "compositor_hold_ms"):
        if set(doc.get(key, {})) < {"min", "median", "max"}:
            failures.append(f"{run}: {key} lacks min/median/max")
    if doc.get("unsafe_requeues") != 0:
        failures.append(f"{run}: unsafe_requeues = {doc.get('unsafe_requeues')}")
    return doc


def check(cond, what):
    if not cond:
        failures.append(what)


def md5_lines(run):
    return [l for l in read(run + ".stdout").splitlines() if l and not l.startswith("#")]


for run, media in (("mkv", "bframes.mkv"), ("annexb", "bframes.h264")):
    frames = int(read(f"media/{media}.frames"))
    check(status(run) == 0, f"{run}: exit status {status(run)}: {read(run + '.stderr')}")
    doc = stats(run)
    check(doc["frames_decoded"] == frames, f"{run}: decoded {doc['frames_decoded']}, ffprobe {frames}")
    check(doc["frames_presented"] == frames, f"{run}: presented {doc['frames_presented']}, ffprobe {frames}")
    lines = md5_lines(run)
    check(len(lines) == frames, f"{run}: {len(lines)} md5 lines for {frames} frames")
    pts = [int(l.split(",")[2]) for l in lines]
    check(pts == sorted(pts), f"{run}: md5 lines are not in presentation order: {pts[:12]}")

doc = stats("limit")
check(status("limit") == 0, "limit: non-zero exit")
check(doc["frames_presented"] == 10, f"limit: presented {doc['frames_presented']}, asked 10")
check(doc.get("exit_reason") == "frame limit", f"limit: exit reason {doc.get('exit_reason')}")

frames = int(read("media/bframes.mkv.frames"))
doc = stats("start")
check(status("start") == 0, "start: non-zero exit")
lines = md5_lines("start")
first_pts = int(lines[0].split(",")[2]) if lines else -1
check(0 < len(lines) < frames, f"start: {len(lines)} frames shown of {frames}")
check(first_pts <= 1000 and first_pts >= 0, f"start: first frame at {first_pts} ms")

doc = stats("loop")
check(status("loop") == 0, "loop: non-zero exit")
check(doc["frames_presented"] == 80, f"loop: presented {doc['frames_presented']} of 80 (the clip has {frames})")

for run in ("noise", "missing"):
    err = [l for l in read(run + ".stderr").splitlines() if l.startswith("sluice:")]
    check(status(run) not in (0, 124) and status(run) < 128, f"{run}: exit status {status(run)}")
    check(len(err) == 1, f"{run}: expected one 'sluice:' error line, got {err}")

# A file cut in half: the frames before the cut play, then one clear line or a clean end.
check(status("truncated") < 128, f"truncated: crashed with status {status('truncated')}")
if status("truncated") == 0:
    doc = stats("truncated")
    check(0 < doc["frames_presented"] < frames,
          f"truncated: presented {doc['frames_presented']} of {frames} frames")
else:
    err = [l for l in read("truncated.stderr").splitlines() if l.startswith("sluice:")]
    check(len(err) == 1, f"truncated: expected one error line, got {err}")

for f in failures:
    print("FAIL:", f)
print(f"player checks: {len(failures)} failures")
sys.exit(1 if failures else 0)
