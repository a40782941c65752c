#!/bin/sh
# A kdump cycle of a Debian arm64 kernel under qemu-system-aarch64 (TCG, one
# vCPU): truth from the live kernel, makedumpfile's formats (and, with RAW=1,
# the raw /proc/vmcore ELF) from the capture kernel, into OUT (truth/,
# dumps/), the layout of build/fixtures/KERNEL. Guest tools are Debian's
# arm64 binaries of SUITE, fetched through a private apt configuration with
# APT::Architecture "arm64" (the machine's dpkg architectures are untouched).
# Usage: cycle.sh BUILD_DIR OUT [SUITE [MEM_MB [RAW [CRASH]]]]
#   (run under flock /work/vm.lock; SUITE bookworm by default; SUITE-16k
#   for the suite's arm64-16k flavour, a kernel with 16 KB pages)
# CRASH: how the guest crashes: proc (echo c >/proc/sysrq-trigger, in the
# shell's write(2)), or serial (a break and 'c' on the serial console: the
# panic comes in the UART's interrupt handler, on the CPU's IRQ stack).
set -eu
B=$(realpath "$1"); OUT=$2 SUITE=${3:-bookworm} MEM=${4:-1536} RAW=${5:-0} CRASH=${6:-proc}
case $CRASH in proc|serial) ;; *) echo "cycle.sh: CRASH is proc or serial, not $CRASH" >&2; exit 2 ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
[ -z "${GUEST_CORE2:-}" ] || GUEST_CORE2=$(realpath "$GUEST_CORE2")
# aptdir SUITE: the private arm64 apt directory of SUITE, made at first use
# (bookworm's keeps the name it had before other suites came).
aptdir() {
	_a=$B/apt-arm64; [ $1 = bookworm ] || _a=$B/apt-arm64-$1
	mkdir -p $_a/lists/partial $_a/cache/archives/partial $_a/debs
	if [ ! -f $_a/apt.conf ]; then
		# The suite's lines of the private apt configuration's sources.
		grep "^deb .* $1 " $B/apt/sources.list >$_a/sources.list
		touch $_a/status
		# Its own binary caches: the machine's docker-clean switches them
		# off, which makes every apt-cache call take a second or more.
		cat >$_a/apt.conf <<EOC
Dir::Etc::SourceList "$_a/sources.list";
Dir::Etc::SourceParts "/dev/null";
Dir::State::Lists "$_a/lists";
Dir::State::Status "$_a/status";
Dir::Cache "$_a/cache";
Dir::Cache::pkgcache "pkgcache.bin";
Dir::Cache::srcpkgcache "srcpkgcache.bin";
APT::Architecture "arm64";
APT::Architectures { "arm64"; };
APT::Get::List-Cleanup "false";
EOC
		APT_CONFIG=$_a/apt.conf apt-get -q update >$_a/update.log 2>&1
	fi
	echo $_a
}
FLAVOUR=
case $SUITE in *-16k) FLAVOUR=-16k SUITE=${SUITE%-16k} ;; esac
A=$(aptdir $SUITE)
W=$B/arm64/$SUITE$FLAVOUR
mkdir -p $W
export APT_CONFIG=$A/apt.conf
# The library packages PKG... need, through libraries only (debconf's
# dependencies would pull in perl).
libs() {
	_todo="$*" _seen=
	while [ -n "$_todo" ]; do
		_new=
		for _p in $_todo; do case " $_seen " in *" $_p "*) ;; *) _seen="$_seen $_p" _new="$_new $_p" ;; esac; done
		[ -n "$_new" ] || break
		_todo=$(apt-cache depends --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces --no-enhances $_new |
			sed -n 's/^ *|\{0,1\}\(Pre\)\{0,1\}Depends: \(z\{0,1\}lib[^ <>]*\)$/\2/p' | sort -u)
	done
	echo $_seen
}
# The generic arm64 flavour (or -16k with FLAVOUR; not -rt or -cloud), newest first.
KPKG=$(apt-cache search --names-only "^linux-image-[0-9][0-9.]*(-[0-9]+|\+deb[0-9]+)-arm64$FLAVOUR-unsigned\$" |
	cut -d' ' -f1 | sort -V | tail -1)
[ -n "$KPKG" ] || { echo "cycle.sh: no arm64 kernel package in $SUITE" >&2; exit 1; }
# makedumpfile -z: Debian builds it with libzstd from trixie on. For an
# older suite, trixie's arm64 makedumpfile and its libraries go to
# /opt/zstd with their own loader (makedumpfile-zstd runs it).
ZSUITE= ZVER=
if ! apt-cache show --no-all-versions makedumpfile | grep -q '^Depends:.*libzstd'; then
	ZSUITE=trixie
	ZA=$(aptdir $ZSUITE)
	ZVER=$(APT_CONFIG=$ZA/apt.conf apt-cache show --no-all-versions makedumpfile | sed -n 's/^Version: //p' | head -1)
