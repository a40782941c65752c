#!/bin/sh
# The layout of every struct and union in a kernel's BTF, as core2 reads it,
# against pahole's reading of the same file; then BTF from a dump's own
# memory against the file.
#   tests/types-vs-pahole.sh FIXTURE_DIR   (FIXTURE/truth/btf, FIXTURE/dumps/*)
# Needs pahole (Debian: dwarves). Prints "ok - ..." / "FAIL - ..." lines.
. "${0%/*}/lib.sh"
F=${1:?usage: $0 FIXTURE_DIR}
C=${CORE2:-${0%/*}/../build/core2}
BTF=$F/truth/btf
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

command -v pahole >/dev/null || { fail "pahole not installed (apt-get install dwarves)"; finish; exit 1; }
[ -r "$BTF" ] || { fail "$BTF: not readable"; finish; exit 1; }
release=$(cat "$F/truth/release" 2>/dev/null || basename "$F")

. "${0%/*}/pahole-layout.sh"
pahole_awk "$W/pahole.awk"

start=$(date +%s)
if ! pahole -F btf "$BTF" 2>"$W/pahole.err" | awk -f "$W/pahole.awk" | normalize | sort -u > "$W/pahole"; then
	fail "$release: pahole failed: $(head -c 300 "$W/pahole.err")"
fi
if ! "$C" --types "$BTF" struct --all 2>"$W/core2.err" | normalize | sort -u > "$W/core2"; then
	fail "$release: core2 struct --all failed: $(head -c 300 "$W/core2.err")"
fi
n_pahole=$(wc -l < "$W/pahole")
n_core2=$(wc -l < "$W/core2")
if [ "$n_pahole" -lt 1000 ] || [ "$n_core2" -lt 1000 ]; then
	fail "$release: too few layouts to compare (pahole $n_pahole, core2 $n_core2): a tool failed?"
fi
unparsed=$(grep -c '^UNPARSED' "$W/pahole")
if [ "$unparsed" -ne 0 ]; then
	fail "$release: $unparsed pahole lines not understood by this script: $(grep '^UNPARSED' "$W/pahole" | head -3)"
fi

# pahole prints one of several same-named structs when their sizes agree,
# so: every layout pahole prints must be one core2 prints, and every name
# core2 prints must be one pahole prints.
comm -23 "$W/pahole" "$W/core2" | grep -v '^UNPARSED' > "$W/missing.all"
# Two ways the newest pahole misprints BTF, both met in arm64 6.1's BTF, are
# told apart from core2 errors here, each difference checked on its own:
#  - a member whose type is a qualified anonymous struct ("const struct
#    {...} bits;" in the kernel's gpcv2.c) loses its name ("};"): accepted
#    when bpftool's raw dump of the same BTF names that member, at that bit
#    offset of that struct, as core2 does;
#  - a pointer to a qualified function type is printed "T ()(ARGS) *": the
#    same type as core2's "T (*)(ARGS)", return type and arguments equal.
# Every other difference stays a failure (in $W/missing).
if [ -s "$W/missing.all" ] && command -v bpftool >/dev/null; then
	bpftool btf dump file "$BTF" format raw >"$W/raw" 2>/dev/null
fi
python3 - "$W/missing.all" "$W/core2" "$W/raw" "$W/missing" "$W/explained" <<'PY'
import re, sys
missing, core2, raw, out, explained = sys.argv[1:]
def fields(line):
    return [f.strip() for f in line.rstrip("\n").split("|")]
mine = {}
for line in open(core2):
    f = fields(line)
    mine.setdefault(f[0], []).append(f)
members = {}  # (kind, name) -> {(member, bit offset)}
try:
    cur = None
    for line in open(raw):
        m = re.match(r"\[\d+\] (STRUCT|UNION) '([^']*)' ", line)
        if m:
            cur = members.setdefault((m.group(1).lower(), m.group(2)), set())
            continue
        m = re.match(r"\t'([^']*)' type_id=\d+ bits_offset=(\d+)", line)
        if m and cur is not None:
            cur.add((m.group(1), int(m.group(2))))
        elif not line.startswith("\t"):
            cur = None
except FileNotFoundError:
    pass
def why(head, p, c):
    pp, cc = p.split(" ", 5), c.split(" ", 5)
    if len(pp) < 6 or len(cc) < 6:
        return None
    if pp[1] == "-" and cc[1] != "-" and pp[0] == cc[0] == "0" and pp[2:] == cc[2:]:
        kind, name = head.split()[:2]
        if (cc[1], int(cc[2])) in members.get((kind, name), ()):
            return "%s %s.%s: pahole prints no name, bpftool's raw BTF names it as core2 does" % (kind, name, cc[1])
    m = re.fullmatch(r"(.*)\(\)(\(.*\))\*", pp[5])
    if m and pp[:5] == cc[:5] and cc[5] == m.group(1) + "(*)" + m.group(2):
        return "%s.%s: pahole writes a pointer to a qualified function as %s" % (head.split()[1], pp[1], pp[5])
    return None
with open(out, "w") as bad, open(explained, "w") as ok:
    for line in open(missing):
        p = fields(line)
        notes = None
        for c in mine.get(p[0], []):
            if len(c) != len(p):
                continue
            n = [why(p[0], a, b) for a, b in zip(p, c) if a != b]
            if n and all(n):
                notes = n
                break
        if notes:
            ok.write("; ".join(notes) + "\n")
        else:
            bad.write(line)
PY
cut -d' ' -f1,2 "$W/pahole" | sort -u > "$W/pahole.names"
cut -d' ' -f1,2 "$W/core2" | sort -u > "$W/core2.names"
comm -13 "$W/pahole.names" "$W/core2.names" > "$W/extra"
if [ -s "$W/missing" ]; then
	while read -r kind name rest; do
		mine=$(grep "^$kind $name[ |]" "$W/core2" | head -1 | tr '|' '\n' | head -12 | tr '\n' '|')
		fail "$release: $kind $name: pahole's layout differs: pahole: $(echo "$rest" | tr '|' '\n' | head -12 | tr '\n' '|') core2: $mine"
	done < "$W/missing"
else
	pass "$release: all $n_pahole struct and union layouts pahole prints equal core2's (member names, bit offsets, bitfield widths, sizes, types; $n_core2 with same-named variants)$([ -s "$W/explained" ] && echo ", $(wc -l <"$W/explained") of them where pahole misprints BTF")"
fi
while read -r note; do
	pass "$release: pahole misprints, core2 agrees with the BTF: $note"
done <"$W/explained"
if [ -s "$W/extra" ]; then
	fail "$release: $(wc -l < "$W/extra") structs or unions core2 lists but pahole does not, e.g. $(head -3 "$W/extra" | tr '\n' ' ')"
else
	pass "$release: core2 lists no struct or union that pahole does not"
fi

# Sizes of every struct and union (the layouts above omit union sizes).
pahole -F btf --sizes "$BTF" 2>/dev/null | awk '{ print $1, $2 }' | sort -u > "$W/pahole.sizes"
"$C" --types "$BTF" struct --all 2>/dev/null | awk '/^(struct|union) / { print $2, $3 }' | sort -u > "$W/core2.sizes"
bad=$(comm -23 "$W/pahole.sizes" "$W/core2.sizes" | head -5 | tr '\n' ' ')
if [ -z "$bad" ]; then
	pass "$release: the sizes of all $(wc -l < "$W/pahole.sizes") struct and union names (pahole --sizes) equal core2's"
else
	fail "$release: sizes differ (pahole's name and size not in core2's): $bad"
fi

# BTF from the dump's own memory answers as the file does: makedumpfile's
# zlib and ELF files, the raw /proc/vmcore and QEMU's snapshot where the
# fixture has them. A kernel whose kallsyms lacks __start_BTF (arm64 6.1:
# no CONFIG_KALLSYMS_ALL) has it found by its header (lib/symbols/recover.c).
for d in "$F"/dumps/vmcore.zlib "$F"/dumps/vmcore.elf "$F"/dumps/vmcore.raw "$F"/dumps/qemu.elf; do
	[ -r "$d" ] || continue
	"$C" --types "$BTF" struct task_struct > "$W/file.out" 2>&1
	if "$C" -c "$d" struct task_struct > "$W/mem.out" 2>"$W/mem.err" && cmp -s "$W/file.out" "$W/mem.out"; then
		pass "$release: ${d##*/}: struct task_struct from the dump's memory equals the --types answer"
	else
		fail "$release: ${d##*/}: struct task_struct from the dump's memory differs: $(head -c 300 "$W/mem.err")"
	fi
done
# One struct per run, as an applet asks: a record far past those the
# search for the name placed is read through the kernel's index of its BTF
# (btf_vmlinux's types[], lib/types/types.c) where the kernel has one. 120
# names spread over the whole BTF, each run alone, against the file.
d=$F/dumps/vmcore.zlib
[ -r "$d" ] || d=$F/dumps/vmcore.raw
if [ -r "$d" ]; then
	total=$(wc -l < "$W/pahole.sizes")
	step=$(( total / 120 + 1 ))
	awk -v s="$step" 'NR % s == 0 { print $1 }' "$W/pahole.sizes" > "$W/spread"
	differ= nspread=0
	while read -r name; do
		nspread=$((nspread + 1))
		"$C" --types "$BTF" struct "$name" > "$W/one.file" 2>&1
		"$C" -c "$d" struct "$name" > "$W/one.mem" 2>&1
		cmp -s "$W/one.file" "$W/one.mem" || differ="$differ $name"
	done < "$W/spread"
	if [ -z "$differ" ] && [ "$nspread" -gt 0 ]; then
		pass "$release: ${d##*/}: $nspread structs spread over the BTF, one run each, from the dump's memory equal the --types answers"
	else
		fail "$release: ${d##*/}: structs one run each from the dump's memory differ from the --types answers:$(echo "$differ" | head -c 200)"
	fi
fi
d=$F/dumps/vmcore.zlib
if [ -r "$d" ]; then
	"$C" --types "$BTF" struct --all > "$W/all.file" 2>&1
	if "$C" -c "$d" struct --all > "$W/all.mem" 2>"$W/mem.err" && cmp -s "$W/all.file" "$W/all.mem"; then
		pass "$release: vmcore.zlib: every layout from the dump's memory equals the --types answer"
	else
		fail "$release: vmcore.zlib: layouts from the dump's memory differ: $(head -c 300 "$W/mem.err")"
	fi
fi
echo "# $release: $(($(date +%s) - start)) s"
finish
