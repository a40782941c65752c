#!/bin/sh
# Usage: tests/vm/kdump-tools-e2e.sh [KERNEL...]   (default: $E2E_KERNELS, else bookworm)
# Issue 21's proof: core2's .deb on a Debian system with Debian's real
# kdump-tools, booted end to end under QEMU. For each KERNEL (a suite):
#   1. a root file system of that suite made by mmdebstrap from Debian's
#      archive (the mirror of the project's private apt configuration, never
#      the machine's own sources): systemd, udev, kdump-tools, makedumpfile,
#      kexec-tools and the suite's linux-image-amd64; kdump-tools builds its
#      own capture initrd (/var/lib/kdump/initrd.img-RELEASE) from the
#      system's initramfs-tools. Cached by a key (suite, package versions,
#      this script) in build/vm/kdump-tools/.
#   2. the .deb of `make deb` installed in it with dpkg (its postinst
#      rebuilds kdump-tools' initrd), a workload unit added, and the tree made
#      into an ext4 disk image (mkfs.ext4 -d, no mount). Cached by the base
#      key and the .deb's hash.
#   3. QEMU boots a copy of the image (the image's own kernel and initrd
#      through -kernel/-initrd, crashkernel= on the command line); systemd
#      starts kdump-tools.service, which loads the capture kernel with
#      kdump-config; the workload unit records the truth, then crashes the
#      kernel. The capture kernel boots the same root with
#      systemd.unit=kdump-tools-dump.service (kdump-tools' own capture
#      path): core2's drop-in runs core2-triage, then kdump-config savecore
#      writes /var/crash/DATE/dump.DATE and reboots (-no-reboot: QEMU exits).
#   4. the host reads /var/crash and the truth back with debugfs and checks
#      the dump, the triage beside it and the triage against the truth.
# Environment: DEB (default build/pkg/core2_*-1_amd64.deb, newest),
# E2E_TIMEOUT (per guest, 600 s), E2E_MEM (MB, 2048), E2E_CRASHKERNEL
# (256M), E2E_SMP (2), VM_CPU (empty: max for bookworm, 5-level paging, else
# max,la57=off), E2E_PREPARE_ONLY=1 (make the images, no QEMU),
# E2E_VARIANT=initramfs (core2.triage=1 in kdump-tools' KDUMP_CMDLINE_APPEND:
# the capture initramfs triages too, checked beside the drop-in's),
# E2E_VARIANT=hang (/usr/bin/core2 replaced by a program that ignores TERM
# and never ends, the triage's limits set to 4 s a run and 16 s in all:
# kdump-tools' dump must still be saved whole, after the triage gave up),
# E2E_VARIANT=failsave (the save fails, and KDUMP_FAIL_CMD, set to the
# README's core2-triage -- reboot -f, triages a second time). One run at a
# time per suite (a lock); the work directory build/vm/kdump-tools/work-SUITE
# (console, disk, what came back) stays for inspection.
. "$(dirname "$0")/common.sh"
. "$TOP/tests/lib.sh"
set +e

TIMEOUT=${E2E_TIMEOUT:-600}
MEM=${E2E_MEM:-2048}
CRASHKERNEL=${E2E_CRASHKERNEL:-256M}
SMP=${E2E_SMP:-2}
KB=$VMB/kdump-tools
mkdir -p "$KB" || die "cannot make $KB"
[ "$#" -gt 0 ] || set -- ${E2E_KERNELS:-bookworm}
if [ -z "${DEB:-}" ]; then
	DEB=$(ls -t "$B"/pkg/core2_*-1_"$(dpkg --print-architecture)".deb 2>/dev/null | head -n1)
fi
[ -f "${DEB:-}" ] || die "no core2 .deb (make deb)"

VM_PACKAGES="$VM_PACKAGES mmdebstrap"
host_packages || die "cannot install host packages"

secs() { echo $(($(date +%s) - $1)); }
MIRROR=$(cat "$B/apt/mirror" 2>/dev/null)
[ -n "$MIRROR" ] || die "no mirror in $B/apt/mirror (make apt-config)"

