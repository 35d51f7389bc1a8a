#!/usr/bin/env python3
"""Compares what the kernel received from two stateless-decoder clients, field by field.

Both inputs are ftrace captures of visl's control events (events/visl_<codec>_controls) and
of vb2_buf_done, one per client, for the same stream on the same visl. visl emits a request's
control events in device_run and completes the request's OUTPUT buffer at the end of the same
run, in the same task: so the control events of a task belong to the next OUTPUT
vb2_buf_done (buffer type 2 or 10) of that task, whose timestamp names the picture. Requests
that share one timestamp are one picture (its slices, or its two fields).

Event bodies are parsed generically, from the print formats visl registered (tracefs
events/*/*/format files, concatenated into one file with --formats): each conversion of the
format becomes a field named by the word before it, so every codec's events parse the same
way, including arrays ({0x..,0x..}) and hex dumps ({xx xx ...} over several lines).

Timestamps are compared by meaning: the OUTPUT buffer's own and every reference timestamp
field (names ending in _ts, or "timestamp") become "pic<N>", the index in decode order of the
picture that carried that timestamp. DPB entries are compared as a set keyed by the picture
they name, and reference list entries by the picture of the DPB entry they point at, since two
clients may order their DPB arrays differently and both be right.

Fields the uAPI leaves undefined for a request are skipped by explicit per-codec rules (see
RULES below and docs/control-oracle.md); they are counted and printed per rule.

Usage: compare_controls.py --formats FORMATS [--label NAME] [--names A,B] [--max N]
                           [--json OUT] TRACE_A TRACE_B
Exit status: 0 when every compared field matches, 1 on a mismatch, on a trace that lost
events, when one side decoded fewer pictures or requests, or when nothing was decoded;
2 on unusable input.
"""
import argparse
import collections
import json
import re
import sys

HEADER = re.compile(r"^\s*(?P<task>.+?)-(?P<pid>\d+)\s+(?:\(\s*[\d-]+\)\s+)?\[(?P<cpu>\d+)\]\s+"
                    r"(?:\S+\s+)?(?P<ts>\d+\.\d+):\s(?P<event>\w+):\s?(?P<body>.*)$")
BUF_DONE = re.compile(r"type = (\d+),.*timestamp = (\d+)")
OUTPUT_TYPES = {2, 10}
ENTRIES = re.compile(r"^#\s*entries-in-buffer/entries-written:\s*(\d+)/(\d+)")
CONVERSION = re.compile(r"%(?:%|[-+ #0]*\d*(?:\.\d+)?(?:hh|h|ll|l|z)?([diouxXscp]))")
KEY = re.compile(r"[A-Za-z_][\w.\[\]]*")


class InputError(Exception):
    pass


# ---- formats ---------------------------------------------------------------------------------

def c_string(text):
    """The first C string literal of text, unescaped."""
    start = text.index('"') + 1
    out, i = [], start
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            out.append(escapes.get(text[i + 1], text[i + 1]))
            i += 2
            continue
        if c == '"':
            return "".join(out)
        out.append(c)
        i += 1
    raise InputError("unterminated print format: " + text[:60])


class EventFormat:
    """One event's print format, as a regex and the field name of each conversion."""

    def __init__(self, name, fmt):
        self.name = name
        self.keys, self.hexdump = [], []
        pattern, pos = [], 0
        for m in CONVERSION.finditer(fmt):
            literal = fmt[pos:m.start()]
            pos = m.end()
            if m.group(0) == "%%":
                pattern.append(re.escape(literal + "%"))
                continue
            pattern.append(self._literal(literal))
            words = KEY.findall(literal)
            key = words[-1].rstrip(":") if words else "#"
            self.keys.append(key)
            self.hexdump.append(literal.rstrip().endswith("{"))
            conv = m.group(1)
            if conv == "s":
                pattern.append("(.*?)")
            elif conv in "xX":
                pattern.append("([0-9a-fA-F]+)")
            elif conv == "p":
                pattern.append(r"(\S+)")
            else:
                pattern.append(r"(-?\d+)")
        tail = fmt[pos:].rstrip()
        pattern.append(self._literal(tail))
        self.regex = re.compile("^" + "".join(pattern) + r"\s*$", re.S)

    @staticmethod
    def _literal(text):
        # Whitespace runs match any whitespace run: hex dumps and empty flags move newlines.
        parts = re.split(r"(\s+)", text)
        return "".join(r"\s*" if p.isspace() else re.escape(p) for p in parts if p)

    def parse(self, body):
        m = self.regex.match(body.rstrip())
        if not m:
            return None
        fields = collections.OrderedDict()
        for key, hexdump, raw in zip(self.keys, self.hexdump, m.groups()):
            fields[key] = value_of(raw, hexdump)
        return fields


