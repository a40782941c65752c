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
done
exit $rc
