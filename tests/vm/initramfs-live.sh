#!/bin/sh
# /init of the live kernel in tests/vm/initramfs-test.sh (busybox sh): ground
# truth on the results disk (label core2-out), then kexec -p with the
# initramfs under test (/boot/capture.img, built by dracut or mkinitramfs)
# and the command line in /etc/capture-cmdline, and the crash. The capture
# side is tests/vm/initramfs-capture.sh inside that image.
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1

say() { echo "CORE2:$* t=$(cut -d' ' -f1 /proc/uptime)"; }
fail() {
	say "FAIL $*"
	sync
	poweroff -f
	sleep 60
}
for m in $(cat /etc/modules.list); do
	insmod "/lib/modules/$m" 2>/dev/null || echo "insmod $m failed"
done
say "LIVE $(uname -r)"
for i in $(seq 100); do
	d=$(findfs LABEL=core2-out 2>/dev/null) && break
	sleep 0.1
done
[ -n "$d" ] || fail "no disk labelled core2-out"
mount -t ext4 -o noinit_itable "$d" /out || fail "cannot mount the results disk"
T=/out/truth
mkdir -p $T

# Processes with known names, alive at the crash (as in init.sh).
for name in core2-proc1 core2-proc2 "core2 spaced" core2-proc-15ch; do
	(
		printf %s "$name" >/proc/self/comm
		while :; do sleep 100000; done
	) &
	echo "$! $name" >>$T/known-procs
done
echo "core2_marker=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" >$T/kmsg-marker
cat $T/kmsg-marker >/dev/kmsg
cat /proc/cmdline >$T/cmdline
uname -r >$T/release
cat /proc/version >$T/version

kexec -p /boot/vmlinuz --initrd=/boot/capture.img --append="$(cat /etc/capture-cmdline)" ||
	fail "kexec -p"
[ "$(cat /sys/kernel/kexec_crash_loaded)" = 1 ] || fail "no capture kernel loaded"
: >$T/live-done
mount -o remount,ro /out || fail "remount /out read-only"
sync
say CRASH
sleep 1 # let the console drain: the crash stops the UART mid-line
echo c >/proc/sysrq-trigger
fail "still alive after sysrq c"
