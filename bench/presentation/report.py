#!/usr/bin/env python3
"""Prints bench/presentation/run's table from the runs' --stats-json files and weston's CPU
ticks: one row per path and round."""
import json
import os
import sys

out, rounds, stream = sys.argv[1], int(sys.argv[2]), sys.argv[3]
clk_tck = int(open(os.path.join(out, "clk_tck")).read())


def ms(d, key):
    return f"{d[key]:.1f}"


rows = []
for rnd in range(1, rounds + 1):
    for path in ("dmabuf", "gpu", "shm"):
        name = f"{path}-{rnd}"
        status = int(open(os.path.join(out, name + ".status")).read())
        doc = json.load(open(os.path.join(out, name + ".json")))
        before, after = map(int, open(os.path.join(out, name + ".weston-ticks")).read().split())
        presented = doc["frames_presented"]
        weston_ms = (after - before) * 1000.0 / clk_tck / presented if presented else 0.0
        costs = doc["present_cost"]
        used = ", ".join(costs) or "-"
        cpu = next(iter(costs.values()))["cpu_ms"] if len(costs) == 1 else None
        rows.append([
            path if rounds == 1 else f"{path} #{rnd}",
            used + ("" if status == 0 else f" (exit {status})"),
            str(doc["frames_decoded"]), str(presented), str(doc["frames_dropped_late"]),
            f"{ms(doc['compositor_hold_ms'], 'median')} / {ms(doc['compositor_hold_ms'], 'p95')}",
            " / ".join(ms(doc["requeue_interval_ms"], k) for k in ("min", "median", "p95", "max")),
            f"{ms(doc['decode_to_present_ms'], 'median')} / {ms(doc['decode_to_present_ms'], 'p95')}",
            f"{cpu['median']:.2f} / {cpu['p95']:.2f}" if cpu else "mixed",
            f"{doc['process_cpu_ms_per_frame']:.1f} / {doc['playing_cpu_ms_per_frame']:.1f}",
            f"{weston_ms:.1f}",
            " / ".join(f"{c['bytes_copied_per_frame']:.0f}" for c in costs.values()) or "-",
        ])

head = ["--present", "path used", "decoded", "presented", "late drops",
        "compositor hold ms (median / p95)", "re-queue interval ms (min / median / p95 / max)",
        "decode→present ms (median / p95)", "present() CPU ms (median / p95)",
        "sluice CPU ms/frame (whole run / playing)", "weston CPU ms/frame", "CPU bytes copied/frame"]
print(f"Presentation paths on weston (virtual board), H.264 {stream}\n")
print("| " + " | ".join(head) + " |")
print("|" + "|".join("---" for _ in head) + "|")
for r in rows:
    print("| " + " | ".join(r) + " |")
