#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes an MPEG-2 stream of field pictures (ISO/IEC 13818-2 6.2, picture_structure 1/2).

No encoder on these machines writes field pictures (FFmpeg's mpeg2video codes frames; the
mjpegtools element crashes), so this builds the headers field by field from the syntax
tables. The slices hold filler instead of macroblocks: visl does not decode them, and the
test checks the requests and references the player makes, not pixels.

Decode order, for frames shown as I0 B1 B2 P3 B4 B5 P6 ... (two fields each, top first):
    I0(top I, bottom P) P3 B1 B2 P6 B4 B5 ...
Usage: make-field-m2v.py OUT FRAMES(multiple of 3, plus 1)
"""
import sys


class Unit:
    def __init__(self, out, code):
        self.out = out
        self.out += bytes([0, 0, 1, code])
        self.bits = 0

    def put(self, n, value):
        for i in reversed(range(n)):
            if self.bits % 8 == 0:
                self.out.append(0)
            if (value >> i) & 1:
                self.out[-1] |= 0x80 >> (self.bits % 8)
            self.bits += 1


def sequence(out, width, height):
    u = Unit(out, 0xB3)
    for n, v in ((12, width), (12, height), (4, 1), (4, 3), (18, 2500), (1, 1), (10, 112),
                 (1, 0), (1, 0), (1, 0)):
        u.put(n, v)
    u = Unit(out, 0xB5)
    for n, v in ((4, 1), (8, 0x48), (1, 0), (2, 1), (2, 0), (2, 0), (12, 0), (1, 1), (8, 0),
                 (1, 0), (2, 0), (5, 0)):
        u.put(n, v)


def gop(out):
    u = Unit(out, 0xB8)
    u.put(25, 1 << 12)
    u.put(1, 0)  # open GOP
    u.put(1, 0)


def field(out, temporal_reference, coding_type, structure, slices):
    u = Unit(out, 0x00)
    u.put(10, temporal_reference)
    u.put(3, coding_type)
    u.put(16, 0xFFFF)
    if coding_type in (2, 3):
        u.put(1, 0)
        u.put(3, 7)
    if coding_type == 3:
        u.put(1, 0)
        u.put(3, 7)
    u.put(1, 0)
    u = Unit(out, 0xB5)
    u.put(4, 8)
    for f in ((15 if coding_type == 1 else 2),) * 2 + ((2 if coding_type == 3 else 15),) * 2:
        u.put(4, f)
    u.put(2, 0)          # intra_dc_precision
    u.put(2, structure)
    u.put(1, 0)          # top_field_first: 0 in field pictures
    u.put(1, 0)          # frame_pred_frame_dct
    u.put(1, 0)
    u.put(1, 0)
    u.put(1, 0)
    u.put(1, 0)
    u.put(1, 0)          # repeat_first_field
    u.put(1, 0)
    u.put(1, 0)          # progressive_frame
    u.put(1, 0)
    for s in range(1, slices + 1):
        u = Unit(out, s)
        u.put(5, 8)
        u.put(1, 0)
        u.put(24, 0xA5C3E1)


def main():
    path, frames = sys.argv[1], int(sys.argv[2])
    out = bytearray()
    sequence(out, 320, 240)
    gop(out)
    slices = 240 // 16 // 2  # field macroblock rows
    # (temporal_reference, type of first field, type of second field) in decode order
    order = [(0, 1, 2)]
    shown = 1
    while shown + 3 <= frames:
        order += [(shown + 2, 2, 2), (shown, 3, 3), (shown + 1, 3, 3)]
        shown += 3
    for tr, first, second in order:
        field(out, tr, first, 1, slices)
        field(out, tr, second, 2, slices)
    out += bytes([0, 0, 1, 0xB7])
    with open(path, 'wb') as f:
        f.write(out)
    print(len(order))


main()
