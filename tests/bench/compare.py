#!/usr/bin/python3
# Compare one query's output from another tool with core2's, for
# tests/bench/compare.sh:
#   compare.py QUERY CORE2_OUT TOOL TOOL_OUT DIFF_FILE
# Both outputs are parsed into records of named fields; the records are
# projected onto the fields both tools print and compared (in order for the
# kernel log, as multisets otherwise). Prints a one-line verdict for the
# table; writes the differing lines (a unified diff, core2 first) to DIFF_FILE.
# Exit 0 when they agree, 1 when they differ, 2 when an output is unusable.
import difflib
import re
import sys

ORDERED = {"dmesg"}
HEX = re.compile(r"0x[0-9a-f]+|[0-9a-f]{16}")


def hx(s):
    return "%x" % int(s, 16)


def member_name(decl):
    # "struct list_head *next", "char comm[16]", "unsigned int x:1",
    # "unsigned int x : 1", "void (*fn)(int)", "} d_u"
    m = re.search(r"\(\s*\*\s*(\w+)\s*\)", decl)
    if m:
        return m.group(1)
    decl = re.sub(r"\s*:\s*\d+\s*$", "", decl)
    decl = re.sub(r"(\[[^\]]*\])+\s*$", "", decl)
    m = re.search(r"(\w+)\s*$", decl)
    return m.group(1) if m else None


def unescape(s):
    r"""core2's text escaping (\\, \n, \t, \xNN for any other byte that
    is not printable ASCII) back to the bytes, read as drgn reads them
    (UTF-8, errors replaced)."""
    out, i = bytearray(), 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            c = s[i + 1]
            if c == "x" and re.match(r"[0-9a-f]{2}", s[i + 2:i + 4]):
                out.append(int(s[i + 2:i + 4], 16))
                i += 4
                continue
            out += {"n": b"\n", "t": b"\t", "\\": b"\\"}.get(c, ("\\" + c).encode())
            i += 2
            continue
        out += s[i].encode()
        i += 1
    return out.decode(errors="replace")


def dentry(kind, ino, mode, fstype, path):
    pos = kind == "pos"
    return {"kind": kind, "ino": ino if pos else "-", "mode": "%o" % int(mode, 8) if pos else "-",
            "fstype": fstype, "path": path}


# ---- core2 ------------------------------------------------------------------

def core2_struct(lines):
    # pahole-like layout: members of anonymous structs/unions are flattened,
    # members of named ones are not listed on their own.
    stack = [[]]
    total = None
    for l in lines[1:]:
        s = l.strip()
        m = re.search(r"/\*\s*size:\s*(\d+)", s)
        if m:
            total = int(m.group(1))
            continue
        if re.match(r"^(struct|union)\s*(\w+\s*)?\{$", s):
            stack.append([])
            continue
        m = re.match(r"^(.*);\s*/\*\s*(\d+)(?::\s*\d+)?\s+(\d+)\s*\*/$", s)
        if not m:
            continue
        decl, off, size = m.group(1), int(m.group(2)), int(m.group(3))
        if decl.startswith("}"):
            inner = stack.pop()
            if decl.strip() == "}":
                stack[-1].extend(inner)
            else:
                stack[-1].append({"name": member_name(decl), "off": off, "size": size})
            continue
        stack[-1].append({"name": member_name(decl), "off": off, "size": size})
    recs = stack[0]
    if total is not None:
        recs.append({"name": "(struct size)", "off": total, "size": total})
    return recs


def core2(q, text):
    lines = text.splitlines()
    if q == "sym":
        a, t, n = lines[0].split()[:3]
        return [{"addr": hx(a), "type": t, "name": n}]
    if q == "symr":
        m = re.match(r"^(\S+)\+0x([0-9a-f]+)/0x([0-9a-f]+)", lines[0])
        return [{"name": m.group(1), "off": hx(m.group(2)), "size": hx(m.group(3))}]
    if q == "struct":
        return core2_struct(lines)
    if q == "offset":
        m = re.search(r"offset (\d+), size (\d+)", lines[0])
        return [{"off": int(m.group(1)), "size": int(m.group(2))}]
    if q == "cmdline":
        return [{"text": text.rstrip("\n")}]
    if q == "dmesg":
        out = []
        for l in lines:
            # drop the caller column ("[      T0] ") and continuation indents
            l = re.sub(r"^(\[[ 0-9.]+\]) \[ *[TC]\d+\]", r"\1", l)
            out.append({"line": l.strip() if not l.startswith("[") else l.rstrip()})
        return out
    if q == "ps":
        out = []
        for l in lines[1:]:
            f = l.split(None, 6)
            out.append({"pid": f[0], "tgid": f[1], "ppid": f[2], "state": f[3], "cpu": f[4],
                        "task": hx(f[5]), "comm": unescape(f[6]) if len(f) > 6 else ""})
        return out
    if q == "dentries":
        out = []
        for l in lines:
            f = l.split(" ", 4)
            out.append(dentry(f[0], f[1], f[2], f[3], f[4]))
        return out
    raise ValueError(q)