# What goes into the root file system, besides Essential and apt.
ROOT_PACKAGES="systemd-sysv udev kmod initramfs-tools kdump-tools makedumpfile kexec-tools linux-image-amd64 procps"

# The workload unit: after kdump-tools.service has loaded the capture kernel,
# record the truth on the root disk, then crash. Never in the capture boot
# (/proc/vmcore), which starts kdump-tools-dump.service alone anyway.
WORKLOAD_UNIT='[Unit]
Description=core2 end-to-end test: record the truth, then crash the kernel
After=kdump-tools.service
Wants=kdump-tools.service
ConditionPathExists=!/proc/vmcore

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/core2-e2e-workload
StandardOutput=journal+console

[Install]
WantedBy=multi-user.target'

WORKLOAD_SCRIPT='#!/bin/sh
# core2 end-to-end test (tests/vm/kdump-tools-e2e.sh): the truth, then a crash.
T=/var/lib/core2-e2e/truth
say() { echo "CORE2:$*" >/dev/console; }
i=0
while [ "$(cat /sys/kernel/kexec_crash_loaded 2>/dev/null)" != 1 ]; do
	i=$((i + 1))
	if [ "$i" -gt 300 ]; then
		say "FAIL kdump-tools did not load the capture kernel"
		kdump-config status >/dev/console 2>&1
		systemctl --no-pager status kdump-tools.service >/dev/console 2>&1
		poweroff -f
	fi
	sleep 1
done
say "LOADED after ${i} s: $(kdump-config status 2>&1 | tail -n 1)"
case " $(cat /proc/cmdline) " in
*" core2_e2e=firstboot "*)
	# The first boot after installation: kdump-tools has done its first
	# load (its initrd rebuilt, its links made); shut down cleanly.
	say "FIRSTBOOT"
	systemctl --no-block poweroff
	exit 0 ;;
esac
rm -rf $T && mkdir -p $T
# Processes with known names (comm through /proc/self/comm), each a shell
# with a sleep child.
for name in core2-e2e-1 core2-e2e-2; do
	(
		printf %s "$name" >/proc/self/comm
		while :; do sleep 100000; done
	) &
	echo "$! $name" >>$T/known-procs
done
echo "core2_marker=$(od -An -N16 -tx1 /dev/urandom | tr -d " \n")" >$T/kmsg-marker
cat $T/kmsg-marker >/dev/kmsg
cat /proc/cmdline >$T/cmdline
uname -r >$T/release
kdump-config show >$T/kdump-config-show 2>&1
for t in /proc/[0-9]*/task/[0-9]*; do
	tgid= ppid= comm=
	while read -r k v; do
		case $k in Tgid:) tgid=$v ;; PPid:) ppid=$v ;; esac
	done <"$t/status" 2>/dev/null
	IFS= read -r comm <"$t/comm" 2>/dev/null
	[ -n "$tgid" ] && echo "${t##*/} $tgid $ppid $comm"
done | sort -n >$T/ps
sync
say "CRASH"
sleep 1
echo c >/proc/sysrq-trigger'

