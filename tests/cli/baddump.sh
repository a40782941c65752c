# Bad dumps: empty, special, random, foreign, truncated and forged files,
# and pages makedumpfile left out. Every applet run on one ends within 2 s of CPU
# and 64 MB of peak RSS, by a signal never; it exits 1 with a message, or 0
# with exactly the intact dump's output unless it warned on stderr (no
# silent zeros, no silent gaps). A file whose structure does not fit its
# size is refused when opened (lib/dump/dump.c), whatever the applet.
# Then the read-only proof: a dump's bytes and mtime after every applet.
#
# The synthetic cases need nothing; the derived ones need the bookworm
# fixture (make fixtures), or BADDUMP_FIXTURE=DIR, and fail without it.
. "${0%/*}/../lib.sh"
C=${CORE2:?}
FX=${BADDUMP_FIXTURE:-${0%/*}/../../build/fixtures/bookworm}
T=$(mktemp -d "${TMPDIR:-/tmp}/core2-baddump.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
MAX_S=2
MAX_KB=65536
HANG_S=10
# Under ASan and UBSan (make ... SANITIZE=1) core2 is several times slower
# and bigger: the bounds are the musl build's; here memory errors count.
if [ -n "$CORE2_SANITIZED" ]; then MAX_S=30 MAX_KB=8388608 HANG_S=60; fi
TIME=/usr/bin/time

# Applets and arguments run on every case; the ones that read memory by
# walking it (ps, dentries) are the likeliest to loop on broken data.
CMDS="info|dmesg|sym jiffies|read -x -n 64 linux_banner|cmdline|ps|dentries|struct task_struct.comm"

# le VALUE BYTES: VALUE little-endian (64-bit shell arithmetic; -1 is all ones).
le() {
	_v=$1 _n=$2 _s=
	while [ "$_n" -gt 0 ]; do
		_s="$_s\\$(printf %03o $((_v & 255)))"
		_v=$((_v >> 8)) _n=$((_n - 1))
	done
	printf "$_s"
}
# poke FILE OFFSET BYTES VALUE: overwrite in place (a copy, never a fixture).
poke() { le "$4" "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null; }
# peek FILE OFFSET BYTES: the unsigned little-endian number there.
peek() { od -An -t u"$3" -j "$2" -N "$3" "$1" | tr -d ' '; }
# save/restore bytes around a forgery of a shared working copy.
save() { dd if="$1" of="$T/saved" bs=1 skip="$2" count="$3" 2>/dev/null; }
restore() { dd if="$T/saved" of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null; }

# bounded NAME FILE ARGS...: one run, its limits. Sets RC, OUT, ERR.
bounded() {
	_n=$1 _f=$2; shift 2
	$TIME -f '%U %S %M' -o "$T/time" timeout $HANG_S "$C" -c "$_f" "$@" >"$T/out" 2>"$T/err"
	RC=$?
	OUT=$T/out ERR=$T/err
	# time puts "Command exited with non-zero status N" before the figures.
	# The bound is on CPU time (user + system), which other jobs on the
	# machine do not stretch; a hang is caught by the timeout above.
	_last=$(tail -1 "$T/time") _kb=${_last##* }
	_secs=$(echo "$_last" | awk '{ printf "%.2f", $1 + $2 }')
	case $_kb in ""|*[!0-9]*) _kb=0 ;; esac
	case $RC in
	124) fail "$_n: no end within $HANG_S s (a loop?)"; return 1 ;;
	0|1) ;;
	*) fail "$_n: exit $RC (a signal or a usage error); stderr: $(head -c 200 "$T/err")"; return 1 ;;
	esac
	if [ "$(echo "$_secs > $MAX_S" | awk '{ print ($1 > $3) }')" = 1 ]; then
		fail "$_n: took $_secs s of CPU (at most $MAX_S)"; return 1
	fi
	if [ "$_kb" -gt "$MAX_KB" ]; then
		fail "$_n: peak RSS $_kb KB (at most $MAX_KB)"; return 1
	fi
	return 0
}

# must_fail NAME FILE ARGS...: exit 1 with a "core2 APPLET: ..." message.
must_fail() {
	_mn=$1
	bounded "$@" || return
	if [ "$RC" != 1 ]; then
		fail "$_mn: exit $RC, want 1; stdout: $(head -c 200 "$OUT")"
	elif ! grep -q '^core2 [a-z]*: .' "$ERR"; then
		fail "$_mn: exit 1 without a message"
	else
		pass "$_mn: $(head -1 "$ERR" | cut -c1-150)"
	fi
}

# no_lie NAME FILE ARGS...: exit 1 with a message, or 0 with the intact
# dump's output (in $T/intact.$REF.KEY: REF names the dump the file came
# from), or 0 with a different output and a warning on stderr. info may say
# "unknown" in place of a fact.
no_lie() {
	_ln=$1 _key=$REF.$(echo "$3" | tr -c 'a-z\n' _)
	bounded "$@" || return
	if [ "$RC" = 1 ]; then
		if grep -q '^core2 [a-z]*: .' "$ERR"; then pass "$_ln: exit 1: $(head -1 "$ERR" | cut -c1-120)"
		else fail "$_ln: exit 1 without a message"; fi
		return
	fi
	[ -f "$T/intact.$_key" ] || { pass "$_ln: exit 0 (no intact output to compare)"; return; }
	if [ "$3" = info ]; then
		# Line by line: the same, or "unknown", or less (a register
		# without its symbol, a CPU no longer marked as the crashed one).
		grep -v '^dump ' "$OUT" >"$T/out.cmp"
		_bad=$(awk 'NR == FNR { want[FNR] = $0; n = FNR; next }
			{ w = want[FNR]; sub(/ \(crashed\)/, "", w) }
			$0 != want[FNR] && !/unknown/ && index(want[FNR], $0) != 1 && $0 != w { print; exit }
			END { if (FNR != n) print "(" FNR " lines, want " n ")" }' "$T/intact.$_key" "$T/out.cmp")
		if [ -n "$_bad" ]; then fail "$_ln: info exit 0 with a fact that differs from the intact dump: $_bad"
		else pass "$_ln: exit 0, the same facts, or unknown"; fi
		return
	fi
	if cmp -s "$OUT" "$T/intact.$_key"; then pass "$_ln: exit 0, same output as the intact dump"
	elif [ -s "$ERR" ]; then pass "$_ln: exit 0, partial output with a warning: $(head -1 "$ERR" | cut -c1-100)"
	else fail "$_ln: exit 0 with output that differs from the intact dump and no warning"; fi
}

# every_cmd MODE NAME FILE: each of $CMDS. MODE fail: every one must exit 1;
# lie: each must pass no_lie; some: no_lie, and at least one must exit 1
# (data is missing, so something must say so).
every_cmd() {
	_mode=$1 _name=$2 _file=$3 _failed=0
	_old_ifs=$IFS; IFS='|'
	for _c in $CMDS; do
		IFS=$_old_ifs
		# shellcheck disable=SC2086
		if [ "$_mode" = fail ]; then must_fail "$_name: $_c" "$_file" $_c
		else no_lie "$_name: $_c" "$_file" $_c; fi
		[ "$RC" = 1 ] && _failed=$((_failed + 1))
		IFS='|'
	done
	IFS=$_old_ifs
	if [ "$_mode" = some ]; then
		check "$_name: data is missing, so some applet says so (exit 1)" [ "$_failed" -gt 0 ]
	fi
}

if [ ! -x $TIME ]; then
	fail "GNU time is needed at $TIME to measure peak RSS (apt-get install time)"
	finish
	exit
fi

# --- Synthetic: nothing that looks like a dump ---------------------------------
: >"$T/empty"
must_fail "empty file" "$T/empty" info
mkdir "$T/dir"
must_fail "a directory" "$T/dir" info
mkfifo "$T/fifo"
must_fail "a FIFO (no writer: must not block)" "$T/fifo" info
must_fail "/dev/zero" /dev/zero info
must_fail "/dev/null" /dev/null info
must_fail "a missing file" "$T/nonexistent" info
head -c 1048576 /dev/urandom >"$T/random"
must_fail "1 MB of random bytes" "$T/random" info
{ printf 'KDUMP   '; head -c 65536 /dev/urandom; } >"$T/kdump-random"
must_fail "kdump signature, then random bytes" "$T/kdump-random" info
{ printf '\177ELF\002\001\001\000'; head -c 65536 /dev/urandom; } >"$T/elf-random"
must_fail "ELF ident, then random bytes" "$T/elf-random" info
{ printf 'KDUMP   '; le 6 4; head -c 8180 /dev/zero; } >"$T/kdump-zeros"
must_fail "kdump header of zeros" "$T/kdump-zeros" info
# makedumpfile -F's header with an unknown type (found by fuzzing: the
# failed open's cleanup touched libkdumpfile's missing private data).
{ printf 'makedumpfile\000\000\000\000\000\000\000\000\000\000\000\143\000\000\000\000\000\000\000\001'
  head -c 4064 /dev/zero; } >"$T/flat-type"
must_fail "flattened header of an unknown type" "$T/flat-type" info
# Formats libkdumpfile knows but no x86_64 kdump writes are refused before
# it parses them: an LKCD header made it shift by more than 63 (fuzz_dump).
{ printf '\355\043\217\141\163\001\031\250'; head -c 8184 /dev/urandom; } >"$T/lkcd"
must_fail "an LKCD header, then random bytes" "$T/lkcd" info
contains "an LKCD file is not a recognized format" "$(cat "$ERR")" "not a recognized dump format"

# A minimal ELF core: one VMCOREINFO note (with MORE lines appended) and
# one page; SHNUM sections of entry size 0 at offset 0. Of another
# architecture (aarch64), libkdumpfile would open it: core2 must refuse it,
# not misread it.
elf_core() {   # MACHINE [MORE [SHNUM]]
	_vi="OSRELEASE=6.1.0-arm64
${FACTS-PAGESIZE=4096
NUMBER(VA_BITS)=48}
SYMBOL(swapper_pg_dir)=ffff80000a000000
KERNELOFFSET=0
${2:-}"
	_len=${#_vi}
	printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000'
	le 4 2; le "$1" 2; le 1 4; le 0 8; le 64 8; le 0 8; le 0 4
	le 64 2; le 56 2; le 2 2; le 0 2; le "${3:-0}" 2; le 0 2
	# PT_NOTE at 176, PT_LOAD of one page at 4096.
	le 4 4; le 0 4; le 176 8; le 0 8; le 0 8; le $((24 + _len)) 8; le 0 8; le 0 8
	le 1 4; le 7 4; le 4096 8; le -140737354137600 8; le 1073741824 8; le 4096 8; le 4096 8; le 4096 8
	le 11 4; le "$_len" 4; le 0 4; printf 'VMCOREINFO\000\000'; printf %s "$_vi"
	head -c $((4096 - 176 - 24 - _len)) /dev/zero
	head -c 4096 /dev/zero | tr '\000' A
}
elf_core 243 >"$T/riscv.core"
must_fail "a RISC-V ELF core" "$T/riscv.core" info
contains "a RISC-V ELF core is refused as such" "$(cat "$ERR")" "RISC-V"
must_fail "a RISC-V ELF core, read" "$T/riscv.core" read -p -x 0x40000000
# aarch64 has a back end, but its page size and address bits come from
# VMCOREINFO: missing or impossible values are errors naming the key.
FACTS='NUMBER(VA_BITS)=48' elf_core 183 >"$T/a64-nopage.core"
must_fail "an aarch64 core without PAGESIZE" "$T/a64-nopage.core" info
contains "an aarch64 core without PAGESIZE says so" "$(cat "$ERR")" "PAGESIZE"
FACTS='PAGESIZE=12288
NUMBER(VA_BITS)=48' elf_core 183 >"$T/a64-badpage.core"
must_fail "an aarch64 core with PAGESIZE=12288" "$T/a64-badpage.core" info
contains "an aarch64 core with PAGESIZE=12288 says so" "$(cat "$ERR")" "12288"
FACTS='PAGESIZE=4096' elf_core 183 >"$T/a64-novabits.core"
must_fail "an aarch64 core without VA_BITS or TCR_EL1_T1SZ" "$T/a64-novabits.core" info
contains "an aarch64 core without VA_BITS says so" "$(cat "$ERR")" "VA_BITS"
FACTS='PAGESIZE=4096
NUMBER(VA_BITS)=48
NUMBER(TCR_EL1_T1SZ)=0' elf_core 183 >"$T/a64-badt1sz.core"
must_fail "an aarch64 core with TCR_EL1_T1SZ=0" "$T/a64-badt1sz.core" info
contains "an aarch64 core with TCR_EL1_T1SZ=0 says so" "$(cat "$ERR")" "TCR_EL1_T1SZ"
# Found by fuzzing (fuzz_dump): section entries of size 0 made libkdumpfile
# dereference NULL; a VMCOREINFO key "." made it hash past its buffer.
elf_core 62 '' 1 >"$T/sections.core"
must_fail "an ELF core with a section of entry size 0" "$T/sections.core" info
elf_core 62 '.=1
' >"$T/dotkey.core"
bounded "an ELF core with the VMCOREINFO key '.'" "$T/dotkey.core" info &&
	pass "an ELF core with the VMCOREINFO key '.': exit $RC"
# ... and keys with empty path elements left its attribute tree to be used
# after free when the context was freed.
elf_core 62 '.private)=8
OFFSET(page..x)=1
a.=2
' >"$T/dotkeys.core"
bounded "an ELF core with VMCOREINFO keys '.private)', 'a..b', 'a.'" "$T/dotkeys.core" info &&
	pass "an ELF core with VMCOREINFO keys '.private)', 'a..b', 'a.': exit $RC"
# ... and a key through a value ("PAGESIZE.x)") or a value where its
# directory is ("OFFSET(page" after "OFFSET(page.flags)") corrupted it too.
elf_core 62 'PAGESIZE.x)=1
' >"$T/valuedir.core"
must_fail "an ELF core with the VMCOREINFO key 'PAGESIZE.x)'" "$T/valuedir.core" info
elf_core 62 'OFFSET(page.flags)=0
OFFSET(page=1
' >"$T/dirvalue.core"
bounded "an ELF core with VMCOREINFO keys 'OFFSET(page.flags)', 'OFFSET(page'" "$T/dirvalue.core" info &&
	pass "an ELF core with VMCOREINFO keys 'OFFSET(page.flags)', 'OFFSET(page': exit $RC"
# ... and a release whose numbers overflow (strtoul gives ULONG_MAX, -1 as
# a long) made libkdumpfile shift a negative number.
elf_core 62 'OSRELEASE=6.99999999999999999999999.0-1-amd64
' >"$T/bigrelease.core"
bounded "an ELF core with VMCOREINFO OSRELEASE=6.99999999999999999999999.0" "$T/bigrelease.core" read 0xffffffff81000000 &&
	pass "an ELF core with VMCOREINFO OSRELEASE=6.99999999999999999999999.0: exit $RC"
# ... and PAGESIZE=0 passed libkdumpfile's power-of-two check (a shift by -1).
elf_core 62 'PAGESIZE=0
' >"$T/pagesize0.core"
must_fail "an ELF core with VMCOREINFO PAGESIZE=0" "$T/pagesize0.core" info

# --- Derived from the real fixture ------------------------------------------------
Z=$FX/dumps/vmcore.zlib E=$FX/dumps/vmcore.elf FULL=$FX/dumps/vmcore.full.elf
if [ ! -f "$Z" ] || [ ! -f "$E" ]; then
	fail "no fixture dumps in $FX/dumps (vmcore.zlib, vmcore.elf): run 'make fixtures' (or set BADDUMP_FIXTURE)"
	finish
	exit
fi

# The intact dumps' outputs, the references for "no lie".
intact() {   # REF FILE
	IFS_SAVE=$IFS; IFS='|'
	for c in $CMDS; do
		IFS=$IFS_SAVE
		key=$1.$(echo "$c" | tr -c 'a-z\n' _)
		# shellcheck disable=SC2086
		if "$C" -c "$2" $c >"$T/intact.$key" 2>"$T/intact.err"; then
			[ "$c" = info ] && { grep -v '^dump ' "$T/intact.$key" >"$T/x" && mv "$T/x" "$T/intact.$key"; }
		else
			fail "intact $(basename "$2"): $c fails: $(head -c 200 "$T/intact.err")"
			rm -f "$T/intact.$key"
		fi
		IFS='|'
	done
	IFS=$IFS_SAVE
}
intact z "$Z"
intact e "$E"

REF=z
zsize=$(stat -c %s "$Z")
bs=$(peek "$Z" 428 4) subhdr=$(peek "$Z" 432 4) bitmaps=$(peek "$Z" 436 4)
descs=$(((1 + subhdr + bitmaps) * bs))
data=$(peek "$Z" "$((descs))" 8)   # the first page descriptor's offset: page data starts there

# Truncations of the kdump file, in each of its parts: refused at once.
for cut in 100 "$((bs + 40))" "$((bs * (1 + subhdr) + 1000))" "$((descs + 5000))" \
	"$((data + 100000))" "$((zsize / 2))" "$((zsize - 4096))"; do
	head -c "$cut" "$Z" >"$T/cut"
	every_cmd fail "kdump cut at $cut of $zsize" "$T/cut"
done
must_fail "kdump cut at $((zsize - 4096)): says truncated" "$T/cut" info
contains "kdump cut: the message says truncated" "$(cat "$ERR")" "truncated"
rm -f "$T/cut"

# Forged kdump header fields, in one working copy (restored after each).
cp "$Z" "$T/forged"
forge() {   # NAME MODE OFFSET BYTES VALUE
	save "$T/forged" "$3" "$4"
	poke "$T/forged" "$3" "$4" "$5"
	every_cmd "$2" "kdump forged: $1" "$T/forged"
	restore "$T/forged" "$3"
}
forge "block_size 1 GiB" fail 428 4 1073741824
forge "block_size 0" fail 428 4 0
forge "block_size -4096" fail 428 4 -4096
forge "sub_hdr_size 2^31-1" fail 432 4 2147483647
forge "sub_hdr_size -1" fail 432 4 -1
forge "sub_hdr_size 0 (fuzz_dump: the sub-header read from the bitmaps, a 63 GiB note)" fail 432 4 0
forge "bitmap_blocks 2^31-1" fail 436 4 2147483647
forge "bitmap_blocks 0" fail 436 4 0
forge "max_mapnr 2^32-1 (superseded by max_mapnr_64)" lie 440 4 4294967295
forge "nr_cpus 2^31-1" lie 460 4 2147483647
forge "header_version -655354 (fuzz_dump: read unsigned, a 2^55-byte erase info)" fail 8 4 -655354
forge "header_version 99" fail 8 4 99
forge "vmcoreinfo offset past the end" fail $((bs + 32)) 8 $((zsize * 4))
forge "vmcoreinfo size 2^40" fail $((bs + 40)) 8 1099511627776
forge "notes offset past the end" fail $((bs + 48)) 8 $((zsize * 4))
forge "notes size 2^40" fail $((bs + 56)) 8 1099511627776
forge "max_mapnr_64 2^62" fail $((bs + 96)) 8 4611686018427387904
# A real header whose timestamp's tv_usec is 4096 (or another power of two
# up to 262144) is a valid 32-bit header too: libkdumpfile tried that layout
# first and read the wrong sub-header (fuzz_dump). Such a dump must read
# exactly as the intact one.
save "$T/forged" 416 8
poke "$T/forged" 416 8 4096
for c in dmesg "sym jiffies" ps cmdline; do
	key=z.$(echo "$c" | tr -c 'a-z\n' _)
	# shellcheck disable=SC2086
	if bounded "kdump with tv_usec 4096: $c" "$T/forged" $c; then
		if [ "$RC" = 0 ] && cmp -s "$OUT" "$T/intact.$key"; then
			pass "kdump with tv_usec 4096 (a valid 32-bit header too): $c reads as the intact dump"
		else
			fail "kdump with tv_usec 4096: $c exit $RC, output differs: $(head -c 200 "$ERR")"
		fi
	fi
done
restore "$T/forged" 416
# VMCOREINFO's PAGESIZE=4096 made 4095, in the raw copy and in the notes:
# libkdumpfile's failed open then left a freed override on an attribute,
# used when the context was freed (fuzz_dump; seen under SANITIZE=1).
for at in $(grep -abo 'PAGESIZE=4096' "$T/forged" | cut -d: -f1); do
	printf 5 | dd of="$T/forged" bs=1 seek=$((at + 12)) conv=notrunc 2>/dev/null
done
every_cmd fail "kdump forged: VMCOREINFO PAGESIZE=4095" "$T/forged"
for at in $(grep -abo 'PAGESIZE=4095' "$T/forged" | cut -d: -f1); do
	printf 6 | dd of="$T/forged" bs=1 seek=$((at + 12)) conv=notrunc 2>/dev/null
done
# Page descriptors pointing past the end, of absurd size, of size 0, with
# unknown flags, at a negative offset. First all of them (up to 32768; the
# last ones are checked when the file is opened), then all but the last 64
# (the file opens; reading a forged page must fail, not hang or give zeros).
ndump=$(((data - descs) / 24))
desc_table() {   # N OFFSET SIZE FLAGS: N copies of one descriptor
	{ le "$2" 8; le "$3" 4; le "$4" 4; le 0 8; } >"$T/d1"
	_k=1
	while [ "$_k" -lt "$1" ]; do cat "$T/d1" "$T/d1" >"$T/d2"; mv "$T/d2" "$T/d1"; _k=$((_k * 2)); done
	head -c $(($1 * 24)) "$T/d1"
}
for n in "$ndump" $((ndump - 64)); do
	[ "$n" -gt 32768 ] && n=32768
	dd if="$T/forged" of="$T/descs.saved" bs=24 skip=$((descs / 24)) count="$n" 2>/dev/null
	# info says "unknown" for what it cannot read, so some, not all, fail.
	mode=some
	for d in "past the end:$((zsize * 2)):4096:1" "of size 2^32-1:$data:-1:1" "of size 0:$data:0:1" \
		"with unknown flags:$data:4096:128" "at a negative offset:-4096:4096:1"; do
		name=${d%%:*} rest=${d#*:}
		off=${rest%%:*} rest=${rest#*:}
		desc_table "$n" "$off" "${rest%%:*}" "${rest#*:}" |
			dd of="$T/forged" bs=24 seek=$((descs / 24)) conv=notrunc 2>/dev/null
		every_cmd $mode "kdump forged: $n of $ndump page descriptors $name" "$T/forged"
		dd if="$T/descs.saved" of="$T/forged" bs=24 seek=$((descs / 24)) conv=notrunc 2>/dev/null
	done
done
cmp -s "$T/forged" "$Z" || fail "the forged working copy was not restored"
rm -f "$T/forged" "$T/descs.saved" "$T/d1"

# The ELF dump: truncated, forged, of another architecture.
REF=e
esize=$(stat -c %s "$E")
for cut in 40 100 1000 $((1024 * 1024)) $((esize - 4096)); do
	head -c "$cut" "$E" >"$T/cut"
	every_cmd fail "ELF cut at $cut of $esize" "$T/cut"
done
rm -f "$T/cut"
cp "$E" "$T/felf"
phoff=$(peek "$T/felf" 32 8)
forge_elf() {   # NAME MODE OFFSET BYTES VALUE
	save "$T/felf" "$3" "$4"
	poke "$T/felf" "$3" "$4" "$5"
	every_cmd "$2" "ELF forged: $1" "$T/felf"
	restore "$T/felf" "$3"
}
forge_elf "e_machine aarch64" fail 18 2 183
forge_elf "e_machine ppc64" fail 18 2 21
forge_elf "big-endian ident" fail 5 1 2
forge_elf "32-bit class" fail 4 1 1
forge_elf "e_phoff past the end" fail 32 8 $((1 << 40))
forge_elf "e_phnum 65535" fail 56 2 65535
forge_elf "e_phentsize 1" fail 54 2 1
forge_elf "e_phoff not 8-byte aligned (fuzz_dump: misaligned loads)" fail 32 8 $((phoff + 4))
forge_elf "note offset past the end" fail $((phoff + 8)) 8 $((1 << 40))
forge_elf "note size 2^40" fail $((phoff + 32)) 8 $((1 << 40))
forge_elf "first load offset past the end" fail $((phoff + 56 + 8)) 8 $((1 << 40))
forge_elf "first load filesz 2^40" fail $((phoff + 56 + 32)) 8 $((1 << 40))
forge_elf "first load memsz 2^40" lie $((phoff + 56 + 40)) 8 $((1 << 40))
cmp -s "$T/felf" "$E" || fail "the forged ELF working copy was not restored"
rm -f "$T/felf"

# Pages makedumpfile excluded: an error naming the page, never zeros. Find a
# page missing from the filtered dump whose bytes the unfiltered one has.
if [ -f "$FULL" ]; then
	found=
	k=0
	while [ "$k" -lt 64 ] && [ -z "$found" ]; do
		a=$(printf 0x%x $((0x2000000 + k * 0x1000000 + 0x3000)))
		if ! "$C" -c "$Z" read -p -x -n 64 "$a" >/dev/null 2>&1 &&
			"$C" -c "$FULL" read -p -x -n 4096 "$a" 2>/dev/null | grep -qv ' 0000 0000 0000 0000 0000 0000 0000 0000 '; then
			found=$a
		fi
		k=$((k + 1))
	done
	if [ -n "$found" ]; then
		must_fail "excluded page $found, read -p" "$Z" read -p -x -n 4096 "$found"
		contains "excluded page $found is said to be not in the dump" "$(cat "$ERR")" "not in the dump"
		must_fail "excluded page $found, read -p -t u64" "$Z" read -p -t u64 "$found"
		must_fail "excluded page $found, read -p -r" "$Z" read -p -r -n 16 "$found"
		check "excluded page $found: the unfiltered dump has its (nonzero) bytes" \
			sh -c "'$C' -c '$FULL' read -p -x -n 4096 $found | grep -qv ' 0000 0000 0000 0000 0000 0000 0000 0000 '"
	else
		fail "no page found that the filtered dump lacks and vmcore.full.elf has"
	fi
else
	fail "no $FULL for the excluded-page case"
fi

# The same in the ELF dump, by virtual address: a segment whose p_memsz
# exceeds its p_filesz lacks those pages (makedumpfile left them out); they
# are not zeros (libkdumpfile gave zeros before our patch).
phoff=$(peek "$E" 32 8) phnum=$(peek "$E" 56 2) i=0 found=
while [ "$i" -lt "$phnum" ] && [ -z "$found" ]; do
	at=$((phoff + 56 * i))
	if [ "$(peek "$E" "$at" 4)" = 1 ]; then
		va=$(od -An -t d8 -j $((at + 16)) -N 8 "$E" | tr -d " ") fsz=$(peek "$E" $((at + 32)) 8) msz=$(peek "$E" $((at + 40)) 8)
		# vaddr signed (kernel addresses are above 2^63), sizes unsigned.
		if [ "$msz" -gt "$((fsz + 8192))" ] 2>/dev/null; then
			found=$(printf 0x%x $((va + ((fsz + 4095) / 4096) * 4096 + 4096)))
		fi
	fi
	i=$((i + 1))
done
if [ -n "$found" ]; then
	must_fail "ELF page past p_filesz at $found, by virtual address" "$E" read -x -n 64 "$found"
	contains "ELF page past p_filesz is said to be not in the dump" "$(cat "$ERR")" "not in the dump"
	must_fail "ELF page past p_filesz at $found, as u64" "$E" read -t u64 "$found"
else
	fail "no PT_LOAD with p_memsz > p_filesz in $E to test excluded pages by virtual address"
fi

# A flattened file whose signature field has bytes after the NUL (makedumpfile
# before 1.7 left them uninitialized, e.g. Debian 11's 1.6.8): the same dump.
F=$FX/dumps/vmcore.flat
if [ -r "$F" ]; then
	cp "$F" "$T/flat"
	printf '\234\377\377' | dd of="$T/flat" bs=1 seek=13 conv=notrunc 2>/dev/null
	"$C" -c "$F" dmesg > "$T/flat.want" 2>&1
	if bounded "flattened, signature with bytes after its NUL" "$T/flat" dmesg; then
		if [ "$RC" = 0 ] && [ -s "$T/flat.want" ] && cmp -s "$OUT" "$T/flat.want"; then
			pass "flattened, signature with bytes after its NUL: dmesg as from the intact file"
		else
			fail "flattened, signature with bytes after its NUL: exit $RC: $(head -c 200 "$ERR")"
		fi
	fi
	rm -f "$T/flat"
else
	fail "no $F to test the flattened format's signature"
fi

# --- Read-only: no applet changes a dump's bytes or its mtime --------------------
applet_args() {
	case $1 in
	read) echo "read -x -n 64 linux_banner" ;;
	sym) echo "sym jiffies" ;;
	struct) echo "struct task_struct.comm init_task" ;;
	*) echo "$1" ;;
	esac
}
for f in "$Z" "$E"; do
	before=$(sha256sum <"$f") mbefore=$(stat -c %y "$f")
	for a in $("$C" --list); do
		# shellcheck disable=SC2046
		"$C" -c "$f" $(applet_args "$a") >/dev/null 2>&1
		"$C" -j -c "$f" $(applet_args "$a") >/dev/null 2>&1
	done
	check "read-only: $(basename "$f") has the same sha256 after every applet ($("$C" --list | tr '\n' ' '))" \
		[ "$(sha256sum <"$f")" = "$before" ]
	check "read-only: $(basename "$f") has the same mtime after every applet" [ "$(stat -c %y "$f")" = "$mbefore" ]
done
finish
