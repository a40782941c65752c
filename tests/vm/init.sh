#!/bin/sh
# /init of every guest (busybox sh), in both kernels of a cycle:
#  live kernel:    workload, ground truth in /out/truth, [QEMU dump], core2's
#                  queries on /proc/kcore, kexec -p, crash (a panic through
#                  sysrq; in a run cycle an oops in a module, tests/vm/oops)
#  capture kernel: core2's queries on /proc/vmcore, [makedumpfile saves], poweroff
# core2_mode=fixture on the command line adds the bracketed steps;
# core2_mode=scale (tests/vm/cycle.sh scale) runs a server-sized workload
# (with /bin/core2-scale, tests/vm/scale.c), no queries, two saves. Results go
# to the disk labelled core2-out; the host reads them back with debugfs.
# Lines starting "CORE2:" are for the host driver (qemu.py), which stops QEMU
# on DONE and fails on FAIL or on a timeout.
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
# The initramfs carries no device nodes, so the kernel could not give init a
# console: take it now.
exec </dev/console >/dev/console 2>&1

say() { echo "CORE2:$* t=$(cut -d' ' -f1 /proc/uptime)"; }
LOG=
fail() {
	say "FAIL $*"
	[ -n "$LOG" ] && [ -f "$LOG" ] && tail -n 30 "$LOG"
	sync
	poweroff -f
	sleep 60
}
arg() {
	for w in $(cat /proc/cmdline); do
		case $w in "$1="*) echo "${w#*=}"; return ;; esac
	done
}
MODE=$(arg core2_mode)
QT=$(arg core2_qtimeout)
QT=${QT:-300}
. /etc/core2-vm.env
T=/out/truth
R=/out/results

for m in $(cat /etc/modules.list); do
	# crc32c-intel needs SSE4.2 and may refuse; the generic one then serves.
	insmod "/lib/modules/$m" 2>/dev/null || echo "insmod $m failed"
done

# disk LABEL: the block device carrying that ext4 label, once it has appeared.
disk() {
	for i in $(seq 100); do
		d=$(findfs "LABEL=$1" 2>/dev/null) && { echo "$d"; return; }
		sleep 0.1
	done
	fail "no disk labelled $1"
}

# run_queries NAME COREFILE: core2's in-guest tests, bounded in time. Their
# exit status and output are results too (NAME.rc, NAME.log).
run_queries() {
	mkdir -p "$R/$1"
	LOG=$R/$1.log
	timeout "$QT" env CORE2=/bin/core2 TRUTH=$T sh /queries.sh "$R/$1" "$2" >"$LOG" 2>&1
	rc=$?
	echo "$rc" >"$R/$1.rc"
	say "QUERIES $1 rc=$rc"
	LOG=
	sync
}

# One line per task (threads included): "pid tgid ppid comm". comm is the rest
# of the line and may hold spaces. Tasks may exit while we look: skip them.
# awk, as its reads are buffered (the shell's read takes a byte per system
# call: minutes for the scale fixture's 5,000 tasks under TCG).
ps_truth() {
	for t in /proc/[0-9]*/task/[0-9]*; do echo "$t"; done | awk '{
		tgid = ppid = comm = ""
		f = $0 "/status"
		while ((getline l < f) > 0) {
			if (l ~ /^Tgid:/) { sub(/^Tgid:[ \t]*/, "", l); tgid = l }
			else if (l ~ /^PPid:/) { sub(/^PPid:[ \t]*/, "", l); ppid = l }
		}
		close(f)
		f = $0 "/comm"
		if ((getline comm < f) <= 0) comm = ""
		close(f)
		n = split($0, p, "/")
		if (tgid != "") print p[n] " " tgid " " ppid " " comm
	}'
}

