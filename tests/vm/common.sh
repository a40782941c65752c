# Host-side helpers for the tests/vm scripts (sourced; POSIX sh).
# Paths come from the environment that tests/vm/vm.mk exports, with defaults
# so that each script also runs by hand from the repository.
set -eu

VM_DIR=$(cd "$(dirname "$0")" && pwd)
TOP=${TOP:-$(cd "$VM_DIR/../.." && pwd)}
B=${B:-$TOP/build}
APTCONF=${APTCONF:-$B/apt/apt.conf}
VM_PACKAGES=${VM_PACKAGES:-qemu-system-x86 busybox-static cpio e2fsprogs zstd xz-utils kmod python3 mmdebstrap binutils}
VMB=$B/vm                       # downloads, kernels, work directories

die() { echo "vm: error: $*" >&2; exit 1; }
log() { echo "vm: $*" >&2; }
# Dumps of guest memory are mostly zero pages (a 1.6 GB qemu.elf holds about
# 200 MB of data): keep the zeros as holes, so that make check fits in the
# free disk of a CI machine. The bytes read back are the same.
sparse() { for _f; do fallocate --dig-holes "$_f" 2>/dev/null || :; done; }

# apt through the project's private configuration: the machine's own sources
# are never touched, and both suites are known (name the suite: pkg/suite).
# Debian's container images switch apt's binary package cache off, which
# makes each apt-cache call parse every index again (~1 s): keep one here.
papt_opts() {
	mkdir -p "$VMB/apt-cache"
	echo "-o Dir::Cache::pkgcache=$VMB/apt-cache/pkgcache.bin -o Dir::Cache::srcpkgcache=$VMB/apt-cache/srcpkgcache.bin"
}
papt_get()   { APT_CONFIG=$APTCONF apt-get -q $(papt_opts) "$@"; }
papt_cache() { APT_CONFIG=$APTCONF apt-cache $(papt_opts) "$@"; }

# Install the host packages the harness needs; only the missing ones, so that
# a prepared machine pays nothing.
host_packages() {
	missing=
	for p in $VM_PACKAGES; do
		dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	log "installing host packages:$missing"
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q $missing >&2
}

# resolve_kernel K: K is a suite (its linux-image-amd64 meta package decides)
# or an exact linux-image package name. Sets KPKG, KVER and SUITE, the suite
# the kernel comes from, whose guest tools (kexec, makedumpfile) it gets.
resolve_kernel() {
	[ -f "$APTCONF" ] || die "no private apt configuration at $APTCONF (make apt-config)"
	if papt_cache show "linux-image-amd64/$1" 2>/dev/null | grep -q "^Package:"; then
		SUITE=$1
		# The linux-image-RELEASE dependency (sid's meta package names
		# linux-base-amd64 first).
		KPKG=$(papt_cache show "linux-image-amd64/$1" | awk '/^Depends:/ { print; exit }' |
			grep -o 'linux-image-[^ ,]*' | grep -vx 'linux-image-amd64' | head -n1)
	else
		KPKG=$1
		SUITE=$(papt_cache madison "$1" | awk -F'|' '$3 ~ / Packages$/ {
			split($3, f, " "); split(f[2], s, "/"); print s[1]; exit }')
	fi
	[ -n "$SUITE" ] && [ -n "$KPKG" ] || die "no Debian kernel called '$1' (a suite or a linux-image package)"
	KVER=$(papt_cache show "$KPKG/$SUITE" | awk '/^Version:/ { print $2; exit }')
	[ -n "$KVER" ] || die "no version of $KPKG in $SUITE"
}

# unpack_kernel TREE: the kernel package unpacked into TREE with the packages
# of the same release it depends on. Up to 6.12 linux-image-RELEASE holds
# everything but (since 6.12) the modules; Debian's 7.x packaging makes it a
# meta package over linux-binary-RELEASE (vmlinuz), linux-modules-RELEASE and
# linux-base-RELEASE (config, System.map), all under usr/lib/modules/RELEASE.
unpack_kernel() {
	_tree=$1 _flavour=${KPKG#linux-image-}
	mkdir -p "$_tree"
	dpkg-deb -x "$(download "$VMB/debs" "$KPKG/$SUITE")" "$_tree" || return 1
	for _p in $(papt_cache show "$KPKG/$SUITE" | awk '/^Depends:/ { sub(/^Depends:/, ""); print; exit }' |
		tr ',|' '\n\n' | awk '{ print $1 }' | sort -u); do
		case $_p in linux-*-"$_flavour") [ "${_p#linux-*-}" = "$_flavour" ] || continue ;; *) continue ;; esac
		dpkg-deb -x "$(download "$VMB/debs" "$_p/$SUITE")" "$_tree" || return 1
	done
}

# pkg_version PKG SUITE
pkg_version() { papt_cache show "$1/$2" 2>/dev/null | awk '/^Version:/ { print $2; exit }'; }

# download DIR PKG/SUITE...: fetch .deb files once into DIR (a cache shared by
# all kernels; file names carry versions). Prints the .deb paths.
download() {
	_dir=$1; shift
	mkdir -p "$_dir"
	for _ps in "$@"; do
		_p=${_ps%/*} _s=${_ps#*/}
		_v=$(pkg_version "$_p" "$_s")
		[ -n "$_v" ] || die "package $_p not found in $_s"
		# apt names files with the epoch's colon escaped as %3a.
		_f=$_dir/${_p}_$(echo "$_v" | sed 's/:/%3a/')_amd64.deb
		[ -f "$_f" ] || _f=$_dir/${_p}_$(echo "$_v" | sed 's/:/%3a/')_all.deb
		if [ ! -f "$_f" ]; then
			(cd "$_dir" && papt_get download "$_p/$_s" >/dev/null 2>&1) ||
				die "apt-get download $_p/$_s failed"
			_f=$(ls "$_dir/${_p}_$(echo "$_v" | sed 's/:/%3a/')"_*.deb)
		fi
		echo "$_f"
	done
}

# Content hash of files (the cache keys of prepared kernels and fixtures).
hash_files() { cat "$@" | sha256sum | cut -c1-16; }
