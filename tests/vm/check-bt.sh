#!/bin/sh
# Judge core2 bt against the kernel's own unwinder:
# - the crashed CPU: the Call Trace the kernel printed when it panicked (in
#   the dump's own log, which check-vm.sh compares byte for byte with
#   makedumpfile's), lines without '?', from the first function both share;
# - sleeping tasks: /proc/PID/stack of the workload's processes and of
#   kernel threads, recorded in the guest just before the crash
#   (truth/stacks/PID, truth/stacks/index).
# A trace that stops at a page makedumpfile left out of a filtered dump
# passes only when core2 says so and the unfiltered dump of the same crash
# (UNFILTERED_RESULTDIR) gives that task's whole trace.
#   sh check-bt.sh RESULTDIR TRUTHDIR LABEL [live|dump|snapshot [UNFILTERED_RESULTDIR]]
. "$(dirname "$0")/../lib.sh"
r=$1 truth=$2 label=$3 mode=${4:-} ref=${5:-}

rc() { cat "$r/$1.rc" 2>/dev/null || echo missing; }

if [ ! -d "$r" ]; then
	fail "$label: no results in $r"
	finish
	exit 1
fi

# The crashed CPU (not on a live kernel, nor on QEMU's snapshot of one).
if [ "$mode" != live ] && [ "$mode" != snapshot ]; then
	out=$(python3 - "$r/dmesg.out" "$r/bt-json.out" "$r/bt.out" <<'PY' 2>&1
import json, re, sys
log = open(sys.argv[1], encoding="utf-8", errors="replace").read().splitlines()
# The last Call Trace the kernel printed: its frame lines without '?'.
start = max(i for i, l in enumerate(log) if l.endswith("] Call Trace:"))
frame = re.compile(r"^ ([A-Za-z0-9_.$]+)\+(0x[0-9a-f]+)/(0x[0-9a-f]+)( \[[^\]]+\])?$")
kernel = []
for l in log[start + 1:]:
    text = re.sub(r"^\[[^\]]*\] (\[[^\]]*\] )?", "", l)
    if text.startswith(" ? ") or text.strip() in ("<TASK>", "<IRQ>", "</IRQ>", "<NMI>", "</NMI>"):
        continue
    m = frame.match(text)
    if not m:
        break
    kernel.append(text.strip())
rows = [json.loads(l) for l in open(sys.argv[2])]
assert len(rows) == 1, "bt -j gave %d objects" % len(rows)
ours = [f["symbol"] for f in rows[0]["frames"]]
fn = lambda s: (s or "").split("+")[0]
common = [i for i, k in enumerate(kernel) if fn(k) in [fn(o) for o in ours]]
assert common, "no function in common: kernel %s, core2 %s" % (kernel, ours)
i = common[0]
j = [fn(o) for o in ours].index(fn(kernel[i]))
assert len(kernel) - i >= 3, "too short a common trace: %s" % kernel[i:]
assert kernel[i + 1:] == ours[j + 1:], "kernel %s\ncore2  %s" % (kernel[i:], ours[j:])
assert rows[0]["complete"], "the walk did not end normally: %s" % rows[0]["end"]
# The text output lists the same frames.
text = [l.split()[-1] for l in open(sys.argv[3]) if re.match(r"^ #\d+ ", l)]
assert text == ours, "text %s vs json %s" % (text, ours)
print("%d frames equal from %s down (core2 frame %d of %d), ended: %s" % (len(kernel) - i - 1, fn(kernel[i]), j, len(ours), rows[0]["end"]))
PY
	)
	st=$?
	if [ "$(rc bt)" = 0 ] && [ "$(rc bt-json)" = 0 ] && [ $st = 0 ]; then
		pass "$label: bt of the crashed CPU equals the kernel's printed Call Trace: $out"
	else
		fail "$label: bt of the crashed CPU differs from the kernel's Call Trace (rc $(rc bt)/$(rc bt-json)): $(printf '%s' "$out" | tail -n 4 | tr '\n' ' ') $(head -c 300 "$r/bt.err")"
	fi
	contains "$label: bt -v says how it got past the register snapshot" "$(cat "$r/bt-verbose.out" "$r/bt-verbose.err")" "found on the stack"
fi

# Sleeping tasks against /proc/PID/stack.
if [ ! -s "$truth/stacks/index" ]; then
	fail "$label: no truth/stacks/index (an older fixture? remake it)"
