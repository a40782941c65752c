#!/usr/bin/env python3
"""Usage: qemu.py --timeout SECS --log FILE [--dump FILE] [--times FILE] -- QEMU ARGS...

Runs one guest cycle under a time bound. The guest's serial console is QEMU's
stdio: every byte goes to --log; lines "CORE2:WORD ..." from tests/vm/init.sh
drive the run:
  QEMU-DUMP  the guest waits: dump its memory (--dump) through QMP, then send "go"
  SYSRQ-BREAK  send a break (QMP chardev-send-break on the console's
             character device) and "c": Linux's magic SysRq crash, from the
             UART's interrupt
  DONE       success once QEMU exits
  FAIL ...   failure
Exits 0 on success; otherwise prints the tail of the console and exits 1, also
when the guest hangs past --timeout or QEMU exits without DONE.
"""
import argparse
import json
import os
import re
import select
import socket
import subprocess
import sys
import tempfile
import time

MARK = re.compile(rb"CORE2:([A-Z-]+)(.*)")


def qmp(path, command, arguments, timeout):
    """One QMP command on a fresh connection; returns its 'return' value."""
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(timeout)
        s.connect(path)
        f = s.makefile("rwb")

        def call(cmd, args=None):
            f.write(json.dumps({"execute": cmd, "arguments": args or {}}).encode() + b"\n")
            f.flush()
            while True:  # skip asynchronous events
                reply = json.loads(f.readline())
                if "return" in reply:
                    return reply["return"]
                if "error" in reply:
                    raise RuntimeError(f"{cmd}: {reply['error']}")

        json.loads(f.readline())  # greeting
        call("qmp_capabilities")
        return call(command, arguments)


def tail(path, n=40):
    with open(path, "rb") as f:
        lines = f.read().decode("utf-8", "replace").splitlines()
    return "\n".join(lines[-n:])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeout", type=float, required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--dump")
    ap.add_argument("--times")
    ap.add_argument("qemu", nargs="+")
    a = ap.parse_args()

    sockdir = tempfile.mkdtemp(prefix="core2-qmp.")
    sock = os.path.join(sockdir, "qmp")
    argv = a.qemu + ["-qmp", f"unix:{sock},server=on,wait=off"]
    start = time.monotonic()
    deadline = start + a.timeout
    times, failed, done, why = {}, None, False, None
    log = open(a.log, "wb")
    p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    buf = b""
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                why = f"timeout after {a.timeout:.0f} s"
                break
            r, _, _ = select.select([p.stdout], [], [], min(left, 1.0))
            if not r:
                continue
            chunk = os.read(p.stdout.fileno(), 65536)
            if not chunk:
                break
            log.write(chunk)
            log.flush()
            buf += chunk
            *lines, buf = buf.split(b"\n")
            for line in lines:
                m = MARK.search(line)
                if not m:
                    continue
                word, rest = m.group(1).decode(), m.group(2).decode("utf-8", "replace").strip()
                t = time.monotonic() - start
                times.setdefault(word if word not in ("SAVE", "QUERIES") else f"{word} {rest.split()[0]}", round(t, 1))
                print(f"vm: [{t:6.1f}s] {word} {rest}", file=sys.stderr, flush=True)
                if word == "FAIL":
                    failed = rest
                elif word == "DONE":
                    done = True
                elif word == "QEMU-DUMP":
                    if a.dump:
                        t0 = time.monotonic()
                        qmp(sock, "dump-guest-memory",
                            {"paging": False, "protocol": "file:" + os.path.abspath(a.dump)},
                            max(1.0, deadline - time.monotonic()))
                        times["qemu-dump-seconds"] = round(time.monotonic() - t0, 1)
                        print(f"vm: qemu.elf written in {times['qemu-dump-seconds']} s", file=sys.stderr)
                    p.stdin.write(b"go\n")
                    p.stdin.flush()
                elif word == "SYSRQ-BREAK":
                    time.sleep(0.5)
                    left = max(1.0, deadline - time.monotonic())
                    for dev in qmp(sock, "query-chardev", {}, left):
                        if dev.get("filename", "").startswith("stdio"):
                            qmp(sock, "chardev-send-break", {"id": dev["label"]}, left)
                    time.sleep(0.5)
                    p.stdin.write(b"c")
                    p.stdin.flush()
    finally:
        if p.poll() is None:
            p.kill()
        p.wait()
        log.close()
        os.remove(sock) if os.path.exists(sock) else None
        os.rmdir(sockdir)
    times["total"] = round(time.monotonic() - start, 1)
    if a.times:
        with open(a.times, "w") as f:
            json.dump(times, f, indent=1)
    if done and not failed and not why:
        return 0
    why = why or (f"guest failed: {failed}" if failed else f"QEMU exited ({p.returncode}) before the guest was done")
    print(f"vm: {why}; console tail ({a.log}):\n{tail(a.log)}", file=sys.stderr)
    return 1


sys.exit(main())
