#!/usr/bin/env python3
"""Judges t-weston.sh's runs: presentation counts, the slot invariant, the screenshot, and
the independent release-race check over the traced runs."""
import json
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import png_pixels  # noqa: E402

out = sys.argv[1]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def stats(run):
    with open(os.path.join(out, run + ".json")) as f:
        return json.load(f)


def status(run):
    with open(os.path.join(out, run + ".status")) as f:
        return int(f.read())


for run, minimum in (("h264", 55), ("vp9", 55), ("overlay", 1), ("race", 10), ("slow", 10)):
    check(status(run) == 0, f"{run}: exit status {status(run)}")
    doc = stats(run)
    print(f"{run}: decoded {doc['frames_decoded']}, presented {doc['frames_presented']}, "
          f"late {doc['frames_dropped_late']}, discarded {doc['frames_discarded_by_compositor']}, "
          f"path '{doc['presentation_path']}', compositor hold median "
          f"{doc['compositor_hold_ms']['median']} ms, requeue median "
          f"{doc['requeue_interval_ms']['median']} ms, copied/frame {doc['bytes_copied_per_frame']}")
    check(doc["frames_presented"] >= minimum,
          f"{run}: {doc['frames_presented']} presented, need {minimum}")
    check(doc["unsafe_requeues"] == 0, f"{run}: unsafe_requeues {doc['unsafe_requeues']}")
    check(doc["presentation_path"].startswith("dmabuf"),
          f"{run}: path {doc['presentation_path']}, expected dmabuf")
    check(doc["bytes_copied_per_frame"] == 0, f"{run}: {doc['bytes_copied_per_frame']} bytes copied")

slow = stats("slow")
check(slow["compositor_hold_ms"]["median"] >= 300,
      f"slow: the compositor held buffers only {slow['compositor_hold_ms']['median']} ms")

# The screenshots taken while the h264 clip played: the best one must show the video (lit)
# and the overlay: ImGui's panel at the top left (its layout puts the window at 10, 10) with
# white text over visl's colour bars.
best = None
shot_dir = os.path.join(out, "shots")
for name in sorted(os.listdir(shot_dir)) if os.path.isdir(shot_dir) else []:
    w, h, rows = png_pixels.read_png(os.path.join(shot_dir, name))
    lit = sum(1 for row in rows[::2] for p in row[::2] if max(p) > 24) / ((w // 2) * (h // 2))
    whiteish = sum(1 for y in range(20, 120) for x in range(20, 300) if min(rows[y][x]) > 200)
    if best is None or (lit > 0.3, whiteish) > (best[1] > 0.3, best[2]):
        best = (name, lit, whiteish)
check(best is not None, "no screenshot was taken")
if best:
    print(f"best screenshot {best[0]}: {best[1]:.0%} lit, {best[2]} white text pixels in the "
          "overlay corner")
    check(best[1] > 0.3, f"screenshot mostly black ({best[1]:.0%} lit)")
    check(best[2] > 200, "no overlay text in the screenshot's top-left corner")

# visl draws colour bars under its text; at 95% of the height only the bars are left. Each
# eighth of the width is classified to the nearest of visl's eight bar colours.
BARS = [("grey", (192, 192, 192)), ("yellow", (192, 192, 0)), ("cyan", (0, 192, 192)),
        ("green", (0, 192, 0)), ("magenta", (192, 0, 192)), ("red", (192, 0, 0)),
        ("blue", (0, 0, 192)), ("black", (0, 0, 0))]


def bars_seen(rows, w, h):
    y = h * 95 // 100
    seen = []
    for i in range(8):
        p = rows[y][(2 * i + 1) * w // 16]
        seen.append(min(BARS, key=lambda b: sum((a - c) ** 2 for a, c in zip(p, b[1])))[0])
    return sum(1 for i, name in enumerate(seen) if name == BARS[i][0]), seen


# --present dmabuf|gpu|shm: that path presented the frames, and what weston showed is visl's
# (dmabuf: the overlay run, whose panel covers the top left but not the bars' bottom).
for path, name in (("overlay", "dmabuf"), ("gpu", "egl"), ("shm", "shm")):
    check(status(path) == 0, f"{path}: exit status {status(path)}")
    doc = stats(path)
    cost = doc.get("present_cost", {})
    print(f"{path}: decoded {doc['frames_decoded']}, presented {doc['frames_presented']}, "
          f"late {doc['frames_dropped_late']}, path '{doc['presentation_path']}', per-path "
          + ", ".join(f"{k}: {v['frames']} frames, {v['cpu_ms']['median']} ms CPU" for k, v in cost.items())
          + f", decode->present median {doc['decode_to_present_ms']['median']} ms")
    requested = "dmabuf" if path == "overlay" else path
    check(doc["present_requested"] == requested,
          f"{path}: present_requested {doc['present_requested']}")
    check(doc["presentation_path"].startswith(name + ":"),
          f"{path}: path {doc['presentation_path']}, expected {name}")
    check(list(cost) == [name], f"{path}: frames went through {list(cost)}, expected only {name}")
    check(doc["frames_presented"] >= 3, f"{path}: {doc['frames_presented']} presented, need 3")
    check(doc["unsafe_requeues"] == 0, f"{path}: unsafe_requeues {doc['unsafe_requeues']}")
    best = None
    shot_dir = os.path.join(out, "shots" if path == "overlay" else "shots-" + path)
    for shot in sorted(os.listdir(shot_dir)) if os.path.isdir(shot_dir) else []:
        w, h, rows = png_pixels.read_png(os.path.join(shot_dir, shot))
        lit = sum(1 for row in rows[::2] for p in row[::2] if max(p) > 24) / ((w // 2) * (h // 2))
        matched, seen = bars_seen(rows, w, h)
        if best is None or (matched, lit) > (best[1], best[2]):
            best = (shot, matched, lit, seen)
    check(best is not None, f"{path}: no screenshot was taken")
    if best:
        print(f"  best screenshot {best[0]}: {best[2]:.0%} lit, bars {best[3]}")
        check(best[2] > 0.3, f"{path}: screenshot mostly black ({best[2]:.0%} lit)")
        check(best[1] >= 7, f"{path}: visl's colour bars not on screen ({best[3]})")

for run in ("race", "slow"):
    r = subprocess.run([sys.executable, os.path.join(here, "check_release_race.py"),
                        os.path.join(out, run + ".strace"), "10"], capture_output=True, text=True)
    print(f"{run}: {r.stdout.strip()}")
    check(r.returncode == 0, f"{run}: release race check failed")

killed = status("killed")
errors = [l for l in open(os.path.join(out, "killed.err")) if l.startswith("sluice:")]
print(f"killed: exit {killed}: {[e.strip() for e in errors]}")
check(0 < killed < 128, f"killed: exit status {killed}")
check(len(errors) == 1 and "compositor" in errors[0], f"killed: error lines {errors}")

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
