#!/bin/sh
# Judge the results of tests/vm/queries.sh against the guest's ground truth.
#   sh check.sh RESULTDIR TRUTHDIR LABEL [MODE [UNFILTERED_RESULTDIR]]
# "live" adds the checks that only hold on a running kernel (jiffies grows).
# UNFILTERED_RESULTDIR: the same queries on the unfiltered dump of the same
# crash, which tells pages makedumpfile left out apart from core2 bugs.
. "$(dirname "$0")/../lib.sh"
r=$1 truth=$2 label=$3 mode=${4:-} unfiltered=${5:-}

rc() { cat "$r/$1.rc" 2>/dev/null || echo missing; }

# A kernel built without CONFIG_KALLSYMS_ALL (Debian's 6.1 arm64) lists no
# data symbols in /proc/kallsyms (no b, B or d among the kernel's own), and
# its kallsyms tables in memory hold none either: init_task, jiffies,
# saved_command_line, __start_BTF, modules cannot be found. A check whose
# query needs one is then a skip, provided each such query failed with a
# message; never a pass.
nodata=
[ -s "$truth/kallsyms" ] && ! grep -v '	\[' "$truth/kallsyms" | grep -q '^[0-9a-f]* [bBd] ' && nodata=1
skip() { echo "skip - $*"; }
# nodata_skip LABEL QUERY...: true, after printing the skip, when the kernel
# has no data symbols and every QUERY failed with a message.
nodata_skip() {
	[ -n "$nodata" ] || return 1
	_l=$1 _why=
	shift
	for _q; do
		[ "$(rc "$_q")" != 0 ] && [ -s "$r/$_q.err" ] || return 1
		_why=$(tail -n 1 "$r/$_q.err" | head -c 200)
	done
	skip "$_l: the kernel lists no data symbols (no CONFIG_KALLSYMS_ALL); core2 says: $_why"
}

if [ ! -d "$r" ]; then
	fail "$label: no results in $r"
	finish
	exit 1
fi

# The whole kallsyms table, every symbol in order, the modules' included
# (read from each module's own table in memory), against the guest's
# /proc/kallsyms read as root.
if [ -n "$nodata" ] && [ "$(rc sym-all)" = 0 ] && [ -s "$r/truth-modsyms" ] && cmp -s "$r/sym-all.out" "$r/truth-core" &&
	[ "$(rc sym-mod-reverse)" != 0 ] && grep -q 'symbols cannot be read' "$r/sym-mod-reverse.err"; then
	# Module symbols are found through the modules list, a data symbol.
	pass "$label: sym -g '*' equals /proc/kallsyms's $(wc -l <"$r/truth-core") kernel symbols"
	skip "$label: sym -g '*' lists no module symbols: the kernel lists no data symbols (no CONFIG_KALLSYMS_ALL); core2 says: $(head -c 200 "$r/sym-mod-reverse.err")"
elif [ "$(rc sym-all)" = 0 ] && cmp -s "$r/sym-all.out" "$r/truth-kallsyms"; then
	pass "$label: sym -g '*' equals /proc/kallsyms ($(wc -l <"$r/truth-core") kernel and $(wc -l <"$r/truth-modsyms") module symbols)"
else
	fail "$label: sym -g '*' differs from /proc/kallsyms (rc $(rc sym-all)): $(diff "$r/truth-kallsyms" "$r/sym-all.out" 2>&1 | head -5 | tr '\n' ' ') $(head -c 200 "$r/sym-all.err")"
fi

# A batch of names: each line is the first entry of that name in /proc/kallsyms.
expected=$(while read -r n; do awk -v n="$n" '$3 == n { print; exit }' "$r/truth-core"; done <"$r/names.in")
if [ "$(rc sym-names)" = 0 ] && [ "$(cat "$r/sym-names.out")" = "$expected" ]; then
	pass "$label: sym of $(wc -l <"$r/names.in") names equals /proc/kallsyms"
