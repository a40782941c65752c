# The cross-built aarch64 core2 (make ARCH=aarch64) against the host's core2:
# what `file` says of it, then the same applets on the same dumps (an x86_64
# and an arm64 kernel's) run by both, under qemu-user for the aarch64 one;
# stdout and exit code must be byte-identical and not empty.
# CROSS_CORE2 or CORE2 (aarch64; make check's CORE2 is the host's), HOST_CORE2,
# RUN (qemu-aarch64-static), STRIP; the dumps are
# CROSS_DUMPS (default: the bookworm zlib dump and the trixie-arm64 raw dump
# in build/fixtures; a missing dump fails).
. "${0%/*}/../lib.sh"
C=${CROSS_CORE2:-${CORE2:?}} H=${HOST_CORE2:?} RUN=${RUN:?}
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
