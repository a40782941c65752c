#!/bin/sh
# The type tests of each fixture's kernel, on its own BTF and dumps:
#  - tests/types-vs-pahole.sh: every struct and union as core2 reads BTF,
#    against pahole's reading of the same file;
#  - tests/types-ctf-vs-btf.sh: a CTF dict of the same types (gcc -gctf)
#    through libctf, against the BTF reader;
#  - tests/types-modules-vs-pahole.sh: each loaded module's split BTF in
#    the dump's memory against pahole's reading of its .ko (the guest's
#    modules, kept decompressed by prepare.sh);
#  - tests/offsets-table.sh: core2 built with the kernel's compiled-in
#    offsets table ($VM_B/offsets/K/core2, make offsets-core2 KERNEL=K)
#    against the dump's own BTF, and refusing the other kernel's dump.
# The reference readers, pahole and bpftool, are the newest suite's
# (tests/vm/type-tools.sh, unpacked, never installed): every kernel's BTF,
# 7.x's decl and type tags included, is read by tools that know it.
#   CORE2=BINARY VM_B=BUILDDIR OFFSETS_GEN=GEN VM_KERNELS="bookworm trixie" sh tests/vm/check-types.sh
. "$(dirname "$0")/../lib.sh"
top=$(dirname "$0")/..
rc=0
if tools=$(sh "$top/vm/type-tools.sh"); then
	PATH=$tools/bin:$PATH
	echo "# reference readers: $(pahole --version), $(bpftool version | head -n1)"
else
	fail "the newest suite's pahole and bpftool could not be unpacked"; finish; exit 1
fi
for k in $VM_KERNELS; do
	F=$VM_B/fixtures/$k
	# The other kernel, for the table's refusals (none with one kernel).
	other=
	for o in $VM_KERNELS; do [ "$o" = "$k" ] || { other=$VM_B/fixtures/$o; break; }; done
	sh "$top/types-vs-pahole.sh" "$F" || rc=1
	sh "$top/types-ctf-vs-btf.sh" "$F" || rc=1
	ko=$(ls -d "$VM_B"/vm/kernel/linux-image-"$(cat "$F/truth/release")"_*/base/lib/modules 2>/dev/null | head -n1)
	if [ -n "$ko" ]; then
		sh "$top/types-modules-vs-pahole.sh" "$F" "$ko" $other || rc=1
	else
		echo "FAIL - $k: no unpacked modules under $VM_B/vm/kernel (make fixtures KERNEL=$k)"; rc=1
	fi
	CORE2=$VM_B/offsets/$k/core2 sh "$top/offsets-table.sh" "$F" $other || rc=1
done
exit $rc
