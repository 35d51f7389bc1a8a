#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes small H.264 streams coded with field pictures (PAFF), bit by bit.

No encoder at hand writes field pictures (libx264 codes interlace as MBAFF frames), so the
streams the PAFF tests need are written here directly: an Annex-B stream with
frame_mbs_only_flag 0 whose pictures are single fields (field_pic_flag 1) or, now and then,
frames. The macroblock layer is kept trivial so every bit can be written by hand (CAVLC):
intra pictures are all I_PCM macroblocks (raw samples), P and B pictures are all skipped
(mb_skip_run covering the slice: P_Skip copies, B_Skip predicts in spatial direct mode).
What the streams exercise is everything above the macroblock layer: the field slice header,
frame_num and POC of fields (types 0 and 1), reference marking and reference lists of fields
and of frames that refer to fields, display order with B field pairs, non-reference pairs,
bottom-field-first pairs, field/frame switching per picture, frame_num and POC lsb wrap,
and several slices per field.

The output is deterministic (no randomness, no clock). Usage:
    h264_paff.py NAME OUT.h264      write stream NAME (see STREAMS)
    h264_paff.py --list             print the stream names
"""
import sys

MB_COLS, MB_ROWS = 8, 6  # 128x96 frame; a field is 8x3 macroblocks


class BitWriter:
    def __init__(self):
        self.bits = []

    def u(self, n, value):
        for i in range(n - 1, -1, -1):
            self.bits.append((value >> i) & 1)

    def flag(self, value):
        self.u(1, 1 if value else 0)

    def ue(self, value):
        value += 1
        n = value.bit_length()
        self.u(n - 1, 0)
        self.u(n, value)

    def se(self, value):
        self.ue(2 * value - 1 if value > 0 else -2 * value)

    def aligned(self):
        return len(self.bits) % 8 == 0

    def align_zero(self):
        while not self.aligned():
            self.bits.append(0)

    def byte(self, value):
        assert self.aligned()
        self.u(8, value)

    def trailing(self):
        """rbsp_trailing_bits(): the stop bit, then zeros to the byte boundary."""
        self.bits.append(1)
        self.align_zero()

    def data(self):
        assert self.aligned()
        out = bytearray()
        for i in range(0, len(self.bits), 8):
            v = 0
            for b in self.bits[i:i + 8]:
                v = (v << 1) | b
            out.append(v)
        return bytes(out)


def nal_unit(ref_idc, nal_type, rbsp):
    """A start code, the NAL header and the payload with emulation prevention (7.4.1)."""
    out = bytearray([0, 0, 0, 1, (ref_idc << 5) | nal_type])
    zeros = 0
    for b in rbsp:
        if zeros >= 2 and b <= 3:
            out.append(3)
            zeros = 0
        out.append(b)
        zeros = zeros + 1 if b == 0 else 0
    return bytes(out)


class Stream:
    """One stream's parameter sets and the rules its pictures follow."""

    def __init__(self, poc_type, bottom_poc_present, slices, max_refs=3,
                 log2_max_frame_num=4, log2_max_poc_lsb=6):
        self.poc_type = poc_type
        self.bottom_poc_present = bottom_poc_present
        self.slices = slices
        self.max_refs = max_refs
        self.log2_max_frame_num = log2_max_frame_num
        self.log2_max_poc_lsb = log2_max_poc_lsb
        # POC type 1: one reference frame per cycle, 4 apart; fields 2 apart.
        self.offset_for_ref_frame = 4
        self.offset_for_non_ref_pic = -2
        self.offset_for_top_to_bottom_field = 2

    def sps(self):
        w = BitWriter()
        w.u(8, 77)          # profile_idc: Main (interlaced tools, CAVLC)
        w.u(8, 0)           # constraint_set flags, reserved_zero_2bits
        w.u(8, 30)          # level_idc
        w.ue(0)             # seq_parameter_set_id
        w.ue(self.log2_max_frame_num - 4)
        w.ue(self.poc_type)
        if self.poc_type == 0:
            w.ue(self.log2_max_poc_lsb - 4)
        elif self.poc_type == 1:
            w.flag(0)       # delta_pic_order_always_zero_flag
            w.se(self.offset_for_non_ref_pic)
            w.se(self.offset_for_top_to_bottom_field)
            w.ue(1)         # num_ref_frames_in_pic_order_cnt_cycle
            w.se(self.offset_for_ref_frame)
        w.ue(self.max_refs)  # max_num_ref_frames
        w.flag(0)           # gaps_in_frame_num_value_allowed_flag
        w.ue(MB_COLS - 1)   # pic_width_in_mbs_minus1
        w.ue(MB_ROWS // 2 - 1)  # pic_height_in_map_units_minus1 (map unit: MB pair)
        w.flag(0)           # frame_mbs_only_flag
        w.flag(0)           # mb_adaptive_frame_field_flag
        w.flag(1)           # direct_8x8_inference_flag (required without frame_mbs_only)
        w.flag(0)           # frame_cropping_flag
        w.flag(0)           # vui_parameters_present_flag
        w.trailing()
        return nal_unit(3, 7, w.data())

    def pps(self):
        w = BitWriter()
        w.ue(0)             # pic_parameter_set_id
        w.ue(0)             # seq_parameter_set_id
        w.flag(0)           # entropy_coding_mode_flag: CAVLC
        w.flag(self.bottom_poc_present)
        w.ue(0)             # num_slice_groups_minus1
        w.ue(0)             # num_ref_idx_l0_default_active_minus1
        w.ue(0)             # num_ref_idx_l1_default_active_minus1
        w.flag(0)           # weighted_pred_flag
        w.u(2, 0)           # weighted_bipred_idc
        w.se(0)             # pic_init_qp_minus26
        w.se(0)             # pic_init_qs_minus26
        w.se(0)             # chroma_qp_index_offset
        w.flag(1)           # deblocking_filter_control_present_flag
        w.flag(0)           # constrained_intra_pred_flag
        w.flag(0)           # redundant_pic_cnt_present_flag
        w.trailing()
        return nal_unit(3, 8, w.data())


class Picture:
    """One coded picture: a field ("top"/"bottom") or a "frame"."""

    def __init__(self, kind, structure, ref, idr, frame_num, top_poc, bottom_poc, mmco=()):
        self.kind, self.structure, self.ref, self.idr = kind, structure, ref, idr
        self.frame_num, self.top_poc, self.bottom_poc = frame_num, top_poc, bottom_poc
        self.mmco = list(mmco)  # (operation, value[, long_term_frame_idx]) in coding order
        self.refs_l0 = self.refs_l1 = 0


class RefFrame:
    """A frame (or pair, or lone field) in the reference model: its marked fields."""

    def __init__(self, frame_num):
        self.frame_num, self.short, self.long, self.long_idx = frame_num, set(), set(), None


class Planner:
    """Turns frames in decoding order into pictures: frame_num (7.4.3), POCs from the
    display position, and how many reference fields or frames each picture can list, from
    a model of reference marking (sliding window 8.2.5.3, MMCO 1, 2, 4, 6 of 8.2.5.4)
    written apart from the decoder's."""

    def __init__(self, stream):
        self.stream = stream
        self.max_frame_num = 1 << stream.log2_max_frame_num
        self.prev_ref_frame_num = 0
        self.refs = []  # RefFrame, in decoding order
        self.max_long_idx = None
        self.pictures = []

    def frame(self, display, coding, kind, ref=True, idr=False, mmco=((), ())):
        """coding: "tff"/"bff" (two fields, top or bottom first) or "frame". mmco: the
        adaptive marking of the frame (first element) or of each field."""
        if idr:
            self.refs, self.max_long_idx = [], None
            frame_num = 0
        else:
            frame_num = (self.prev_ref_frame_num + 1) % self.max_frame_num
        first_poc, second_poc = 4 * display, 4 * display + 2
        if coding == "frame":
            pic = Picture(kind, "frame", ref, idr, frame_num, first_poc, second_poc, mmco[0])
            both = {"top", "bottom"}
            pic.refs_l0 = pic.refs_l1 = sum((r.short == both) + (r.long == both) for r in self.refs)
            self.pictures.append(pic)
            if ref:
                self.mark(pic, RefFrame(frame_num), both)
        else:
            first, second = ("top", "bottom") if coding == "tff" else ("bottom", "top")
            pocs = {first: first_poc, second: second_poc}
            current = RefFrame(frame_num)
            for i, structure in enumerate((first, second)):
                pic_kind = kind if i == 0 or kind != "I" else "P"
                pic = Picture(pic_kind, structure, ref, idr and i == 0, frame_num,
                              pocs["top"], pocs["bottom"], mmco[i])
                pic.refs_l0 = pic.refs_l1 = sum(len(r.short) + len(r.long) for r in self.refs)
                self.pictures.append(pic)
                if ref:
                    self.mark(pic, current, {structure}, second_field=i == 1)
        if ref:
            self.prev_ref_frame_num = frame_num

    def wrap(self, frame_num, current):
        return frame_num - self.max_frame_num if frame_num > current else frame_num

    def mark(self, pic, current, fields, second_field=False):
        field = pic.structure != "frame"
        parity = pic.structure

        def pic_num(r, f):
            n = self.wrap(r.frame_num, pic.frame_num)
            return n if not field else 2 * n + (1 if f == parity else 0)

        def long_pic_num(r, f):
            return r.long_idx if not field else 2 * r.long_idx + (1 if f == parity else 0)

        candidates = self.refs + ([current] if second_field else [])
        if pic.mmco:
            curr_pic_num = 2 * pic.frame_num + 1 if field else pic.frame_num
            for op in pic.mmco:
                if op[0] == 1:
                    target = curr_pic_num - (op[1] + 1)
                    hits = [(r, f) for r in candidates for f in r.short
                            if (field or len(r.short) == 2) and pic_num(r, f) == target]
                    assert hits, f"MMCO 1: no picture numbered {target}"
                    r, f = hits[0]
                    r.short -= {f} if field else {"top", "bottom"}
                elif op[0] == 2:
                    hits = [(r, f) for r in candidates for f in r.long
                            if long_pic_num(r, f) == op[1]]
                    assert hits, f"MMCO 2: no long-term picture numbered {op[1]}"
                    r, f = hits[0]
                    r.long -= {f} if field else {"top", "bottom"}
                elif op[0] == 4:
                    self.max_long_idx = op[1] - 1 if op[1] else None
                    for r in self.refs:
                        if r.long and (self.max_long_idx is None or r.long_idx > self.max_long_idx):
                            r.long = set()
                elif op[0] == 6:
                    for r in self.refs:
                        if r is not current and r.long and r.long_idx == op[1]:
                            r.long = set()
                    current.long |= fields
                    current.long_idx = op[1]
        elif not second_field or not (current.short or current.long):
            # 8.2.5.3, skipped for a second field whose first field is a reference.
            while len(self.refs) >= self.stream.max_refs:
                shorts = [r for r in self.refs if r.short]
                assert shorts, "sliding window without a short-term frame"
                oldest = min(shorts, key=lambda r: self.wrap(r.frame_num, pic.frame_num))
                oldest.short = set()
                self.refs = [r for r in self.refs if r.short or r.long]
        if not current.long & fields:
            current.short |= fields
        self.refs = [r for r in self.refs if r.short or r.long]
        if current not in self.refs:
            self.refs.append(current)
        assert len(self.refs) <= self.stream.max_refs, "more references than max_num_ref_frames"


def pcm_macroblock(w, mb, picture_index, structure):
    """mb_type I_PCM's samples: a gradient that moves from picture to picture. Never 0, so
    the samples cannot form start codes."""
    w.align_zero()  # pcm_alignment_zero_bit
    base = 16 + 37 * picture_index + (60 if structure == "bottom" else 0)
    for i in range(256):
        w.byte(16 + (base + 3 * mb + i % 16 + i // 16) % 220)
    for i in range(128):
        w.byte(64 + (base + mb + i) % 128)


def slice_nal(stream, pic, index, first_mb, mb_count, max_frame_num):
    w = BitWriter()
    field = pic.structure != "frame"
    slice_type = {"P": 0, "B": 1, "I": 2}[pic.kind]
    w.ue(first_mb)
    w.ue(slice_type)
    w.ue(0)                                     # pic_parameter_set_id
    w.u(stream.log2_max_frame_num, pic.frame_num)
    w.flag(field)                               # field_pic_flag
    if field:
        w.flag(pic.structure == "bottom")       # bottom_field_flag
    if pic.idr:
        w.ue(0)                                 # idr_pic_id
    own_poc = pic.bottom_poc if pic.structure == "bottom" else pic.top_poc
    if stream.poc_type == 0:
        w.u(stream.log2_max_poc_lsb, own_poc % (1 << stream.log2_max_poc_lsb))
        if stream.bottom_poc_present and not field:
            w.se(pic.bottom_poc - pic.top_poc)  # delta_pic_order_cnt_bottom
    elif stream.poc_type == 1:
        expected = expected_poc(stream, pic, max_frame_num)
        if pic.structure == "bottom":
            expected += stream.offset_for_top_to_bottom_field
        w.se(own_poc - expected)                # delta_pic_order_cnt[0]
        if stream.bottom_poc_present and not field:
            # delta_pic_order_cnt[1]: BottomFieldOrderCnt = Top + offset + delta[1]
            w.se(pic.bottom_poc - pic.top_poc - stream.offset_for_top_to_bottom_field)
    if pic.kind == "B":
        w.flag(1)                               # direct_spatial_mv_pred_flag
    if pic.kind in ("P", "B"):
        w.flag(1)                               # num_ref_idx_active_override_flag
        w.ue(min(pic.refs_l0, 4) - 1)           # num_ref_idx_l0_active_minus1
        if pic.kind == "B":
            w.ue(min(pic.refs_l1, 4) - 1)       # num_ref_idx_l1_active_minus1
        w.flag(0)                               # ref_pic_list_modification_flag_l0
        if pic.kind == "B":
            w.flag(0)                           # ref_pic_list_modification_flag_l1
    if pic.ref:
        if pic.idr:
            w.flag(0)                           # no_output_of_prior_pics_flag
            w.flag(0)                           # long_term_reference_flag
        else:
            w.flag(bool(pic.mmco))              # adaptive_ref_pic_marking_mode_flag
            for op in pic.mmco:
                w.ue(op[0])                     # memory_management_control_operation
                w.ue(op[1])                     # its value (difference, number or index)
            if pic.mmco:
                w.ue(0)
    w.se(0)                                     # slice_qp_delta
    w.ue(1)                                     # disable_deblocking_filter_idc: off
    if pic.kind == "I":
        for mb in range(first_mb, first_mb + mb_count):
            w.ue(25)                            # mb_type I_PCM
            pcm_macroblock(w, mb, index, pic.structure)
    else:
        w.ue(mb_count)                          # mb_skip_run: the whole slice
    w.trailing()
    nal_type = 5 if pic.idr else 1
    return nal_unit(2 if pic.ref else 0, nal_type, w.data())


class Poc1State:
    prev_frame_num = 0
    prev_frame_num_offset = 0


def expected_poc(stream, pic, max_frame_num):
    """8.2.1.2: expectedPicOrderCnt for POC type 1 (one reference frame per cycle)."""
    state = stream.poc1
    if pic.idr:
        offset = 0
    elif state.prev_frame_num > pic.frame_num:
        offset = state.prev_frame_num_offset + max_frame_num
    else:
        offset = state.prev_frame_num_offset
    state.prev_frame_num, state.prev_frame_num_offset = pic.frame_num, offset
    abs_frame_num = offset + pic.frame_num
    if not pic.ref and abs_frame_num > 0:
        abs_frame_num -= 1
    expected = abs_frame_num * stream.offset_for_ref_frame if abs_frame_num > 0 else 0
    if not pic.ref:
        expected += stream.offset_for_non_ref_pic
    return expected


def plan_mixed(planner):
    """Fields and frames, B field pairs, frame_num and lsb wrap (POC type 0)."""
    f = planner.frame
    f(0, "tff", "I", idr=True)
    f(3, "tff", "P")
    f(1, "tff", "B", ref=False)
    f(2, "tff", "B", ref=False)
    f(4, "frame", "P")
    f(5, "bff", "P")
    f(6, "tff", "P", ref=False)
    f(7, "frame", "P")
    f(10, "tff", "P")
    f(8, "frame", "B", ref=False)
    f(9, "bff", "B", ref=False)
    for d in range(11, 24):
        f(d, "frame" if d % 4 == 0 else ("bff" if d % 3 == 0 else "tff"), "P")


def plan_delta_poc(planner):
    """Fields and frames with POC type 1 (delta_pic_order_cnt[0]): B pictures shown before
    the P pair decoded ahead of them (a bottom-first B pair, a B frame), an intra pair
    mid-stream and a non-reference P pair."""
    f = planner.frame
    f(0, "tff", "I", idr=True)
    f(3, "tff", "P")
    f(1, "bff", "B", ref=False)
    f(2, "frame", "B", ref=False)
    for d in range(4, 8):
        f(d, "frame" if d == 4 else "tff", "P", ref=d != 5)
    f(8, "bff", "I")
    for d in range(9, 14):
        f(d, "bff" if d % 2 else "tff", "P")


def plan_long_term(planner):
    """Long-term field pairs and adaptive marking of single fields (MMCO 1, 2, 4, 6)."""
    f = planner.frame
    f(0, "tff", "I", idr=True)
    # Frame 1, coded as a frame, becomes long-term (index 0). (A field pair made long-term
    # field by field is left out for now: FFmpeg 5.1 reports missing references in the
    # pictures after it, which is not understood yet.)
    f(1, "frame", "P", mmco=([(4, 1), (6, 0)], ()))
    f(2, "tff", "P")
    f(3, "tff", "P")
    # Its top field unmarks both fields of frame_num 2 (PicNum 5 and 4 from CurrPicNum 9).
    f(4, "tff", "P", mmco=([(1, 3), (1, 4)], ()))
    f(5, "frame", "P")
    # A bottom field first: it unmarks both fields of the long-term frame 1 (LongTermPicNum
    # 0 for the top, 1 for the bottom) and of frame_num 4 (PicNum 9 and 8 from CurrPicNum
    # 13). (Unmarking only one field of frame 1 is left out of the peer comparison:
    # GStreamer 1.22 then loses the other field, see docs/control-oracle.md.)
    f(6, "bff", "P", mmco=([(2, 0), (2, 1), (1, 3), (1, 4)], ()))
    f(7, "tff", "P")
    f(8, "frame", "P")
    f(9, "tff", "P")


# name -> (POC type, bottom_field_pic_order_in_frame_present, slices per picture, plan)
STREAMS = {
    "paff-mixed": (0, True, 1, plan_mixed),
    "paff-delta-poc-slices": (1, False, 2, plan_delta_poc),
    "paff-long-term": (0, True, 1, plan_long_term),
}


def write_stream(name):
    poc_type, bottom_present, slices, plan = STREAMS[name]
    stream = Stream(poc_type, bottom_present, slices)
    stream.poc1 = Poc1State()
    planner = Planner(stream)
    plan(planner)
    out = bytearray(stream.sps() + stream.pps())
    max_frame_num = 1 << stream.log2_max_frame_num
    for index, pic in enumerate(planner.pictures):
        total = MB_COLS * MB_ROWS // (2 if pic.structure != "frame" else 1)
        per_slice = total // stream.slices
        if index and pic.idr:
            out += stream.sps() + stream.pps()
        for s in range(stream.slices):
            count = per_slice if s + 1 < stream.slices else total - per_slice * s
            if stream.poc_type == 1 and s > 0:
                # The POC state advances once per picture, not per slice.
                stream.poc1.prev_frame_num, stream.poc1.prev_frame_num_offset = saved
            if stream.poc_type == 1:
                saved = (stream.poc1.prev_frame_num, stream.poc1.prev_frame_num_offset)
            out += slice_nal(stream, pic, index, per_slice * s, count, max_frame_num)
    return bytes(out)


def main(argv):
    if len(argv) == 2 and argv[1] == "--list":
        print("\n".join(STREAMS))
        return 0
    if len(argv) != 3 or argv[1] not in STREAMS:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[2], "wb") as f:
        f.write(write_stream(argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