# The kernel's own unwinder on sleeping tasks: /proc/PID/stack of the known
# processes (each a shell waiting for its child), their sleep children
# (nanosleep), kthreadd and any jbd2 thread. stacks/index: "pid comm".
stacks_truth() {
	mkdir -p $T/stacks
	pids=$(cut -d' ' -f1 $T/known-procs)
	for p in $pids; do
		pids="$pids $(while read -r pid tgid ppid comm; do [ "$ppid" = "$p" ] && echo "$pid"; done <$T/ps)"
	done
	for c in /proc/[0-9]*/comm; do
		IFS= read -r comm <"$c" 2>/dev/null || continue
		p=${c#/proc/}
		p=${p%/comm}
		case $comm in kthreadd | jbd2/*) pids="$pids $p" ;; esac
	done
	# A jbd2 thread sampled while it commits (the truth files written
	# just now dirty /out's journal) is somewhere else when the dumps are
	# taken, after a sync and after /out goes read-only: sample the
	# stacks once every commit is done, into RAM first, so that writing
	# them down cannot start the next commit before they are read.
	sync
	i=0
	while [ $i -lt 30 ] && cat /proc/[0-9]*/stack 2>/dev/null | grep -q jbd2_journal_commit_transaction; do
		sleep 1
		i=$((i + 1))
	done
	mkdir -p /tmp/stacks
	for p in $pids; do
		IFS= read -r comm </proc/$p/comm 2>/dev/null || continue
		cat /proc/$p/stack >/tmp/stacks/$p 2>/dev/null && [ -s /tmp/stacks/$p ] || { rm -f /tmp/stacks/$p; continue; }
		echo "$p $comm" >>/tmp/stacks/index
	done
	cp /tmp/stacks/* $T/stacks/ 2>/dev/null
}

live() {
	say "LIVE $(uname -r)"
	mount -t ext4 -o noinit_itable "$(disk core2-out)" /out || fail "cannot mount the results disk"
	mkdir -p $T $R /out/logs

	# The scale workload's tasks first: every task up to the known
	# processes below must then be in the dump (tests/vm/check.sh).
	if [ "$MODE" = scale ]; then
		tasks=$(arg core2_tasks)
		core2-scale tasks "${tasks%x*}" "${tasks#*x}" >/tmp/tasks-ready 2>&1 &
		i=0
		until grep -q ready /tmp/tasks-ready; do
			[ $i -lt 600 ] || fail "scale tasks not ready: $(cat /tmp/tasks-ready)"
			sleep 1
			i=$((i + 1))
		done
		say "TASKS $tasks"
	fi

	# Processes with known names: comm is set through /proc/self/comm (the
	# subshell stays alive, with a sleep child). The last name has 15
	# characters, the most comm holds.
	for name in core2-proc1 core2-proc2 "core2 spaced" core2-proc-15ch; do
		(
			printf %s "$name" >/proc/self/comm
			while :; do sleep 100000; done
		) &
		echo "$! $name" >>$T/known-procs
	done

	# Workload: walking the tree puts every dentry in the dcache; looking up
	# the missing names leaves negative dentries (the disk is ext4: tmpfs would
	# drop them at once).
	mount -t ext4 -o ro,noload "$(disk core2-work)" /data || fail "cannot mount the workload disk"
	find /data/tree -print0 >$T/created-paths.0 || fail "walking the workload tree"
	if [ "$MODE" = scale ]; then
		core2-scale lookup /data/neg-list.0 >/tmp/lookup.log 2>&1 || fail "negative lookups: $(tail -n 3 /tmp/lookup.log)"
	else
		found=$(xargs -0 ls -d -- </data/neg-list.0 2>/dev/null | head -c 200)
		[ -z "$found" ] && [ -s /data/neg-list.0 ] || fail "negative paths exist: $found"
	fi
	say WORKLOAD
	cp /data/neg-list.0 $T/negative-paths.0

	arg core2_token >$T/token
	echo "core2_marker=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" >$T/kmsg-marker
	cat $T/kmsg-marker >/dev/kmsg

	# The run cycle: modules loaded now, after boot. One stays: core2_oops,
	# out of tree and unsigned (tainting the kernel O and E), through which
	# the guest crashes below. One the kernel ships is loaded and unloaded
	# again: the dump must not show it, nor its symbols.
	if [ "$MODE" = run ]; then
		insmod /lib/modules/extra/core2_oops.ko || fail "insmod core2_oops"
		insmod /lib/modules/extra/dummy.ko || fail "insmod dummy"
		grep -q '^dummy ' /proc/modules || fail "dummy did not load"
		rmmod dummy || fail "rmmod dummy"
		echo dummy >$T/unloaded-modules
		echo module-oops >$T/crash
	else
		echo sysrq-panic >$T/crash
	fi

	cat /proc/cmdline >$T/cmdline
	cat /proc/version >$T/version
	uname -r >$T/release
	cat /proc/kallsyms >$T/kallsyms
	# Modules as root sees them (load addresses shown): name size refcount
	# users state address [taints].
	cat /proc/modules >$T/modules
	# Per-cpu symbols sit at 0 anyway: look at _text.
	grep -q '^0*[1-9a-f][0-9a-f]* [Tt] _text$' $T/kallsyms || fail "kallsyms addresses hidden"
	cat /sys/kernel/btf/vmlinux >$T/btf || fail "no BTF"
	dmesg >$T/dmesg
	ps_truth | sort -n >$T/ps
	stacks_truth
	sync

	if [ "$MODE" = fixture ]; then
		# The host dumps this guest's memory through QEMU's monitor, then says go.
		say QEMU-DUMP
		read -r -t 900 reply && [ "$reply" = go ] || fail "no go from the host after the QEMU dump"
	fi

	[ "$MODE" = scale ] || run_queries live /proc/kcore

	kexec -p /boot/vmlinuz --initrd=/boot/initrd.cpio \
		--append="console=ttyS0 quiet irqpoll nr_cpus=1 reset_devices panic=-1 core2_mode=$MODE core2_qtimeout=$QT" ||
		fail "kexec -p"
	[ "$(cat /sys/kernel/kexec_crash_loaded)" = 1 ] || fail "no capture kernel loaded"
	# Leave /out clean for the capture kernel. The workload disk stays
	# mounted (read-only, no journal): unmounting it would free its dentries,
	# and the dump must hold them.
	: >/out/logs/live-done
	mount -o remount,ro /out || fail "remount /out read-only"
	sync
	say CRASH
	sleep 1 # let the console drain: the crash stops the UART mid-line
	if [ "$MODE" = run ]; then
		# An oops in module code, made a kdump by panic_on_oops: the
		# capture kernel gets the faulting registers.
		echo 1 >/proc/sys/kernel/panic_on_oops
		echo x >/proc/core2_oops
		fail "still alive after the oops"
	fi
	echo c >/proc/sysrq-trigger
	fail "still alive after sysrq c"
}

# save FILE CMD...: one makedumpfile run; the command is recorded for the manifest.
save() {
	f=$1
	shift
	say "SAVE $f"
	LOG=/out/logs/$f.log
	t0=$(cut -d. -f1 /proc/uptime)
	"$@" >"$LOG" 2>&1 || fail "$*"
	printf '%s\t%s\t%s\n' "$f" "$(($(cut -d. -f1 /proc/uptime) - t0))" "$*" >>/out/logs/saves.tsv
}

capture() {
	say "CAPTURE $(uname -r)"
	[ -e /proc/vmcore ] || fail "no /proc/vmcore"
	mount -t ext4 -o noinit_itable "$(disk core2-out)" /out || fail "cannot mount the results disk"
	[ -e /out/logs/live-done ] || fail "the crash came before the live phase was done"
	cat /proc/cmdline >/out/logs/capture-cmdline
	[ "$MODE" = scale ] || run_queries vmcore /proc/vmcore

	if [ "$MODE" = scale ]; then
		mkdir -p /out/dumps
		save vmcore.zlib makedumpfile --message-level 22 -c -d 31 /proc/vmcore /out/dumps/vmcore.zlib
		save vmcore.elf makedumpfile --message-level 22 -E -d 31 /proc/vmcore /out/dumps/vmcore.elf
	elif [ "$MODE" = fixture ]; then
		D=/out/dumps
		mkdir -p $D
		# Message level 22: errors, messages and the page report, no progress bars.
		M="--message-level 22"
		save vmcore.zlib makedumpfile $M -c -d 31 /proc/vmcore $D/vmcore.zlib
		save vmcore.lzo makedumpfile $M -l -d 31 /proc/vmcore $D/vmcore.lzo
		save vmcore.zstd $MDF_ZSTD $M -z -d 31 /proc/vmcore $D/vmcore.zstd
		save vmcore.elf makedumpfile $M -E -d 31 /proc/vmcore $D/vmcore.elf
		save vmcore.flat sh -c "makedumpfile $M -F -c -d 31 /proc/vmcore >$D/vmcore.flat"
		save vmcore.split makedumpfile $M --split -c -d 31 /proc/vmcore $D/vmcore.split.1 $D/vmcore.split.2
		save vmcore.full.elf makedumpfile $M -E -d 0 /proc/vmcore $D/vmcore.full.elf
	fi
	sync
	umount /out
	say DONE
	poweroff -f
	sleep 60
}

if [ -e /proc/vmcore ]; then capture; else live; fi