else
	fail "$label: sym of a batch of names differs (rc $(rc sym-names)): $(head -c 300 "$r/sym-names.err")"
fi

# A missing name: reported on stderr, exit 1, the found one still printed.
check "$label: missing name exits 1" [ "$(rc sym-missing)" = 1 ]
contains "$label: missing name is reported" "$(cat "$r/sym-missing.err")" "no_such_symbol_core2: no such symbol"
if [ -n "$nodata" ] && grep -q '^core2 sym: jiffies: no such symbol' "$r/sym-missing.err"; then
	skip "$label: the found name still prints: the kernel lists no data symbols (no CONFIG_KALLSYMS_ALL); core2 says: jiffies: no such symbol"
else
	contains "$label: the found name still prints" "$(cat "$r/sym-missing.out")" " jiffies"
fi

# Reverse lookups at address+3 inside text symbols: name+0x3/0xSIZE where
# SIZE runs to the next higher address in /proc/kallsyms.
expected=$(awk '
	function hex(s,   i, v) { v = 0; s = tolower(s); for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1; return v }
	NR == FNR { want[$1] = ++nwant; next }
	{ for (k in open_) if ($1 != k) { res[want[k]] = sprintf("%s+0x3/0x%x", open_[k], hex(substr($1, 5)) - hex(substr(k, 5))); delete open_[k] } }
	($1 in want) && !($1 in seen) { seen[$1] = 1; open_[$1] = $3 }
	END { for (i = 1; i <= nwant; i++) print res[i] }' "$r/addrs.in" "$r/truth-core")
if [ "$(rc sym-reverse)" = 0 ] && [ "$(cat "$r/sym-reverse.out")" = "$expected" ]; then
	pass "$label: sym -r of $(wc -l <"$r/addrs.in") addresses inside functions"
else
	fail "$label: sym -r differs (rc $(rc sym-reverse)): $(printf '%s\n' "$expected" | head -3 | tr '\n' ' ') vs $(head -3 "$r/sym-reverse.out" | tr '\n' ' ') $(head -c 200 "$r/sym-reverse.err")"
fi

# Module symbols by name with their module ("NAME [MODULE]"): the first
# entry of that name in that module; by address inside a module's function:
# name+0x3/0xSIZE [MODULE], SIZE running to the module's next higher symbol.
if [ ! -s "$r/modnames.in" ]; then
	fail "$label: no module symbols in the guest's /proc/kallsyms to look up"
else
	python3 - "$r" <<'PY' >"$r/sym-mod.expected" 2>"$r/sym-mod.why"
import sys
r = sys.argv[1]
lines = [l.rstrip("\n") for l in open(r + "/truth-modsyms")]
mods = [l.split() for l in lines]
first = {}
for l, (a, t, n, m) in zip(lines, mods):
    first.setdefault((n, m), l)
with open(r + "/sym-mod-names.expected", "w") as f:
    for l in open(r + "/modnames.in"):
        n, m = l.split()
        print(first[(n, m)], file=f)
addrs = {}
for a, t, n, m in mods:
    addrs.setdefault(m, set()).add(int(a, 16))
with open(r + "/sym-mod-reverse.expected", "w") as f:
    for l in open(r + "/modaddrs.in"):
        a = int(l.split()[0], 16)
        row = next(x for x in mods if int(x[0], 16) == a)
        nxt = min(v for v in addrs[row[3]] if v > a)
        print("%s+0x3/0x%x %s" % (row[2], nxt - a, row[3]), file=f)
PY
	if nodata_skip "$label: sym NAME [MODULE]" sym-mod-names; then
		:
	elif [ "$(rc sym-mod-names)" = 0 ] && cmp -s "$r/sym-mod-names.out" "$r/sym-mod-names.expected"; then
		pass "$label: sym NAME [MODULE] of $(wc -l <"$r/modnames.in") module symbols equals /proc/kallsyms"
	else
		fail "$label: sym NAME [MODULE] differs (rc $(rc sym-mod-names)): $(diff "$r/sym-mod-names.expected" "$r/sym-mod-names.out" 2>&1 | head -3 | tr '\n' ' ') $(head -c 200 "$r/sym-mod-names.err") $(cat "$r/sym-mod.why")"
	fi
	if nodata_skip "$label: sym -r inside module functions" sym-mod-reverse; then
		:
	elif [ "$(rc sym-mod-reverse)" = 0 ] && cmp -s "$r/sym-mod-reverse.out" "$r/sym-mod-reverse.expected"; then
		pass "$label: sym -r of $(wc -l <"$r/modaddrs.in") addresses inside module functions"
	else
		fail "$label: sym -r in modules differs (rc $(rc sym-mod-reverse)): $(diff "$r/sym-mod-reverse.expected" "$r/sym-mod-reverse.out" 2>&1 | head -3 | tr '\n' ' ') $(head -c 200 "$r/sym-mod-reverse.err")"
	fi
	m1=$(head -n 1 "$r/sym-mod-reverse.expected" | awk '{ print $2 }' | tr -d '[]')
	if nodata_skip "$label: sym -j -r names the module" sym-mod-json; then
		:
	elif [ "$(rc sym-mod-json)" = 0 ] && python3 -c 'import json,sys; r=json.loads(open(sys.argv[1]).read()); assert r["module"]==sys.argv[2] and r["offset"]==3' "$r/sym-mod-json.out" "$m1" 2>/dev/null; then
		pass "$label: sym -j -r names the module ($m1)"
	else
		fail "$label: sym -j -r of a module address lacks \"module\": $m1: $(head -c 200 "$r/sym-mod-json.out")"
	fi
fi

if nodata_skip "$label: sym -j of init_task and jiffies" sym-json; then
	:
elif [ "$(rc sym-json)" = 0 ] && python3 -c 'import json,sys; rows=[json.loads(l) for l in open(sys.argv[1])]; assert [r["name"] for r in rows]==["init_task","jiffies"] and all(r["address"].startswith("0x") for r in rows)' "$r/sym-json.out" 2>/dev/null; then
	pass "$label: sym -j gives JSON lines with addresses as strings"
else
	fail "$label: sym -j output is not the expected JSON lines: $(head -c 200 "$r/sym-json.out")"
fi

# Modules: core2 mod prints /proc/modules as root saw it, line for line
# (name, size, refcount, users, state, text address, taints); -j gives the
# same names, sizes and addresses, each size the sum of its regions; mod NAME
# gives that module's text region at /proc/modules's address.
if [ ! -s "$truth/modules" ]; then
	fail "$label: no truth/modules in the fixture to compare mod with"
elif nodata_skip "$label: mod against /proc/modules" mod; then
	:
elif [ "$(rc mod)" = 0 ] && cmp -s "$r/mod.out" "$truth/modules"; then
	pass "$label: mod equals /proc/modules ($(wc -l <"$truth/modules") modules)"
else
	fail "$label: mod differs from /proc/modules (rc $(rc mod)): $(diff "$truth/modules" "$r/mod.out" 2>&1 | head -5 | tr '\n' ' ') $(head -c 200 "$r/mod.err")"
fi
if [ ! -s "$truth/modules" ] || nodata_skip "$label: mod -j against /proc/modules" mod-json; then
	:
elif [ "$(rc mod-json)" = 0 ] && python3 - "$r/mod-json.out" "$truth/modules" <<'PY' 2>"$r/mod-json.why"; then
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
truth = [l.split() for l in open(sys.argv[2])]
assert [(r["name"], r["size"], int(r["base"], 16)) for r in rows] == [(t[0], int(t[1]), int(t[5], 16)) for t in truth], "names, sizes, bases"
for r in rows:
    assert sum(g["size"] for g in r["regions"]) == r["size"], r["name"] + ": regions do not add up"
    assert int(r["regions"][0]["base"], 16) == int(r["base"], 16), r["name"] + ": base is not the first region's"
    assert r["symbols"] > 1, r["name"] + ": no symbols"
PY
	pass "$label: mod -j gives /proc/modules's names, sizes and addresses, regions adding up"
else
	fail "$label: mod -j differs (rc $(rc mod-json)): $(tail -n 1 "$r/mod-json.why" 2>/dev/null) $(head -c 200 "$r/mod-json.err")"
fi
if [ -s "$truth/modules" ] && ! nodata_skip "$label: mod NAME" mod-one; then
	first=$(awk 'NR == 1 { print $1 " " $6 }' "$truth/modules")
	check "$label: mod ${first% *} shows its name and text base" [ "$(rc mod-one)" = 0 \
		-a "$(awk '$1 == "name" { print $2 }' "$r/mod-one.out") $(awk '$1 == "text" || $1 == "core" { print $2; exit }' "$r/mod-one.out")" = "$first" ]
fi
# The run cycle loads a module after boot and unloads it again before the
# crash (truth/unloaded-modules): neither it nor its symbols may show.
if [ "$(cat "$truth/crash" 2>/dev/null)" = module-oops ] && [ ! -s "$truth/unloaded-modules" ]; then
	fail "$label: the run cycle's truth names no unloaded module"
fi
for m in $(cat "$truth/unloaded-modules" 2>/dev/null); do
	check "$label: $m, loaded and unloaded before the crash, is in neither mod nor sym -g '*'" \
		sh -c '[ -s "$2" ] && [ -s "$3" ] && ! grep -q "^$1 " "$2" && ! grep -q "	\[$1\]\$" "$3"' _ "$m" "$r/mod.out" "$r/sym-all.out"
done

# The command line, byte for byte (the guest's carries a random token).
if nodata_skip "$label: cmdline against /proc/cmdline" cmdline; then
	:
elif [ "$(rc cmdline)" = 0 ] && cmp -s "$r/cmdline.out" "$truth/cmdline"; then
	pass "$label: cmdline equals /proc/cmdline byte for byte"
else
	fail "$label: cmdline differs (rc $(rc cmdline)): got '$(head -c 200 "$r/cmdline.out")' want '$(head -c 200 "$truth/cmdline")' $(head -c 200 "$r/cmdline.err")"
fi
# What cmdline reads is the kernel's own two variables: -v must show no
# module symbols loaded (a kernel without saved_command_line_len once
# walked every module, and loaded the BTF for struct module, to learn so).
if nodata_skip "$label: cmdline -v" cmdline-verbose; then
	:
elif [ -n "$nodata" ]; then
	# Symbols without variables: saved_command_line is searched for, and
	# told from start_kernel's stale copies on the idle task's stack with
	# task_struct's layout, so types may load; module symbols still not.
	check "$label: cmdline -v loads no module symbols (types allowed: the kernel lists no variables)" \
		sh -c '[ "$1" = 0 ] && cmp -s "$2" "$3" && ! grep -q "module symbols" "$4"' _ "$(rc cmdline-verbose)" \
		"$r/cmdline-verbose.out" "$truth/cmdline" "$r/cmdline-verbose.err"
elif [ "$(rc cmdline-verbose)" = 0 ] && cmp -s "$r/cmdline-verbose.out" "$truth/cmdline" &&
	! grep -q 'module symbols\|types: ' "$r/cmdline-verbose.err"; then
	pass "$label: cmdline loads neither module symbols nor types"
else
	fail "$label: cmdline -v (rc $(rc cmdline-verbose)): $(grep 'module symbols\|types: ' "$r/cmdline-verbose.err" | head -c 300)"
fi

# A known variable: the release string in init_uts_ns.
if nodata_skip "$label: read -t cstr init_uts_ns.name.release" release; then
	:
elif [ "$(rc release)" = 0 ] && [ "$(cat "$r/release.out")" = "$(cat "$truth/release")" ]; then
	pass "$label: read -t cstr init_uts_ns.name.release gives uname -r"
else
	fail "$label: release read differs (rc $(rc release)): '$(cat "$r/release.out")' vs '$(cat "$truth/release")' $(head -c 200 "$r/release.err")"
fi
nodata_skip "$label: read -x init_task" init-task-hex ||
	check "$label: read -x prints hexdump rows" [ "$(rc init-task-hex)" = 0 -a "$(wc -l <"$r/init-task-hex.out")" = 4 ]
contains "$label: -v names the symbol source" "$(cat "$r/verbose.err")" "symbols: kallsyms in the dump's memory"

# The kernel log: the guest's marker is in it, every line the guest's own
# dmesg printed is in it (core2 adds makedumpfile's caller column), and -j
# gives one JSON object per record with the same texts.
marker=$(cat "$truth/kmsg-marker" 2>/dev/null)
check "$label: dmesg exits 0" [ "$(rc dmesg)" = 0 ]
contains "$label: dmesg holds the guest's kmsg marker" "$(cat "$r/dmesg.out")" "${marker:-no marker in truth}"
# Continuation lines: makedumpfile indents them, the guest's dmesg repeats
# the timestamp; and the guest's has no caller column.
awk '{ if (match($0, /^\[ *[0-9]+\.[0-9]+\] \[ *[TC][0-9]+\] /)) { pre = substr($0, 1, RLENGTH); ts = substr($0, 1, index($0, "]")); print ts " " substr($0, RLENGTH + 1) }
	else if (pre != "" && substr($0, 1, length(pre)) == sprintf("%*s", length(pre), "")) print ts " " substr($0, length(pre) + 1)
	else print }' "$r/dmesg.out" >"$r/dmesg.plain"
