#!/bin/sh
# Usage: tests/vm/initramfs-test.sh [KERNEL...]   (default: $INITRAMFS_KERNELS, else bookworm)
# The initramfs integration of issue 9, tested with the real generators on a
# Debian kernel that is only unpacked (never installed): for each KERNEL,
#   1. dracut (dracut-core) builds a shell-init image with the module
#      initramfs/dracut/99core2 and a test module that emulates kdump-utils'
#      capture initramfs (/etc/kdump.conf, /usr/bin/kdump.sh) and its save;
#   2. mkinitramfs (initramfs-tools) builds an image with
#      initramfs/initramfs-tools/{hooks,scripts/init-premount}/core2 and a
#      test script that emulates kdump-tools' save;
# then each image is booted as the capture kernel's initrd in a real kdump
# cycle: a busybox live kernel records the truth on a results disk, loads
# the image with kexec -p and crashes; in the capture kernel core2's triage
# runs from our hook, then tests/vm/initramfs-capture.sh checks failing
# triage variants and saves the dump with makedumpfile. The host reads the
# disk back (debugfs) and compares the triage with the truth.
# Never touches the host's /lib/modules or /boot (mkinitramfs runs in a
# private mount namespace with the unpacked tree bound over them).
# Environment: INITRAMFS_CORE2, else CORE2 (default build/core2): the static
# binary put in the images (make check SANITIZE=1 gives the musl one), VM_CPU, INITRAMFS_TIMEOUT (per
# guest cycle, 400 s), INITRAMFS_KERNELS. One QEMU at a time per kernel
# release (a lock). The work directory build/vm/work/initramfs-RELEASE (images,
# logs, the results disks read back) is removed when every check passed.
. "$(dirname "$0")/common.sh"
. "$TOP/tests/lib.sh"
set +e

CORE2=${INITRAMFS_CORE2:-${CORE2:-$B/core2}}
[ -x "$CORE2" ] || die "no core2 binary at $CORE2"
# A copy: the binary under test must not change while the images are made.
# Its path without symlinks (build/san/vm is one): mkinitramfs would copy
# the link chain, not a file named core2.
mkdir -p "$VMB/initramfs" || die "cannot make $VMB/initramfs"
SNAP=$(cd "$VMB/initramfs" && pwd -P)/core2.$$
cp "$CORE2" "$SNAP" || die "cannot copy $CORE2"
trap 'rm -f "$SNAP"' EXIT
CORE2=$SNAP
TRIAGE=$TOP/initramfs/core2-triage
TIMEOUT=${INITRAMFS_TIMEOUT:-400}
[ "$#" -gt 0 ] || set -- ${INITRAMFS_KERNELS:-bookworm}

VM_PACKAGES="$VM_PACKAGES dracut-core initramfs-tools"
host_packages || die "cannot install host packages"

secs() { echo $(($(date +%s) - $1)); }

# kernel_tree: the kernel package (and its modules package) unpacked once
# under $VMB/initramfs, with modules.dep; sets TREE, MODBASE.
kernel_tree() {
	TREE=$VMB/initramfs/${KPKG}_$KVER/tree
	if [ ! -f "$TREE/.done" ]; then
		log "unpacking $KPKG $KVER for the generators"
		rm -rf "$TREE" && mkdir -p "$TREE"
		unpack_kernel "$TREE" || return 1
		_md=$(ls -d "$TREE"/lib/modules/"$RELEASE" "$TREE"/usr/lib/modules/"$RELEASE" 2>/dev/null | head -n1)
		depmod -b "${_md%/lib/modules/*}" "$RELEASE" || return 1
		# mkinitramfs reads /boot/config-RELEASE; 7.x packages keep the
		# config beside the modules only.
		if [ ! -f "$TREE/boot/config-$RELEASE" ] && [ -f "$_md/config" ]; then
			mkdir -p "$TREE/boot" && cp "$_md/config" "$TREE/boot/config-$RELEASE" || return 1
		fi
		touch "$TREE/.done"
	fi
	MODDIR=$(ls -d "$TREE"/lib/modules/"$RELEASE" "$TREE"/usr/lib/modules/"$RELEASE" 2>/dev/null | head -n1)
	[ -n "$MODDIR" ] && [ -f "$TREE/boot/config-$RELEASE" ]
}

