# Debian programs of any suite run on this host without being installed
# (sourced after common.sh; POSIX sh): a package and the library packages it
# needs are unpacked into a directory, and run through that directory's own
# dynamic loader and libraries.

# lib_closure SUITE PKG...: the library packages PKG needs, following the
# Depends and Pre-Depends of each package's own version in SUITE (the first
# of alternatives) through library packages only (so perl, debconf and dpkg
# stay out). Each package's own stanza, not apt's candidate: the candidate
# of a package installed on this host is never older than the host's, so an
# older suite's tools would get a newer suite's dependencies.
lib_closure() {
	_s=$1; shift
	_want=$* _seen=" "
	while [ -n "$_want" ]; do
		_new=
		for _p in $(for _w in $_want; do
				papt_cache show "$_w/$_s" 2>/dev/null | awk '/^$/ { exit }
					/^(Pre-)?Depends:/ { sub(/^[^:]*:/, ""); print }'
			done | tr ',' '\n' | sed 's/|.*//; s/(.*//; s/:any//; s/[[:space:]]//g' |
			grep -E '^(lib|zlib1g)' | sort -u); do
			case $_seen in *" $_p "*) ;; *) _seen="$_seen$_p " _new="$_new $_p" ;; esac
		done
		_want=$_new
	done
	echo $_seen
}

# unpack_sysroot SUITE NAME PKG...: PKG... of SUITE and their libraries,
# unpacked once into $VMB/tools/SUITE-NAME-VERSIONS/root. Prints the directory.
unpack_sysroot() {
	_s=$1 _n=$2; shift 2
	_vs=
	for _p in "$@"; do _vs="$_vs-$(pkg_version "$_p" "$_s")"; done
	_d=$VMB/tools/$_s-$_n$(echo "$_vs" | tr ':~+' '___')
	if [ ! -f "$_d/.done" ]; then
		log "unpacking $* of $_s"
		rm -rf "$_d" && mkdir -p "$_d/root"
		_pkgs=$(lib_closure "$_s" "$@")
		_debs=$(download "$VMB/debs" $(for _p in "$@" $_pkgs; do echo "$_p/$_s"; done))
		for _deb in $_debs; do dpkg-deb -x "$_deb" "$_d/root"; done
		touch "$_d/.done"
	fi
	echo "$_d"
}

# (glibc before 2.34 ships the loader as ld-2.NN.so, ld-linux-x86-64.so.2
# being an absolute symlink to it.)
sysroot_ld() { find "$1/root" \( -name ld-linux-x86-64.so.2 -o -name 'ld-2.*.so' \) -type f | head -n1; }
sysroot_libpath() { echo "$1/root/lib/x86_64-linux-gnu:$1/root/usr/lib/x86_64-linux-gnu"; }
sysroot_bin() { find "$1/root" -path "*bin/$2" -type f | head -n1; }

# sysroot_wrappers SYSROOT DIR PROG...: DIR/PROG runs the sysroot's PROG
# through its own loader (put DIR first in PATH).
sysroot_wrappers() {
	_sr=$1 _dir=$2; shift 2
	mkdir -p "$_dir"
	for _b in "$@"; do
		_path=$(sysroot_bin "$_sr" "$_b")
		[ -n "$_path" ] || die "$_b not found in $_sr"
		printf '#!/bin/sh\nexec %s --library-path %s %s "$@"\n' \
			"$(sysroot_ld "$_sr")" "$(sysroot_libpath "$_sr")" "$_path" >"$_dir/$_b"
		chmod 755 "$_dir/$_b"
	done
}
