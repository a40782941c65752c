#!/bin/sh
# The VM tests of one kernel: core2's queries on every saved dump of the
# fixture (run here on the host), and the results of the in-guest runs on
# live /proc/kcore and on /proc/vmcore in the capture kernel, each judged
# against the guest's own ground truth by tests/vm/check.sh.
#   CORE2=BINARY VM_B=BUILDDIR VM_KERNELS="bookworm trixie" sh tests/vm/check-vm.sh
# For each kernel K: the fixture $VM_B/fixtures/K (make fixtures) and the
# in-guest results $VM_B/vm-results/K (make vm-run).
. "$(dirname "$0")/../lib.sh"
here=$(dirname "$0")

# The host makedumpfile the harness unpacked for this fixture's kernel (the
# newest suite's), run with its own loader: the reference for dmesg.
host_makedumpfile() {
	_pv=$(python3 -c 'import json, sys; k = json.load(open(sys.argv[1]))["kernel"]; print(k["package"] + "_" + k["version"])' "$F/manifest.json" 2>/dev/null)
	_env=$VM_B/vm/kernel/$_pv/env
	[ -n "$_pv" ] && [ -f "$_env" ] || return 1
	VM_MDF=$(. "$_env" && echo "$HOST_MDF_LD --library-path $HOST_MDF_LIBPATH $HOST_MDF")
}

