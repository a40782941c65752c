#!/bin/sh
# Judge core2 dentries results (made by tests/vm/queries.sh) against the
# guest's workload: truth/created-paths.0 (every path of the tree under
# /data/tree) and truth/negative-paths.0 (missing names looked up there).
#   sh check-dentries.sh RESULTDIR TRUTHDIR LABEL [UNFILTERED_RESULTDIR]
# UNFILTERED_RESULTDIR: the same queries on an unfiltered dump of the same
# crash (vmcore.full.elf); a path missing here but listed there was left out
# by makedumpfile, not lost by core2, and is reported as such.
# The queries judged (NAME: arguments); each walks the whole cache, so they
# are few (the in-guest runs share one time bound):
#   dentries-json       -j dentries                 (hash walk, every dentry)
#   dentries-tree-json  -j dentries --tree          (tree walk, every dentry)
#   dentries-text       dentries --under /data/tree
#   dentries-neg0       dentries -n -0 --under /data/tree
#   dentries-pos0       dentries -p -0 --under /data/tree/odd
#   dentries-stats      dentries -s
#   dentries-stats-json -j dentries -s
#   dentries-limit      dentries -l 5
. "$(dirname "$0")/../lib.sh"
r=$1 truth=$2 label=$3 ref=${4:-}

if [ ! -d "$r" ] || [ ! -s "$truth/created-paths.0" ]; then
	fail "$label: dentries: no results in $r or no workload truth in $truth"
	finish
	exit 1
fi

