#!/usr/bin/env python3
"""Judges the fault runs of t-faults.sh."""
import json
import os
import sys

out = sys.argv[1]
failures = []


def read(name):
    with open(os.path.join(out, name)) as f:
        return f.read()


def status(run):
    return int(read(run + ".status"))


def stats(run):
    return json.loads(read(run + ".json"))


def error_lines(run):
    return [l for l in read(run + ".stderr").splitlines() if l.startswith("sluice:")]


def check(cond, what):
    if not cond:
        failures.append(what)


slow = stats("slow")
check(status("slow") == 0, f"slow: exit status {status('slow')}")
# visl sleeps inside the ioctl that queues the request, so a spike stalls the queueing
# instead of leaving a request pending: the watchdog has nothing to catch (that path is
# covered by the engine test's swallowed request). What must hold: no deadlock, every frame
# shown, and the spike visible in the decode latency.
check(slow["decode_latency_ms"]["max"] >= 700, f"slow: the spike is not in the stats "
      f"(max decode latency {slow['decode_latency_ms']['max']} ms)")
check(slow["frames_presented"] > 0, "slow: nothing presented")
check(slow["unsafe_requeues"] == 0, "slow: unsafe re-queue")
check(slow["frames_presented"] == 3000, f"slow: {slow['frames_presented']} of 3000 frames shown")
print(f"slow: {slow['watchdog_resets']} watchdog resets, {slow['frames_presented']} frames shown, "
      f"decode latency max {slow['decode_latency_ms']['max']} ms")

for run in ("flipdata", "fliphdr"):
    s = status(run)
    check(s < 128, f"{run}: crashed (status {s})")
    if s == 0:
        doc = stats(run)
        check(doc["unsafe_requeues"] == 0, f"{run}: unsafe re-queue")
        print(f"{run}: exit 0, {doc['frames_presented']} frames shown, "
              f"{doc['corrupt_packets_dropped']} corrupt packets dropped")
        if run == "fliphdr":
            check(doc["corrupt_packets_dropped"] > 0 or doc["frames_presented"] < 150,
                  "fliphdr: damaged headers went unnoticed")
    else:
        check(len(error_lines(run)) == 1, f"{run}: expected one error line, got {error_lines(run)}")
        print(f"{run}: exit {s}: {error_lines(run)}")

s = status("unplug")
check(s != 0 and s < 128, f"unplug: exit status {s}")
lines = error_lines("unplug")
check(len(lines) == 1 and "disappeared" in lines[0], f"unplug: error lines {lines}")
print(f"unplug: exit {s}: {lines}")

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