# base_tar SUITE: the mmdebstrap tarball of the suite, made once per key.
base_tar() {
	_suite=$1
	_vers=
	for _p in $ROOT_PACKAGES; do _vers="$_vers $_p=$(pkg_version "$_p" "$_suite")"; done
	BASE_KEY=$( { echo "$_suite $MIRROR$_vers"; sed -n '/^# base-begin/,/^# base-end/p' "$0"; } | sha256sum | cut -c1-16)
	BASE=$KB/base-$_suite-$BASE_KEY.tar
	[ -f "$BASE" ] && return 0
	log "mmdebstrap $_suite ($BASE_KEY)"
	rm -f "$KB/base-$_suite-"*.tar
# base-begin (the part of this script the base key covers)
	# initramfs-tools runs in a chroot here, where MODULES=dep (kdump-tools'
	# choice for its initrd when the system says "most") cannot find the
	# root device: the system says "list", with the drivers of this guest.
	# kdump-tools' kernel hook builds its capture initrd here (bookworm's
	# 1.8) or, seeing a chroot, leaves it to kdump-config at the first boot
	# (trixie's 1.10), as on a real installation.
	mmdebstrap --mode=root --variant=apt --format=tar \
		--include="$(echo $ROOT_PACKAGES | tr ' ' ,)" \
		--essential-hook='mkdir -p "$1/etc/initramfs-tools/conf.d" "$1/usr/share/initramfs-tools/modules.d" &&
			echo MODULES=list >"$1/etc/initramfs-tools/conf.d/core2-e2e" &&
			printf "virtio_pci\nvirtio_blk\next4\ncrc32c_generic\n" >"$1/usr/share/initramfs-tools/modules.d/core2-e2e" &&
			printf "kdump-tools kdump-tools/use_kdump boolean true\nkexec-tools kexec-tools/load_kexec boolean false\n" |
				chroot "$1" debconf-set-selections' \
		--customize-hook='chroot "$1" sh -c "for k in \$(linux-version list); do /etc/kernel/postinst.d/kdump-tools \$k; done"' \
		"$_suite" "$BASE.tmp" \
		"deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $MIRROR $_suite main" \
		>"$KB/mmdebstrap-$_suite.log" 2>&1 || { tail -n 30 "$KB/mmdebstrap-$_suite.log" >&2; rm -f "$BASE.tmp"; return 1; }
# base-end
	mv "$BASE.tmp" "$BASE"
}

# in_root TREE CMD...: CMD chrooted into TREE with /proc, /sys and /dev,
# in a private mount namespace (nothing stays mounted).
in_root() {
	_t=$1; shift
	unshare -m sh -c 'mount --make-rprivate / && mount -t proc proc "$0/proc" && mount -t sysfs sys "$0/sys" &&
		mount --rbind /dev "$0/dev" && exec chroot "$0" "$@"' "$_t" "$@"
}

# boot DISK CONSOLE APPEND...: one guest under the time bound, kernel and
# initrd of the image, -no-reboot (kdump-tools' reboot ends QEMU).
boot() {
	_disk=$1 _con=$2; shift 2
	_cpu=${VM_CPU:-}
	[ -n "$_cpu" ] || case $SUITE in bookworm) _cpu=max ;; *) _cpu=max,la57=off ;; esac
	timeout "$TIMEOUT" qemu-system-x86_64 -accel tcg -cpu "$_cpu" -m "$MEM" -smp "$SMP" \
		-display none -no-reboot -serial "file:$_con.raw" -monitor none \
		-kernel "$KERN" -initrd "$INITRD" \
		-append "root=/dev/vda rw console=ttyS0 crashkernel=$CRASHKERNEL panic=-1 $*" \
		-drive "file=$_disk,format=raw,if=virtio" -nic none
	_rc=$?
	tr -d '\r' <"$_con.raw" >"$_con" && rm -f "$_con.raw"
	return $_rc
}

