#!/bin/sh
# The VM tests of one kernel: core2's queries on every saved dump of the
# fixture (run here on the host), and the results of the in-guest runs on
# live /proc/kcore and on /proc/vmcore in the capture kernel, each judged
# against the guest's own ground truth by tests/vm/check.sh.
#   CORE2=BINARY VM_FIXTURE=DIR VM_RESULTS=DIR sh tests/vm/check-vm.sh
. "$(dirname "$0")/../lib.sh"
here=$(dirname "$0")
F=${VM_FIXTURE:?} R=${VM_RESULTS:?}
release=$(cat "$F/truth/release" 2>/dev/null || echo unknown)
out=${TMPDIR:-/tmp}/core2-vm-check.$$
trap 'rm -rf "$out"' EXIT

judge() { # LABEL RESULTDIR TRUTHDIR [live]
	sh "$here/check.sh" "$2" "$3" "$1" ${4:-}
}

# Every dump format in the fixture; a split dump is given part by part, in
# reverse order on purpose.
for d in zlib lzo zstd elf flat full.elf; do
	f=$F/dumps/vmcore.$d
	if [ ! -s "$f" ]; then
		fail "$release vmcore.$d: missing from the fixture"
		continue
	fi
	CORE2=$CORE2 TRUTH=$F/truth sh "$here/queries.sh" "$out/$d" "$f"
	judge "$release vmcore.$d" "$out/$d" "$F/truth"
done
CORE2=$CORE2 TRUTH=$F/truth sh "$here/queries.sh" "$out/split" "$F/dumps/vmcore.split.2" "$F/dumps/vmcore.split.1"
judge "$release vmcore.split.2+1" "$out/split" "$F/truth"
CORE2=$CORE2 TRUTH=$F/truth sh "$here/queries.sh" "$out/qemu" "$F/dumps/qemu.elf"
judge "$release qemu.elf (dump-guest-memory)" "$out/qemu" "$F/truth"

# The in-guest runs of this very binary (make vm-run).
judge "$release live /proc/kcore (in the guest)" "$R/live" "$R/truth" live
judge "$release /proc/vmcore (in the capture kernel)" "$R/vmcore" "$R/truth"
finish