fi
# The fixture's key: the kernel package's version, the harness, the guest's
# size and the aarch64 core2 it runs, if any. A fixture with the same key is kept.
KEY="arm64 $KPKG $(apt-cache show --no-all-versions $KPKG | sed -n 's/^Version: //p' | head -1) mem $MEM raw $RAW crash $CRASH${ZSUITE:+ zstd $ZSUITE $ZVER}
$(cd $HERE/.. && sha256sum arm64/cycle.sh arm64/init.sh qemu.py workload.py ${GUEST_CORE2:+"$GUEST_CORE2"} | cut -c1-16 | tr '\n' ' ')"
if [ "$(cat $OUT/key 2>/dev/null)" = "$KEY" ]; then
	echo "arm64 fixture $OUT is up to date" >&2
	exit 0
fi
PKGS="$KPKG $(libs busybox-static kexec-tools makedumpfile)"
(cd $A/debs && for p in $PKGS; do ls ${p}_*.deb >/dev/null 2>&1 || APT_CONFIG=$A/apt.conf apt-get -q download $p >/dev/null 2>&1; done)
rm -rf $W/k $W/root $W/zroot && mkdir -p $W/k $W/root
dpkg-deb -x $A/debs/${KPKG}_*.deb $W/k
for p in $PKGS; do case $p in linux-image*) ;; *) dpkg-deb -x $A/debs/${p}_*.deb $W/root ;; esac; done
if [ -n "$ZSUITE" ]; then
	ZPKGS=$(APT_CONFIG=$ZA/apt.conf; export APT_CONFIG; libs makedumpfile)
	(cd $ZA/debs && for p in $ZPKGS; do ls ${p}_*.deb >/dev/null 2>&1 || APT_CONFIG=$ZA/apt.conf apt-get -q download $p >/dev/null 2>&1; done)
	mkdir -p $W/zroot
	for p in $ZPKGS; do dpkg-deb -x $ZA/debs/${p}_*.deb $W/zroot; done
fi
R=$(basename $W/k/boot/vmlinuz-*); R=${R#vmlinuz-}
I=$W/initrd
rm -rf $I && mkdir -p $I/usr/bin $I/usr/sbin $I/usr/lib $I/modules $I/boot $I/proc $I/sys $I/dev $I/tmp
# A merged /usr (trixie's packages ship only usr/; bookworm's also lib/, whose
# dynamic loader path /lib/ld-linux-aarch64.so.1 every binary names).
cp -a $W/root/usr/lib/. $I/usr/lib/ && { [ ! -d $W/root/lib ] || cp -a $W/root/lib/. $I/usr/lib/; }
ln -s usr/lib $I/lib && ln -s usr/bin $I/bin && ln -s usr/sbin $I/sbin
for t in bin/busybox sbin/kexec bin/makedumpfile; do
	f=$(find $W/root -path "*/$t" | head -1)
	[ -n "$f" ] || { echo "cycle.sh: no $t in $SUITE's packages" >&2; exit 1; }
	cp $f $I/usr/$t
done
ln -s busybox $I/usr/bin/sh  # init installs the other applets
if [ -n "$ZSUITE" ]; then
	mkdir -p $I/opt/zstd/lib $I/opt/zstd/bin
	cp -a $W/zroot/usr/lib/aarch64-linux-gnu/. $I/opt/zstd/lib/
	cp -L $(find $W/zroot -name ld-linux-aarch64.so.1 | head -1) $I/opt/zstd/lib/ld-linux-aarch64.so.1
	cp $(find $W/zroot -path '*/bin/makedumpfile' | head -1) $I/opt/zstd/bin/makedumpfile
	printf '#!/bin/sh\n# %s makedumpfile, for -z\nexec /opt/zstd/lib/ld-linux-aarch64.so.1 --library-path /opt/zstd/lib /opt/zstd/bin/makedumpfile "$@"\n' \
		"$ZSUITE's" >$I/usr/bin/makedumpfile-zstd
	chmod 755 $I/usr/bin/makedumpfile-zstd
fi
# GUEST_CORE2 (an aarch64 core2, make ARCH=aarch64): the capture kernel runs
# it on /proc/vmcore too, into dumps/guest-core2/ (tests/cross/).
[ -z "${GUEST_CORE2:-}" ] || cp "$GUEST_CORE2" $I/usr/bin/core2
# Modules in load order (the disks', then ext4's for the workload; a
# kernel with one built in has no file of it); newer kernels ship them
# xz-compressed.
n=10
# qemu_fw_cfg hands the kernel's VMCOREINFO to QEMU's vmcoreinfo device, for
# the dump-guest-memory ELF (dumps/qemu.elf).
for m in virtio_mmio virtio_blk crc16 mbcache jbd2 crc32c_generic ext4 qemu_fw_cfg; do
	f=$(find $W/k -name "$m.ko*" | head -1)
	[ -n "$f" ] || continue
	n=$((n + 1))
	case $f in
	*.xz) xz -dc $f >$I/modules/$n-$m.ko ;;
	*) cp $f $I/modules/$n-$m.ko ;;
	esac