missing=$(grep -Fxvf "$r/dmesg.plain" "$truth/dmesg" | head -3)
check "$label: every line of the guest's dmesg is in core2 dmesg${missing:+ (missing: $missing)}" [ -z "$missing" -a -s "$truth/dmesg" ]
if python3 - "$r/dmesg-json.out" "$r/dmesg.out" <<'PY' 2>/dev/null
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
text = open(sys.argv[2], encoding="latin-1").read()
assert rows and all(set(r) >= {"seq", "ts_nsec", "level", "facility", "caller", "text"} for r in rows)
assert all(r["text"].split("\n")[0][:40] in text for r in rows if r["text"].isprintable())
assert [r["seq"] for r in rows] == sorted(r["seq"] for r in rows)
PY
then pass "$label: dmesg -j records agree with the text output"
else fail "$label: dmesg -j is not valid JSON lines agreeing with the text output"
fi

# ps: the guest's process list, taken just before the crash. A task there
# must be in the dump with the same tgid, ppid and name (kernel threads by
# prefix: /proc adds workqueue names to kworkers; the kernel keeps 15
# bytes); only tasks started after the workload (the snapshot's own
# pipeline, the queries) may come and go.
if nodata_skip "$label: ps against the guest's process list" ps-json; then
	:
elif [ "$(rc ps-json)" = 0 ] && why=$(python3 - "$truth/ps" "$truth/known-procs" "$r/ps-json.out" <<'PY' 2>&1
import json, sys
truth = {}
for line in open(sys.argv[1], encoding="latin-1"):
    pid, tgid, ppid, comm = line.rstrip("\n").split(" ", 3)
    truth[int(pid)] = (int(tgid), int(ppid), comm)
known = {int(l.split(" ", 1)[0]): l.rstrip("\n").split(" ", 1)[1] for l in open(sys.argv[2], encoding="latin-1")}
dump = {}
for l in open(sys.argv[3], encoding="latin-1"):
    o = json.loads(l)
    dump[o["pid"]] = (o["tgid"], o["ppid"], o["comm"])
settled = max(known)
bad = []
for pid, name in known.items():
    if dump.get(pid, (0, 0, None))[2] != name:
        bad.append("known process %d %r: %r" % (pid, name, dump.get(pid)))
gone = []
for pid, (tgid, ppid, comm) in truth.items():
    if pid not in dump:
        # Kernel threads may finish between the snapshot and the crash
        # (ext4lazyinit does), so a few may go; user tasks may not.
        if pid <= settled and (ppid == 2 and pid != 2):
            gone.append(comm)
        elif pid <= settled:
            bad.append("missing %d %s" % (pid, comm))
        continue
    dt, dp, dc = dump[pid]
    kthread = pid == 2 or ppid == 2
    if dt != tgid or dp != ppid or not (comm.startswith(dc) if kthread else comm == dc):
        bad.append("%d: truth %r, dump %r" % (pid, (tgid, ppid, comm), dump[pid]))
for pid in dump:
    if pid not in truth and pid != 0 and pid <= settled:
        bad.append("extra %d %r" % (pid, dump[pid]))
if len(gone) > 2:
    bad.append("kernel threads missing: %s" % ", ".join(gone))
if bad or len(truth) < 10:
    print("; ".join(bad[:5]) or "too few tasks in truth")
    sys.exit(1)
print("%d tasks of the guest's, %d in the dump%s" % (len(truth), len(dump), ", exited since: " + ", ".join(gone) if gone else ""))
PY
); then
	pass "$label: ps matches the guest's process list ($why)"
