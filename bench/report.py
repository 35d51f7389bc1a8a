#!/usr/bin/env python3
"""Turns bench/run's measurements into a Markdown table."""
import json
import os
import sys

out, frames, size = sys.argv[1], int(sys.argv[2]), sys.argv[3]
codecs = sys.argv[4:]


def load(codec, player):
    path = os.path.join(out, f"{codec}.{player}.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def syscalls(codec, player):
    path = os.path.join(out, f"{codec}.{player}.strace")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        for line in f:
            parts = line.split()
            if parts and parts[-1] == "total":
                return int(parts[3]) if len(parts) >= 5 else int(parts[2])
    return None


print(f"{frames} frames of {size} per stream, visl_transtime_ms=0, one guest run.\n")
print("| stream | player | status | CPU µs/frame | wall fps | peak RSS MiB | syscalls/frame |")
print("| --- | --- | --- | --- | --- | --- | --- |")
ratios = []
for codec in codecs:
    row = {}
    for player in ("sluice", "gst"):
        m = load(codec, player)
        if not m:
            continue
        cpu = (m["user"] + m["sys"]) * 1e6 / frames
        calls = syscalls(codec, player)
        row[player] = (cpu, m["maxrss_kib"])
        print(f"| {codec} | {'sluice' if player == 'sluice' else 'GStreamer'} | {m['status']} | "
              f"{cpu:.0f} | {frames / m['wall']:.1f} | {m['maxrss_kib'] / 1024:.1f} | "
              f"{calls / frames:.1f} |" if calls is not None else
              f"| {codec} | {player} | {m['status']} | {cpu:.0f} | {frames / m['wall']:.1f} | "
              f"{m['maxrss_kib'] / 1024:.1f} | n/a |")
    if "sluice" in row and "gst" in row:
        ratios.append((codec, row["sluice"][0] / row["gst"][0], row["sluice"][1] / row["gst"][1]))

print("\n| stream | CPU sluice/GStreamer | peak RSS sluice/GStreamer |")
print("| --- | --- | --- |")
for codec, cpu, rss in ratios:
    print(f"| {codec} | {cpu:.2f} | {rss:.2f} |")
