#!/bin/sh
# Usage: check-dumps.sh FIXTURE_DIR KERNEL_ENV
# An independent reader must find the guest's own kmsg marker in the kernel
# log of every dump: makedumpfile --dump-dmesg, run on this host from the
# unpacked zstd-capable suite (never installed). The flattened and split dumps
# are reassembled first, which also checks that they are complete.
. "$(dirname "$0")/common.sh"
F=${1:?usage: check-dumps.sh FIXTURE_DIR KERNEL_ENV}
. "${2:?usage: check-dumps.sh FIXTURE_DIR KERNEL_ENV}"

mdf() { "$HOST_MDF_LD" --library-path "$HOST_MDF_LIBPATH" "$HOST_MDF" "$@"; }
marker=$(cat "$F/truth/kmsg-marker")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0
check() {
	rm -f "$tmp/dmesg"
	if mdf --dump-dmesg "$2" "$tmp/dmesg" >"$tmp/log" 2>&1 && grep -qF "$marker" "$tmp/dmesg"; then
		echo "ok - $1: dmesg holds the kmsg marker"
	else
		echo "FAIL - $1: no kmsg marker in makedumpfile --dump-dmesg: $(tail -n 3 "$tmp/log" | tr '\n' ' ')"
		bad=1
	fi
}
{
	for d in vmcore.zlib vmcore.lzo vmcore.zstd vmcore.elf vmcore.full.elf qemu.elf; do
		check "$d" "$F/dumps/$d"
	done
	mdf -R "$tmp/flat" <"$F/dumps/vmcore.flat" >/dev/null 2>&1 || echo "FAIL - vmcore.flat: makedumpfile -R"
	check "vmcore.flat (reassembled with -R)" "$tmp/flat"
	rm -f "$tmp/flat"
	mdf --reassemble "$F/dumps/vmcore.split.1" "$F/dumps/vmcore.split.2" "$tmp/split" >/dev/null 2>&1 ||
		echo "FAIL - vmcore.split: makedumpfile --reassemble"
	check "vmcore.split.1 + .2 (reassembled)" "$tmp/split"
	[ "$bad" = 0 ]
} >"$F/logs/check-dumps.txt"
rc=$?
sed 's/^/vm: /' "$F/logs/check-dumps.txt" >&2
exit $rc
