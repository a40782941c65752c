# The cross-built aarch64 core2 (make ARCH=aarch64) against the host's core2:
# what `file` says of it, then the same applets on the same dumps (an x86_64
# and an arm64 kernel's) run by both, under qemu-user for the aarch64 one;
# stdout and exit code must be byte-identical and not empty.
# CROSS_CORE2 or CORE2 (aarch64; make check's CORE2 is the host's), HOST_CORE2,
# RUN (default qemu-aarch64-static), STRIP (default aarch64-linux-gnu-strip);
# CROSS_PKG: the directory of make ARCH=aarch64 deb rpm's packages, checked
# when given (an arm64 .deb and an aarch64 .rpm holding this core2); the dumps are
# CROSS_DUMPS (default: the bookworm zlib dump and the trixie-arm64 raw dump
# in build/fixtures; a missing dump fails).
. "${0%/*}/../lib.sh"
C=${CROSS_CORE2:-${CORE2:?}} H=${HOST_CORE2:?} RUN=${RUN:-qemu-aarch64-static}
STRIP=${STRIP-aarch64-linux-gnu-strip}
FX=$(cd "${0%/*}/../.." && pwd)/build/fixtures
DUMPS=${CROSS_DUMPS:-$FX/bookworm/dumps/vmcore.zlib $FX/trixie-arm64/dumps/vmcore.raw}
T=$(mktemp -d "${TMPDIR:-/tmp}/core2-cross.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

f=$(file -b "$C")
contains "file: 64-bit aarch64 ELF" "$f" "ELF 64-bit LSB executable, ARM aarch64"
contains "file: statically linked" "$f" "statically linked"
if [ -n "$STRIP" ] && "$STRIP" -o "$T/stripped" "$C"; then
	echo "# size: $(stat -c %s "$C") bytes, stripped $(stat -c %s "$T/stripped") bytes"
fi

# same NAME ARGS...: both binaries, same arguments, same stdout and exit code.
same() {
	_n=$1; shift
	"$RUN" "$C" "$@" >"$T/a.out" 2>"$T/a.err"; _ra=$?
	"$H" "$@" >"$T/h.out" 2>"$T/h.err"; _rh=$?
	if [ "$_ra" != "$_rh" ]; then fail "$_n: exit $_ra (aarch64) vs $_rh (host); $(head -c 200 "$T/a.err")"
	elif [ ! -s "$T/h.out" ]; then fail "$_n: empty output (exit $_rh; $(head -c 200 "$T/h.err"))"
	elif ! cmp -s "$T/a.out" "$T/h.out"; then fail "$_n: outputs differ ($(wc -c <"$T/a.out") vs $(wc -c <"$T/h.out") bytes)"
	else pass "$_n ($(wc -l <"$T/h.out") lines)"; fi
}

same "--version" --version
for d in $DUMPS; do
	n=${d#"$FX"/}
	if [ ! -r "$d" ]; then fail "$n: no such dump (make fixtures, make fixtures-arm64 ARM64_KERNEL=trixie)"; continue; fi
	same "$n: sym init_task" -c "$d" sym init_task
	same "$n: cmdline" -c "$d" cmdline
	same "$n: dmesg" -c "$d" dmesg
	same "$n: ps" -c "$d" ps
done

# The aarch64 core2 run by the arm64 guest's capture kernel on /proc/vmcore
# (make fixtures-arm64 ARM64_KERNEL=trixie GUEST_CORE2=build/aarch64/core2):
# its outputs against the host's core2 on the raw copy of that /proc/vmcore.
G=${GUEST_FIXTURE:-$FX/trixie-arm64}/dumps
if [ ! -d "$G/guest-core2" ] && [ -n "${GUEST_REQUIRED:-}" ]; then
	fail "in-guest run: no $G/guest-core2 (the fixture was made without GUEST_CORE2)"
elif [ ! -d "$G/guest-core2" ]; then
	echo "skip - in-guest run: no $G/guest-core2 (fixture made without GUEST_CORE2)"
else
	for q in "sym init_task" cmdline dmesg ps; do
		n=$(echo "$q" | tr ' ' _)
		# shellcheck disable=SC2086
		"$H" -c "$G/vmcore.raw" $q >"$T/h.out" 2>"$T/h.err"; rh=$?
		rg=$(cat "$G/guest-core2/$n.rc" 2>/dev/null)
		if [ "$rg" != "$rh" ]; then fail "in-guest $q: exit $rg (guest, /proc/vmcore) vs $rh (host, vmcore.raw)"
		elif [ ! -s "$T/h.out" ]; then fail "in-guest $q: empty output"
		elif ! cmp -s "$G/guest-core2/$n.out" "$T/h.out"; then fail "in-guest $q: outputs differ"
		else pass "in-guest $q on /proc/vmcore ($(wc -l <"$T/h.out") lines)"; fi
	done
fi
[ "$T_FAIL" -eq 0 ]

# The packages of the cross build (make ARCH=aarch64 deb rpm): the arm64
# .deb and the aarch64 .rpm carry the aarch64 core2 (stripped), its applet
# links, and initramfs parts that take /usr/bin/core2, so that an arm64
# system's kdump initramfs gets the arm64 binary; the .deb installs into a
# scratch root (dpkg --root, --force-architecture on this amd64 host) and
# purges without a trace.
if [ -n "${CROSS_PKG:-}" ]; then
	CROSS_PKG=$(cd "$CROSS_PKG" && pwd)
	deb=$(ls "$CROSS_PKG"/core2_*-1_*.deb 2>/dev/null | head -n1)
	rpmf=$(ls "$CROSS_PKG"/core2-*-1.*.rpm 2>/dev/null | head -n1)
	check "cross .deb built ($CROSS_PKG)" [ -n "$deb" ]
	check "cross .rpm built ($CROSS_PKG)" [ -n "$rpmf" ]
	if [ -n "$deb" ]; then
		check "deb: Architecture arm64" [ "$(dpkg-deb -f "$deb" Architecture)" = arm64 ]
		R=$T/root D=$(scratch_dpkg "$T/root" --force-architecture)
		expect_rc "deb: dpkg -i into a scratch root" 0 $D -i "$deb"
		contains "deb: /usr/bin/core2 is the static aarch64 binary" "$(file -b "$R/usr/bin/core2")" \
			"ARM aarch64, version 1 (SYSV), statically linked, stripped"
		"$STRIP" -o "$T/want" "$C" 2>/dev/null
		check "deb: /usr/bin/core2 is this build's core2, stripped" cmp -s "$R/usr/bin/core2" "$T/want"
		missing=; for a in $("$H" --list); do [ "$(readlink "$R/usr/bin/core2-$a")" = core2 ] || missing="$missing $a"; done
		check "deb: a core2-APPLET link for every applet${missing:+ (missing:$missing)}" [ -z "$missing" ]
		check "deb: the initramfs-tools hook takes /usr/bin/core2" grep -qx 'core2_bindir=/usr/bin' \
			"$R/usr/share/initramfs-tools/hooks/core2"
		check "deb: the dracut module takes /usr/bin/core2" grep -qx 'core2_bindir=/usr/bin' \
			"$R/usr/lib/dracut/modules.d/99core2/module-setup.sh"
		expect_rc "deb: dpkg -P" 0 $D -P core2
		check "deb: after dpkg -P no file is left" [ -z "$(left_in "$R")" ]
	fi
	if [ -n "$rpmf" ]; then
		check "rpm: architecture aarch64" [ "$(rpm -qp --qf '%{ARCH}' "$rpmf" 2>/dev/null)" = aarch64 ]
		(cd "$T" && rpm2cpio "$rpmf" | cpio -idm --quiet ./usr/bin/core2 ./usr/lib/dracut/modules.d/99core2/module-setup.sh)
		check "rpm: /usr/bin/core2 is this build's core2, stripped" cmp -s "$T/usr/bin/core2" "$T/want"
		check "rpm: the dracut module takes /usr/bin/core2" grep -qx 'core2_bindir=/usr/bin' \
			"$T/usr/lib/dracut/modules.d/99core2/module-setup.sh"
	fi
fi

# The whole CLI suite (tests/cli) with the aarch64 core2 under qemu-user,
# but install.sh and header.sh, which build programs for the host. CORE2 is
# a wrapper named core2 that gives qemu its own name for argv[0], so that a
# link core2-APPLET to it dispatches as on an arm64 system; the links that
# --install makes point at the aarch64 file, run through qemu (LINK_RUN).
mkdir "$T/bin" || exit 1
printf '#!/bin/sh\nexec %s -0 "$0" %s "$@"\n' "$RUN" "$(realpath "$C")" >"$T/bin/core2"
chmod +x "$T/bin/core2"
top=$(cd "${0%/*}/../.." && pwd)
for s in "$top"/tests/cli/*.sh; do
	case ${s##*/} in install.sh | header.sh) continue ;; esac
	CORE2=$T/bin/core2 LINK_RUN=$RUN sh "$s" >"$T/cli.log" 2>&1
	rc=$?
	sed 's/^\(ok\|FAIL\) - /\1 - aarch64 under qemu-user: /' "$T/cli.log"
	n=$(grep -c '^FAIL - ' "$T/cli.log")
	T_PASS=$((T_PASS + $(grep -c '^ok - ' "$T/cli.log"))) T_FAIL=$((T_FAIL + n))
	[ "$rc" = 0 ] || [ "$n" != 0 ] || fail "aarch64 under qemu-user: tests/cli/${s##*/} exited $rc without reporting a failure"
done
finish
