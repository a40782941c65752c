#!/bin/sh
# Usage: cycle.sh fixture|run|scale KERNEL
# One guest cycle (live kernel, crash, capture kernel) of a Debian kernel with
# the current core2 in its initramfs (tests/vm/init.sh runs inside).
#   fixture: the full workload, a QEMU memory dump and makedumpfile saves, into
#            $B/fixtures/RELEASE (reused while the key below is unchanged),
#            with $B/fixtures/KERNEL a symlink to it.
#   run:     a small workload, core2's queries only, into $B/vm-results/RELEASE
#            (and the symlink $B/vm-results/KERNEL).
#   scale:   a server-sized workload (100,000 files and directories with odd
#            names, 920,000 negative lookups, 5,000 tasks in 50 processes),
#            no queries in the guest, the zlib and ELF saves only, into
#            $B/fixtures/RELEASE-scale (and $B/fixtures/KERNEL-scale).
# Environment (set by vm.mk): VM_CORE2, VM_CPU, VM_TIMEOUT, VM_QUERY_TIMEOUT,
# VM_ENTRIES, VM_NEGATIVES, VM_SCALE_HELPER (scale: tests/vm/scale.c, built).
. "$(dirname "$0")/common.sh"

MODE=${1:?usage: cycle.sh fixture|run|scale KERNEL}
K=${2:?usage: cycle.sh fixture|run|scale KERNEL}
CORE2=${VM_CORE2:-$B/core2}
QUERIES=$VM_DIR/queries.sh
# Guest RAM in MB; TASKS: processes x threads of the scale helper.
MEM=1536 TASKS= WSIZE=512M WKIND=
case $MODE in
fixture) ENTRIES=${VM_ENTRIES:-20000} NEGATIVES=${VM_NEGATIVES:-20000} TIMEOUT=${VM_TIMEOUT:-1500} OUTSIZE=6G ;;
run) ENTRIES=${VM_ENTRIES:-500} NEGATIVES=${VM_NEGATIVES:-500} TIMEOUT=${VM_TIMEOUT:-400} OUTSIZE=256M ;;
scale) ENTRIES=${VM_ENTRIES:-100000} NEGATIVES=${VM_NEGATIVES:-920000} TIMEOUT=${VM_TIMEOUT:-3000} OUTSIZE=8G
	MEM=2560 TASKS="50 100" WSIZE=1G WKIND=scale
	[ -x "${VM_SCALE_HELPER:-}" ] || die "no scale helper (VM_SCALE_HELPER) at '${VM_SCALE_HELPER:-}'" ;;
*) die "unknown mode $MODE" ;;
esac
[ -x "$CORE2" ] || die "no core2 binary at $CORE2"
[ -f "$QUERIES" ] || die "no $QUERIES"

host_packages
mkdir -p "$VMB"
KDIR=$(flock "$VMB/.prepare.lock" sh "$VM_DIR/prepare.sh" "$K")
. "$KDIR/env"

# The run cycle crashes through a module (tests/vm/oops), built for this
# kernel with its own headers and compiler.
OOPS_KO=
if [ "$MODE" = run ]; then
	OOPS_KO=$(sh "$VM_DIR/oops-module.sh" "$K") || die "no oops module for $KPKG"
fi

# Both paging modes get exercised: bookworm's guest has 5-level paging (max
# has la57), the other suites' 4-level.
if [ -z "${VM_CPU:-}" ]; then
	case $SUITE in bookworm) CPU=max ;; *) CPU=max,la57=off ;; esac
else
	CPU=$VM_CPU
fi

# One cycle per mode and kernel at a time (make check and a hand-run make
# fixtures share the work directory); a waiting fixture run then finds the
# fixture up to date.
mkdir -p "$VMB/work"
exec 9>"$VMB/work/$MODE-$RELEASE.lock"
flock 9

# The key names everything a fixture's dumps depend on; queries.sh and core2
# are not in it (a fixture's results/ are for reference only).
KEY="harness $(cd "$VM_DIR" && hash_files common.sh sysroot.sh prepare.sh cycle.sh init.sh workload.py qemu.py manifest.py)
kernel $KPKG $KVER
tools $MDF_VERSION $KEXEC_VERSION $ZSTD_SUITE $ZSTD_MDF_VERSION
qemu $CPU $ENTRIES $NEGATIVES${WKIND:+ $WKIND $MEM $TASKS $(hash_files "$VM_DIR/scale.c")}"
if [ "$MODE" = scale ]; then
	DEST=$B/fixtures/$RELEASE-scale
	if [ -f "$DEST/manifest.json" ] && [ "$(cat "$DEST/key" 2>/dev/null)" = "$KEY" ]; then
		ln -sfn "$RELEASE-scale" "$B/fixtures/$K-scale"
		log "fixture $DEST is up to date"
		exit 0
	fi
elif [ "$MODE" = fixture ]; then
	DEST=$B/fixtures/$RELEASE
	if [ -f "$DEST/manifest.json" ] && [ "$(cat "$DEST/key" 2>/dev/null)" = "$KEY" ]; then
		ln -sfn "$RELEASE" "$B/fixtures/$K"
		log "fixture $DEST is up to date"
		exit 0
	fi
else
	DEST=$B/vm-results/$RELEASE
fi

W=$VMB/work/$MODE-$RELEASE
rm -rf "$W" && mkdir -p "$W"
t_start=$(date +%s)

