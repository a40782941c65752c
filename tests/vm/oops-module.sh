#!/bin/sh
# Usage: oops-module.sh KERNEL
# Builds tests/vm/oops (a module that oopses on demand) against the Debian
# kernel's own linux-headers package, with the compiler that package names,
# in a throwaway root file system of the kernel's suite made by mmdebstrap
# (the host's gcc cannot build every kernel's modules: newer kernels use
# newer compiler flags, and their kbuild tools need a newer C library).
# Prints the path of core2_oops.ko, kept while the source, this script and
# the headers' version are unchanged.
. "$(dirname "$0")/common.sh"

K=${1:?usage: oops-module.sh KERNEL}
resolve_kernel "$K"
FLAVOUR_RELEASE=${KPKG#linux-image-}
HPKG=linux-headers-$FLAVOUR_RELEASE
HVER=$(pkg_version "$HPKG" "$SUITE")
[ -n "$HVER" ] || die "no $HPKG in $SUITE: cannot build the oops module for $KPKG"
MIRROR=$(cat "$B/apt/mirror" 2>/dev/null)
[ -n "$MIRROR" ] || die "no mirror in $B/apt/mirror (make apt-config)"

SRC=$VM_DIR/oops
D=$VMB/oops/$FLAVOUR_RELEASE-$(cat "$0" "$SRC/Kbuild" "$SRC/core2_oops.c" | { cat; echo "$HPKG $HVER $MIRROR"; } | sha256sum | cut -c1-16)
if [ -f "$D/core2_oops.ko" ]; then
	echo "$D/core2_oops.ko"
	exit 0
fi
mkdir -p "$VMB/oops"
exec 8>"$VMB/oops/.lock-$FLAVOUR_RELEASE"
flock 8
[ -f "$D/core2_oops.ko" ] && { echo "$D/core2_oops.ko"; exit 0; }
rm -rf "$VMB/oops/$FLAVOUR_RELEASE-"*
mkdir -p "$D"
log "building the oops module against $HPKG $HVER ($SUITE)"
t0=$(date +%s)
# The headers package pulls in its kbuild tools and its compiler. The root
# file system is only where the build runs: nothing of it is kept.
# The archive this machine reaches may serve an unstable suite whose
# Release file has passed its Valid-Until date (the host's apt is told to
# accept that; mmdebstrap reads no host configuration).
mmdebstrap --mode=root --variant=apt --format=null \
	--aptopt='Acquire::Check-Valid-Until "false"' \
	--include="$HPKG,make" \
	--customize-hook="copy-in '$SRC/Kbuild' '$SRC/core2_oops.c' /root" \
	--customize-hook="chroot \"\$1\" make -C /usr/src/$HPKG M=/root modules" \
	--customize-hook="copy-out /root/core2_oops.ko '$D'" \
	"$SUITE" /dev/null \
	"deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $MIRROR $SUITE main" \
	>"$D/build.log" 2>&1 || { tail -n 30 "$D/build.log" >&2; rm -f "$D/core2_oops.ko"; die "the oops module did not build for $KPKG (log: $D/build.log)"; }
[ -s "$D/core2_oops.ko" ] || die "no core2_oops.ko came out of the build (log: $D/build.log)"
# Debug information is of no use in the guest (core2 reads none).
strip --strip-debug "$D/core2_oops.ko"
log "oops module for $FLAVOUR_RELEASE built in $(($(date +%s) - t0)) s"
echo "$D/core2_oops.ko"
