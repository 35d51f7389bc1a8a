#!/usr/bin/env python3
"""Checks of t-capture-layout.sh's three runs, from the player's stats JSON and log and the
fake compositor's counters. Prints ok/FAIL lines; the exit status is the failure count."""
import json
import sys
from pathlib import Path

out = Path(sys.argv[1])
failures = 0


def check(description, condition, detail=""):
    global failures
    print(("ok   " if condition else "FAIL ") + description + (f" ({detail})" if detail else ""))
    failures += 0 if condition else 1


def load(name):
    stats = json.loads((out / f"{name}.json").read_text())
    fake = dict(line.split() for line in (out / f"{name}.fake").read_text().splitlines())
    fake = {k: int(v) for k, v in fake.items()}
    log = (out / f"{name}.err").read_text(errors="replace")
    status = int((out / f"{name}.status").read_text())
    return stats, fake, log, status


def zero_copy_on_scanout(stats, pair):
    path = stats["presentation_path"]
    return path.startswith("dmabuf") and f"dmabuf {pair} (scanout tranche)" in path


for name in ("initial", "switch", "stride"):
    stats, fake, log, status = load(name)
    print(f"--- {name}: {stats['presentation_path']}; capture {stats['capture_format']}, "
          f"{stats['capture_layout_switches']} switches, {stats['frames_presented']} presented; "
          f"compositor: {fake}")
    check(f"{name}: the player exits 0", status == 0, f"status {status}")
    check(f"{name}: unsafe_requeues 0", stats["unsafe_requeues"] == 0)
    check(f"{name}: the compositor never saw a held buffer change",
          fake["modified_while_held"] == 0 and fake["protocol_errors"] == 0)

    if name == "initial":
        check("initial: CAPTURE is YU12 from the start", stats["capture_format"] == "YU12")
        check("initial: no switch was needed", stats["capture_layout_switches"] == 0)
        check("initial: zero copy on the scanout tranche",
              zero_copy_on_scanout(stats, "YU12:LINEAR"), stats["presentation_path"])
        shown = stats["frames_presented"] + stats["frames_dropped_late"]
        check("initial: every frame presented or dropped late by pacing",
              shown >= 23 and stats["frames_presented"] >= 15,
              f'{stats["frames_presented"]} presented, {stats["frames_dropped_late"]} late')
        check("initial: no import failed", fake["import_failed"] == 0)
    elif name == "switch":
        check("switch: the player was asked for YU12",
              "asks the decoder for CAPTURE format YU12" in log)
        check("switch: exactly one CAPTURE switch", stats["capture_layout_switches"] == 1,
              stats["capture_layout_switches"])
        check("switch: CAPTURE ends as YU12", stats["capture_format"] == "YU12")
        check("switch: the decoder said so", "the decoder now produces YU12" in log)
        check("switch: ends zero copy on the scanout tranche",
              zero_copy_on_scanout(stats, "YU12:LINEAR"), stats["presentation_path"])
        check("switch: the compositor flagged the new frames ZERO_COPY",
              fake["presented_zero_copy"] >= 20, fake["presented_zero_copy"])
        # Frames before the keyframe are shown, not lost: at most the late drops of pacing.
        lost = 72 - stats["frames_presented"] - stats["frames_dropped_late"]
        check("switch: no frame lost across the switch", lost <= 1, f"{lost} unaccounted")
        check("switch: both formats were imported", fake["imported"] >= 2, fake["imported"])
    else:
        check("stride: the compositor refused the 64-unaligned pitch", fake["import_failed"] >= 1)
        check("stride: the player asked for lines padded to 64",
              "lines padded to 64 bytes" in log)
        check("stride: visl kept its pitch, and the log says so",
              "cannot pad lines to 64 bytes" in log)
        switches = stats["capture_layout_switches"]
        check("stride: a bounded number of switches (64, then 256)", 1 <= switches <= 2, switches)
        check("stride: a copying path shows the frames",
              stats["presentation_path"].split(":")[0] in ("shm", "egl"), stats["presentation_path"])
        check("stride: frames presented", stats["frames_presented"] >= 40,
              stats["frames_presented"])

print("all checks passed" if failures == 0 else f"{failures} check(s) failed")
sys.exit(min(failures, 100))