# Workload image, made once per size and generator version.
WIMG=$VMB/workload/$(hash_files "$VM_DIR/workload.py")-$ENTRIES-$NEGATIVES${WKIND:+-$WKIND}.img
if [ ! -f "$WIMG" ]; then
	mkdir -p "$VMB/workload"
	python3 "$VM_DIR/workload.py" "$W/workload" "$ENTRIES" "$NEGATIVES" $WKIND >/dev/null
	mkfs.ext4 -q -F -L core2-work -N $((ENTRIES * 2 + 4096)) -d "$W/workload" "$WIMG.$$" $WSIZE
	mv "$WIMG.$$" "$WIMG"
	rm -rf "$W/workload"
fi

# The initramfs: the prepared base tree plus /init, core2 and the queries.
# Appended to it, /boot holds the kernel and the same initramfs (minus /boot)
# for kexec -p: the capture kernel boots the very same userland.
cp -a "$KDIR/base" "$W/root"
cp "$VM_DIR/init.sh" "$W/root/init"
cp "$CORE2" "$W/root/bin/core2"
cp "$QUERIES" "$W/root/queries.sh"
cp "$TOP/tests/lib.sh" "$W/root/lib.sh"
[ -n "$OOPS_KO" ] && cp "$OOPS_KO" "$W/root/lib/modules/extra/core2_oops.ko"
[ "$MODE" = scale ] && cp "$VM_SCALE_HELPER" "$W/root/bin/core2-scale"
chmod 755 "$W/root/init" "$W/root/bin/core2"
mkcpio() { (cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet); }
mkcpio "$W/root" >"$W/inner.cpio"
mkdir -p "$W/bootfs/boot"
cp "$KDIR/vmlinuz" "$W/bootfs/boot/vmlinuz"
cp "$W/inner.cpio" "$W/bootfs/boot/initrd.cpio"
{ cat "$W/inner.cpio"; mkcpio "$W/bootfs"; } >"$W/initrd.cpio"
rm -rf "$W/root" "$W/bootfs" "$W/inner.cpio"

# The results disk: sparse, ext4, read back with debugfs (no mount needed).
truncate -s "$OUTSIZE" "$W/out.img"
mkfs.ext4 -q -F -L core2-out "$W/out.img"

TOKEN=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
set -- qemu-system-x86_64 -accel tcg -cpu "$CPU" -m $MEM -smp 2 \
	-nodefaults -display none -no-reboot -serial stdio -device vmcoreinfo \
	-kernel "$KDIR/vmlinuz" -initrd "$W/initrd.cpio" \
	-append "console=ttyS0 crashkernel=384M panic=-1 quiet core2_mode=$MODE core2_token=$TOKEN core2_qtimeout=${VM_QUERY_TIMEOUT:-120}${TASKS:+ core2_tasks=${TASKS% *}x${TASKS#* }}" \
	-drive "file=$W/out.img,format=raw,if=virtio" \
	-drive "file=$WIMG,format=raw,if=virtio,readonly=on"
log "$MODE cycle of $RELEASE (cpu $CPU), console in $W/console.log"
dumparg=
[ "$MODE" = fixture ] && dumparg="--dump=$W/qemu.elf"
python3 "$VM_DIR/qemu.py" --timeout "$TIMEOUT" --log "$W/console.log" --times "$W/times.json" \
	$dumparg -- "$@" || die "$MODE cycle of $RELEASE failed"
[ "$MODE" = fixture ] && sparse "$W/qemu.elf"   # before the results disk is copied out

# Copy out, then assemble the result directory beside the old one and swap.
NEW=$DEST.new
rm -rf "$NEW" && mkdir -p "$NEW"
debugfs -R "rdump /truth /results /logs $([ "$MODE" != run ] && echo /dumps) $NEW" "$W/out.img" 2>"$W/debugfs.log" ||
	die "debugfs could not read the results disk"
rm -f "$W/out.img"
[ -s "$NEW/truth/cmdline" ] || die "no truth came back from the guest"
cp "$W/console.log" "$NEW/logs/console.log"
if [ "$MODE" != run ]; then
	sparse "$NEW"/dumps/*   # the guest's (qemu.elf was, above)
	[ "$MODE" = fixture ] && mv "$W/qemu.elf" "$NEW/dumps/qemu.elf"
	chmod 644 "$NEW"/dumps/*
	cp "$KDIR/vmlinuz" "$NEW/vmlinuz"
	echo "$KEY" >"$NEW/key"
	sh "$VM_DIR/check-dumps.sh" "$NEW" "$KDIR/env" "$MODE" || die "dump checks failed"
	export KPKG KVER SUITE RELEASE MDF_VERSION KEXEC_VERSION ZSTD_SUITE ZSTD_MDF_VERSION CPU ENTRIES NEGATIVES TASKS
	QEMU_VERSION=$(qemu-system-x86_64 --version | head -n1) FIXTURE_SECONDS=$(($(date +%s) - t_start)) \
		python3 "$VM_DIR/manifest.py" "$NEW" "$W/times.json" -- "$@" || die "manifest"
else
	mv "$NEW/results/"* "$NEW/"
	rmdir "$NEW/results"
fi
rm -rf "$DEST"
mv "$NEW" "$DEST"
ln -sfn "${DEST##*/}" "${DEST%/*}/$K${WKIND:+-$WKIND}"
rm -rf "$W"
log "$MODE cycle of $RELEASE done in $(($(date +%s) - t_start)) s: $DEST"
