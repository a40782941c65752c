#!/bin/sh
# /init of the arm64 kdump cycle (tests/vm/arm64/cycle.sh), busybox sh.
# Live kernel: ground truth into /out/truth, kexec -p, sysrq c. Capture
# kernel: makedumpfile's formats into /out/dumps. /out is a tmpfs written as
# a tar archive to the raw disk /dev/vda at the end of each phase (the
# capture kernel appends to what the live one wrote, after its end marker).
/bin/busybox --install -s /bin
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
say() { echo "CORE2:$* t=$(cut -d' ' -f1 /proc/uptime)"; }
fail() { say "FAIL $*"; poweroff -f; sleep 60; }
insmod /lib/modules/virtio_mmio.ko
insmod /lib/modules/virtio_blk.ko
for i in $(seq 100); do [ -b /dev/vda ] && break; sleep 0.1; done
[ -b /dev/vda ] || fail "no /dev/vda"
mkdir -p /out && mount -t tmpfs -o size=900m tmpfs /out

if [ ! -e /proc/vmcore ]; then
	say LIVE
	T=/out/truth
	mkdir -p $T
	echo "core2_marker=$(od -An -N16 -tx1 /dev/urandom | tr -d " \n")" >$T/kmsg-marker
	cat $T/kmsg-marker >/dev/kmsg
	cat /proc/cmdline >$T/cmdline
	cat /proc/version >$T/version
	uname -r >$T/release
	cat /proc/kallsyms >$T/kallsyms
	cat /proc/modules >$T/modules
	cat /sys/kernel/btf/vmlinux >$T/btf || fail "no BTF"
	dmesg >$T/dmesg
	for p in /proc/[0-9]*; do
		n=${p#/proc/}
		[ -r $p/stat ] && echo "$n $(sed 's/^[0-9]* (\(.*\)) .*/\1/' $p/stat)"
	done | sort -n >$T/ps
	# kexec-tools 2.0.25 finds the kernel by _text, which 6.1 arm64
	# kallsyms lacks: a copy naming _stext's line _text too.
	{ cat /proc/kallsyms; grep ' _stext$' /proc/kallsyms | sed 's/_stext$/_text/'; } >/kallsyms.shim
	grep -q ' _text$' /proc/kallsyms || mount --bind /kallsyms.shim /proc/kallsyms
	kexec -p /boot/vmlinuz --initrd=/boot/initrd.cpio \
		--append="console=ttyAMA0 irqpoll nr_cpus=1 reset_devices panic=-1" || fail "kexec -p"
	[ "$(cat /sys/kernel/kexec_crash_loaded)" = 1 ] || fail "no capture kernel loaded"
	umount /proc/kallsyms 2>/dev/null
	(cd /out && tar cf /dev/vda truth) || fail "tar"
	sync
	say CRASH
	sleep 1
	echo c >/proc/sysrq-trigger
	fail "still alive after sysrq c"
fi

say "CAPTURE $(uname -r)"
D=/out/dumps
mkdir -p $D
M="--message-level 22"
save() { f=$1; shift; say "SAVE $f"; "$@" >$D/$f.log 2>&1 || fail "$* ($(tail -3 $D/$f.log))"; }
save vmcore.zlib makedumpfile $M -c -d 31 /proc/vmcore $D/vmcore.zlib
save vmcore.lzo makedumpfile $M -l -d 31 /proc/vmcore $D/vmcore.lzo
save vmcore.elf makedumpfile $M -E -d 31 /proc/vmcore $D/vmcore.elf
save vmcore.flat sh -c "makedumpfile $M -F -c -d 31 /proc/vmcore >$D/vmcore.flat"
save vmcore.split makedumpfile $M --split -c -d 31 /proc/vmcore $D/vmcore.split.1 $D/vmcore.split.2
# Second archive after the live one's (its size rounded to 10 KiB records).
(cd /out && tar cf - dumps) | dd of=/dev/vda bs=1M seek=64 conv=notrunc 2>/dev/null || fail "tar dumps"
sync
say DONE
poweroff -f
sleep 60
