#!/bin/sh
# Usage: prepare.sh KERNEL
# Gets a Debian kernel and the guest tools of its own suite (kexec-tools,
# makedumpfile), never installing them on the host, and builds the base
# initramfs tree every guest of that kernel boots. Prints the directory:
#   env       shell variables: KPKG KVER SUITE RELEASE and tool versions
#   vmlinuz   the kernel image
#   base/     initramfs tree without /init, core2 and the queries
# A directory is reused while this script and the package versions are unchanged.
. "$(dirname "$0")/common.sh"
. "$VM_DIR/sysroot.sh"

K=${1:?usage: prepare.sh KERNEL}
# Modules the guest needs: disks (virtio), the workload and results
# filesystem (ext4; 6.1 also needs a crc32c driver), and fw_cfg, through which
# the guest hands its VMCOREINFO to QEMU's vmcoreinfo device for qemu.elf.
REQUIRED_MODULES="virtio_pci virtio_blk ext4"
OPTIONAL_MODULES="crc32c_generic qemu_fw_cfg"

resolve_kernel "$K"

# tools_sysroot SUITE: makedumpfile, kexec-tools and their libraries of one
# suite, unpacked into a directory shared by every kernel of that suite.
tools_sysroot() { unpack_sysroot "$1" tools makedumpfile kexec-tools; }

# install_tools SYSROOT DEST BIN...: copy programs and exactly the libraries
# the loader resolves for them into DEST/{bin,lib} of the initramfs tree.
install_tools() {
	_sr=$1 _dest=$2; shift 2
	_ld=$(sysroot_ld "$_sr")
	mkdir -p "$_dest/bin" "$_dest/lib"
	cp -L "$_ld" "$_dest/lib/ld-linux-x86-64.so.2"
	for _b in "$@"; do
		_path=$(sysroot_bin "$_sr" "$_b")
		[ -n "$_path" ] || die "$_b not found in $_sr"
		cp "$_path" "$_dest/bin/"
		"$_ld" --library-path "$(sysroot_libpath "$_sr")" --list "$_path" |
			awk '$2 == "=>" { print $1, $3 }' | while read -r _so _lib; do
			case $_lib in "$_sr"/root/*) cp -L "$_lib" "$_dest/lib/${_so##*/}" ;;
			*) die "$_b: $_so resolves to '$_lib', not inside $_sr" ;; esac
		done
	done
}

# wrapper NAME OPTDIR PROG: /bin/NAME runs /OPTDIR/bin/PROG with its own
# loader, so tools of two suites (two glibc versions) share one initramfs.
wrapper() {
	printf '#!/bin/sh\nexec /%s/lib/ld-linux-x86-64.so.2 --library-path /%s/lib /%s/bin/%s "$@"\n' \
		"$2" "$2" "$2" "$3" >"$BASE/bin/$1"
	chmod 755 "$BASE/bin/$1"
}

# Does a suite's makedumpfile write zstd (-z)? Debian builds it with libzstd
# only from 1.7.x in trixie on; bookworm's is built without.
has_zstd() { papt_cache show "makedumpfile/$1" | grep -q '^Depends:.*libzstd'; }
ZSTD_SUITE=$SUITE
if ! has_zstd "$SUITE"; then
	ZSTD_SUITE=
	for s in $(papt_cache madison makedumpfile | awk -F'|' '$3 ~ / Packages$/ {
		split($3, f, " "); split(f[2], s, "/"); print s[1] }'); do
		has_zstd "$s" && { ZSTD_SUITE=$s; break; }
	done
	[ -n "$ZSTD_SUITE" ] || die "no suite has a makedumpfile with zstd"
fi

KDIR=$VMB/kernel/${KPKG}_$KVER
key="$(hash_files "$VM_DIR/prepare.sh" "$VM_DIR/common.sh" "$VM_DIR/sysroot.sh") $KPKG $KVER
$SUITE $(pkg_version makedumpfile "$SUITE") $(pkg_version kexec-tools "$SUITE")
$ZSTD_SUITE $(pkg_version makedumpfile "$ZSTD_SUITE")"
if [ -f "$KDIR/key" ] && [ "$(cat "$KDIR/key")" = "$key" ]; then
	echo "$KDIR"
	exit 0
fi

log "preparing $KPKG $KVER ($SUITE)"
rm -rf "$KDIR" && mkdir -p "$KDIR/tree"
unpack_kernel "$KDIR/tree" || die "cannot unpack $KPKG"

