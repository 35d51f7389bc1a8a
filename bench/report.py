#!/usr/bin/env python3
"""Turns bench/run's measurements into a Markdown table.

Per player: CPU time per frame split into user and system time, and the part of the system
time that is visl's decode of each request (bench/trace-visl: visl_device_run's duration,
summed over the calls that ran in the player's own tasks, i.e. not in a kernel worker). visl
draws its test pattern into the 1080p CAPTURE buffer there, a cost fixed per frame that both
players pay; "own CPU" is what remains, the player's own work and its system calls.

With --short N, each player's run on an N-frame stream of the same content splits its CPU time
into a fixed start-up cost and the cost of one more frame (the slope between the two runs)."""
import json
import os
import re
import sys

out, frames, size = sys.argv[1], int(sys.argv[2]), sys.argv[3]
codecs = sys.argv[4:]
short = 0
if codecs[:1] == ["--short"]:
    short, codecs = int(codecs[1]), codecs[2:]

# "  22.651467 |   0)   sluice-275   | # 1609.306 us |  visl_device_run [visl]();"
VISL_LINE = re.compile(r"\)\s+(\S+)-(\d+)\s+\|[^|0-9]*([0-9.]+) us\s+\|\s+visl_device_run")


def runs(codec, player, suffix=""):
    """The repeated runs' measurements, [(cpu, measurement, run number)]."""
    found = []
    for name in sorted(os.listdir(out)):
        m = re.fullmatch(rf"{re.escape(f'{codec}.{player}{suffix}')}\.(\d+)\.json", name)
        if not m:
            continue
        with open(os.path.join(out, name)) as f:
            text = f.read().strip()
        if text:
            run = json.loads(text)
            found.append((run["user"] + run["sys"], run, m.group(1)))
    return found


def load(codec, player, suffix=""):
    """The run that used the least CPU (the others were slowed by the host), with its number."""
    found = runs(codec, player, suffix)
    if not found:
        return None
    best = min(found, key=lambda r: r[0])
    best[1]["run"] = best[2]
    best[1]["runs"] = len(found)
    return best[1]


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


def visl(codec, player, run):
    """(seconds in the player's tasks, decodes there, decodes in kernel workers) or None."""
    path = os.path.join(out, f"{codec}.{player}.{run}.visl")
    if not os.path.exists(path):
        return None
    seconds, own, workers = 0.0, 0, 0
    with open(path) as f:
        for line in f:
            m = VISL_LINE.search(line)
            if not m:
                continue
            if m.group(1).startswith("kworker"):
                workers += 1
                continue
            seconds += float(m.group(3)) / 1e6
            own += 1
    return seconds, own, workers


def us(seconds):
    return f"{seconds * 1e6 / frames:.0f}"


print(f"{frames} frames of {size} per stream, visl_transtime_ms=0, one guest run; of repeated "
      "runs, the one with the least CPU time.\n")
print("| stream | player | status | CPU µs/frame | user | sys | of which visl | own CPU | "
      "wall fps | peak RSS MiB | syscalls/frame |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
rows = {}
for codec in codecs:
    for player in ("sluice", "gst"):
        m = load(codec, player)
        if not m:
            continue
        cpu = m["user"] + m["sys"]
        v = visl(codec, player, m["run"])
        visl_s = v[0] if v else None
        calls = syscalls(codec, player)
        rows[(codec, player)] = (cpu, m["maxrss_kib"], visl_s)
        name = "sluice" if player == "sluice" else "GStreamer"
        visl_cell = us(visl_s) if v else "n/a"
        if v and v[2]:
            visl_cell += f" (+{v[2]} decodes in kworker)"
        own_cell = us(cpu - visl_s) if v else "n/a"
        calls_cell = f"{calls / frames:.1f}" if calls is not None else "n/a"
        print(f"| {codec} | {name} | {m['status']} | {us(cpu)} | {us(m['user'])} | "
              f"{us(m['sys'])} | {visl_cell} | {own_cell} | {frames / m['wall']:.1f} | "
              f"{m['maxrss_kib'] / 1024:.1f} | {calls_cell} |")

print("\n| stream | CPU sluice/GStreamer | floor: sluice's visl / GStreamer's CPU | "
      "own CPU sluice/GStreamer | peak RSS sluice/GStreamer |")
print("| --- | --- | --- | --- | --- |")
for codec in codecs:
    s, g = rows.get((codec, "sluice")), rows.get((codec, "gst"))
    if not s or not g:
        continue
    floor = f"{s[2] / g[0]:.2f}" if s[2] is not None else "n/a"
    own = f"{(s[0] - s[2]) / (g[0] - g[2]):.2f}" if s[2] is not None and g[2] is not None else "n/a"
    print(f"| {codec} | {s[0] / g[0]:.2f} | {floor} | {own} | {s[1] / g[1]:.2f} |")

if short and short < frames:
    print(f"\nStart-up and steady state, from the {frames}- and {short}-frame runs: the CPU time "
          f"of one more frame is the slope between them, start-up what the {short}-frame run "
          f"spent beyond {short} such frames.\n")
    print("| stream | player | start-up CPU ms | CPU µs per further frame | "
          "per further frame sluice/GStreamer |")
    print("| --- | --- | --- | --- | --- |")
    for codec in codecs:
        slopes = {}
        for player in ("sluice", "gst"):
            long_run, short_run = load(codec, player), load(codec, player, ".short")
            if not long_run or not short_run:
                continue
            long_cpu = long_run["user"] + long_run["sys"]
            short_cpu = short_run["user"] + short_run["sys"]
            slope = (long_cpu - short_cpu) / (frames - short)
            slopes[player] = slope
            startup = short_cpu - short * slope
            ratio = ""
            if player == "gst" and "sluice" in slopes and slope > 0:
                ratio = f"{slopes['sluice'] / slope:.2f}"
            name = "sluice" if player == "sluice" else "GStreamer"
            print(f"| {codec} | {name} | {startup * 1e3:.0f} | {slope * 1e6:.0f} | {ratio} |")
