#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Accepts, one by one, the differences from GStreamer that are known and explained.

Reads compare_controls.py's --json output for one stream. Every mismatch must match one of
the rules below, each checked on the values, not only on the field name; any other mismatch
fails. Prints one line per rule with its count.

MPEG-2 (GStreamer 1.22 v4l2slmpeg2dec):
  - vbv_buffer_size: sluice sends the syntax value (vbv_buffer_size_value plus the extension
    bits, 6.3.3, as the uAPI words it); GStreamer the buffer size B in bits, 16384 times that.
    Accepted only when gstreamer == 16384 * sluice.
  - profile_and_level_indication: sluice sends the 8 bits of the sequence extension (equal to
    FFmpeg's trace_headers in tests/unit/mpeg2); GStreamer sends a value rebuilt from its
    parsed profile and level. Accepted only when sluice's is Main profile at Main level (72,
    the encoder's), the one case this corpus has.
  - forward_ref_ts of the second field of the stream's first frame (a P field predicted from
    the I field before it, 7.6.3.5): sluice names that first field, i.e. its own picture;
    GStreamer sends a timestamp that names no picture (it has no earlier frame yet).
    Accepted only on picture 0 when sluice's names picture 0.
(The chroma matrices of 4:2:0 streams and backward_ref_ts of P pictures are fields the uAPI
leaves unused; compare_controls.py skips them by rule.)
Usage: known_differences.py COMPARE_JSON
"""
import collections
import json
import sys


def rule_for(m):
    field, ours, theirs = m["field"], m["sluice"], m["gstreamer"]
    if field.endswith("mpeg2_sequence.vbv_buffer_size"):
        ok = str(ours).isdigit() and str(theirs).isdigit() and int(theirs) == 16384 * int(ours)
        return "vbv_buffer_size in bits (GStreamer)" if ok else None
    if field.endswith("mpeg2_sequence.profile_and_level_indication"):
        return "profile_and_level_indication rebuilt (GStreamer)" if str(ours) == "72" else None
    if field.endswith("mpeg2_picture.forward_ref_ts"):
        own_field = m.get("picture") == 0 and str(ours) == "pic0" and str(theirs) == "unknown-ts"
        return "second field's reference to its first field (GStreamer unset)" if own_field else None
    return None


def main():
    data = json.load(open(sys.argv[1]))
    label = data.get("label", sys.argv[1])
    counts = collections.Counter()
    unexplained = []
    for m in data.get("mismatches", []):
        rule = rule_for(m)
        if rule:
            counts[rule] += 1
        else:
            unexplained.append(m)
    for rule, n in sorted(counts.items()):
        print(f"{label}: accepted {n:6d}  {rule}")
    for m in unexplained[:20]:
        print(f"{label}: UNEXPLAINED picture {m['picture']} request {m['request']} {m['field']}: "
              f"sluice={m['sluice']} gstreamer={m['gstreamer']}")
    problems = data.get("problems", [])
    for p in problems:
        print(f"{label}: PROBLEM {p}")
    ok = not unexplained and not problems and data.get("compared", 0) > 0
    print(f"{label}: {'ok' if ok else 'FAIL'}: compared {data.get('compared', 0)}, "
          f"{sum(counts.values())} known differences, {len(unexplained)} unexplained")
    return 0 if ok else 1


sys.exit(main())
