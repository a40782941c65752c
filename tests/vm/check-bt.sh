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
here=$(dirname "$0")

rc() { cat "$r/$1.rc" 2>/dev/null || echo missing; }

if [ ! -d "$r" ]; then
	fail "$label: no results in $r"
	finish
	exit 1
fi

# The crashed CPU (not on a live kernel, nor on QEMU's snapshot of one).
# NODATA=1: the kernel's symbols list no variables (no CONFIG_KALLSYMS_ALL),
# so panic_cpu, which says which CPU crashed, is unknown: a skip when bt
# says so.
if [ -n "${NODATA:-}" ] && [ "$(rc bt)" = 1 ] && grep -q 'panic_cpu: .*CONFIG_KALLSYMS_ALL' "$r/bt.err"; then
	echo "skip - $label: bt of the crashed CPU: the kernel lists no data symbols (no CONFIG_KALLSYMS_ALL); core2 says: $(head -c 200 "$r/bt.err")"
elif [ "$mode" != live ] && [ "$mode" != snapshot ]; then
	out=$(CALLTRACE_KALLSYMS=$truth/kallsyms python3 "$here/calltrace.py" "$r/dmesg.out" "$r/bt-json.out" "$r/bt.out" 2>&1)
	st=$?
	if [ "$(rc bt)" = 0 ] && [ "$(rc bt-json)" = 0 ] && [ $st = 0 ]; then
		pass "$label: bt of the crashed CPU equals the kernel's printed Call Trace: $out"
	else
		fail "$label: bt of the crashed CPU differs from the kernel's Call Trace (rc $(rc bt)/$(rc bt-json)): $(printf '%s' "$out" | tail -n 4 | tr '\n' ' ') $(head -c 300 "$r/bt.err")"
	fi
	if [ "$(cat "$truth/crash" 2>/dev/null)" = serial-sysrq ]; then
		# The guest crashed in the UART's interrupt handler (a break and
		# 'c' on its console, tests/vm/arm64/init.sh): the trace starts
		# on the CPU's IRQ stack, in handle_sysrq's callers, and crosses
		# once to the stack the interrupt came in on, to its end.
		check "$label: bt of a crash in an interrupt: IRQ stack frames through handle_sysrq, then the interrupted task's stack to its end ($(python3 -c 'import json, sys; print(" ".join(f["stack"] for f in json.loads(open(sys.argv[1]).readline())["frames"]))' "$r/bt-json.out" 2>&1 | tr -s ' ' | head -c 160))" python3 - "$r/bt-json.out" <<'PY'
import json, sys
row = json.loads(open(sys.argv[1]).readline())
kinds = [f["stack"] for f in row["frames"]]
first_task = kinds.index("TASK")
assert first_task > 0 and set(kinds[:first_task]) == {"IRQ"} and set(kinds[first_task:]) == {"TASK"}, kinds
syms = [f["symbol"] or "" for f in row["frames"]]
assert any(x.startswith("handle_sysrq+") for x in syms[:first_task]), syms
assert row["complete"] and row["end"] == "end of stack", row
PY
	fi
	if [ "$(cat "$truth/crash" 2>/dev/null)" = module-oops ]; then
		# The guest oopsed in tests/vm/oops's module, through write(2):
		# the trace starts in the module's code and crosses to the core
		# kernel, down to the system call entry.
		check "$label: bt of an oops in a module: two frames in [core2_oops], then the core kernel down to the syscall entry ($(grep '^ #' "$r/bt.out" | awk '{ printf "%s ", $3 }' | cut -c1-200))" python3 - "$r/bt-json.out" <<'PY'
import json, sys
f = [x["symbol"] for x in json.loads(open(sys.argv[1]).readline())["frames"]]
assert f[0].startswith("core2_oops_fault+") and f[0].endswith(" [core2_oops]"), f
assert f[1].startswith("core2_oops_write+") and f[1].endswith(" [core2_oops]"), f
assert not any(x.endswith("]") for x in f[2:]), f
assert f[-1].startswith("entry_SYSCALL_64"), f
PY
		check "$label: bt -v of an oops: the registers are the faulting ones, no snapshot to get past" \
			sh -c '! grep -q "found on the stack" "$1" "$2"' _ "$r/bt-verbose.out" "$r/bt-verbose.err"
	elif grep -q '^core2 bt: stack: frame records' "$r/bt-verbose.err"; then
		# The frame pointer of the snapshot leads on: nothing to get past.
		check "$label: bt -v along frame records: no register snapshot to get past" \
			sh -c '! grep -q "found on the stack" "$1" "$2"' _ "$r/bt-verbose.out" "$r/bt-verbose.err"
	else
		contains "$label: bt -v says how it got past the register snapshot" "$(cat "$r/bt-verbose.out" "$r/bt-verbose.err")" "found on the stack"
	fi
	# The registers the system call entry saved, where the trace ends in
	# user mode (bt -r): the guest crashed through `echo c
	# >/proc/sysrq-trigger` or `echo x >/proc/core2_oops`, one write(2) of
	# two bytes to fd 1: by the x86_64 system call ABI orig_ax is
	# __NR_write (1), di the fd, dx the count; cs and ss are the user
	# segments (__USER_CS 0x33, __USER_DS 0x2b, asm/segment.h); ip and sp
	# lie in user space. Frame records (arm64) save none the walk reads.
	if [ ! -f "$r/bt-regs.out" ]; then
		echo "skip - $label: bt -r: no result (a fixture made before bt -r: remake it)"
	elif grep -q '^core2 bt: stack: frame records' "$r/bt-verbose.err"; then
		check "$label: bt -r along frame records: no saved registers printed" \
			sh -c '[ "$(cat "$1")" = 0 ] && ! grep -q "registers" "$2"' _ "$r/bt-regs.rc" "$r/bt-regs.out"
	else
		check "$label: bt -r: the user registers the write(2) that crashed the guest left (orig_ax 1, di 1, dx 2, cs 0x33, ss 0x2b)" \
			python3 - "$r/bt-regs.out" "$r/bt-json.out" "$(rc bt-regs)" <<'PY'