else
	fail "$label: ps differs from the guest's process list (rc $(rc ps-json)): $why $(head -c 200 "$r/ps-json.err")"
fi
nodata_skip "$label: ps text" ps ||
	check "$label: ps text lists init_task's swapper/0 and pid 1" sh -c "grep -q ' swapper/0\$' '$r/ps.out' && awk '\$1 == 1' '$r/ps.out' | grep -q ."

# ps warns of links it had to skip; the warning must be true. The guest's
# list is whole (every task was found above), so nothing may be skipped,
# except where a filtered dump lacks a page that the unfiltered dump of the
# same crash holds (makedumpfile's doing): then the unfiltered dump must
# need no skip and list every task the filtered one lists.
skipped() { sed -n 's/.* \([0-9][0-9]*\) unreadable or looping links in the task list were skipped.*/\1/p' "$1"; }
n=$(skipped "$r/ps.err")
if nodata_skip "$label: ps skips no link of the task list" ps ps-json; then
	:
elif [ "$(rc ps)" != 0 ] || [ "$(rc ps-json)" != 0 ]; then
	fail "$label: ps skips no link of the task list (ps failed, rc $(rc ps), JSON rc $(rc ps-json))"
elif [ -z "$n" ] && [ -z "$(skipped "$r/ps-json.err")" ]; then
	pass "$label: ps skips no link of the task list (no warning, text or JSON)"