else
	while read -r pid comm; do
		out=$(python3 - "$truth/stacks/$pid" "$r/bt-tasks.out" "$pid" "$truth/kallsyms" "${ref:+$ref/bt-tasks.out}" <<'PY' 2>&1
import json, sys
want = [l.split("] ", 1)[1].strip() for l in open(sys.argv[1]) if l.startswith("[<")]
def trace(path):
    rows = [json.loads(l) for l in open(path)]
    row = [x for x in rows if str(x.get("pid")) == sys.argv[3]]
    assert len(row) == 1, "pid %s: %d traces in %s" % (sys.argv[3], len(row), path)
    return row
row = trace(sys.argv[2])
# /proc/PID/stack leaves out the scheduler's and the lock functions
# (stack_trace_consume_entry_nosched: in_sched_functions), by address.
sym = {}
for l in open(sys.argv[4]):
    a, t, n = l.split()[:3]
    if n in ("__sched_text_start", "__sched_text_end", "__lock_text_start", "__lock_text_end"):
        sym[n] = int(a, 16)
def sched(pc):
    return any(sym.get(p + "_start", 1) <= pc < sym.get(p + "_end", 0) for p in ("__sched_text", "__lock_text"))
assert "__sched_text_start" in sym, "no __sched_text_start in the truth's kallsyms"
got = [f["symbol"] for f in row[0]["frames"] if not sched(int(f["pc"], 16))]
nmod = len([w for w in want if w.endswith("]")])
if got != want and "not in the dump" in row[0]["end"] and want[:len(got)] == got and sys.argv[5:6] != [""]:
    full = trace(sys.argv[5])[0]
    if full["complete"] and [f["symbol"] for f in full["frames"] if not sched(int(f["pc"], 16))] == want:
        print("%d of %d frames, then %s; the unfiltered dump gives all %d: makedumpfile left the page out"
              % (len(got), len(want), row[0]["end"], len(want)))
        sys.exit(0)
assert got == want, "kernel %s\ncore2  %s (%s)" % (want, got, row[0]["end"])
assert row[0]["complete"], "ended: %s" % row[0]["end"]
print("%d frames (%d in modules), %s .. %s" % (len(got), nmod, got[0], got[-1]))
PY
		)
		st=$?
		if [ $st = 0 ] && [ -z "${out##*makedumpfile left the page out}" ]; then
			pass "$label: bt $pid ($comm) is /proc/$pid/stack's start: $out"
		elif [ $st = 0 ]; then
			pass "$label: bt $pid ($comm) equals /proc/$pid/stack: $out"
		elif [ "$mode" = live ] && grep -q '\] kthread+' "$truth/stacks/$pid"; then
			# A kernel thread of the live kernel (jbd2 commits every
			# 5 s) may run between the guest's read of /proc/PID/stack
			# and core2's: not a pass, not a failure; every dump, where
			# nothing runs, compares it strictly.
			echo "# skip - $label: bt $pid ($comm): a live kernel thread that may have run since /proc/$pid/stack was read: $(printf '%s' "$out" | tail -n 2 | tr '\n' ' ' | cut -c1-300)"
		else
			fail "$label: bt $pid ($comm) differs from /proc/$pid/stack: $(printf '%s' "$out" | tail -n 3 | tr '\n' ' ')"
		fi
	done <"$truth/stacks/index"
fi

# Every CPU, every task, a state filter: each trace ends with a reason,
# never a crash; -s D lists only D tasks.
for q in bt-a bt-A bt-sD; do
	check "$label: $q exits 0 or 1 (no signal)" [ "$(rc $q)" = 0 -o "$(rc $q)" = 1 ]
done
check "$label: bt -A gives one trace per task of ps" [ "$(grep -c '^PID: ' "$r/bt-A.out")" = "$(($(wc -l <"$r/ps.out") - 1))" ]
check "$label: bt -A: every trace says why it ended" [ "$(grep -c '^PID: ' "$r/bt-A.out")" = "$(grep -c '^ (\|^ stopped: \|^ error: ' "$r/bt-A.out")" ]
check "$label: bt -s D lists only D tasks" sh -c "! grep '^PID: ' '$r/bt-sD.out' | grep -v 'STATE: D '"
finish