import json, sys
assert sys.argv[3] == "0", "exit %s" % sys.argv[3]
row = json.loads(open(sys.argv[1]).readline())
plain = json.loads(open(sys.argv[2]).readline())
u = row["user_registers"]
assert int(u["address"], 16) > 0, u
want = {"orig_ax": 1, "di": 1, "dx": 2, "cs": 0x33, "ss": 0x2b}
u = {k: int(v, 16) for k, v in u.items()}
assert all(u[k] == v for k, v in want.items()), {k: u.get(k) for k in want}
assert 0 < u["ip"] < 1 << 47 and 0 < u["sp"] < 1 << 47, u
assert [f["symbol"] for f in row["frames"]] == [f["symbol"] for f in plain["frames"]], "frames differ from bt -j"
assert row["end"] == "user mode", row["end"]
PY
	fi
	# The task that crashed, by its PID (the log's panic line names it):
	# on its CPU, so traced from that CPU's registers, not its stale frame.
	out=$(CALLTRACE_KALLSYMS=$truth/kallsyms python3 "$here/calltrace.py" "$r/dmesg.out" "$r/bt-crashed-task-json.out" "$r/bt-crashed-task.out" 2>&1)
	st=$?
	if [ "$(rc bt-crashed-task)" = 0 ] && [ "$(rc bt-crashed-task-json)" = 0 ] && [ $st = 0 ]; then
		pass "$label: bt PID of the crashing task equals the kernel's printed Call Trace: $out"
	else
		fail "$label: bt PID of the crashing task differs from the kernel's Call Trace (rc $(rc bt-crashed-task)/$(rc bt-crashed-task-json)): $(printf '%s' "$out" | tail -n 4 | tr '\n' ' ') $(head -c 300 "$r/bt-crashed-task.err")"
	fi
fi

# A live kernel: no CPU has saved registers. bt of core2's own process
# (running while it reads: queries.sh execs it in a shell whose PID it
# recorded) is an error naming its CPU, in text and JSON, exit 1; so is
# every CPU of bt -a.
if [ "$mode" = live ]; then
	self=$(cat "$r/bt-self.pid" 2>/dev/null)
	self_j=$(cat "$r/bt-self-json.pid" 2>/dev/null)
	check "$label: bt of core2's own running process exits 1" [ "$(rc bt-self)" = 1 ]
	check "$label: bt of core2's own running process: an error naming its CPU ($(grep '^ error: ' "$r/bt-self.out" | head -c 200))" \
		sh -c 'grep -q "^PID: $1  TASK: .* STATE: R  COMMAND: \"core2\"$" "$2" &&
			grep -Eq "^ error: task 0x[0-9a-f]+ is running on CPU [0-9]+: no saved registers on a live kernel$" "$2"' sh "$self" "$r/bt-self.out"
	check "$label: bt -j of core2's own running process: the same error in JSON, exit 1" python3 - "$r/bt-self-json.out" "$self_j" "$(rc bt-self-json)" <<'PY'
import json, re, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert sys.argv[3] == "1", "exit %s" % sys.argv[3]
assert len(rows) == 1 and rows[0]["pid"] == int(sys.argv[2]) and rows[0]["comm"] == "core2", rows
r = rows[0]
assert r["state"] == "R" and r["frames"] == [] and r["error"] is True and r["complete"] is False, r
assert re.fullmatch(r"task 0x[0-9a-f]+ is running on CPU \d+: no saved registers on a live kernel", r["end"]), r["end"]
PY
	check "$label: bt -a: every CPU is an error, no saved registers on a live kernel" \
		sh -c '[ "$(grep -c "^CPU: " "$1")" -ge 1 ] && [ "$(grep -c "^CPU: " "$1")" = "$(grep -c "^ error: CPU [0-9]*: no saved registers on a live kernel$" "$1")" ]' sh "$r/bt-a.out"
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