# ---- drgn (tests/bench/drgn_queries.py) -------------------------------------

def drgn(q, text):
    lines = text.splitlines()
    if q == "sym":
        a, n = lines[0].split()[:2]
        return [{"addr": hx(a), "name": n}]
    if q == "symr":
        return core2("symr", text)
    if q == "struct":
        out = []
        for l in lines:
            f = l.split()
            if f[0] == "size":
                out.append({"name": "(struct size)", "off": int(f[1]), "size": int(f[1])})
            else:
                out.append({"name": f[2], "off": int(f[0]), "size": int(f[1])})
        return out
    if q == "offset":
        o, s = lines[0].split()
        return [{"off": int(o), "size": int(s)}]
    if q == "cmdline":
        return [{"text": text.rstrip("\n")}]
    if q == "dmesg":
        return [{"line": l.strip() if not l.startswith("[") else l.rstrip()} for l in lines]
    if q == "ps":
        out = []
        for l in lines:
            f = l.split(None, 6)
            out.append({"pid": f[0], "tgid": f[1], "ppid": f[2], "state": f[3], "cpu": f[4],
                        "task": hx(f[5]), "comm": f[6] if len(f) > 6 else ""})
        return out
    if q == "dentries":
        out = []
        for l in lines:
            f = l.split(" ", 5)
            out.append(dentry(f[0], f[1], f[2], f[3], f[5]))
        return out
    raise ValueError(q)


# ---- crash ------------------------------------------------------------------

CRASH_ST = {"RU": "R", "IN": "S", "UN": "D", "ST": "T", "TR": "t", "ZO": "Z",
            "DE": "X", "ID": "I", "PA": "P", "WA": "W", "NE": "N", "SW": "W"}


def crash(q, text):
    lines = [l for l in text.splitlines() if not l.startswith("WARNING:")]
    while lines and not lines[0].strip():
        lines.pop(0)
    if q == "sym":
        m = re.match(r"^([0-9a-f]+) \((\w)\) (\S+)", lines[0])
        return [{"addr": hx(m.group(1)), "type": m.group(2), "name": m.group(3)}]
    if q == "symr":
        m = re.match(r"^[0-9a-f]+ \(\w\) ([^\s+]+)(?:\+(\d+))?", lines[0])
        return [{"name": m.group(1), "off": "%x" % int(m.group(2) or 0)}]
    if q == "struct":
        out = []
        for l in lines[1:]:
            m = re.match(r"^\s*SIZE:\s*(\d+)", l)
            if m:
                n = int(m.group(1))
                out.append({"name": "(struct size)", "off": n})
                continue
            m = re.match(r"^\s*\[(\d+)\]\s*(.*);\s*$", l)
            if m:  # members of named nested aggregates carry no offset
                out.append({"name": member_name(m.group(2)), "off": int(m.group(1))})
        return out
    if q == "offset":
        for l in lines:
            m = re.match(r"^\s*\[(\d+)\]", l)
            if m:
                return [{"off": int(m.group(1))}]
        raise ValueError("no offset")
    if q == "cmdline":
        s = "\n".join(lines)
        return [{"text": s[s.index('"') + 1:s.rindex('"')]}]
    if q == "dmesg":
        return [{"line": l.strip() if not l.startswith("[") else l.rstrip()} for l in lines]
    if q == "ps":
        out = []
        for l in lines:
            if "PID" in l and "COMM" in l:
                continue
            f = l.lstrip(">").split(None, 8)
            if len(f) < 9:
                continue
            comm = f[8]
            if comm.startswith("[") and comm.endswith("]"):
                comm = comm[1:-1]
            out.append({"pid": f[0], "ppid": f[1], "cpu": f[2], "task": hx(f[3]),
                        "state": CRASH_ST.get(f[4], f[4]), "comm": comm})
        return out
    raise ValueError(q)


def project(recs, fields):
    return ["  ".join("%s=%s" % (f, r[f]) for f in fields) for r in recs]


# ---- stack traces of every CPU (bt -a) ----------------------------------------

def traces(tool, text):
    """{cpu: [(pc, function), ...]} from core2's bt -a, drgn's q_bta or
    crash's bt -a; markers and registers skipped. Frames are compared by
    pc: the tools name some addresses differently (an inner label such as
    entry_SYSCALL_64_after_hwframe, as kallsyms and the kernel's own traces
    name it, is entry_SYSCALL_64 to an ELF symbol lookup by size)."""
    out, cur = {}, None
    for l in text.splitlines():
        if tool == "drgn":
            m = re.match(r"CPU (\d+): ?(.*)$", l)
            if m:
                out[int(m.group(1))] = [(int(x.split(":", 1)[0], 16), x.split(":", 1)[1]) for x in m.group(2).split()]
            continue
        m = re.match(r"CPU: (\d+)", l) if tool == "core2" else re.match(r"PID: .* CPU: (\d+)", l)
        if m:
            cur = out.setdefault(int(m.group(1)), [])
            continue
        if cur is None:
            continue
        m = re.match(r"^ #\d+  ([0-9a-f]+)  (\S+)", l)
        if tool == "crash":
            m = re.match(r"^ ?#\d+ \[[0-9a-f]+\] (\S+) at ([0-9a-f]+)", l)
            if m:
                cur.append((int(m.group(2), 16), m.group(1)))
        elif m:
            cur.append((int(m.group(1), 16), m.group(2).split("+")[0]))
    return out