done
cp $HERE/init.sh $I/init && chmod +x $I/init
cp $W/k/boot/vmlinuz-$R $I/boot/vmlinuz
# The initrd carries itself: the capture kernel boots the same image (less
# /boot, which only the live kernel needs).
(cd $I && find . ! -path './boot/*' | cpio -o -H newc --quiet >$W/initrd.0)
cp $W/initrd.0 $I/boot/initrd.cpio
(cd $I && find . | cpio -o -H newc --quiet >$W/initrd.cpio)
rm -f $W/disk.img $W/raw.img && truncate -s 1G $W/disk.img
# The dentry workload of the x86_64 harness (tests/vm/workload.py), smaller:
# an ext4 image the guest mounts read-only and walks.
ENTRIES=5000 NEGATIVES=5000
WIMG=$B/arm64/workload-$(sha256sum $HERE/../workload.py | cut -c1-16)-$ENTRIES-$NEGATIVES.img
if [ ! -f $WIMG ]; then
	rm -rf $W/workload
	python3 $HERE/../workload.py $W/workload $ENTRIES $NEGATIVES >/dev/null
	mkfs.ext4 -q -F -L core2-work -N $((ENTRIES * 2 + 4096)) -d $W/workload $WIMG.tmp 128M
	mv $WIMG.tmp $WIMG && rm -rf $W/workload
fi
# The raw /proc/vmcore goes to a disk of its own that keeps zeros as holes.
set --
if [ "$RAW" = 1 ]; then
	truncate -s $((MEM + 512))M $W/raw.img
	set -- -drive file=$W/raw.img,format=raw,if=none,id=d1,discard=unmap,detect-zeroes=unmap \
		-device virtio-blk-device,drive=d1,serial=core2raw
fi
t0=$(date +%s)
# tests/vm/qemu.py drives the cycle as on x86_64: the live guest, its truth
# recorded, says CORE2:QEMU-DUMP and waits while QEMU's monitor writes its
# memory as an ELF file (dump-guest-memory, the snapshot format), then crashes.
rm -f $W/qemu.elf
python3 $HERE/../qemu.py --timeout 900 --log $W/console.log --dump $W/qemu.elf -- \
	qemu-system-aarch64 -M virt -cpu max,pauth-impdef=on -smp 1 -m $MEM -nographic -no-reboot \
	-device vmcoreinfo -kernel $W/k/boot/vmlinuz-$R -initrd $W/initrd.cpio \
	-append "console=ttyAMA0 crashkernel=400M panic=-1 core2_crash=$CRASH" \
	-drive file=$W/disk.img,format=raw,if=none,id=d0 -device virtio-blk-device,drive=d0,serial=core2out \
	-drive file=$WIMG,format=raw,if=none,id=d2,readonly=on -device virtio-blk-device,drive=d2,serial=core2work \
	"$@" || { grep CORE2: $W/console.log >&2; exit 1; }
echo "cycle: $(($(date +%s) - t0)) s" >&2
rm -rf $OUT.tmp && mkdir -p $OUT.tmp
tar xf $W/disk.img -C $OUT.tmp
dd if=$W/disk.img bs=1M skip=64 2>/dev/null | tar xf - -C $OUT.tmp
rm -f $W/disk.img
if [ "$RAW" = 1 ]; then
	size=$(cat $OUT.tmp/dumps/vmcore.raw.size)
	truncate -s $size $W/raw.img && mv $W/raw.img $OUT.tmp/dumps/vmcore.raw
fi
mv $W/qemu.elf $OUT.tmp/dumps/qemu.elf && chmod 644 $OUT.tmp/dumps/qemu.elf
# Zero pages kept as holes (tests/vm/common.sh's sparse): the same bytes in a
# fraction of the disk.
for f in $OUT.tmp/dumps/*; do fallocate --dig-holes $f 2>/dev/null || :; done
echo "$KEY" >$OUT.tmp/key
rm -rf $OUT && mv $OUT.tmp $OUT
ls -l $OUT/truth $OUT/dumps >&2
