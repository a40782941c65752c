#!/bin/sh
# A kdump cycle of Debian bookworm's arm64 kernel under qemu-system-aarch64
# (TCG, one vCPU): truth from the live kernel, makedumpfile's formats from
# the capture kernel, into OUT (truth/, dumps/), the layout of
# build/fixtures/KERNEL. Guest tools are Debian's arm64 binaries, fetched
# through a private apt configuration with APT::Architecture "arm64" (the
# machine's dpkg architectures are untouched).
# Usage: cycle.sh BUILD_DIR OUT   (run under flock /work/vm.lock)
set -eu
B=$(realpath "$1"); OUT=$2
HERE=$(cd "$(dirname "$0")" && pwd)
A=$B/apt-arm64
W=$B/arm64
mkdir -p $A/lists/partial $A/cache/archives/partial $A/debs $W
if [ ! -f $A/apt.conf ]; then
	# The bookworm lines of the private apt configuration's sources.
	grep '^deb .* bookworm ' $B/apt/sources.list >$A/sources.list
	touch $A/status
	cat >$A/apt.conf <<EOC
Dir::Etc::SourceList "$A/sources.list";
Dir::Etc::SourceParts "/dev/null";
Dir::State::Lists "$A/lists";
Dir::State::Status "$A/status";
Dir::Cache "$A/cache";
APT::Architecture "arm64";
APT::Architectures { "arm64"; };
APT::Get::List-Cleanup "false";
EOC
	APT_CONFIG=$A/apt.conf apt-get -q update >$A/update.log 2>&1
fi
KPKG=$(APT_CONFIG=$A/apt.conf apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-arm64-unsigned$' |
	cut -d' ' -f1 | sort -V | tail -1)
PKGS="$KPKG busybox-static kexec-tools makedumpfile libc6 zlib1g libdw1 libelf1 liblzo2-2 liblzma5 libbz2-1.0
 libzstd1 libxenmisc4.17 libxencall1 libxendevicemodel1 libxenevtchn1 libxenforeignmemory1 libxengnttab1
 libxentoollog1 libxentoolcore1"
(cd $A/debs && for p in $PKGS; do ls ${p}_*.deb >/dev/null 2>&1 || APT_CONFIG=$A/apt.conf apt-get -q download $p >/dev/null 2>&1; done)
rm -rf $W/k $W/root && mkdir -p $W/k $W/root
dpkg-deb -x $A/debs/${KPKG}_*.deb $W/k
for d in $A/debs/*.deb; do case $d in *linux-image*) ;; *) dpkg-deb -x $d $W/root ;; esac; done
R=$(ls $W/k/lib/modules)
I=$W/initrd
rm -rf $I && mkdir -p $I/bin $I/sbin $I/usr $I/lib/modules $I/boot $I/proc $I/sys $I/dev $I/tmp
cp $W/root/bin/busybox $I/bin/ && ln -s busybox $I/bin/sh  # init installs the other applets
cp -a $W/root/usr/lib $I/usr/ && cp -a $W/root/lib/* $I/lib/ 2>/dev/null || true
mkdir -p $I/usr/bin $I/usr/sbin && cp $W/root/sbin/kexec $I/sbin/ && cp $W/root/usr/bin/makedumpfile $I/usr/bin/
cp $W/k/lib/modules/$R/kernel/drivers/virtio/virtio_mmio.ko $W/k/lib/modules/$R/kernel/drivers/block/virtio_blk.ko $I/lib/modules/
cp $HERE/init.sh $I/init && chmod +x $I/init
cp $W/k/boot/vmlinuz-$R $I/boot/vmlinuz
# The initrd carries itself: the capture kernel boots the same image.
(cd $I && find . ! -path ./boot/initrd.cpio | cpio -o -H newc --quiet >$W/initrd.0)
cp $W/initrd.0 $I/boot/initrd.cpio
(cd $I && find . | cpio -o -H newc --quiet >$W/initrd.cpio)
rm -f $W/disk.img && truncate -s 1G $W/disk.img
t0=$(date +%s)
timeout 600 qemu-system-aarch64 -M virt -cpu max,pauth-impdef=on -smp 1 -m 1536 -nographic -no-reboot \
	-kernel $W/k/boot/vmlinuz-$R -initrd $W/initrd.cpio \
	-append "console=ttyAMA0 crashkernel=400M panic=-1" \
	-drive file=$W/disk.img,format=raw,if=none,id=d0 -device virtio-blk-device,drive=d0 >$W/console.log 2>&1 || true
echo "cycle: $(($(date +%s) - t0)) s" >&2
grep -q 'CORE2:DONE' $W/console.log || { grep CORE2: $W/console.log >&2; tail -20 $W/console.log >&2; exit 1; }
rm -rf $OUT.tmp && mkdir -p $OUT.tmp
tar xf $W/disk.img -C $OUT.tmp
dd if=$W/disk.img bs=1M skip=64 2>/dev/null | tar xf - -C $OUT.tmp
rm -rf $OUT && mv $OUT.tmp $OUT
ls -l $OUT/truth $OUT/dumps >&2