# Modules sit in lib/modules (6.1) or usr/lib/modules (6.12 on).
moddir=$(ls -d "$KDIR"/tree/lib/modules/* "$KDIR"/tree/usr/lib/modules/* 2>/dev/null | head -n1)
[ -n "$moddir" ] || die "$KPKG has no lib/modules directory"
[ -d "$moddir/kernel" ] || die "$KPKG: no modules in $moddir"
RELEASE=${moddir##*/}
modbase=${moddir%/lib/modules/*}
vmlinuz=$(ls "$KDIR/tree/boot/vmlinuz-$RELEASE" "$moddir/vmlinuz" 2>/dev/null | head -n1)
[ -n "$vmlinuz" ] || die "no vmlinuz in $KPKG"
cp "$vmlinuz" "$KDIR/vmlinuz"
depmod -b "$modbase" "$RELEASE"

BASE=$KDIR/base
mkdir -p "$BASE/bin" "$BASE/etc" "$BASE/lib/modules" "$BASE/proc" "$BASE/sys" \
	"$BASE/dev" "$BASE/tmp" "$BASE/out" "$BASE/data" "$BASE/boot"

# busybox gives the shell and every applet the guest scripts use.
cp /bin/busybox "$BASE/bin/busybox"
for a in $(/bin/busybox --list); do
	[ "$a" = busybox ] || ln -sf busybox "$BASE/bin/$a"
done
ln -s bin "$BASE/sbin"

# unpack_ko KO DEST: a module file, decompressed for busybox insmod.
unpack_ko() {
	case $1 in
	*.xz) xz -dc "$1" ;; *.zst) zstd -qdc "$1" ;; *.gz) gzip -dc "$1" ;; *) cat "$1" ;;
	esac >"$2"
}

# Modules in load order (modprobe resolves dependencies and soft
# dependencies on the host).
: >"$BASE/etc/modules.list"
for m in $REQUIRED_MODULES $OPTIONAL_MODULES; do
	if ! deps=$(modprobe -d "$modbase" -S "$RELEASE" --show-depends "$m" 2>/dev/null); then
		case " $REQUIRED_MODULES " in *" $m "*) die "module $m not found in $KPKG" ;; esac
		log "optional module $m not in $KPKG"
		continue
	fi
	for ko in $(echo "$deps" | awk '$1 == "insmod" { print $2 }'); do
		name=$(basename "$ko" | sed 's/\.\(xz\|zst\|gz\)$//')
		grep -qx "$name" "$BASE/etc/modules.list" && continue
		unpack_ko "$ko" "$BASE/lib/modules/$name"
		echo "$name" >>"$BASE/etc/modules.list"
	done
done

# A module the kernel ships that the run cycle's workload loads and unloads
# again before the crash (tests/vm/init.sh): not in modules.list, so boot
# leaves it alone.
mkdir -p "$BASE/lib/modules/extra"
ko=$(modprobe -d "$modbase" -S "$RELEASE" --show-depends dummy 2>/dev/null | awk '$1 == "insmod" { print $2 }' | tail -n1)
[ -n "$ko" ] || die "no dummy module in $KPKG"
unpack_ko "$ko" "$BASE/lib/modules/extra/dummy.ko"

# Guest tools of the kernel's own suite; makedumpfile -z from another suite
# when the kernel's own cannot write zstd.
TOOLS=$(tools_sysroot "$SUITE")
install_tools "$TOOLS" "$BASE/opt/$SUITE" kexec makedumpfile
wrapper kexec "opt/$SUITE" kexec
wrapper makedumpfile "opt/$SUITE" makedumpfile
MDF_ZSTD=makedumpfile
ZTOOLS=$TOOLS
if [ "$ZSTD_SUITE" != "$SUITE" ]; then
	ZTOOLS=$(tools_sysroot "$ZSTD_SUITE")
	install_tools "$ZTOOLS" "$BASE/opt/$ZSTD_SUITE" makedumpfile
	MDF_ZSTD=makedumpfile-$ZSTD_SUITE
	wrapper "$MDF_ZSTD" "opt/$ZSTD_SUITE" makedumpfile
fi
echo "MDF_ZSTD=$MDF_ZSTD" >"$BASE/etc/core2-vm.env"

# The host checks dumps with the newest makedumpfile it unpacked.
cat >"$KDIR/env" <<EOF
KPKG='$KPKG'
KVER='$KVER'
SUITE='$SUITE'
RELEASE='$RELEASE'
MDF_VERSION='$(pkg_version makedumpfile "$SUITE")'
KEXEC_VERSION='$(pkg_version kexec-tools "$SUITE")'
ZSTD_SUITE='$ZSTD_SUITE'
ZSTD_MDF_VERSION='$(pkg_version makedumpfile "$ZSTD_SUITE")'
HOST_MDF_LD='$(sysroot_ld "$ZTOOLS")'
HOST_MDF_LIBPATH='$(sysroot_libpath "$ZTOOLS")'
HOST_MDF='$(sysroot_bin "$ZTOOLS" makedumpfile)'
EOF
rm -rf "$KDIR/tree"
echo "$key" >"$KDIR/key"
echo "$KDIR"
