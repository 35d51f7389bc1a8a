#!/usr/bin/env python3
"""An independent race check: no CAPTURE buffer is queued to the decoder between the attach
of its wl_buffer and the compositor's matching release.

It reads one `strace -f -y -X verbose -e trace=ioctl,write,fcntl` log of a player run with
WAYLAND_DEBUG=1, so the protocol messages (written to stderr) and the ioctls are in one
ordered stream. It uses none of the player's own bookkeeping:
  - `fcntl(<fd></dmabuf:capture:I:P>, F_DUPFD_CLOEXEC, ...) = D` is libwayland duplicating
    a dmabuf to send it; the kernel-side name carries the V4L2 index I (named at export);
  - `zwp_linux_buffer_params_v1@X.add(fd D, ...)` puts that buffer in params X;
  - `...@X.created(new id wl_buffer@Y)` or `...@X.create_immed(new id wl_buffer@Y, ...)`
    makes wl_buffer Y the CAPTURE buffer I;
  - `wl_surface@S.attach(wl_buffer@Y, ...)` starts a hold, `wl_buffer@Y.release()` ends it;
  - `ioctl(..., VIDIOC_QBUF, {type=...CAPTURE..., index=I, ...})` while I is held is a race.
Usage: check_release_race.py STRACE_LOG [MIN_ATTACHES]
"""
import re
import sys

LINE = re.compile(r'^(?:\d+\s+)?(?P<call>\w+)\((?P<args>.*)\)\s+=\s+(?P<ret>.*)$')
WRITE2 = re.compile(r'^2(?:<[^>]*>)?, "(?P<text>(?:[^"\\]|\\.)*)"')
DUP = re.compile(r'</dmabuf:capture:(\d+):(\d+)>.*F_DUPFD_CLOEXEC')
RET_FD = re.compile(r'^(\d+)')
QBUF_CAPTURE = re.compile(r'VIDIOC_QBUF.*type=[^,]*CAPTURE[^,]*, index=(\d+)')
ADD = re.compile(r'zwp_linux_buffer_params_v1@(\d+)\.add\(fd (\d+),')
CREATED = re.compile(r'zwp_linux_buffer_params_v1@(\d+)\.created\(new id wl_buffer@(\d+)\)')
IMMED = re.compile(r'zwp_linux_buffer_params_v1@(\d+)\.create_immed\(new id wl_buffer@(\d+)')
ATTACH = re.compile(r'-> wl_surface@\d+\.attach\(wl_buffer@(\d+)')
RELEASE = re.compile(r'wl_buffer@(\d+)\.release\(\)')
DESTROY = re.compile(r'-> wl_buffer@(\d+)\.destroy\(\)')


def unescape(text):
    return text.encode("latin-1").decode("unicode_escape")


def main(path, min_attaches):
    dup_index = {}      # dup'd fd -> capture index, until the fd number is reused
    params_index = {}   # params id -> capture index
    buffer_index = {}   # wl_buffer id -> capture index
    held = {}           # capture index -> attach count outstanding
    attaches = releases = qbufs = 0
    races = []
    pending = ""

    def protocol(line):
        nonlocal attaches, releases
        m = ADD.search(line)
        if m and int(m.group(2)) in dup_index:
            params_index[m.group(1)] = dup_index[int(m.group(2))]
            return
        m = CREATED.search(line) or IMMED.search(line)
        if m and m.group(1) in params_index:
            buffer_index[m.group(2)] = params_index[m.group(1)]
            return
        m = ATTACH.search(line)
        if m and m.group(1) in buffer_index:
            index = buffer_index[m.group(1)]
            held[index] = held.get(index, 0) + 1
            attaches += 1
            return
        m = RELEASE.search(line)
        if m and m.group(1) in buffer_index:
            index = buffer_index[m.group(1)]
            held[index] = max(0, held.get(index, 0) - 1)
            releases += 1
            return
        m = DESTROY.search(line)
        if m:
            buffer_index.pop(m.group(1), None)

    with open(path, errors="replace") as f:
        for number, raw in enumerate(f, 1):
            m = LINE.match(raw.strip())
            if not m:
                continue
            call, args, ret = m.group("call"), m.group("args"), m.group("ret")
            if call == "write":
                w = WRITE2.match(args)
                if not w:
                    continue
                pending += unescape(w.group("text"))
                while "\n" in pending:
                    line, pending = pending.split("\n", 1)
                    protocol(line)
            elif call == "fcntl":
                d = DUP.search(args)
                r = RET_FD.match(ret)
                if d and r:
                    dup_index[int(r.group(1))] = int(d.group(1))
            elif call == "ioctl":
                q = QBUF_CAPTURE.search(args)
                if q and ret.startswith("0"):
                    qbufs += 1
                    index = int(q.group(1))
                    if held.get(index, 0) > 0:
                        races.append(f"line {number}: CAPTURE {index} queued while the "
                                     f"compositor holds it")

    print(f"release race: {len(buffer_index)} dmabuf wl_buffers mapped to CAPTURE indices, "
          f"{attaches} attaches, {releases} releases, {qbufs} CAPTURE queueings, "
          f"{len(races)} races")
    for race in races[:20]:
        print("RACE:", race)
    if attaches < min_attaches:
        print(f"FAIL: only {attaches} dmabuf attaches were seen (need {min_attaches}): "
              "the check would be vacuous")
        return 1
    return 1 if races else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10))
