#!/bin/sh
# /init of the arm64 kdump cycle (tests/vm/arm64/cycle.sh), busybox sh.
# Live kernel: ground truth into /out/truth, kexec -p, sysrq c. Capture
# kernel: makedumpfile's formats into /out/dumps. /out is a tmpfs written as
# a tar archive to the raw disk with serial core2out at the end of each phase
# (the capture kernel appends to what the live one wrote, after its end
# marker). A second disk with serial core2raw, when there is one, receives
# /proc/vmcore itself, byte for byte from offset 0.
/bin/busybox --install -s /bin
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
say() { echo "CORE2:$* t=$(cut -d' ' -f1 /proc/uptime)"; }
fail() { say "FAIL $*"; poweroff -f; sleep 60; }
for m in /modules/*.ko; do insmod $m || fail "insmod $m"; done
disk() { # SERIAL: the block device of the virtio disk with that serial
	for d in /sys/block/vd*; do
		[ "$(cat $d/serial 2>/dev/null)" = "$1" ] && echo /dev/${d##*/} && return
	done
}
for i in $(seq 100); do OUTDISK=$(disk core2out); [ -b "$OUTDISK" ] && break; sleep 0.1; done
[ -b "$OUTDISK" ] || fail "no disk core2out"
RAWDISK=$(disk core2raw)
mkdir -p /out && mount -t tmpfs -o size=900m tmpfs /out

if [ ! -e /proc/vmcore ]; then
	say LIVE
	T=/out/truth
	mkdir -p $T
	# The dentry workload, as tests/vm/init.sh runs it: walking the tree
	# puts every dentry in the dcache; looking up the missing names leaves
	# negative dentries (ext4 keeps them, tmpfs would not).
	mkdir -p /data
	mount -t ext4 -o ro,noload "$(disk core2work)" /data || fail "cannot mount the workload disk"
	find /data/tree -print0 >$T/created-paths.0 || fail "walking the workload tree"
	# Each name through test -e, which looks it up: trixie's busybox ls -d
	# left every 270th name without a negative dentry (the kernel's
	# nr_negative in /proc/sys/fs/dentry-state was 16 short of 5,000).
	found=$(xargs -0 -n 100 sh -c 'for a; do [ -e "$a" ] && echo "$a"; done' _ </data/neg-list.0 2>/dev/null | head -c 200)
	[ -z "$found" ] && [ -s /data/neg-list.0 ] || fail "negative paths exist: $found"
	cp /data/neg-list.0 $T/negative-paths.0
	echo "core2_marker=$(od -An -N16 -tx1 /dev/urandom | tr -d " \n")" >$T/kmsg-marker
	cat $T/kmsg-marker >/dev/kmsg
	cat /proc/cmdline >$T/cmdline
	cat /proc/version >$T/version
	uname -r >$T/release
	cat /proc/kallsyms >$T/kallsyms
	cat /proc/modules >$T/modules
	cat /sys/kernel/btf/vmlinux >$T/btf || fail "no BTF"
	dmesg >$T/dmesg
	# Processes with known names (comm set through /proc/self/comm; the
	# last has 15 characters, the most comm holds), then one line per task:
	# "pid tgid ppid comm", as tests/vm/init.sh writes them.
	for name in core2-proc1 "core2 spaced" core2-proc-15ch; do
		(
			printf %s "$name" >/proc/self/comm
			while :; do sleep 100000; done
		) &
		echo "$! $name" >>$T/known-procs
	done
	sleep 1
	for t in /proc/[0-9]*/task/[0-9]*; do
		tgid= ppid= comm=
		while read -r k v; do
			case $k in Tgid:) tgid=$v ;; PPid:) ppid=$v ;; esac
		done <"$t/status" 2>/dev/null
		IFS= read -r comm <"$t/comm" 2>/dev/null
		[ -n "$tgid" ] && echo "${t##*/} $tgid $ppid $comm"
	done | sort -n >$T/ps
	# The kernel's own unwinder on sleeping tasks, as tests/vm/init.sh
	# takes it: /proc/PID/stack of the known processes (shells waiting for
	# their child), their sleep children and kthreadd. stacks/index: "pid comm".
	mkdir -p $T/stacks
	pids=$(cut -d' ' -f1 $T/known-procs)
	for p in $pids; do
		pids="$pids $(while read -r pid tgid ppid comm; do [ "$ppid" = "$p" ] && echo "$pid"; done <$T/ps)"
	done
	for p in $pids 2; do
		IFS= read -r comm </proc/$p/comm 2>/dev/null || continue
		cat /proc/$p/stack >$T/stacks/$p 2>/dev/null && [ -s $T/stacks/$p ] || { rm -f $T/stacks/$p; continue; }
		echo "$p $comm" >>$T/stacks/index
	done
	# The host writes this guest's memory through QEMU's monitor
	# (tests/vm/qemu.py: dumps/qemu.elf, the snapshot), then says go.
	sync
	say QEMU-DUMP
	read -r -t 900 reply && [ "$reply" = go ] || fail "no go from the host after the QEMU dump"
	# kexec-tools 2.0.25 finds the kernel by _text, which 6.1 arm64
	# kallsyms lacks: a copy naming _stext's line _text too.
	{ cat /proc/kallsyms; grep ' _stext$' /proc/kallsyms | sed 's/_stext$/_text/'; } >/kallsyms.shim
	grep -q ' _text$' /proc/kallsyms || mount --bind /kallsyms.shim /proc/kallsyms
	kexec -p /boot/vmlinuz --initrd=/boot/initrd.cpio \
		--append="console=ttyAMA0 irqpoll nr_cpus=1 reset_devices panic=-1" || fail "kexec -p"
	[ "$(cat /sys/kernel/kexec_crash_loaded)" = 1 ] || fail "no capture kernel loaded"
	umount /proc/kallsyms 2>/dev/null
	# How the kernel will crash (tests/vm/check-bt.sh judges the trace by it).
	if grep -q 'core2_crash=serial' /proc/cmdline; then echo serial-sysrq; else echo sysrq-panic; fi >$T/crash
	(cd /out && tar cf $OUTDISK truth) || fail "tar"
	sync
	say CRASH
	sleep 1
	if grep -q 'core2_crash=serial' /proc/cmdline; then
		# The host sends a break and 'c' on the console
		# (tests/vm/qemu.py): the UART's interrupt handler crashes the
		# kernel, on the IRQ stack of the CPU this shell sleeps beside.
		echo 1 >/proc/sys/kernel/sysrq
		say SYSRQ-BREAK
		sleep 60
		fail "still alive 60 s after a break and c on the console"
	fi
	echo c >/proc/sysrq-trigger
	fail "still alive after sysrq c"