# The judge prints "ok - ..." and "FAIL - ..." lines; they are counted here.
verdicts=$(python3 - "$r" "$truth" "$label" "$ref" <<'PY' 2>&1
import json, os, sys

res, truth, label, ref = sys.argv[1:5]

def rd(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None

def rc(name, base=res):
    v = rd(os.path.join(base, name + ".rc"))
    return v.decode().strip() if v is not None else "missing"

def say(ok, what):
    print(("ok - " if ok else "FAIL - ") + label + ": dentries: " + what)

def err_tail(name):
    v = rd(os.path.join(res, name + ".err")) or b""
    return v[-200:].decode("latin-1").replace("\n", " ")

def sample(s):
    return " ".join(repr(p)[2:-1] for p in sorted(s)[:3])

def split0(v):
    return v.split(b"\0")[:-1] if v.endswith(b"\0") else [x for x in v.split(b"\0") if x]

created = set(split0(rd(os.path.join(truth, "created-paths.0"))))
negative = set(split0(rd(os.path.join(truth, "negative-paths.0")) or b""))

def json_rows(name, base=res):
    """path bytes -> row, or None; JSON strings carry bytes as Latin-1."""
    v = rd(os.path.join(base, name + ".out"))
    if v is None or rc(name, base) != "0":
        return None
    rows = {}
    for line in v.decode("ascii").split("\n")[:-1]:
        r = json.loads(line)
        p = r["path"].encode("latin-1")
        # A path can be listed twice (a mountpoint and the root mounted
        # on it): keep the positive one.
        if p not in rows or rows[p]["negative"]:
            rows[p] = r
    return rows

# Paths this dump lacks but an unfiltered dump of the same crash lists:
# makedumpfile left their pages out, core2 did not lose them.
excused = set()
if ref:
    try:
        here = set(json_rows("dentries-json") or {})
        excused = ((created | negative) - here) & set(json_rows("dentries-json", ref) or {})
    except (ValueError, UnicodeError, KeyError):
        pass

def verdict(what, bad, total):
    lost = [x for x in bad if x not in excused]
    note = " (%d filtered out by makedumpfile: in the unfiltered dump only)" % (len(bad) - len(lost)) \
        if len(bad) > len(lost) else ""
    say(not lost, "%s (%d)%s%s" % (what, total, note,
                                   ": %d wrong, e.g. %s" % (len(lost), sample(lost)) if lost else ""))

# Both walks: every created path positive, every looked-up missing name
# negative, bytes exact.
rows = {}
# DEFAULT_WALK names what dentries does without --tree or --hash: the
# hash walk, unless the kernel's symbols lack the hash table.
default_walk = os.environ.get("DEFAULT_WALK") or "hash walk"
for walk, q in ((default_walk, "dentries-json"), ("tree walk", "dentries-tree-json")):
    try:
        got = json_rows(q)
    except (ValueError, UnicodeError, KeyError) as e:
        say(False, "%s: not valid JSON lines: %s" % (walk, e))
        continue
    if got is None:
        say(False, "%s: exit %s: %s" % (walk, rc(q), err_tail(q)))
        continue
    rows[walk] = got
    keys_ok = all({"path", "negative", "fstype", "reachable", "address"} <= set(r) and
                  (r["negative"] or ("ino" in r and "mode" in r)) for r in got.values())
    say(keys_ok, "%s: JSON objects with path, negative, ino and mode, fstype (%d paths)" % (walk, len(got)))
    verdict("%s: every created path listed, positive, on ext4" % walk,
            [c for c in created if c not in got or got[c]["negative"] or got[c]["fstype"] != "ext4"],
            len(created))
    verdict("%s: every looked-up missing path listed as negative" % walk,
            [c for c in negative if c not in got or not got[c]["negative"]], len(negative))
    dirs = [c for c in created if c in got and not got[c]["negative"] and got[c]["mode"] & 0o170000 == 0o040000]
    # Fewer than expected: the directories the unfiltered dump of the same
    # crash shows must be here too, or filtered out by makedumpfile.
    ref_got = json_rows(q, ref) if ref and len(dirs) <= 100 else None
    if ref_got:
        ref_dirs = [c for c in created if c in ref_got and not ref_got[c]["negative"] and
                    ref_got[c]["mode"] & 0o170000 == 0o040000]
        verdict("%s: directories have a directory mode" % walk,
                [c for c in ref_dirs if c not in set(dirs)] + ([b"(too few in the unfiltered dump)"] if len(ref_dirs) <= 100 else []),
                len(ref_dirs))
    else:
        say(len(dirs) > 100, "%s: directories have a directory mode (%d)" % (walk, len(dirs)))

def under(paths, top):
    return {p for p in paths if p == top or p.startswith(top + b"/")}

h = rows.get(default_walk)

# Text: "pos INO MODE FSTYPE PATH" / "neg - - FSTYPE PATH", the path escaped:
# printable ASCII as is, \\ for a backslash, \n, \t, any other byte \xNN.
def escape(b):
    out = []
    for c in b:
        if c == 0x0a: out.append("\\n")
        elif c == 0x09: out.append("\\t")
        elif c == 0x5c: out.append("\\\\")
        elif c < 0x20 or c >= 0x7f: out.append("\\x%02x" % c)
        else: out.append(chr(c))
    return "".join(out)

t = rd(os.path.join(res, "dentries-text.out"))
if rc("dentries-text") != "0" or t is None:
    say(False, "text: exit %s: %s" % (rc("dentries-text"), err_tail("dentries-text")))
else:
    say(all(0x20 <= c < 0x7f or c == 0x0a for c in t), "text output is printable ASCII")
    got, bad = {}, []
    for line in t.decode("ascii", "replace").split("\n")[:-1]:
        f = line.split(" ", 4)
        if len(f) != 5 or not ((f[0] == "neg" and f[1:3] == ["-", "-"]) or
                               (f[0] == "pos" and f[1].isdigit() and f[2].isdigit())):
            bad.append(line)
            continue
        got.setdefault(f[4], set()).add(f[0] + " " + f[3])
    say(not bad, "text lines are \"pos INO MODE FSTYPE PATH\" or \"neg - - FSTYPE PATH\"%s"
        % (": " + bad[0][:100] if bad else ""))
    verdict("text: every created path, escaped, as pos on ext4",
            [c for c in created if "pos ext4" not in got.get(escape(c), ())], len(created))
    verdict("text: every missing path, escaped, as neg on ext4",
            [c for c in negative if "neg ext4" not in got.get(escape(c), ())], len(negative))
    odd = [c for c in created | negative if any(x < 0x20 or x >= 0x7f or x == 0x5c for x in c)]
    verdict("text: paths with newlines, tabs, backslashes, UTF-8 and non-UTF-8 bytes escaped exactly",
            [c for c in odd if escape(c) not in got], len(odd))
    if h is not None:
        want = {escape(p) for p in under(h, b"/data/tree")}
        say(set(got) == want, "text --under /data/tree: the same paths as the JSON hash walk (%d, %d)"
            % (len(got), len(want)))

# -0 with -n and -p: raw bytes, the same sets as the JSON walk.
for q, top, neg in (("dentries-neg0", b"/data/tree", True), ("dentries-pos0", b"/data/tree/odd", False)):
    v = rd(os.path.join(res, q + ".out"))
    if rc(q) != "0" or v is None or h is None:
        say(False, "%s: exit %s: %s" % (q, rc(q), err_tail(q)))
        continue
    got = split0(v)
    want = {p for p in under(h, top) if h[p]["negative"] == neg}
    # Few entries there: only when the unfiltered dump of the same crash has
    # them and makedumpfile left them out here.
    few = ""
    if len(want) <= 50 and ref:
        rh = json_rows("dentries-json", ref) or {}
        rwant = {p for p in under(rh, top) if rh[p]["negative"] == neg}
        if len(rwant) > 50 and all(p not in h for p in rwant - want):
            few = " (%d filtered out by makedumpfile: in the unfiltered dump only)" % len(rwant - want)
    say(set(got) == want and len(got) == len(set(got)) and (len(want) > 50 or few),
        "%s -0 --under %s: exactly the JSON walk's %s entries there, raw bytes (%d, %d)%s"
        % ("-n" if neg else "-p", top.decode(), "negative" if neg else "positive", len(set(got)), len(want), few))

# Statistics: the totals agree with the lists, per filesystem and per directory.
s, sj = rd(os.path.join(res, "dentries-stats.out")), rd(os.path.join(res, "dentries-stats-json.out"))
if rc("dentries-stats") != "0" or rc("dentries-stats-json") != "0" or s is None or sj is None:
    say(False, "stats: exit %s/%s" % (rc("dentries-stats"), rc("dentries-stats-json")))
else:
    try:
        o = json.loads(sj)
        ext4 = [f for f in o["filesystems"] if f["type"] == "ext4"]
        say(o["dentries"] == o["positive"] + o["negative"] and
            sum(f["positive"] + f["negative"] for f in o["filesystems"]) == o["dentries"],
            "stats: per-filesystem counts add up to the %d dentries" % o["dentries"])
        want_pos, want_neg = len(created - excused), len(negative - excused)
        fs, how = ext4, ""
        if not ext4 and ref:
            # A filtered dump can lack the page naming the filesystem type:
            # then its dentries count under "?", and the unfiltered dump of
            # the same crash must show them as ext4.
            r = rd(os.path.join(ref, "dentries-stats-json.out"))
            rext4 = [f for f in json.loads(r)["filesystems"] if f["type"] == "ext4"] if r else []
            if rext4 and rext4[0]["positive"] >= len(created) and rext4[0]["negative"] >= len(negative):
                fs = [f for f in o["filesystems"] if f["type"] == "?"]
                how = " (the type is unreadable here: \"?\" holds %s; ext4 in the unfiltered dump)" % (
                    ", ".join("%d positive and %d negative" % (f["positive"], f["negative"]) for f in fs) or "none")
        say(any(f["positive"] >= want_pos and f["negative"] >= want_neg for f in fs),
            "stats: ext4 has at least the workload's %d positive and %d negative dentries%s"
            % (want_pos, want_neg, how))
        # The workload directory holding the most entries.
        per_dir = {}
        for x in created | negative:
            d = x.rsplit(b"/", 1)[0]
            per_dir[d] = per_dir.get(d, 0) + 1
        top = max(per_dir.values())
        dirs = o["directories"]
        say(bool(dirs) and dirs[0]["dentries"] >= top - len(excused) and
            all(dirs[i]["dentries"] >= dirs[i + 1]["dentries"] for i in range(len(dirs) - 1)),
            "stats: top directories sorted, the first with at least %d dentries" % top)
        text = s.decode("ascii")
        if os.environ.get("DENTRIES_LIVE"):
            # A running kernel's dcache changes between the two runs: the
            # figures must be close, not equal.
            import re
            def num(key):
                m = re.search(r"^%s (\d+)$" % key, text, re.M)
                return int(m.group(1)) if m else -1
            say(all(abs(num(k) - o[k]) <= max(50, o[k] // 20) for k in ("dentries", "negative")),
                "stats: text and JSON agree within the churn of a live kernel")
        else:
            say(("dentries %d\n" % o["dentries"]) in text and ("negative %d\n" % o["negative"]) in text and
                ("directory %d " % dirs[0]["dentries"]) in text,
                "stats: text and JSON agree")
    except (ValueError, KeyError, IndexError) as e:
        say(False, "stats -j: not the expected JSON: %s" % e)

lim = rd(os.path.join(res, "dentries-limit.out"))
say(rc("dentries-limit") == "0" and lim is not None and lim.count(b"\n") == 5, "-l 5 prints 5 dentries")

# Skips: a dump of a quiet kernel should need none; say what there was.
e = (rd(os.path.join(res, "dentries-json.err")) or b"").decode("latin-1").strip()
print("# %s: dentries: stderr of the hash walk: %s" % (label, e[:300] or "(empty)"))
PY
)
echo "$verdicts"
T_PASS=$((T_PASS + $(printf '%s\n' "$verdicts" | grep -c '^ok - ')))
T_FAIL=$((T_FAIL + $(printf '%s\n' "$verdicts" | grep -c '^FAIL - ')))
case $verdicts in
*"ok - "* | *"FAIL - "*) ;;
*) fail "$label: dentries: the judge failed: $(printf '%s' "$verdicts" | tail -3)" ;;
esac
finish
