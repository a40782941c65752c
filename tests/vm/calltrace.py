#!/usr/bin/env python3
"""core2 bt's trace of the crashed CPU (or of the task that crashed) against
the Call Trace the kernel printed when it panicked.

  python3 calltrace.py LOG BT_JSON [BT_TEXT]

LOG is `core2 dmesg`'s text (the dump's own log); BT_JSON the output of
`core2 -j bt` (one trace), `bt -a` (the crashed CPU's is taken: the CPU the
log's "CPU: N ... PID: P Comm:" line names) or `bt PID...` (the crashing
task's, P); BT_TEXT, when given, the same run's text output, whose frames
for that trace must be the JSON's. The kernel's frames are those of its
last Call Trace without '?'; core2's must equal them from the first
function both list (its offset differs: the kernel printed it from its call
to dump_stack, core2 from its call to __crash_kexec) down, and the walk must
end normally. Prints one line saying what matched; exits 1 with the
difference otherwise. When the log shows an oops (a kernel RIP line
before that Call Trace), core2's first frame must be that RIP exactly."""
import json
import os
import re
import sys


def kernel_trace(path):
    log = open(path, encoding="utf-8", errors="replace").read().splitlines()
    # x86 prints "Call Trace:", arm64 "Call trace:".
    start = max(i for i, l in enumerate(log) if l.endswith("] Call Trace:") or l.endswith("] Call trace:"))
    cpu = pid = rip = None
    frame = re.compile(r"^ ([A-Za-z0-9_.$]+)\+(0x[0-9a-f]+)/(0x[0-9a-f]+)( \[[^\]]+\])?$")
    for l in reversed(log[:start]):
        m = re.search(r" CPU: (\d+) (?:UID: \d+ )?PID: (\d+) Comm: ", l)
        if m:
            cpu, pid = int(m.group(1)), int(m.group(2))
            break
        # An oops prints the faulting kernel pc (code segment 0010) between
        # its CPU line and its Call Trace; a panic's dump_stack does not.
        m = re.search(r"\] RIP: 0010:(.*)$", l)
        if m and frame.match(" " + m.group(1)):
            rip = m.group(1)
    kernel = []
    for l in log[start + 1:]:
        text = re.sub(r"^\[[^\]]*\] (\[[^\]]*\] )?", "", l)
        if text.startswith(" ? ") or text.strip() in ("<TASK>", "<IRQ>", "</IRQ>", "<NMI>", "</NMI>"):
            continue
        m = frame.match(text)
        if not m:
            break
        kernel.append(text.strip())
    return kernel, cpu, pid, rip


def text_frames(path, row):
    """The frames of one trace in bt's text output: the block whose header
    names the row's task (PID: P) or CPU (CPU: N), or the whole file when
    it holds one trace."""
    blocks, cur = [], None
    for l in open(path, encoding="utf-8", errors="replace"):
        if l.startswith("PID: ") or l.startswith("CPU: "):
            cur = [l, []]
            blocks.append(cur)
        elif cur and re.match(r"^ #\d+ ", l):
            cur[1].append(" ".join(l.split()[2:]))
    if len(blocks) == 1:
        return blocks[0][1]
    if row.get("pid") is not None:
        want = "PID: %d " % row["pid"]
    else:
        want = "CPU: %d " % row["cpu"]
    hit = [b for b in blocks if b[0].startswith(want)]
    assert len(hit) == 1, "%d text traces start with %r" % (len(hit), want)
    return hit[0][1]


# The kernel names a return address as it is (%pS): after a call that ends
# its function (a call to a noreturn function such as panic) that is the
# next function's +0x0; core2 names the call's function, at its end
# (func+0x20/0x20). Both are one address when the guest's /proc/kallsyms
# (CALLTRACE_KALLSYMS, optional) places the next function right there.
_addrs = None


def same_address(kernel_frame, core2_frame):
    global _addrs
    path = os.environ.get("CALLTRACE_KALLSYMS")
    k = re.match(r"^([^+]+)\+0x0/0x[0-9a-f]+$", kernel_frame)
    c = re.match(r"^([^+]+)\+(0x[0-9a-f]+)/(0x[0-9a-f]+)$", core2_frame or "")
    if not (path and k and c and c.group(2) == c.group(3)):
        return False
    if _addrs is None:
        _addrs = {}
        for line in open(path):
            f = line.split()
            if len(f) == 3:
                _addrs.setdefault(f[2], set()).add(int(f[0], 16))
    end = {a + int(c.group(2), 16) for a in _addrs.get(c.group(1), ())}
    return bool(end & _addrs.get(k.group(1), set()))


def main():
    kernel, cpu, pid, rip = kernel_trace(sys.argv[1])
    rows = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
    assert rows, "no trace in %s" % sys.argv[2]
    if len(rows) > 1:
        rows = [r for r in rows if (r.get("pid") == pid if "pid" in r else r.get("cpu") == cpu)]
        assert len(rows) == 1, "%d traces of CPU %s / PID %s (the log's panic line)" % (len(rows), cpu, pid)
    row = rows[0]
    if "pid" in row:
        assert row["pid"] == pid, "the trace is PID %s's, the log's panic names PID %s" % (row["pid"], pid)
    ours = [f["symbol"] for f in row["frames"]]
    if rip:
        # An oops: the dump holds the faulting registers, so the first
        # frame is the faulting function at the very offset printed.
        assert ours and ours[0] == rip, "the oops's RIP is %s, core2's first frame %s" % (rip, ours[:1])
        kernel = [rip] + kernel
    fn = lambda s: (s or "").split("+")[0]
    common = [i for i, k in enumerate(kernel) if fn(k) in [fn(o) for o in ours]]
    assert common, "no function in common: kernel %s, core2 %s (%s)" % (kernel, ours, row.get("end"))
    i = common[0]
    j = [fn(o) for o in ours].index(fn(kernel[i]))
    assert len(kernel) - i >= 3, "too short a common trace: %s" % kernel[i:]
    same = lambda k, o: k == o or same_address(k, o)
    assert len(kernel) - i == len(ours) - j and all(same(k, o) for k, o in zip(kernel[i + 1:], ours[j + 1:])), \
        "kernel %s\ncore2  %s" % (kernel[i:], ours[j:])
    assert row["complete"], "the walk did not end normally: %s" % row["end"]
    if len(sys.argv) > 3:
        text = text_frames(sys.argv[3], row)
        assert text == ours, "text %s vs json %s" % (text, ours)
    who = "PID %s" % row["pid"] if "pid" in row else "CPU %s" % row["cpu"]
    moved = sum(k != o for k, o in zip(kernel[i + 1:], ours[j + 1:]))
    print("%s: %d frames equal from %s down (core2 frame %d of %d)%s%s, ended: %s"
          % (who, len(kernel) - i - 1, fn(kernel[i]), j, len(ours),
             ", the first at the oops's RIP" if rip else "",
             ", %d of them the kernel names by the next function at the same address" % moved if moved else "",
             row["end"]))


if __name__ == "__main__":
    try:
        main()
    except (AssertionError, OSError, ValueError, KeyError) as e:
        print(e)
        sys.exit(1)