fi

say "CAPTURE $(uname -r)"
D=/out/dumps
mkdir -p $D
M="--message-level 22"
# The aarch64 core2 on /proc/vmcore itself, when the cycle was given one:
# stdout and exit code of each query, compared on the host with the host's
# core2 on the raw copy of the same /proc/vmcore.
if [ -x /usr/bin/core2 ]; then
	say "CORE2 /proc/vmcore"
	G=$D/guest-core2; mkdir -p $G
	/usr/bin/core2 --version >$G/version.out 2>$G/version.err; echo $? >$G/version.rc
	for q in "sym init_task" cmdline dmesg ps; do
		n=$(echo "$q" | tr ' ' _)
		/usr/bin/core2 -c /proc/vmcore $q >$G/$n.out 2>$G/$n.err; echo $? >$G/$n.rc
	done
fi
save() { f=$1; shift; say "SAVE $f"; "$@" >$D/$f.log 2>&1 || fail "$* ($(tail -3 $D/$f.log))"; }
# makedumpfile's formats. A makedumpfile that cannot read this kernel (none
# released up to 1.7.9 filters a VA_BITS=52 arm64 kernel) writes none of
# them: its reason is kept in dumps/skipped for the checks to report.
# -z from a newer suite's makedumpfile where the kernel's own has no zstd
# (cycle.sh: makedumpfile-zstd).
MDF_ZSTD=makedumpfile
[ -x /usr/bin/makedumpfile-zstd ] && MDF_ZSTD=makedumpfile-zstd
if makedumpfile $M -c -d 31 /proc/vmcore $D/vmcore.zlib >$D/vmcore.zlib.log 2>&1; then
	save vmcore.lzo makedumpfile $M -l -d 31 /proc/vmcore $D/vmcore.lzo
	save vmcore.zstd $MDF_ZSTD $M -z -d 31 /proc/vmcore $D/vmcore.zstd
	save vmcore.elf makedumpfile $M -E -d 31 /proc/vmcore $D/vmcore.elf
	save vmcore.flat sh -c "makedumpfile $M -F -c -d 31 /proc/vmcore >$D/vmcore.flat"
	save vmcore.split makedumpfile $M --split -c -d 31 /proc/vmcore $D/vmcore.split.1 $D/vmcore.split.2
else
	rm -f $D/vmcore.zlib
	why="$(makedumpfile -v 2>&1 | head -1 | cut -d' ' -f1-3 | tr -d :) failed: $(grep -v '^$' $D/vmcore.zlib.log | tail -2 | tr '\n' ' ')"
	for f in zlib lzo zstd elf flat split; do echo "vmcore.$f: $why"; done >$D/skipped
	say "SKIP makedumpfile: $why"
fi
if [ -n "$RAWDISK" ]; then
	say "SAVE vmcore.raw"
	stat -c %s /proc/vmcore >$D/vmcore.raw.size
	dd if=/proc/vmcore of=$RAWDISK bs=1M 2>$D/vmcore.raw.log || fail "dd vmcore ($(tail -2 $D/vmcore.raw.log))"
fi
# Second archive after the live one's (its size rounded to 10 KiB records).
(cd /out && tar cf - dumps) | dd of=$OUTDISK bs=1M seek=64 conv=notrunc 2>/dev/null || fail "tar dumps"
sync
say DONE
poweroff -f
sleep 60