# disk_image SUITE: the base with core2's .deb installed and the workload, as
# an ext4 image beside the kernel and initrd to boot it with; sets IMG, KERN,
# INITRD.
disk_image() {
	# The .deb by its contents (control files and md5sums), not its bytes:
	# each make deb stamps new file times.
	IMG_KEY=$( { echo "$BASE_KEY"; dpkg-deb --ctrl-tarfile "$DEB" | tar -xO; echo "$WORKLOAD_UNIT$WORKLOAD_SCRIPT"; } |
		sha256sum | cut -c1-16)
	_d=$KB/image-$1-$IMG_KEY
	IMG=$_d/disk.img KERN=$_d/vmlinuz INITRD=$_d/initrd.img
	[ -f "$_d/.done" ] && return 0
	rm -rf "$KB/image-$1-"* && mkdir -p "$_d/tree" || return 1
	log "image $1 ($IMG_KEY): the base, core2's .deb, the workload"
	tar -C "$_d/tree" --numeric-owner -xpf "$BASE" || return 1
	cp "$DEB" "$_d/tree/tmp/core2.deb" || return 1
	# dpkg -i as on a real system: the postinst rebuilds kdump-tools' initrd.
	in_root "$_d/tree" dpkg -i /tmp/core2.deb >"$_d/dpkg.log" 2>&1 || { cat "$_d/dpkg.log" >&2; return 1; }
	rm -f "$_d/tree/tmp/core2.deb"
	sed -i 's/^USE_KDUMP=.*/USE_KDUMP=1/' "$_d/tree/etc/default/kdump-tools"
	grep -qx USE_KDUMP=1 "$_d/tree/etc/default/kdump-tools" || return 1
	printf '%s\n' "$WORKLOAD_UNIT" >"$_d/tree/etc/systemd/system/core2-e2e.service"
	mkdir -p "$_d/tree/usr/local/sbin" "$_d/tree/etc/systemd/system/multi-user.target.wants"
	printf '%s\n' "$WORKLOAD_SCRIPT" >"$_d/tree/usr/local/sbin/core2-e2e-workload"
	chmod 755 "$_d/tree/usr/local/sbin/core2-e2e-workload"
	ln -sf /etc/systemd/system/core2-e2e.service "$_d/tree/etc/systemd/system/multi-user.target.wants/core2-e2e.service"
	echo '/dev/vda / ext4 rw,errors=remount-ro 0 1' >"$_d/tree/etc/fstab"
	echo core2-e2e >"$_d/tree/etc/hostname"
	_rel=$(ls "$_d/tree/lib/modules" | head -n1)
	cp "$_d/tree/boot/vmlinuz-$_rel" "$KERN" && cp "$_d/tree/boot/initrd.img-$_rel" "$INITRD" || return 1
	ls -l "$_d/tree/var/lib/kdump/" >"$_d/kdump-dir.txt"
	# Room for the dumps: the tree plus 1 GB.
	_mb=$(( $(du -sm "$_d/tree" | cut -f1) + 1024 ))
	mkfs.ext4 -q -F -L core2-e2e -d "$_d/tree" "$IMG" "${_mb}M" >"$_d/mkfs.log" 2>&1 || { cat "$_d/mkfs.log" >&2; return 1; }
	rm -rf "$_d/tree"
	# The image boots once before it is kept, as a server boots before it
	# crashes: kdump-tools' first load rebuilds its initrd (its sysctl
	# stamp is new: 100 s under TCG) and makes its links.
	log "image $1: first boot"
	_t=$(date +%s)
	boot "$IMG" "$_d/firstboot.log" core2_e2e=firstboot
	grep -q 'CORE2:FIRSTBOOT' "$_d/firstboot.log" || { tail -n 30 "$_d/firstboot.log" >&2; return 1; }
	echo "$(secs "$_t")" >"$_d/firstboot.seconds"
	touch "$_d/.done"
}

# kdump_conf LINE...: the disk copy's /etc/default/kdump-tools with LINEs
# appended, into $W/kdump-tools.conf; prints the debugfs commands that put
# it in place (the variants' settings, read by kdump-tools when it loads).
# Run it before the writing debugfs starts, not in its pipeline.
kdump_conf() {
	debugfs -R "cat /etc/default/kdump-tools" "$W/disk.img" >"$W/kdump-tools.conf" 2>/dev/null
	printf '%s\n' "$@" >>"$W/kdump-tools.conf"
	printf '%s\n' "rm /etc/default/kdump-tools" "write $W/kdump-tools.conf /etc/default/kdump-tools"
}

