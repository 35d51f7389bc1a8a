#!/usr/bin/env python3
"""Runs one command and prints what it cost as one JSON line: user and system CPU seconds,
wall seconds, peak RSS (KiB) and exit status, from wait4()'s rusage of that child alone."""
import json
import os
import sys
import time

argv = sys.argv[1:]
start = time.monotonic()
pid = os.fork()
if pid == 0:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    try:
        os.execvp(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
print(json.dumps({
    "user": usage.ru_utime, "sys": usage.ru_stime, "wall": time.monotonic() - start,
    "maxrss_kib": usage.ru_maxrss, "status": os.waitstatus_to_exitcode(status),
}))