elif [ -n "$unfiltered" ] && [ "$unfiltered" != "$r" ] && [ -f "$unfiltered/ps.out" ] &&
	[ "$(cat "$unfiltered/ps.rc")" = 0 ] && [ -z "$(skipped "$unfiltered/ps.err")" ] &&
	awk 'NR > 1 { print $1 }' "$r/ps.out" | sort >"$r/ps.pids" &&
	awk 'NR > 1 { print $1 }' "$unfiltered/ps.out" | sort >"$r/ps.full-pids" &&
	[ -z "$(comm -23 "$r/ps.pids" "$r/ps.full-pids")" ]; then
	pass "$label: ps skipped $n links, in pages makedumpfile filtered out (the unfiltered dump of the crash needs no skip: $(wc -l <"$r/ps.full-pids") tasks there, $(wc -l <"$r/ps.pids") here)"
else
	fail "$label: ps skips no link of the task list: $(head -c 300 "$r/ps.err")"
fi

# info: the release is the guest's uname -r; after a kdump crash (sysrq c)
# the crashed CPU's instruction pointer lies in the crash path; after the
# run cycle's oops it is the faulting pc in the module.
check "$label: info exits 0" [ "$(rc info)" = 0 ]
contains "$label: info release is uname -r" "$(grep '^release ' "$r/info.out")" " $(cat "$truth/release")"
crashcpu=$(awk '$1 == "crashed" && $2 == "cpu" { print $3 }' "$r/info.out")
# Without data symbols (no CONFIG_KALLSYMS_ALL) info cannot read panic_cpu
# and says so: the crashed-CPU checks are then skips quoting it.
nopanic=
[ -n "$nodata" ] && nopanic=$(grep '^crashed cpu *unknown (' "$r/info.out")
case $mode in
live|snapshot)
	if [ -n "$nopanic" ]; then
		skip "$label: info finds no crash in a running kernel: the kernel lists no data symbols (no CONFIG_KALLSYMS_ALL); core2 says: $nopanic"
	else
		check "$label: info finds no crash in a running kernel (crashed cpu: ${crashcpu:-?})" [ "$crashcpu" = none ]
	fi ;;
