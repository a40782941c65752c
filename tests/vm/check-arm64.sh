#!/bin/sh
# The arm64 fixtures' tests (issue 20), read by the x86_64 core2 on the host,
# for each kernel of ARM64_KERNELS (build/fixtures/K-arm64, made by
# make fixtures-arm64 ARM64_KERNEL=K):
#  - tests/vm/arm64/check.sh: the queries and checks of every dump format
#    against the guest's truth (skips counted with their reasons);
#  - tests/types-vs-pahole.sh: every struct and union of the kernel's arm64
#    BTF against pahole's reading of it, and BTF from the dumps' memory.
#   CORE2=BINARY VM_B=BUILDDIR ARM64_KERNELS="bookworm trixie" sh tests/vm/check-arm64.sh
. "$(dirname "$0")/../lib.sh"
here=$(dirname "$0")
rc=0
if tools=$(sh "$here/type-tools.sh"); then
	PATH=$tools/bin:$PATH
else
	fail "the newest suite's pahole could not be unpacked"; rc=1
fi
for k in $ARM64_KERNELS; do
	F=$VM_B/fixtures/$k-arm64
	echo "# $k arm64"
	sh "$here/arm64/check.sh" "$CORE2" "$F" "$VM_B/vm-results/$k-arm64" || rc=1
	[ -d "$F/truth" ] && { CORE2=$CORE2 sh "$here/../types-vs-pahole.sh" "$F" || rc=1; }
	# The variables a kernel without CONFIG_KALLSYMS_ALL does not list,
	# found in memory with a code-only copy of the guest's /proc/kallsyms.
	if [ -d "$F/truth" ]; then
		sh "$here/check-recover.sh" "$CORE2" "$F" "$k-arm64" $(ls "$F"/dumps/vmcore.zlib "$F"/dumps/vmcore.raw "$F"/dumps/qemu.elf 2>/dev/null) || rc=1
	fi
	# jiffies (from the export table where the kernel lists no data
	# symbols) against the log: the uptime it gives, with HZ from the
	# kernel package's config and INITIAL_JIFFIES (-300 s as 32 bits),
	# is the last record's time at the crash, within 2 s (under TCG the
	# tick lagged the log's clock by 0.3 s).
	hz=$(sed -n 's/^CONFIG_HZ=//p' "$VM_B"/arm64/"$k"/k/boot/config-* 2>/dev/null | head -n1)
	for d in "$F"/dumps/vmcore.zlib "$F"/dumps/vmcore.elf "$F"/dumps/vmcore.raw; do
		[ -f "$d" ] || continue
		n="$k-arm64 $(basename "$d")"
		j=$("$CORE2" -c "$d" read jiffies 2>"$T_TMP.err")
		t=$("$CORE2" -c "$d" dmesg 2>/dev/null | tail -n 1 | sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p')
		up=$(python3 -c 'import sys; j, hz = int(sys.argv[1]), int(sys.argv[2]); print("%.3f" % ((j - 2**32 + 300 * hz) / hz))' "$j" "$hz" 2>/dev/null)
		if [ -z "$hz" ]; then
			fail "$n: no CONFIG_HZ in $VM_B/arm64/$k/k/boot/config-*"
		elif python3 -c 'import sys; sys.exit(abs(float(sys.argv[1]) - float(sys.argv[2])) >= 2)' "${up:-x}" "${t:-y}" 2>/dev/null; then
			pass "$n: read jiffies ($j) gives an uptime of $up s at HZ=$hz, the log's last record at $t s"
		else
			fail "$n: read jiffies '$j' (uptime '$up' s at HZ=$hz) against the log's last record at '$t' s: $(head -c 200 "$T_TMP.err")"
		fi
	done
	# The modules lie near the kernel image (lib/arch/aarch64.c,
	# modules_reach): an address in the vmalloc area far from it (a stack
	# address) is no symbol and loads no module symbols, while a module's
	# address does.
	for d in "$F"/dumps/vmcore.raw "$F"/dumps/vmcore.zlib "$F"/dumps/qemu.elf; do
		[ -f "$d" ] || continue
		n="$k-arm64 $(basename "$d")"
		# The crashed CPU's sp, or else the vmalloc area's start: the first
		# of them more than 8 GB from _stext (a snapshot's idle CPU may be
		# on the initial task's stack, inside the kernel image).
		sp=$("$CORE2" -c "$d" info 2>/dev/null | awk '$1 == "sp" { print $2; exit }')
		vs=$(head -c 4194304 "$d" | strings -n 8 | sed -n 's/^NUMBER(VMALLOC_START)=\(0x[0-9a-f]*\)$/\1/p' | head -n1)
		st=$("$CORE2" -c "$d" sym _stext 2>/dev/null | awk '{ print $1 }')
		mod=$(awk 'NR == 1 { print $6 }' "$F/truth/modules")
		far=$(python3 -c 'import sys
st = int(sys.argv[1], 16)
for a in sys.argv[2:]:
    if a and abs(int(a, 16) - st) > 8 << 30:
        print(a)
        break' "${st:-0}" "$sp" "$vs" 2>/dev/null)
		if [ -z "$st" ] || [ -z "$mod" ]; then
			fail "$n: _stext ('$st') and a module's base ('$mod') for the modules-reach checks"
			continue
		fi
		if [ -z "$far" ]; then
			echo "skip - $n: stack addresses load no module symbols: neither sp ($sp) nor VMALLOC_START ($vs) lies more than 8 GB from _stext ($st)"
			continue
		fi
		expect_rc "$n: sym -r of $far (vmalloc area, far from the kernel) is no symbol" 1 "$CORE2" -v -c "$d" sym -r "$far"
		check "$n: ... and loads no module symbols" sh -c '! grep -q "module symbols" "$1"' sh "$T_TMP.err"
		expect_rc "$n: sym -r of the first module's base $mod" 0 "$CORE2" -v -c "$d" sym -r "$mod"
		contains "$n: ... loads the module symbols" "$T_ERR" "module symbols from the modules' own tables"
	done
done
exit $rc