def compare_traces(c2file, tool, tfile, dfile):
    """Per CPU, the frames from the first pc both list down must be equal
    (the tools start a trace at different points: core2 at the registers'
    pc or, past a kdump snapshot, the call into __crash_kexec; crash at its
    own guess, e.g. machine_kexec)."""
    a = traces("core2", open(c2file, errors="replace").read())
    b = traces(tool, open(tfile, errors="replace").read())
    if not a or not b:
        print("empty output")
        open(dfile, "w").write("")
        return 2
    show = lambda fr: " ".join("%s@%x" % (n, p) for p, n in fr)
    diff, frames, bad, cpus, failed = [], 0, 0, sorted(set(a) | set(b)), []
    for cpu in cpus:
        x, y = a.get(cpu), b.get(cpu)
        if y and y[0][0] == 0 and y[0][1].startswith("error:"):
            # drgn_queries.py's mark for a CPU the tool could not unwind:
            # nothing to compare, and not a difference of core2's.
            diff.append("CPU %d: %s could not unwind it (%s)" % (cpu, tool, y[0][1][len("error:"):]))
            failed.append(cpu)
            continue
        if x is None or y is None:
            diff.append("CPU %d: only in %s" % (cpu, "core2" if y is None else tool))
            bad += 1
            continue
        xp = [p for p, _ in x]
        common = [i for i, (p, _) in enumerate(y) if p in xp]
        if not common:
            diff.append("CPU %d: no pc in common: core2 %s; %s %s" % (cpu, show(x), tool, show(y)))
            bad += 1
            continue
        tx, ty = x[xp.index(y[common[0]][0]):], y[common[0]:]
        if [p for p, _ in tx] != [p for p, _ in ty]:
            diff.append("-CPU %d: core2 %s" % (cpu, show(tx)))
            diff.append("+CPU %d: %s %s" % (cpu, tool, show(ty)))
            bad += 1
        else:
            frames += len(tx)
    open(dfile, "w").write("\n".join(diff) + ("\n" if diff else ""))
    fails = "; %s failed on CPU %s" % (tool, ", ".join(map(str, failed))) if failed else ""
    if not bad and len(failed) < len(cpus):
        print("same (%d CPUs, %d frames equal by pc from each trace's first common one%s)"
              % (len(cpus) - len(failed), frames, fails))
        return 0
    if not bad:
        print("%s failed on every CPU" % tool)
        return 2
    print("DIFFERS on %d of %d CPUs (%d frames equal on the others%s)" % (bad, len(cpus), frames, fails))
    return 1


def main():
    q, c2file, tool, tfile, dfile = sys.argv[1:6]
    if q == "bta":
        return compare_traces(c2file, tool, tfile, dfile)
    parse = {"drgn": drgn, "crash": crash}[tool]
    try:
        a = core2(q, open(c2file, errors="replace").read())
        b = parse(q, open(tfile, errors="replace").read())
    except Exception as e:  # noqa: BLE001 - any parse failure is "unusable"
        print("unparsable output (%s)" % e)
        open(dfile, "w").write("could not parse: %r\n" % e)
        return 2
    if not a or not b:
        print("empty output")
        open(dfile, "w").write("")
        return 2
    fields = [f for f in a[0] if f in b[0]]
    note = ""
    if q == "symr" and "size" in fields and a[0]["size"] != b[0]["size"]:
        # core2 prints the kernel's own size (distance to the next kallsyms
        # symbol, as %pS does); drgn prints the ELF symbol's st_size.
        note = "; size 0x%s (kallsyms, as %%pS) vs ELF st_size 0x%s" % (a[0]["size"], b[0]["size"])
        fields.remove("size")
    pa, pb = project(a, fields), project(b, fields)
    if q not in ORDERED:
        pa, pb = sorted(pa), sorted(pb)
    diff = list(difflib.unified_diff(pa, pb, "core2", tool, n=0, lineterm=""))
    open(dfile, "w").write("\n".join(diff) + ("\n" if diff else ""))
    what = "%d record%s, fields %s" % (len(a), "" if len(a) == 1 else "s", ",".join(fields))
    if not diff:
        print("same (%s%s)" % (what, note))
        return 0
    only_a = sum(1 for l in diff if l.startswith("-") and not l.startswith("---"))
    only_b = sum(1 for l in diff if l.startswith("+") and not l.startswith("+++"))
    print("DIFFERS: %d only in core2, %d only in %s (%s%s)" % (only_a, only_b, tool, what, note))
    return 1


if __name__ == "__main__":
    sys.exit(main())