*)
	rip=$(awk -v c="cpu $crashcpu (crashed):" 'index($0, c) == 1 { on = 1; next } on && ($1 == "rip" || $1 == "pc") { $1 = $2 = ""; sub(/^ +/, ""); print; exit }' "$r/info.out")
	if [ "$(cat "$truth/crash" 2>/dev/null)" = module-oops ]; then
		# An oops: the faulting pc, as the kernel printed it.
		want=$(sed -n 's/.*\] RIP: 0010:\(.*\)$/<\1>/p' "$r/dmesg.out" | tail -n 1)
		check "$label: the crashed CPU's rip is the oops's, in the module: $rip" [ -n "$want" -a "$rip" = "$want" ]
		contains "$label: info names the oops" "$(grep '^panic ' "$r/info.out")" "BUG: kernel NULL pointer dereference"
	else
		if [ -n "$nopanic" ]; then
			skip "$label: the crashed CPU's rip: the kernel lists no data symbols (no CONFIG_KALLSYMS_ALL); core2 says: $nopanic"
		else
			case $rip in
			"<"*crash*|"<"*panic*|"<"*sysrq*) pass "$label: the crashed CPU's rip is in the crash path: $rip" ;;
			*) fail "$label: the crashed CPU's rip is not in the crash path: cpu '$crashcpu' rip '$rip'" ;;
			esac
		fi
		contains "$label: info names the panic" "$(grep '^panic ' "$r/info.out")" "sysrq triggered crash"
	fi ;;
