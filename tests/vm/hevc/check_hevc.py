#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks what t-hevc.sh's guest run left: statistics against ffprobe's frame counts."""
import json
import pathlib
import sys

out = pathlib.Path(sys.argv[1])
media = out / "media"
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def read(name):
    return (out / name).read_text(errors="replace")


for clip in ["open_gop.hevc", "open_gop.mkv", "wpp_slices.hevc", "tools.hevc"]:
    status = read(clip + ".status").strip()
    check(status == "0", f"{clip}: exit status {status}: {read(clip + '.stderr')[-400:]}")
    if status != "0":
        continue
    stats = json.loads(read(clip + ".json"))
    expected = int((media / (clip + ".frames")).read_text().split()[0])
    check(stats["frames_decoded"] == expected, f"{clip}: decoded {stats['frames_decoded']} of {expected}")
    check(stats["frames_presented"] == expected, f"{clip}: presented {stats['frames_presented']} of {expected}")
    check(stats["unsafe_requeues"] == 0, f"{clip}: {stats['unsafe_requeues']} unsafe re-queues")
    check(stats["decoder_errors"] == 0, f"{clip}: {stats['decoder_errors']} decoder errors")
    md5_lines = [l for l in read(clip + ".stdout").splitlines() if l and not l.startswith("#")]
    check(len(md5_lines) == expected, f"{clip}: {len(md5_lines)} md5 lines for {expected} frames")
    print(f"{clip}: {stats['frames_presented']}/{expected} frames, unsafe_requeues 0")

# A seek lands on a CRA whose RASL pictures cannot be decoded: frames come out, none broken.
status = read("seek.status").strip()
check(status == "0", f"seek: exit status {status}: {read('seek.stderr')[-400:]}")
if status == "0":
    stats = json.loads(read("seek.json"))
    total = int((media / "open_gop.mkv.frames").read_text().split()[0])
    check(0 < stats["frames_presented"] < total, f"seek: presented {stats['frames_presented']} of {total}")
    check(stats["decoder_errors"] == 0 and stats["unsafe_requeues"] == 0, "seek: errors or unsafe re-queues")
    print(f"seek: {stats['frames_presented']} frames after --start 1.0")

# 10-bit on a device without a 10-bit CAPTURE format: refused, one line naming why.
status = read("main10.status").strip()
stderr = read("main10.stderr")
check(status != "0", "main10: a 10-bit stream was accepted by visl, which only writes 8-bit NV12")
check("10-bit" in stderr, f"main10: the refusal does not say 10-bit: {stderr[-400:]}")
print("main10: refused:", next((l for l in stderr.splitlines() if "10-bit" in l), "?").strip())

for failure in failures:
    print("FAIL:", failure)
sys.exit(1 if failures else 0)