def value_of(raw, hexdump):
    raw = raw.strip()
    if hexdump:
        return [int(t, 16) for t in raw.split()]
    if raw.startswith("{") and raw.endswith("}"):
        inner = raw[1:-1].strip()
        return [int(t, 0) for t in inner.split(",")] if inner else []
    if re.fullmatch(r"-?\d+", raw):
        return int(raw)
    return raw


def load_formats(path):
    """Formats from concatenated tracefs format files. The kernel prints a format's newlines
    raw, so a print format spans lines up to its closing quote."""
    formats = {}
    with open(path) as f:
        text = f.read()
    for block in re.split(r"(?m)^name: ", text)[1:]:
        name = block.split("\n", 1)[0].strip()
        at = block.find("print fmt: ")
        if at >= 0:
            formats[name] = EventFormat(name, c_string(block[at + len("print fmt: "):]))
    if not formats:
        raise InputError(f"{path}: no event formats")
    return formats


# ---- traces ----------------------------------------------------------------------------------

class Request:
    def __init__(self, pid, timestamp, events):
        self.pid, self.timestamp, self.events = pid, timestamp, events
        self.picture = None  # index in decode order


def read_trace(path, formats):
    """The requests of a trace in completion order, and the codec systems seen."""
    requests, pending, unparsed = [], collections.defaultdict(list), []
    bare_completions = 0

    def finish(event):
        nonlocal bare_completions
        if event is None:
            return
        pid, name, body = event
        if name == "vb2_buf_done":
            m = BUF_DONE.search(body)
            if not m or int(m.group(1)) not in OUTPUT_TYPES:
                return
            events = pending.pop(pid, [])
            if events:
                requests.append(Request(pid, int(m.group(2)), events))
            else:
                bare_completions += 1  # returned without decoding (stream off)
            return
        fmt = formats.get(name)
        if fmt is None:
            return
        fields = fmt.parse(body)
        if fields is None:
            unparsed.append(name)
            return
        pending[pid].append((name, fields))

    current = None
    with open(path, errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            m = ENTRIES.match(line)
            if m and m.group(1) != m.group(2):
                raise InputError(f"{path}: the trace lost events ({line.strip()})")
            if "LOST" in line and "EVENTS" in line.upper():
                raise InputError(f"{path}: the trace lost events ({line.strip()})")
            if line.startswith("#"):
                continue
            h = HEADER.match(line)
            if h:
                finish(current)
                current = (h.group("pid"), h.group("event"), h.group("body"))
            elif current is not None:
                current = (current[0], current[1], current[2] + "\n" + line)
    finish(current)
    if unparsed:
        raise InputError(f"{path}: {len(unparsed)} events did not match their format "
                         f"(first: {unparsed[0]})")
    leftover = sum(len(v) for v in pending.values())
    if leftover:
        raise InputError(f"{path}: {leftover} control events without an OUTPUT completion")
    return requests, bare_completions


def number_pictures(requests):
    """Consecutive requests with one timestamp are one picture; returns ts -> picture."""
    pictures, last = [], None
    for r in requests:
        if last is None or r.timestamp != last:
            pictures.append([])
        pictures[-1].append(r)
        r.picture = len(pictures) - 1
        last = r.timestamp
    return pictures


# ---- normalisation ---------------------------------------------------------------------------

def is_timestamp_key(key):
    return key == "timestamp" or key.endswith("_ts")


class Normaliser:
    """Turns one request into {field: value} and counts the fields skipped, per rule."""

    def __init__(self):
        self.ts_map = {}
        self.skipped = collections.Counter()

    def label(self, ts):
        if ts in self.ts_map:
            return f"pic{self.ts_map[ts]}"
        return "0" if ts == 0 else "unknown-ts"

    def skip(self, rule, value=None, n=None):
        if n is None:
            n = len(value) if isinstance(value, list) else 1
        self.skipped[rule] += n

    def emit(self, out, key, value):
        if isinstance(value, list):
            for j, v in enumerate(value):
                out[f"{key}[{j}]"] = v
        else:
            out[key] = value

    def generic(self, out, prefix, fields, exclude=()):
        for key, value in fields.items():
            if key in exclude or key == "#":
                continue
            if is_timestamp_key(key):
                value = [self.label(v) for v in value] if isinstance(value, list) \
                    else self.label(value)
            self.emit(out, f"{prefix}.{key}", value)

    def request(self, req):
        self.ts_map[req.timestamp] = req.picture
        by_name = collections.defaultdict(list)
        for name, fields in req.events:
            by_name[name].append(fields)
        out = collections.OrderedDict()
        system = codec_of(req.events)
        rule = CODEC_RULES.get(system, CodecRules)
        rule(self, by_name, out).run()
        return out


def codec_of(events):
    names = {n for n, _ in events}
    for prefix, codec in (("v4l2_ctrl_h264", "h264"), ("v4l2_ctrl_hevc", "hevc"),
                          ("v4l2_ctrl_vp8", "vp8"), ("v4l2_ctrl_vp9", "vp9"),
                          ("v4l2_ctrl_mpeg2", "mpeg2"), ("v4l2_ctrl_fwht", "fwht"),
                          ("v4l2_ctrl_av1", "av1")):
        if any(n.startswith(prefix) for n in names):
            return codec
    return "unknown"


def flagset(value):
    return set(value.split("|")) if isinstance(value, str) and value else set()


class CodecRules:
    """Default: every field compared, events that occur several times by occurrence."""

    def __init__(self, norm, by_name, out):
        self.n, self.ev, self.out = norm, by_name, out

    def one(self, name):
        return self.ev.get(name, [None])[0]

    def run(self):
        self.rest(set())

    def rest(self, done):
        for name, occurrences in self.ev.items():
            if name in done:
                continue
            for i, fields in enumerate(occurrences):
                prefix = name if len(occurrences) == 1 else f"{name}[{i}]"
                self.n.generic(self.out, prefix, fields)


class H264Rules(CodecRules):
    SLICE_I, SLICE_B = {"I", "SI"}, {"B"}

    def run(self):
        sps = self.one("v4l2_ctrl_h264_sps")
        pps = self.one("v4l2_ctrl_h264_pps")
        sp = self.one("v4l2_ctrl_h264_slice_params")
        dp = self.one("v4l2_ctrl_h264_decode_params")
        sm = self.one("v4l2_ctrl_h264_scaling_matrix")
        pw = self.one("v4l2_ctrl_h264_pred_weights")
        n, out = self.n, self.out
        chroma = sps["chroma_format_idc"] if sps else 1

        if sps:
            cycle = sps["num_ref_frames_in_pic_order_cnt_cycle"]
            fields = dict(sps)
            offsets = fields.pop("offset_for_ref_frame")
            n.generic(out, "sps", fields)
            for j, v in enumerate(offsets):
                if j < cycle:
                    out[f"sps.offset_for_ref_frame[{j}]"] = v
                else:
                    n.skip("sps.offset_for_ref_frame beyond num_ref_frames_in_pic_order_cnt_cycle")
        if pps:
            n.generic(out, "pps", pps)
        pps_flags = flagset(pps["flags"]) if pps else set()

        if sm:
            if "SCALING_MATRIX_PRESENT" not in pps_flags:
                n.skip("scaling matrix without PPS SCALING_MATRIX_PRESENT",
                       n=len(sm["scaling_list_4x4"]) + len(sm["scaling_list_8x8"]))
            else:
                n.emit(out, "scaling.scaling_list_4x4", sm["scaling_list_4x4"])
                for j, v in enumerate(sm["scaling_list_8x8"]):
                    if "TRANSFORM_8X8_MODE" not in pps_flags:
                        n.skip("8x8 scaling lists without transform_8x8_mode")
                    elif j >= 128 and chroma != 3:
                        n.skip("Cb/Cr 8x8 scaling lists unless chroma_format_idc is 3")
                    else:
                        out[f"scaling.scaling_list_8x8[{j}]"] = v

        slice_type = sp["slice_type"] if sp else None
        dpb_label = {}
        if dp:
            n.generic(out, "decode", dp)
            seen = collections.Counter()
            for e in self.ev.get("v4l2_h264_dpb_entry", []):
                if "VALID" not in flagset(e["flags"]):
                    n.skip("dpb entry without VALID", n=len(e) - 1)
                    continue
                label = n.label(e["reference_ts"])
                seen[label] += 1
                key = label if seen[label] == 1 else f"{label}#{seen[label]}"
                dpb_label[e["#"]] = key
                n.generic(out, f"dpb{{{key}}}", e, exclude=("reference_ts",))
        if sp:
            fields = dict(sp)
            if slice_type in self.SLICE_I:
                fields.pop("num_ref_idx_l0_active_minus1")
                n.skip("num_ref_idx_l0_active_minus1 of an I/SI slice")
            if slice_type not in self.SLICE_B:
                fields.pop("num_ref_idx_l1_active_minus1")
                n.skip("num_ref_idx_l1_active_minus1 of a non-B slice")
            n.generic(out, "slice", fields)
            for lst, count in (("ref_pic_list0", self.active(sp, 0)),
                               ("ref_pic_list1", self.active(sp, 1))):
                for e in self.ev.get(f"v4l2_h264_{lst}", []):
                    i = e["#"]
                    if i >= count:
                        n.skip(f"{lst} entries beyond num_ref_idx_l{lst[-1]}_active", n=2)
                        continue
                    out[f"slice.{lst}[{i}].fields"] = e["fields"]
                    out[f"slice.{lst}[{i}].ref"] = dpb_label.get(e["index"], "invalid-dpb-slot")
        if pw:
            self.pred_weights(pw, pps, sp, chroma)
        self.rest({"v4l2_ctrl_h264_sps", "v4l2_ctrl_h264_pps", "v4l2_ctrl_h264_slice_params",
                   "v4l2_ctrl_h264_decode_params", "v4l2_ctrl_h264_scaling_matrix",
                   "v4l2_ctrl_h264_pred_weights", "v4l2_h264_dpb_entry",
                   "v4l2_h264_ref_pic_list0", "v4l2_h264_ref_pic_list1"})

    def active(self, sp, lst):
        t = sp["slice_type"]
        if t in self.SLICE_I or (lst == 1 and t not in self.SLICE_B):
            return 0
        return sp[f"num_ref_idx_l{lst}_active_minus1"] + 1

    def pred_weights(self, pw, pps, sp, chroma):
        n, out = self.n, self.out
        total = sum(len(v) if isinstance(v, list) else 1 for v in pw.values())
        flags = flagset(pps["flags"]) if pps else set()
        t = sp["slice_type"] if sp else None
        explicit = ("WEIGHTED_PRED" in flags and t in ("P", "SP")) or \
                   (pps is not None and pps["weighted_bipred_idc"] == 1 and t == "B")
        if not explicit:
            n.skip("pred weights without explicit weighted prediction", n=total)
            return
        out["weights.luma_log2_weight_denom"] = pw["luma_log2_weight_denom"]
        if chroma:
            out["weights.chroma_log2_weight_denom"] = pw["chroma_log2_weight_denom"]
        else:
            n.skip("chroma weights of a monochrome stream")
        for lst in (0, 1):
            count = self.active(sp, lst)
            for part, per_entry in (("luma_weight", 1), ("luma_offset", 1),
                                    ("chroma_weight", 4), ("chroma_offset", 4)):
                values = pw[f"weight_factor[{lst}].{part}"]
                for j, v in enumerate(values):
                    if j // per_entry >= count:
                        n.skip("pred weights beyond num_ref_idx_active")
                    elif part.startswith("chroma") and not chroma:
                        n.skip("chroma weights of a monochrome stream")
                    else:
                        out[f"weights[{lst}].{part}[{j}]"] = v


class HevcRules(CodecRules):
    """HEVC (run-peer.sh hevc). DPB entries are keyed by the picture they name, and every DPB
    index (ref_idx_l0/l1, poc_st_curr_before/after, poc_lt_curr) becomes the picture of the
    entry it names. Skipped, because the uAPI leaves them undefined for the request: DPB
    entries beyond num_active_dpb_entries; the three RPS index lists beyond their num_*
    counts; ref_idx_lX beyond num_ref_idx_lX_active_minus1 + 1, and that count itself on a
    slice without list X (7.4.7.1: inferred, unused); the prediction weight table unless the
    PPS enables weighted prediction for the slice type (weighted_pred_flag for P,
    weighted_bipred_flag for B, 7.3.6.3) and its entries beyond the active references; the
    scaling matrix control unless the SPS sets scaling_list_enabled_flag."""
    SLICE_B, SLICE_P, SLICE_I = 0, 1, 2

    def run(self):
        n, out = self.n, self.out
        dp = self.one("v4l2_ctrl_hevc_decode_params")
        sp = self.one("v4l2_ctrl_hevc_slice_params")
        pps = self.one("v4l2_ctrl_hevc_pps")
        sps = self.one("v4l2_ctrl_hevc_sps")
        active = dp["num_active_dpb_entries"] if dp else 16
        labels = {}
        for i, e in enumerate(self.ev.get("v4l2_hevc_dpb_entry", [])):
            if i >= active:
                n.skip("dpb entries beyond num_active_dpb_entries", n=len(e))
                continue
            labels[i] = n.label(e["timestamp"])
            n.generic(out, f"dpb{{{labels[i]}}}", e, exclude=("timestamp",))

        def indices(prefix, values, count, rule):
            for j, v in enumerate(values):
                if j < count:
                    out[f"{prefix}[{j}]"] = labels.get(v, "invalid-dpb-index")
                else:
                    n.skip(rule)

        if dp:
            lists = ("poc_st_curr_before", "poc_st_curr_after", "poc_lt_curr")
            n.generic(out, "decode", dp, exclude=lists)
            for name in lists:
                indices(f"decode.{name}", dp[name], dp[f"num_{name}"],
                        f"{name} beyond num_{name}")
        if sp:
            t = sp["slice_type"]
            counts = (0 if t == self.SLICE_I else sp["num_ref_idx_l0_active_minus1"] + 1,
                      sp["num_ref_idx_l1_active_minus1"] + 1 if t == self.SLICE_B else 0)
            fields = dict(sp)
            for lst in (0, 1):
                if counts[lst] == 0:
                    fields.pop(f"num_ref_idx_l{lst}_active_minus1")
                    n.skip(f"num_ref_idx_l{lst}_active_minus1 of a slice without list {lst}")
            n.generic(out, "slice", fields, exclude=("ref_idx_l0", "ref_idx_l1"))
            for lst in (0, 1):
                indices(f"slice.ref_idx_l{lst}", sp[f"ref_idx_l{lst}"], counts[lst],
                        f"ref_idx_l{lst} beyond num_ref_idx_l{lst}_active")
            pw = self.one("v4l2_hevc_pred_weight_table")
            flags = flagset(pps["flags"]) if pps else set()
            explicit = ("WEIGHTED_PRED" in flags and t == self.SLICE_P) or \
                       ("WEIGHTED_BIPRED" in flags and t == self.SLICE_B)
            if pw and not explicit:
                n.skip("pred weights without weighted prediction",
                       n=sum(len(v) if isinstance(v, list) else 1 for v in pw.values()))
            elif pw:
                for key, value in pw.items():
                    if not isinstance(value, list):
                        out[f"weights.{key}"] = value
                        continue
                    count = counts[int(key[-1])]
                    per_entry = 2 if "chroma" in key else 1
                    for j, v in enumerate(value):
                        if j // per_entry < count:
                            out[f"weights.{key}[{j}]"] = v
                        else:
                            n.skip("pred weights beyond num_ref_idx_active")
        sm = self.one("v4l2_ctrl_hevc_scaling_matrix")
        if sm and sps and "SCALING_LIST_ENABLED" not in flagset(sps["flags"]):
            n.skip("scaling matrix without SCALING_LIST_ENABLED",
                   n=sum(len(v) if isinstance(v, list) else 1 for v in sm.values()))
            done_sm = {"v4l2_ctrl_hevc_scaling_matrix"}
        else:
            done_sm = set()
        self.rest({"v4l2_hevc_dpb_entry", "v4l2_ctrl_hevc_decode_params",
                   "v4l2_ctrl_hevc_slice_params", "v4l2_hevc_pred_weight_table"} | done_sm)


class IntraRefRules(CodecRules):
    """VP8, VP9, MPEG-2, FWHT: reference timestamps of intra pictures are undefined."""
    INTRA = {
        "vp8": ("v4l2_ctrl_vp8_frame", lambda f: "KEY_FRAME" in flagset(f.get("flags", "")),
                ("last_frame_ts", "golden_frame_ts", "alt_frame_ts")),
        "vp9": ("v4l2_ctrl_vp9_frame",
                lambda f: flagset(f.get("flags", "")) & {"KEY_FRAME", "INTRA_ONLY"},
                ("last_frame_ts", "golden_frame_ts", "alt_frame_ts")),
        "fwht": ("v4l2_ctrl_fwht_params", lambda f: "I_FRAME" in str(f.get("flags", "")),
                 ("backward_ref_ts",)),
    }

    def __init__(self, norm, by_name, out, codec):
        super().__init__(norm, by_name, out)
        self.codec = codec

    def run(self):
        if self.codec == "mpeg2":
            pic = self.one("v4l2_ctrl_mpeg2_picture")
            if pic:
                t = pic.get("picture_coding_type")
                # A P picture predicts forward only, from the past reference
                # (ISO/IEC 13818-2 7.6): forward_ref_ts is its reference and
                # backward_ref_ts is unused. An I picture uses neither.
                drop = ("backward_ref_ts", "forward_ref_ts") if t == 1 else \
                    ("backward_ref_ts",) if t == 2 else ()
                self.drop("v4l2_ctrl_mpeg2_picture", drop, "MPEG-2 references unused by "
                          "the picture coding type")
            seq = self.one("v4l2_ctrl_mpeg2_sequence")
            if seq and seq.get("chroma_format") == 1:
                # The uAPI calls the chroma matrices relevant only for 4:2:2 and 4:4:4.
                self.drop("v4l2_ctrl_mpeg2_quantisation",
                          ("chroma_intra_quantiser_matrix", "chroma_non_intra_quantiser_matrix"),
                          "MPEG-2 chroma matrices of a 4:2:0 stream")
        elif self.codec in self.INTRA:
            name, is_intra, keys = self.INTRA[self.codec]
            f = self.one(name)
            if f and is_intra(f):
                self.drop(name, keys, "reference timestamps of an intra picture")
            if self.codec == "vp9" and f and \
                    "ENABLED" not in flagset(f.get("seg.flags", "")):
                # VP9 6.2.11 / 7.2.10: the segment-ID tree and prediction probabilities
                # are read only inside segmentation_params() of a frame with
                # segmentation_enabled, and the uAPI ties them to that syntax; with
                # segmentation off no segment ID is decoded, so their values are unused.
                self.drop(name, ("seg.tree_probs", "seg.pred_probs"),
                          "VP9 segmentation probabilities with segmentation disabled")
        self.rest(set())

    def drop(self, name, keys, rule):
        for fields in self.ev.get(name, []):
            for k in keys:
                if k in fields:
                    self.n.skip(rule, fields.pop(k))


CODEC_RULES = {
    "h264": H264Rules,
    "hevc": HevcRules,
    "vp8": lambda n, e, o: IntraRefRules(n, e, o, "vp8"),
    "vp9": lambda n, e, o: IntraRefRules(n, e, o, "vp9"),
    "mpeg2": lambda n, e, o: IntraRefRules(n, e, o, "mpeg2"),
    "fwht": lambda n, e, o: IntraRefRules(n, e, o, "fwht"),
}


# ---- comparison ------------------------------------------------------------------------------

def context_of(fields):
    keys = ("slice.slice_type", "decode.frame_num", "decode.top_field_order_cnt",
            "decode.nal_ref_idc", "slice.first_mb_in_slice")
    return " ".join(f"{k.split('.')[-1]}={fields[k]}" for k in keys if k in fields)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--formats", required=True)
    ap.add_argument("--label", default="stream")
    ap.add_argument("--names", default="sluice,gstreamer")
    ap.add_argument("--max", type=int, default=20, help="mismatches printed")
    ap.add_argument("--json")
    ap.add_argument("--dump", type=int, action="append", default=[],
                    help="print the normalised fields of this picture (repeatable)")
    ap.add_argument("trace_a")
    ap.add_argument("trace_b")
    args = ap.parse_args()
    names = args.names.split(",")
    label = args.label

    try:
        formats = load_formats(args.formats)
        sides = []
        for path in (args.trace_a, args.trace_b):
            requests, bare = read_trace(path, formats)
            sides.append((requests, number_pictures(requests), bare))
    except (InputError, OSError, ValueError) as e:
        print(f"{label}: FAIL unusable input: {e}")
        return 2

    problems = []
    (req_a, pics_a, bare_a), (req_b, pics_b, bare_b) = sides
    for name, reqs, pics in ((names[0], req_a, pics_a), (names[1], req_b, pics_b)):
        print(f"{label}: {name}: {len(pics)} pictures, {len(reqs)} requests")
    if not pics_a or not pics_b:
        problems.append("a side decoded nothing")
    if len(pics_a) != len(pics_b):
        problems.append(f"{names[0]} decoded {len(pics_a)} pictures, {names[1]} {len(pics_b)}")

    norm_a, norm_b = Normaliser(), Normaliser()
    compared, mismatches = 0, []
    for k in range(min(len(pics_a), len(pics_b))):
        pa, pb = pics_a[k], pics_b[k]
        if len(pa) != len(pb):
            problems.append(f"picture {k}: {names[0]} sent {len(pa)} requests, "
                            f"{names[1]} {len(pb)}")
        for j in range(max(len(pa), len(pb))):
            fa = norm_a.request(pa[j]) if j < len(pa) else {}
            fb = norm_b.request(pb[j]) if j < len(pb) else {}
            if k in args.dump:
                for key in sorted(set(fa) | set(fb)):
                    print(f"{label}: dump pic{k}/{j} {key}: {fa.get(key, '<absent>')!r} "
                          f"{fb.get(key, '<absent>')!r}")
            if j >= len(pa) or j >= len(pb):
                continue
            for key in list(fa.keys()) + [k2 for k2 in fb if k2 not in fa]:
                va, vb = fa.get(key, "<absent>"), fb.get(key, "<absent>")
                compared += 1
                if va != vb:
                    mismatches.append({"picture": k, "request": j, "field": key,
                                       names[0]: va, names[1]: vb,
                                       "context": context_of(fa)})

    skipped_a = sum(norm_a.skipped.values())
    print(f"{label}: fields compared {compared}, skipped {skipped_a} ({names[0]} side; "
          f"{names[1]} side {sum(norm_b.skipped.values())})")
    for rule, count in sorted(norm_a.skipped.items()):
        print(f"{label}:   skipped {count:6d}  {rule}"
              f"{'' if norm_b.skipped[rule] == count else f' ({names[1]}: {norm_b.skipped[rule]})'}")
    by_field = collections.Counter(re.sub(r"\[\d+\]", "[]", m["field"]) for m in mismatches)
    print(f"{label}: mismatches {len(mismatches)}")
    for field, count in by_field.most_common():
        print(f"{label}:   {count:6d}  {field}")
    for m in mismatches[:args.max]:
        print(f"{label}: MISMATCH picture {m['picture']} request {m['request']} "
              f"{m['field']}: {names[0]}={m[names[0]]!r} {names[1]}={m[names[1]]!r} "
              f"[{m['context']}]")
    for p in problems:
        print(f"{label}: FAIL {p}")
    if bare_a or bare_b:
        print(f"{label}: OUTPUT completions without controls (returned undecoded): "
              f"{names[0]} {bare_a}, {names[1]} {bare_b}")
    ok = not mismatches and not problems
    print(f"{label}: {'PASS' if ok else 'FAIL'} pictures {len(pics_a)}/{len(pics_b)} "
          f"requests {len(req_a)}/{len(req_b)} compared {compared} skipped {skipped_a} "
          f"mismatches {len(mismatches)}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"label": label, "pictures": [len(pics_a), len(pics_b)],
                       "requests": [len(req_a), len(req_b)], "compared": compared,
                       "skipped": dict(norm_a.skipped), "mismatches": mismatches,
                       "problems": problems}, f, indent=1, default=str)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