# build_dracut OUT: dracut from a copy of its module directory with ours and
# the test module added; no systemd (the shell-init image), a short driver list.
build_dracut() {
	_db=$W/dracut-base
	rm -rf "$_db" && cp -a /usr/lib/dracut "$_db"
	cp -a "$TOP/initramfs/dracut/99core2" "$_db/modules.d/99core2"
	_tm=$_db/modules.d/98core2test
	mkdir -p "$_tm"
	cat >"$_tm/module-setup.sh" <<'EOF'
#!/bin/bash
# Test only: what kdump-utils' image would hold (its kdump.conf, a kdump.sh
# whose presence core2-triage looks for), makedumpfile of the kernel's suite,
# and the test's save as a pre-pivot hook after core2's (50).
check() { return 255; }
depends() { echo core2; }
install() {
    cp -a "$CORE2_TEST_BASE/opt" "$initdir/"
    inst_simple "$CORE2_TEST_BASE/bin/makedumpfile" /usr/bin/makedumpfile
    inst_simple "$CORE2_TEST_CAPTURE" /usr/bin/core2-test-capture
    printf 'path /var/crash\ncore_collector makedumpfile -c -d 31\n' >"$initdir/etc/kdump.conf"
    printf '#!/bin/sh\n# stands in for kdump-utils kdump.sh: only its presence matters\nexit 0\n' >"$initdir/usr/bin/kdump.sh"
    chmod 755 "$initdir/usr/bin/kdump.sh"
    inst_multiple -o sync head date mv cp mkdir ls cat umount
    inst_hook pre-pivot 90 "$moddir/core2test-hook.sh"
}
EOF
	printf '#!/bin/sh\nsh /usr/bin/core2-test-capture /sysroot dracut\n' >"$_tm/core2test-hook.sh"
	chmod 755 "$_tm"/*.sh
	mkdir -p "$W/dracut-conf" "$W/dracut-tmp"
	dracutbasedir=$_db CORE2_BIN=$CORE2 CORE2_TRIAGE_BIN=$TRIAGE CORE2_TEST_BASE=$KDIR/base \
		CORE2_TEST_CAPTURE=$VM_DIR/initramfs-capture.sh \
		dracut --force --no-hostonly --conf /dev/null --confdir "$W/dracut-conf" --tmpdir "$W/dracut-tmp" \
		--kver "$RELEASE" --kmoddir "$MODDIR" \
		-m "bash base rootfs-block udev-rules kernel-modules core2 core2test" \
		--omit "systemd systemd-initrd dracut-systemd" \
		--drivers "virtio_pci virtio_blk ext4 crc32c_generic" --filesystems ext4 \
		--no-early-microcode --compress zstd "$1" >"$W/dracut.log" 2>&1
}

# build_itools OUT: mkinitramfs with a private configuration directory (our
# hook and script, the test's) in a private mount namespace where /lib/modules
# and /boot are the unpacked tree's.
build_itools() {
	_cd=$W/itools-conf
	rm -rf "$_cd" && mkdir -p "$_cd/hooks" "$_cd/scripts/init-premount" "$_cd/conf.d"
	printf 'MODULES=list\nBUSYBOX=y\nCOMPRESS=zstd\nKEYMAP=n\nRUNSIZE=10%%\nFSTYPE=ext4\n' >"$_cd/initramfs.conf"
	printf 'virtio_pci\nvirtio_blk\next4\ncrc32c_generic\n' >"$_cd/modules"
	cp "$TOP/initramfs/initramfs-tools/hooks/core2" "$_cd/hooks/core2"
	cp "$TOP/initramfs/initramfs-tools/scripts/init-premount/core2" "$_cd/scripts/init-premount/core2"
	cat >"$_cd/hooks/core2test" <<'EOF'
#!/bin/sh
# Test only: makedumpfile of the kernel's suite and the test's save.
case $1 in prereqs) exit 0 ;; esac
. /usr/share/initramfs-tools/hook-functions
cp -a "$CORE2_TEST_BASE/opt" "$DESTDIR/"
copy_file script "$CORE2_TEST_BASE/bin/makedumpfile" /usr/bin/makedumpfile
copy_file script "$CORE2_TEST_CAPTURE" /usr/bin/core2-test-capture
EOF
	cat >"$_cd/scripts/init-premount/core2test" <<'EOF'
#!/bin/sh
# Test only: after core2's triage, the results disk and the test's save.
case $1 in prereqs) echo core2; exit 0 ;; esac
mkdir -p /out
mount -t ext4 /dev/vda /out || { echo "CORE2:FAIL cannot mount /dev/vda"; echo o >/proc/sysrq-trigger; }
sh /usr/bin/core2-test-capture /out initramfs-tools
EOF
	chmod 755 "$_cd/hooks/"* "$_cd/scripts/init-premount/"*
	_made=
	[ -e /lib/modules ] || { mkdir -p /lib/modules && _made=1; }
	CORE2_BIN=$CORE2 CORE2_TRIAGE_BIN=$TRIAGE CORE2_TEST_BASE=$KDIR/base \
		CORE2_TEST_CAPTURE=$VM_DIR/initramfs-capture.sh \
		unshare -m sh -c 'mount --make-rprivate / &&
			mount --bind "$1" /lib/modules && mount --bind "$2" /boot &&
			mkinitramfs -d "$3" -o "$4" "$5"' sh \
		"${MODDIR%/*}" "$TREE/boot" "$_cd" "$1" "$RELEASE" >"$W/mkinitramfs.log" 2>&1
	_rc=$?
	[ -n "$_made" ] && rmdir /lib/modules
	return $_rc
}

# cycle KIND IMAGE CMDLINE: one kdump cycle with IMAGE as the capture initrd;
# the results disk comes back in $W/KIND.
cycle() {
	_k=$1 _img=$2 _cmd=$3
	rm -rf "$W/root" && cp -a "$KDIR/base" "$W/root"
	cp "$VM_DIR/initramfs-live.sh" "$W/root/init"
	chmod 755 "$W/root/init"
	cp "$KDIR/vmlinuz" "$W/root/boot/vmlinuz"
	cp "$_img" "$W/root/boot/capture.img"
	echo "$_cmd" >"$W/root/etc/capture-cmdline"
	(cd "$W/root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$W/live.cpio"
	rm -rf "$W/root"
	# dracut mounts only a root with a usable layout (proc, sys, dev).
	rm -rf "$W/skel" && mkdir -p "$W/skel/proc" "$W/skel/sys" "$W/skel/dev" "$W/skel/var/crash"
	rm -f "$W/out-$_k.img" && truncate -s 512M "$W/out-$_k.img"
	mkfs.ext4 -q -F -L core2-out -d "$W/skel" "$W/out-$_k.img"
	_token=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
	python3 "$VM_DIR/qemu.py" --timeout "$TIMEOUT" --log "$W/console-$_k.log" --times "$W/times-$_k.json" -- \
		qemu-system-x86_64 -accel tcg -cpu "$CPU" -m 1536 -smp 2 \
		-nodefaults -display none -no-reboot -serial stdio \
		-kernel "$KDIR/vmlinuz" -initrd "$W/live.cpio" \
		-append "console=ttyS0 crashkernel=384M panic=-1 quiet core2_token=$_token" \
		-drive "file=$W/out-$_k.img,format=raw,if=virtio" >"$W/qemu-$_k.log" 2>&1
	_rc=$?
	rm -f "$W/live.cpio"
	rm -rf "$W/$_k" && mkdir -p "$W/$_k"
	debugfs -R "rdump /truth /results /var $W/$_k" "$W/out-$_k.img" >"$W/debugfs-$_k.log" 2>&1
	return $_rc
}

# cycle_retry: cycle, and once more when it fails. A TCG guest now and then
# oopses while booting (seen once: an early fault in text_poke under TCG,
# before any of our code ran); a real failure fails twice.
cycle_retry() {
	cycle "$@" && return 0
	log "$K $1: the cycle failed; trying once more (console kept as console-$1.first.log)"
	cp "$W/console-$1.log" "$W/console-$1.first.log" 2>/dev/null
	cycle "$@"
}

# check_triage NAME DIR TRUTH: the triage files against the guest's truth.
check_triage() {
	tn=$1 _d=$2 _t=$3
	check "$tn: triage.log says 12 ok" grep -q '^done: 12 ok, 0 failed' "$_d/triage.log"
	check "$tn: cmdline.txt equals the guest's /proc/cmdline byte for byte" cmp -s "$_d/cmdline.txt" "$_t/cmdline"
	check "$tn: dmesg.txt holds the kmsg marker" grep -qF "$(cat "$_t/kmsg-marker")" "$_d/dmesg.txt"
	check "$tn: dmesg.txt shows the sysrq crash" grep -q 'sysrq triggered crash' "$_d/dmesg.txt"
	check "$tn: info.txt release is the guest's uname -r" \
		sh -c '[ "$(awk "\$1 == \"release\" { print \$2 }" "$1")" = "$(cat "$2")" ]' sh "$_d/info.txt" "$_t/release"
	_missing=
	while read -r _pid _comm; do
		awk -v p="$_pid" -v c="$_comm" '$1 == p { sub(/^ *[0-9]+ +[0-9]+ +[0-9]+ +[A-Za-z] +[0-9]+ +0x[0-9a-f]+ /, ""); if ($0 == c) f = 1 } END { exit !f }' \
			"$_d/ps.txt" || _missing="$_missing $_pid:$_comm"
	done <"$_t/known-procs"
	check "$tn: ps.txt lists the known processes${_missing:+ (missing$_missing)}" [ -z "$_missing" ]
	# bt -a: the crashed CPU's trace is the Call Trace the kernel printed
	# (in the triage's own dmesg.txt, which the checks above tie to the
	# guest), text and JSON; bt -s D lists D tasks only.
	_out=$(python3 "$VM_DIR/calltrace.py" "$_d/dmesg.txt" "$_d/bt-a.json" "$_d/bt-a.txt" 2>&1)
	if [ $? = 0 ] && [ -s "$_d/bt-a.txt" ]; then
		pass "$tn: bt-a.txt and bt-a.json: the crashed CPU's trace equals the kernel's Call Trace: $_out"
	else
		fail "$tn: bt-a.txt and bt-a.json: the crashed CPU's trace differs from the kernel's Call Trace: $(printf '%s' "$_out" | tail -n 3 | tr '\n' ' ')"
	fi
	check "$tn: bt-a.txt has a trace for every CPU with a note in info.txt" \
		sh -c '[ "$(grep -c "^CPU: " "$1")" = "$(grep -c "^cpu [0-9]" "$2")" ] && [ "$(grep -c "^CPU: " "$1")" -ge 1 ]' sh "$_d/bt-a.txt" "$_d/info.txt"
	check "$tn: bt-sD.txt lists only D tasks" sh -c '! grep "^PID: " "$1" | grep -v "STATE: D "' sh "$_d/bt-sD.txt"
	check "$tn: the JSON files agree with the truth" python3 - "$_d" "$_t" <<'EOF'
import json, sys
d, t = sys.argv[1], sys.argv[2]
truth = lambda f: open(f"{t}/{f}", encoding="utf-8", errors="surrogateescape").read()
lines = lambda f: [json.loads(l) for l in open(f"{d}/{f}") if l.strip()]
ok = True
def want(cond, what):
    global ok
    if not cond:
        print(f"# {what}", file=sys.stderr); ok = False
(c,) = lines("cmdline.json"); want(c["cmdline"] + "\n" == truth("cmdline"), "cmdline.json")
(i,) = lines("info.json"); want(i["release"] == truth("release").strip(), "info.json release")
want("sysrq" in (i.get("panic") or ""), "info.json panic")
procs = {(p["pid"], p["comm"]) for p in lines("ps.json")}
for l in truth("known-procs").splitlines():
    pid, comm = l.split(" ", 1)
    want((int(pid), comm) in procs, f"ps.json lacks {l}")
marker = truth("kmsg-marker").strip()
want(any(marker in r["text"] for r in lines("dmesg.json")), "dmesg.json marker")
want(all(r["state"] == "D" for r in lines("bt-sD.json")), "bt-sD.json: a task not in D")
sys.exit(0 if ok else 1)
EOF
}

# check_cycle KIND: the triage beside the saved dump, the failure variants,
# and the dump itself (read by core2 on the host).
check_cycle() {
	_k=$1 _o=$W/$1
	_tri=$(ls -d "$_o"/var/crash/core2-triage-* 2>/dev/null | head -n1)
	check "$K $_k: a core2-triage-* directory beside the dump in /var/crash" [ -n "$_tri" ]
	[ -n "$_tri" ] && check_triage "$K $_k" "$_tri" "$_o/truth"
	for _v in false hang stubborn novmcore broken unwritable; do
		_r=$(cat "$_o/results/fail-$_v.rc" 2>/dev/null)
		_s=${_r##*seconds=}
		check "$K $_k: core2-triage with $_v core2/vmcore exits 0 within its budget ($_r)" \
			[ "${_r%% *}" = rc=0 -a "${_s:-999}" -le 20 ]
	done
	check "$K $_k: failing core2 runs are logged" grep -q 'rc=1 ' "$_o/results/fail-false/triage.log"
	check "$K $_k: a hung core2 is stopped by the timeout" grep -q 'timeout after' "$_o/results/fail-hang/triage.log"
	check "$K $_k: a core2 ignoring TERM is killed" grep -q 'timeout after' "$_o/results/fail-stubborn/triage.log"
	check "$K $_k: the command after -- runs even when nothing can be written" \
		sh -c 'grep -q "cannot write" "$1" && grep -q "command after -- ran" "$1"' sh "$_o/results/fail-unwritable.out"
	_save=$(cat "$_o/results/save" 2>/dev/null)
	_f=${_save##*file=}
	check "$K $_k: the dump was saved after the triage ($_save)" [ "${_save%% *}" = rc=0 -a -s "$_o/$_f" ]
	if [ -s "$_o/$_f" ]; then
		"$CORE2" -c "$_o/$_f" cmdline >"$W/$_k.dump-cmdline" 2>&1
		check "$K $_k: the saved dump reads back (its cmdline is the truth)" cmp -s "$W/$_k.dump-cmdline" "$_o/truth/cmdline"
	fi
	[ "$T_FAIL" = "$f0" ] || tail -n 25 "$W/console-$_k.log" | sed 's/^/# /'
}

# one_kernel K: every initramfs test of one kernel.
one_kernel() {
	K=$1
	t_all=$(date +%s) f0=$T_FAIL
	KDIR=$(flock "$VMB/.prepare.lock" sh "$VM_DIR/prepare.sh" "$K") || { fail "$K: prepare.sh"; return; }
	. "$KDIR/env"
	if [ -z "${VM_CPU:-}" ]; then
		case $SUITE in bookworm) CPU=max ;; *) CPU=max,la57=off ;; esac
	else
		CPU=$VM_CPU
	fi
	W=$VMB/work/initramfs-$RELEASE
	mkdir -p "$VMB/work"
	exec 8>"$W.lock"
	flock 8
	rm -rf "$W" && mkdir -p "$W"
	if ! kernel_tree; then fail "$K: unpacking $KPKG"; return; fi

	t0=$(date +%s)
	build_dracut "$W/dracut.img"
	if [ -s "$W/dracut.img" ]; then
		pass "$K: dracut builds an image with the core2 module ($(secs "$t0") s, $(du -k "$W/dracut.img" | cut -f1) KB)"
	else
		fail "$K: dracut builds an image with the core2 module"
		tail -n 20 "$W/dracut.log" | sed 's/^/# /'
	fi
	lsinitrd "$W/dracut.img" >"$W/dracut.list" 2>&1
	check "$K: the dracut image holds core2, its links, core2-triage and the hook" sh -c \
		'grep -q " usr/bin/core2$" "$1" && grep -q "usr/bin/core2-ps -> core2" "$1" &&
		 grep -q " usr/bin/core2-triage$" "$1" && grep -q "hooks/pre-pivot/50-core2-triage-hook.sh" "$1"' sh "$W/dracut.list"

	t0=$(date +%s)
	build_itools "$W/itools.img"
	if [ -s "$W/itools.img" ]; then
		pass "$K: mkinitramfs builds an image with the core2 hook ($(secs "$t0") s, $(du -k "$W/itools.img" | cut -f1) KB)"
	else
		fail "$K: mkinitramfs builds an image with the core2 hook"
		tail -n 20 "$W/mkinitramfs.log" | sed 's/^/# /'
	fi
	lsinitramfs -l "$W/itools.img" >"$W/itools.list" 2>&1
	check "$K: the initramfs-tools image holds core2, its links, core2-triage and the script" sh -c \
		'grep -q " usr/bin/core2$" "$1" && grep -q "usr/bin/core2-ps -> core2" "$1" &&
		 grep -q " usr/bin/core2-triage$" "$1" && grep -q " scripts/init-premount/core2$" "$1"' sh "$W/itools.list"

	base="console=ttyS0 irqpoll nr_cpus=1 reset_devices panic=-1"
	if [ -s "$W/dracut.img" ]; then
		t0=$(date +%s)
		cycle_retry dracut "$W/dracut.img" "$base root=/dev/vda rw rootfstype=ext4 rd.shell=0 rd.udev.log_level=3 quiet"
		if [ $? = 0 ]; then pass "$K dracut: the capture kernel booted the dracut image and finished ($(secs "$t0") s)"; else
			fail "$K dracut: the capture kernel booted the dracut image and finished"; tail -n 30 "$W/qemu-dracut.log" | sed 's/^/# /'; fi
		[ -f "$W/dracut/results/save" ] && check_cycle dracut
	fi
	if [ -s "$W/itools.img" ]; then
		t0=$(date +%s)
		cycle_retry initramfs-tools "$W/itools.img" "$base root=/dev/vda quiet core2.triage=1"
		if [ $? = 0 ]; then pass "$K initramfs-tools: the capture kernel booted the mkinitramfs image and finished ($(secs "$t0") s)"; else
			fail "$K initramfs-tools: the capture kernel booted the mkinitramfs image and finished"; tail -n 30 "$W/qemu-initramfs-tools.log" | sed 's/^/# /'; fi
		[ -f "$W/initramfs-tools/results/save" ] && check_cycle initramfs-tools
	fi
	if [ "$T_FAIL" = "$f0" ]; then
		rm -rf "$W"
		log "$K: initramfs tests passed in $(secs "$t_all") s"
	else
		log "$K: initramfs tests failed after $(secs "$t_all") s; work files in $W"
	fi
	exec 8>&-
}

# Kernels run INITRAMFS_JOBS at a time: a guest keeps one host core busy.
each_parallel "${INITRAMFS_JOBS:-2}" one_kernel "$@"
finish
