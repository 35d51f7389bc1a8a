#!/usr/bin/env python3
"""Flips bits in an H.264 Annex-B stream, deterministically.
mode 'data': one bit in the second half of each slice NAL (slice data, past the header).
mode 'headers': one bit in every SPS and PPS after the first, and in the first bytes
of every 7th slice NAL (slice headers)."""
import random
import sys

src, mode, dst = sys.argv[1], sys.argv[2], sys.argv[3]
data = bytearray(open(src, "rb").read())
rng = random.Random(1234)

starts = []
i = 0
while True:
    i = data.find(b"\x00\x00\x01", i)
    if i < 0:
        break
    starts.append(i + 3)
    i += 3
starts.append(len(data) + 3)

flipped = 0
parameter_sets = 0
for n, (begin, nxt) in enumerate(zip(starts, starts[1:])):
    end = nxt - 3
    nal_type = data[begin] & 0x1F
    size = end - begin
    if size < 8:
        continue
    if mode == "data" and nal_type in (1, 5):
        pos = rng.randrange(begin + size // 2, end)
    elif mode == "headers" and nal_type in (7, 8):
        parameter_sets += 1
        if parameter_sets <= 2:
            continue  # keep the stream decodable from its start
        pos = rng.randrange(begin + 1, end)
    elif mode == "headers" and nal_type in (1, 5) and n % 7 == 0:
        pos = rng.randrange(begin + 1, min(begin + 6, end))
    else:
        continue
    data[pos] ^= 1 << rng.randrange(8)
    flipped += 1

open(dst, "wb").write(data)
print(f"{dst}: {flipped} bits flipped ({mode})")
