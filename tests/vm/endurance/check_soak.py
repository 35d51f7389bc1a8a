#!/usr/bin/env python3
"""Judges a soak run: the player ended cleanly on SIGTERM, its fd count never grew, its RSS
grew by at most RSS_BOUND_KIB after the first sample, nothing was re-queued unsafely and no
request got stuck (watchdog resets)."""
import json
import os
import sys

RSS_BOUND_KIB = 4096  # the stated bound: 4 MiB over the whole soak

out = sys.argv[1]
failures = []
with open(os.path.join(out, "status")) as f:
    status = int(f.read())
with open(os.path.join(out, "samples.txt")) as f:
    samples = [tuple(float(x) for x in line.split()) for line in f if line.strip()]
with open(os.path.join(out, "soak.json")) as f:
    stats = json.load(f)

if status != 0:
    failures.append(f"exit status {status}")
if stats.get("exit_reason") != "quit":
    failures.append(f"exit reason {stats.get('exit_reason')}, expected quit (SIGTERM)")
if len(samples) < 3:
    failures.append(f"only {len(samples)} samples")
else:
    fds = [int(s[1]) for s in samples]
    rss = [int(s[2]) for s in samples]
    if max(fds) != fds[0]:
        failures.append(f"open fds grew from {fds[0]} to {max(fds)}")
    if max(rss) - rss[0] > RSS_BOUND_KIB:
        failures.append(f"RSS grew by {max(rss) - rss[0]} KiB (bound {RSS_BOUND_KIB})")
    print(f"soak: {len(samples)} samples over {samples[-1][0] - samples[0][0]:.0f} s; fds "
          f"{min(fds)}..{max(fds)}; RSS {rss[0]}..{max(rss)} KiB")
for key in ("unsafe_requeues", "watchdog_resets", "slot_invariant_violations", "decoder_errors"):
    if stats.get(key) != 0:
        failures.append(f"{key} = {stats.get(key)}")
if stats.get("frames_presented", 0) < 100:
    failures.append(f"only {stats.get('frames_presented')} frames presented")
print(f"soak: {stats.get('frames_decoded')} decoded, {stats.get('frames_presented')} presented, "
      f"requeue interval median {stats['requeue_interval_ms']['median']} ms")
for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