esac
if python3 -c 'import json,sys; o=json.load(open(sys.argv[1])); assert o["release"] and isinstance(o["cpus"], list) and all(c["registers"].get("rip", c["registers"].get("pc", "")).startswith("0x") for c in o["cpus"])' "$r/info-json.out" 2>/dev/null; then
	pass "$label: info -j is one JSON object with CPU registers"
else
	fail "$label: info -j is not the expected JSON object"
fi

# One large read (the whole BTF, several MB) byte for byte against the
# guest's /sys/kernel/btf/vmlinux: as core2 reads (straight from the file
# where it can, lib/dump/fastread.c) and through libkdumpfile alone.
for m in fast slow; do
	nodata_skip "$label: read -r of the BTF at __start_BTF ($m path)" btf-raw-$m ||
	check "$label: read -r of all $(wc -c <"$truth/btf") bytes at __start_BTF equals /sys/kernel/btf/vmlinux ($m path)" \
		[ "$(rc btf-raw-$m)/$(cat "$r/btf-raw-$m.cmp" 2>/dev/null)" = 0/0 ]
done

if [ "$mode" = live ]; then
	j1=$(cat "$r/jiffies1.out") j2=$(cat "$r/jiffies2.out")
	check "$label: jiffies grows between live reads ($j1 -> $j2)" [ "$(rc jiffies1)$(rc jiffies2)" = 00 -a "${j2:-0}" -gt "${j1:-0}" ]
else
	nodata_skip "$label: jiffies stands still in a dump" jiffies1 jiffies2 ||
	check "$label: jiffies stands still in a dump" [ "$(rc jiffies1)$(rc jiffies2)" = 00 -a "$(cat "$r/jiffies1.out")" = "$(cat "$r/jiffies2.out")" ]
fi
finish