run_kernel() {
	K=$1
	W=$KB/work-$K
	exec 9>"$KB/lock-$K" && flock 9
	rm -rf "$W" && mkdir -p "$W" || { fail "$K: cannot make $W"; return; }
	t0=$(date +%s)
	resolve_kernel "$K"
	base_tar "$K" || { fail "$K: mmdebstrap of $K (log: $KB/mmdebstrap-$K.log)"; return; }
	t_base=$(secs "$t0")
	disk_image "$K" || { fail "$K: the disk image with core2's .deb"; return; }
	t_img=$(secs "$t0")
	pass "$K: a $K root file system with kdump-tools $(pkg_version kdump-tools "$K") and $(basename "$DEB") installed by dpkg ($KPKG $KVER)"
	[ -n "${E2E_PREPARE_ONLY:-}" ] && return

	cp --sparse=always "$IMG" "$W/disk.img" || { fail "$K: copy of the image"; return; }
	if [ "${E2E_VARIANT:-}" = initramfs ]; then
		# core2.triage=1 through kdump-tools' own KDUMP_CMDLINE_APPEND: the
		# triage runs in the capture initramfs, into /run. A test-only
		# drop-in copies it to the disk in the capture system.
		printf '%s\n' '[Service]' \
			'ExecStartPre=-/bin/sh -c "mkdir -p /var/crash/initramfs && cp -a /run/core2-triage-* /var/crash/initramfs/"' >"$W/probe.conf"
		conf=$(kdump_conf 'KDUMP_CMDLINE_APPEND="reset_devices systemd.unit=kdump-tools-dump.service nr_cpus=1 irqpoll usbcore.nousb core2.triage=1"')
		{ echo "$conf"
		  printf '%s\n' "mkdir /etc/systemd/system/kdump-tools-dump.service.d" \
			"write $W/probe.conf /etc/systemd/system/kdump-tools-dump.service.d/zz-core2-e2e.conf"; } |
			debugfs -w -f - "$W/disk.img" >"$W/debugfs-variant.log" 2>&1
	fi
	if [ "${E2E_VARIANT:-}" = hang ]; then
		# core2 hangs and ignores TERM; a test-only drop-in shortens the
		# triage's limits (the package's defaults are 30 s and 120 s).
		printf '%s\n' '#!/bin/sh' 'trap "" TERM' 'while :; do sleep 1; done' >"$W/core2-hang"
		printf '%s\n' '[Service]' 'Environment=CORE2_TRIAGE_TIMEOUT=4 CORE2_TRIAGE_TOTAL=16' >"$W/limits.conf"
		printf '%s\n' "rm /usr/bin/core2" "write $W/core2-hang /usr/bin/core2" "sif /usr/bin/core2 mode 0100755" \
			"mkdir /etc/systemd/system/kdump-tools-dump.service.d" \
			"write $W/limits.conf /etc/systemd/system/kdump-tools-dump.service.d/zz-core2-e2e.conf" |
			debugfs -w -f - "$W/disk.img" >"$W/debugfs-variant.log" 2>&1
	fi
	if [ "${E2E_VARIANT:-}" = failsave ]; then
		# A save that fails. kdump-config pipes makedumpfile into the
		# compressor; when the pipe fails it falls back to cp of the whole
		# /proc/vmcore, and when that fails too, savecore returns 1 and
		# kdump-tools runs KDUMP_FAIL_CMD (the README's line). Both fail
		# here: a test-only lz4 that exits 1 (KDUMP_COMPRESSION=lz4) and a
		# cp that refuses /proc/vmcore only (the real one renamed cp.real).
		printf '%s\n' '#!/bin/sh' 'echo "core2-e2e: this lz4 fails on purpose" >&2' 'exit 1' >"$W/lz4"
		printf '%s\n' '#!/bin/sh' \
			'for a; do [ "$a" = /proc/vmcore ] && { echo "core2-e2e: this cp refuses /proc/vmcore" >&2; exit 1; }; done' \
			'exec /usr/bin/cp.real "$@"' >"$W/cp"
		conf=$(kdump_conf 'KDUMP_COMPRESSION=lz4' 'KDUMP_FAIL_CMD="/usr/bin/core2-triage -- reboot -f"')
		{ echo "$conf"
		  printf '%s\n' "rm /usr/bin/lz4" "write $W/lz4 /usr/bin/lz4" "sif /usr/bin/lz4 mode 0100755" \
			"ln /usr/bin/cp /usr/bin/cp.real" "unlink /usr/bin/cp" "write $W/cp /usr/bin/cp" "sif /usr/bin/cp mode 0100755"; } |
			debugfs -w -f - "$W/disk.img" >"$W/debugfs-variant.log" 2>&1
	fi
	# As the other harnesses: bookworm's guest gets 5-level paging, the others 4-level.
	token=core2_token=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
	t1=$(date +%s)
	boot "$W/disk.img" "$W/console.txt" "$token"
	qrc=$?
	t_vm=$(secs "$t1")
	if [ "$qrc" = 124 ]; then
		fail "$K: the guest ended within ${TIMEOUT} s (console: $W/console.txt)"
		tail -n 30 "$W/console.txt"
	fi
	check "$K: kdump-tools.service loaded the capture kernel (console: CORE2:LOADED)" grep -q 'CORE2:LOADED' "$W/console.txt"
	check "$K: the capture kernel booted into kdump-tools-dump.service" grep -q 'systemd.unit=kdump-tools-dump.service' "$W/console.txt"

	# Read back, no mount: /var/crash and the truth.
	mkdir -p "$W/out"
	debugfs -R "rdump /var/crash /var/lib/core2-e2e $W/out" "$W/disk.img" >"$W/debugfs.log" 2>&1
	T=$W/out/core2-e2e/truth C=$W/out/crash
	ls -lR "$C" >"$W/crash-listing.txt" 2>&1
	check "$K: the truth came back from the disk" [ -s "$T/cmdline" ]
	check "$K: the guest ran with crashkernel= and our token" grep -q "crashkernel=$CRASHKERNEL .*$token" "$T/cmdline"
	dump=$(ls "$C"/2*/dump.2* 2>/dev/null | head -n1)
	if [ "${E2E_VARIANT:-}" = failsave ]; then
		check "$K: failsave: kdump-config's save failed (console: failed to save vmcore)" grep -q 'failed to save vmcore' "$W/console.txt"
		check "$K: failsave: it got there through the compressor and cp failing" \
			sh -c "grep -q 'this lz4 fails on purpose' '$W/console.txt' && grep -q 'this cp refuses /proc/vmcore' '$W/console.txt'"
		check "$K: failsave: no dump.DATE was saved" [ -z "$dump" ]
		ftri=$(ls -d "$C"/core2-triage-* 2>/dev/null | sed -n 2p)
		check "$K: failsave: KDUMP_FAIL_CMD's core2-triage wrote a second triage beside the drop-in's ($(basename "${ftri:-none}"))" [ -d "$ftri" ]
		check "$K: failsave: its 12 outputs ok ($(tail -n1 "$ftri/triage.log" 2>/dev/null))" grep -q '^done: 12 ok, 0 failed' "$ftri/triage.log"
		check "$K: failsave: its cmdline.txt equals the guest's /proc/cmdline" cmp -s "$ftri/cmdline.txt" "$T/cmdline"
		fm=$(cat "$T/kmsg-marker" 2>/dev/null)
		check "$K: failsave: its dmesg.txt holds the guest's kmsg marker" sh -c "[ -n '$fm' ] && grep -qF '$fm' '$ftri/dmesg.txt'"
		check "$K: failsave: the drop-in's triage, the failed save, then KDUMP_FAIL_CMD's triage (console order)" sh -c \
			"awk '/core2-triage: .* outputs in/ { n++; if (n == 1) a = NR; else b = NR } /failed to save vmcore/ { f = NR } END { exit !(a && f && b && a < f && f < b) }' '$W/console.txt'"
		check "$K: failsave: then core2-triage's -- reboot -f ended the guest (QEMU exit $qrc, not the ${TIMEOUT} s timeout)" sh -c \
			"[ '$qrc' != 124 ] && awk '/core2-triage: .* outputs in/ { b = NR } /reboot: Restarting system/ { r = NR } END { exit !(b && r > b) }' '$W/console.txt'"
	else
	check "$K: kdump-tools saved /var/crash/DATE/dump.DATE ($(cd "$C" 2>/dev/null && ls -d 2*/dump.* 2>/dev/null | head -n1), $(du -m "$dump" 2>/dev/null | cut -f1) MB)" \
		[ -s "$dump" ]
	# kdump-tools (1.8 and 1.10) always adds -F: makedumpfile's flattened
	# format, piped through its compressor (cat by default).
	sig=$(head -c 12 "$dump" 2>/dev/null | tr -d '\0')
	case $sig in makedumpfile) form=flattened ;; KDUMP*) form=kdump-compressed ;; *) form= ;; esac
	check "$K: the dump is a complete makedumpfile file (${form:-unknown signature}; no dump-incomplete)" \
		sh -c "[ -n '$form' ] && ! ls '$C'/2*/dump-incomplete* >/dev/null 2>&1"
	fi   # a saved dump
	tri=$(ls -d "$C"/core2-triage-* 2>/dev/null | head -n1)
	check "$K: core2's triage directory beside the dump ($(basename "${tri:-none}"))" [ -d "$tri" ]
	if [ "${E2E_VARIANT:-}" = hang ]; then
		check "$K: hang: every core2 run was stopped by the limit ($(grep -c 'timeout after' "$tri/triage.log" 2>/dev/null) in triage.log)" \
			sh -c '_n=$(grep -c " rc=[0-9]* seconds=" "$1"); [ "$_n" -ge 1 ] &&
				[ "$(grep -c " rc=[0-9]* seconds=[0-9]* timeout after [0-9]* s\$" "$1")" = "$_n" ]' sh "$tri/triage.log"
		check "$K: hang: the 16 s budget ended the triage (the runs left skipped)" grep -q 'skipped: no time left' "$tri/triage.log"
		check "$K: hang: the triage logged its end with none ok ($(tail -n1 "$tri/triage.log" 2>/dev/null))" \
			grep -q '^done: 0 ok, 12 failed' "$tri/triage.log"
	fi
	if [ "${E2E_VARIANT:-}" != hang ]; then
	check "$K: the triage's 12 outputs ok (triage.log: $(tail -n1 "$tri/triage.log" 2>/dev/null))" \
		grep -q '^done: 12 ok, 0 failed' "$tri/triage.log"
	check "$K: the triage ran on /proc/vmcore" grep -q '^core2-triage of /proc/vmcore' "$tri/triage.log"
	check "$K: triage cmdline.txt equals the guest's /proc/cmdline byte for byte" cmp -s "$tri/cmdline.txt" "$T/cmdline"
	rel=$(cat "$T/release" 2>/dev/null)
	check "$K: triage info.txt gives the guest's release ($rel)" \
		[ "$(awk '$1 == "release" { print $2; exit }' "$tri/info.txt" 2>/dev/null)" = "$rel" ]
	check "$K: triage info.json gives the guest's release" grep -qF "\"release\":\"$rel\"" "$tri/info.json"
	marker=$(cat "$T/kmsg-marker" 2>/dev/null)
	check "$K: triage dmesg.txt holds the guest's kmsg marker" sh -c "[ -n '$marker' ] && grep -qF '$marker' '$tri/dmesg.txt'"
	check "$K: triage dmesg.json holds the guest's kmsg marker" sh -c "[ -n '$marker' ] && grep -qF '$marker' '$tri/dmesg.json'"
	if why=$(python3 - "$T/ps" "$T/known-procs" "$tri/ps.json" <<'PY' 2>&1
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
bad, gone, transient = [], [], 0
for pid, name in known.items():
    if dump.get(pid, (0, 0, None))[2] != name:
        bad.append("known process %d %r: %r" % (pid, name, dump.get(pid)))
# Tasks that may end between the snapshot and the crash: kernel threads,
# udevd's idle workers, the workload's own pipeline (children of the unit's
# script, whose pid is the known processes' parent).
udevd = {p for p, t in truth.items() if t[2] == "systemd-udevd"}
script = {truth[p][1] for p in known if p in truth}
for pid, (tgid, ppid, comm) in truth.items():
    if pid not in dump:
        if ppid == 2 or ppid in udevd or ppid in script or tgid != pid and tgid not in dump:
            transient += 1
        else:
            gone.append("%d %s" % (pid, comm))
        continue
    dt, dp, dc = dump[pid]
    kthread = pid == 2 or ppid == 2
    # systemd names a child "(agetty)" between its fork and its exec: one
    # in the snapshot may have exec'd before the crash.
    if dt == tgid and dp == ppid and comm[:1] == "(" and comm[-1:] == ")" and comm[1:-1][:15] == dc:
        transient += 1
        continue
    if dt != tgid or dp != ppid or not (comm.startswith(dc) if kthread else comm == dc):
        bad.append("%d: truth %r, dump %r" % (pid, (tgid, ppid, comm), dump[pid]))
if gone:
    bad.append("%d tasks missing: %s" % (len(gone), ", ".join(gone[:10])))
if bad or len(truth) < 20:
    print("; ".join(bad[:5]) or "too few tasks in truth")
    sys.exit(1)
print("%d tasks of the guest's, %d in the dump, %d kernel threads, udev workers, the snapshot's own pipeline or systemd's children before their exec ended or changed since"
      % (len(truth), len(dump), transient))
PY
	); then pass "$K: triage ps.json matches the guest's process list ($why)"
	else fail "$K: triage ps.json differs from the guest's process list: $why"; fi
	fi   # not the hang variant
	# The order kdump-tools-dump.service gave: the triage (ExecStartPre)
	# before the save.
	[ "${E2E_VARIANT:-}" = failsave ] ||
	check "$K: the triage ran before kdump-tools saved the dump (console order)" sh -c \
		"awk '/core2-triage: .* outputs in/ { t = NR } /saved vmcore in/ { s = NR } END { exit !(t && s && t < s) }' '$W/console.txt'"
	if [ "${E2E_VARIANT:-}" = initramfs ]; then
		itri=$(ls -d "$C"/initramfs/core2-triage-* 2>/dev/null | head -n1)
		check "$K: core2.triage=1: the capture kernel's command line has it" grep -q 'Command line: .*core2.triage=1' "$W/console.txt"
		check "$K: core2.triage=1: the capture initramfs wrote a triage into /run ($(basename "${itri:-none}"))" [ -d "$itri" ]
		check "$K: core2.triage=1: its 12 outputs ok ($(tail -n1 "$itri/triage.log" 2>/dev/null))" \
			grep -q '^done: 12 ok, 0 failed' "$itri/triage.log"
		check "$K: core2.triage=1: its cmdline.txt equals the guest's /proc/cmdline" cmp -s "$itri/cmdline.txt" "$T/cmdline"
		check "$K: core2.triage=1: its dmesg.txt holds the guest's kmsg marker" \
			sh -c "[ -n '$marker' ] && grep -qF '$marker' '$itri/dmesg.txt'"
	fi
	# An independent reading of kdump-tools' dump on the host: core2 on the
	# saved file gives the guest's command line too.
	if [ -x "${CORE2:-$B/core2}" ] && [ -s "$dump" ]; then
		check "$K: core2 on the saved dump.DATE gives the guest's command line" \
			[ "$("${CORE2:-$B/core2}" -c "$dump" cmdline 2>/dev/null)" = "$(cat "$T/cmdline")" ]
	fi
	total=$(secs "$t0")
	echo "# $K: cycle $total s (guest ${t_vm} s: boot, load, crash, capture boot, triage, save; base tarball ${t_base} s, image $((t_img - t_base)) s; the image's first boot, once per image key, took $(cat "${IMG%/*}/firstboot.seconds") s)"
	echo "$K total=$total guest=$t_vm base=$t_base image=$((t_img - t_base)) firstboot=$(cat "${IMG%/*}/firstboot.seconds")" >>"$KB/timings.log"
}

for k in "$@"; do run_kernel "$k"; done
finish