check_kernel() {
F=$VM_B/fixtures/$1 R=$VM_B/vm-results/$1
release=$(cat "$F/truth/release" 2>/dev/null || echo "$1 (no fixture)")
out=$T_TMP.work
rm -rf "$out"
VM_MDF=
host_makedumpfile || true

judge() { # LABEL RESULTDIR TRUTHDIR [MODE [UNFILTERED_RESULTDIR]]
	sh "$here/check.sh" "$2" "$3" "$1" ${4:-} ${5:-}
	sh "$here/check-dentries.sh" "$2" "$3" "$1" ${5:-}
	sh "$here/check-bt.sh" "$2" "$3" "$1" ${4:-} ${5:-}
}

# Every dump format in the fixture; a split dump is given part by part, in
# reverse order on purpose.
# The unfiltered dump first: it tells filtering by makedumpfile apart from
# a core2 bug in the others.
for d in full.elf zlib lzo zstd elf flat; do
	f=$F/dumps/vmcore.$d
	if [ ! -s "$f" ]; then
		fail "$release vmcore.$d: missing from the fixture"
		continue
	fi
	CORE2=$CORE2 TRUTH=$F/truth sh "$here/queries.sh" "$out/$d" "$f"
	judge "$release vmcore.$d" "$out/$d" "$F/truth" dump "$out/full.elf"
done
CORE2=$CORE2 TRUTH=$F/truth sh "$here/queries.sh" "$out/split" "$F/dumps/vmcore.split.2" "$F/dumps/vmcore.split.1"
judge "$release vmcore.split.2+1" "$out/split" "$F/truth" dump "$out/full.elf"
expect_rc "$release split dump: one part alone is refused" 1 "$CORE2" -c "$F/dumps/vmcore.split.2" sym jiffies
contains "$release split dump: the message asks for every part" "$T_ERR" "one part of a split dump"
expect_rc "$release split dump: the same part twice is refused" 1 "$CORE2" -c "$F/dumps/vmcore.split.1" -c "$F/dumps/vmcore.split.1" sym jiffies
contains "$release split dump: the message says so" "$T_ERR" "given twice"
expect_rc "$release split dump: a whole dump with a part is refused" 1 "$CORE2" -c "$F/dumps/vmcore.zlib" -c "$F/dumps/vmcore.split.1" sym jiffies
CORE2=$CORE2 TRUTH=$F/truth sh "$here/queries.sh" "$out/qemu" "$F/dumps/qemu.elf"
judge "$release qemu.elf (dump-guest-memory)" "$out/qemu" "$F/truth" snapshot

# info names each file's format as makedumpfile wrote it.
for want in "zlib:compression zlib" "lzo:compression lzo" "zstd:compression zstd" "elf:elf, compression none" \
	"flat:compression zlib, flattened"; do
	d=${want%%:*}
	contains "$release vmcore.$d: info says '${want#*:}'" "$(grep '^format ' "$out/$d/info.out")" "${want#*:}"
done

# The kernel log of every kdump file against makedumpfile --dump-dmesg of the
# kernel's own suite (VM_MDF: the command that runs it), byte for byte.
for d in zlib lzo zstd elf; do
	f=$F/dumps/vmcore.$d
	if [ -z "${VM_MDF:-}" ]; then
		fail "$release vmcore.$d: no makedumpfile (VM_MDF) to compare dmesg with"
	elif ! $VM_MDF --dump-dmesg "$f" "$out/mdf-$d" >"$out/mdf-$d.log" 2>&1; then
		fail "$release vmcore.$d: makedumpfile --dump-dmesg failed: $(tail -n 2 "$out/mdf-$d.log" | tr '\n' ' ')"
	elif cmp -s "$out/mdf-$d" "$out/$d/dmesg.out"; then
		pass "$release vmcore.$d: dmesg equals makedumpfile --dump-dmesg ($(wc -l <"$out/mdf-$d") lines)"
	else
		fail "$release vmcore.$d: dmesg differs from makedumpfile --dump-dmesg: $(diff "$out/mdf-$d" "$out/$d/dmesg.out" | head -4 | tr '\n' ' ')"
	fi
done

# Large reads as core2 makes them (straight from the file where it can,
# lib/dump/fastread.c) against libkdumpfile alone (CORE2_NO_FASTREAD), on
# every single-file dump: the kernel's text, the same less 0x123 bytes at
# its start and ending 0x77 bytes into a page, 20 pages and a bit from the
# same start (runs that start and end in part of a page, long enough for
# two threads and not), and 64 MB of the direct map from physical 0 and from
# 16 MB, where filtered dumps lack pages. Output,
# exit status and message must be the same; the text is also the same in
# every dump of the crash.
po=$("$CORE2" -c "$F/dumps/vmcore.full.elf" read -t u64 page_offset_base)
stext=$("$CORE2" -c "$F/dumps/vmcore.full.elf" sym _stext | awk '{ print $1 }')
etext=$("$CORE2" -c "$F/dumps/vmcore.full.elf" sym _etext | awk '{ print $1 }')
ranges=$(python3 -c 'import sys; po, s, e = int(sys.argv[1]), int(sys.argv[2], 16), int(sys.argv[3], 16)
print("%#x:%d %#x:%d %#x:%d %#x:67108864 %#x:67108864" % (s, e - s, s + 0x123,
      (e & ~0xfff) - 0x1000 + 0x77 - (s + 0x123), s + 0x123, 20 * 4096 + 0x55, po, po + (16 << 20)))' \
	"$po" "$stext" "$etext")
check "$release: the ranges for the large reads ($ranges)" [ "$(echo $ranges | wc -w)" = 5 ]
# same_without_fastread DUMP ARGS...: core2 ARGS on DUMP as it reads and
# through libkdumpfile alone (CORE2_NO_FASTREAD); stdout, exit status and
# stderr must be the same. Its own output stays in $out/fs.fast.
same_without_fastread() {
	_f=$1
	shift
	"$CORE2" -c "$_f" "$@" >"$out/fs.fast" 2>"$out/fs.fast.err"
	echo $? >"$out/fs.fast.rc"
	CORE2_NO_FASTREAD=1 "$CORE2" -c "$_f" "$@" >"$out/fs.slow" 2>"$out/fs.slow.err"
	echo $? >"$out/fs.slow.rc"
	check "$release $(basename "$_f"): $* is the same through libkdumpfile alone (exit $(cat "$out/fs.fast.rc"), $(wc -c <"$out/fs.fast") bytes)" \
		sh -c 'cmp -s "$1/fs.fast" "$1/fs.slow" && cmp -s "$1/fs.fast.rc" "$1/fs.slow.rc" && cmp -s "$1/fs.fast.err" "$1/fs.slow.err"' _ "$out"
}
for d in full.elf zlib lzo zstd elf qemu; do
	f=$F/dumps/vmcore.$d
	[ $d = qemu ] && f=$F/dumps/qemu.elf
	for rg in $ranges; do
		same_without_fastread "$f" read -r -n "${rg#*:}" "${rg%:*}"
		if [ "$rg" = "${ranges%% *}" ] && [ $d != qemu ]; then
			if [ $d = full.elf ]; then
				check "$release vmcore.full.elf: the kernel text reads whole" [ "$(cat "$out/fs.fast.rc")" = 0 ]
				mv "$out/fs.fast" "$out/text.full"
			else
				check "$release vmcore.$d: the kernel text equals vmcore.full.elf's" \
					sh -c '[ "$(cat "$1/fs.fast.rc")" = 0 ] && cmp -s "$1/fs.fast" "$1/text.full"' _ "$out"
			fi
		fi
	done
done
rm -f "$out"/fs.* "$out/text.full"

# Small reads as core2 makes them (pages kept between reads, read from
# ELF files and decompressed from kdump files by fastread_small) against
# libkdumpfile alone: a few bytes across a page end, a whole page, a
# page's worth from mid-page, and the same from the direct map at physical
# 0 and 16 MB (pages filtered dumps lack); then the applets that make
# thousands of them (every task's stack, the task list). Output, exit
# status and message must be the same.
small=$(python3 -c 'import sys; po, s = int(sys.argv[1]), int(sys.argv[2], 16)
print("%#x:16 %#x:4096 %#x:4096 %#x:64 %#x:4096 %#x:8" % (s + 0x1ff8, s + 0x3000, s + 0x4123, po, po + 0x777, po + (16 << 20) + 0xffc))' \
	"$po" "$stext")
for d in full.elf zlib lzo zstd elf qemu; do
	f=$F/dumps/vmcore.$d
	[ $d = qemu ] && f=$F/dumps/qemu.elf
	for q in $small; do
		same_without_fastread "$f" read -r -n "${q#*:}" "${q%:*}"
	done
	same_without_fastread "$f" bt -A
	same_without_fastread "$f" ps
done
rm -f "$out"/fs.*

# Symbols from a file instead of memory: the guest's /proc/kallsyms whole
# (module symbols included), and a System.map made from it with link-time
# addresses (KASLR offset taken out), which core2 must move back.
expect_rc "$release --symbols /proc/kallsyms copy: sym -g '*'" 0 "$CORE2" -c "$F/dumps/vmcore.zlib" --symbols "$F/truth/kallsyms" sym -g '*'
sort "$T_TMP.out" >"$out/symfile.sorted"
sort "$F/truth/kallsyms" >"$out/kallsyms.sorted"
check "$release --symbols gives every line of /proc/kallsyms, modules too" cmp -s "$out/symfile.sorted" "$out/kallsyms.sorted"
python3 - "$F/truth/kallsyms" "$F/dumps/vmcore.elf" "$out/System.map" <<'PY'
import re, sys
data = open(sys.argv[2], "rb").read(1 << 20)
koff = int(re.search(rb"KERNELOFFSET=([0-9a-f]+)", data).group(1), 16)
with open(sys.argv[3], "w") as out:
    for line in open(sys.argv[1]):
        a, t, rest = line.rstrip("\n").split(" ", 2)
        if "\t[" in rest:
            continue
        v = int(a, 16)
        if t not in "Aa":
            v -= koff
        out.write("%016x %s %s\n" % (v, t, rest))
PY
expect_rc "$release --symbols System.map with link-time addresses" 0 "$CORE2" -v -c "$F/dumps/vmcore.zlib" --symbols "$out/System.map" sym jiffies init_task _stext
check "$release System.map addresses are moved by the KASLR offset" \
	[ "$T_OUT" = "$(grep -E ' (jiffies|init_task|_stext)$' "$F/truth/kallsyms" | sort -k3,3 | awk '{ o[$3] = $0 } END { print o["jiffies"]; print o["init_task"]; print o["_stext"] }')" ]
contains "$release -v says the offset was added" "$T_ERR" "adding the KASLR offset"

# The variables a kernel without CONFIG_KALLSYMS_ALL does not list, found in
# memory with a code-only copy of this guest's /proc/kallsyms.
sh "$here/check-recover.sh" "$CORE2" "$F" "$release" "$F/dumps/vmcore.zlib" "$F/dumps/vmcore.elf" "$F/dumps/qemu.elf"

# The example helper, built against the installed library only (tests/example):
# the processes the workload started with known names, with their open-file
# counts, on the unfiltered dump; the filtered dump gives the same counts,
# except for a process whose files lie on pages makedumpfile left out of it
# (sid's 1.7.8 leaves out live slab pages its own ELF output keeps): pfiles
# must then name an address that this dump lacks and the unfiltered dump of
# the same crash holds, and the other processes must still be exact.
if [ -x "${PFILES:-}" ]; then
	expect_rc "$release pfiles (libcore2 example) on vmcore.full.elf" 0 "$PFILES" -c "$F/dumps/vmcore.full.elf" 'core2*'
	got=$(printf '%s\n' "$T_OUT" | awk -F '\t' '{ print $1 " " $2 }' | sort)
	want=$(sort "$F/truth/known-procs")
	check "$release pfiles finds exactly the known processes" [ -n "$want" -a "$got" = "$want" ]
	check "$release pfiles counts open files" sh -c "printf '%s\n' \"\$1\" | awk -F '\t' '\$3 !~ /^[0-9]+\$/ { exit 1 }'" _ "$T_OUT"
	full_out=$T_OUT
	"$PFILES" -c "$F/dumps/vmcore.zlib" 'core2*' >"$out/pfiles.out" 2>"$out/pfiles.err"
	z_rc=$? z_out=$(cat "$out/pfiles.out")
	if [ "$z_rc" = 0 ]; then
		check "$release pfiles gives the same counts on vmcore.zlib" [ "$z_out" = "$full_out" ]
	else
		# Each failed process: "pfiles: pid N: address A: not in the dump ...".
		bad=0 left=0 pids=
		while read -r _ _ pid _ addr rest; do
			pid=${pid%:} addr=${addr%:}
			case $rest in "not in the dump"*) ;; *) bad=1; continue ;; esac
			"$CORE2" -c "$F/dumps/vmcore.zlib" read -x -n 8 "$addr" >/dev/null 2>&1 && bad=1
			"$CORE2" -c "$F/dumps/vmcore.full.elf" read -x -n 8 "$addr" >/dev/null 2>&1 || bad=1
			left=$((left + 1)) pids="$pids $pid"
		done < "$out/pfiles.err"
		# pfiles prints "?" for the count it could not read.
		rest_full=$(printf '%s\n' "$full_out" | awk -v p="$pids " 'BEGIN { FS = OFS = "\t" }
			index(" " p, " " $1 " ") { $3 = "?" } { print }')
		check "$release pfiles on vmcore.zlib: exit 1 only for $left processes on pages makedumpfile left out (in the unfiltered dump only), the others exact" \
			[ "$z_rc" = 1 -a "$bad" = 0 -a "$left" -gt 0 -a "$z_out" = "$rest_full" ]
	fi
else
	fail "$release pfiles: the example was not built (PFILES)"
fi

# The in-guest runs of this very binary (make vm-run). That cycle crashes
# through the oops module (tests/vm/oops), where the fixture's panics.
check "$release: the run cycle crashed through the oops module" [ "$(cat "$R/truth/crash" 2>/dev/null)" = module-oops ]
export DENTRIES_LIVE=1   # the dcache moves while it is read
judge "$release live /proc/kcore (in the guest)" "$R/live" "$R/truth" live
unset DENTRIES_LIVE
judge "$release /proc/vmcore (in the capture kernel)" "$R/vmcore" "$R/truth"
}

# Kernels VM_JOBS at a time, each with its own work directory.
each_parallel "${VM_JOBS:-2}" check_kernel ${VM_KERNELS:?}
finish
