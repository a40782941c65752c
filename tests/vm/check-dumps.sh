#!/bin/sh
# Usage: check-dumps.sh FIXTURE_DIR KERNEL_ENV [scale]
# An independent reader must find the guest's own kmsg marker in the kernel
# log of every dump: makedumpfile --dump-dmesg, run on this host from the
# unpacked zstd-capable suite (never installed). The flattened and split dumps
# are reassembled first, which also checks that they are complete. A scale
# fixture (tests/vm/cycle.sh scale) holds the zlib and ELF saves only.
. "$(dirname "$0")/common.sh"
F=${1:?usage: check-dumps.sh FIXTURE_DIR KERNEL_ENV}
. "${2:?usage: check-dumps.sh FIXTURE_DIR KERNEL_ENV}"

set +e # every check reports, pass or fail
mdf() { "$HOST_MDF_LD" --library-path "$HOST_MDF_LIBPATH" "$HOST_MDF" "$@"; }
marker=$(cat "$F/truth/kmsg-marker")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check() {
	rm -f "$tmp/dmesg"
	if mdf --dump-dmesg "$2" "$tmp/dmesg" >"$tmp/log" 2>&1 && grep -qF "$marker" "$tmp/dmesg"; then
		echo "ok - $1: dmesg holds the kmsg marker"
	else
		echo "FAIL - $1: no kmsg marker in makedumpfile --dump-dmesg: $(tail -n 3 "$tmp/log" | tr '\n' ' ')"
	fi
}
if [ "${3:-}" = scale ]; then
	{
		check vmcore.zlib "$F/dumps/vmcore.zlib"
		check vmcore.elf "$F/dumps/vmcore.elf"
	} >"$F/logs/check-dumps.txt"
	sed 's/^/vm: /' "$F/logs/check-dumps.txt" >&2
	! grep -q '^FAIL' "$F/logs/check-dumps.txt"
	exit
fi
{
	for d in vmcore.zlib vmcore.lzo vmcore.zstd vmcore.elf vmcore.full.elf; do
		check "$d" "$F/dumps/$d"
	done
	# makedumpfile cannot read QEMU's ELF ("Can't get the number of PT_LOAD"):
	# look for the guest's VMCOREINFO note and the marker in the raw memory.
	if head -c 65536 "$F/dumps/qemu.elf" | grep -aq "OSRELEASE=$(cat "$F/truth/release")\$" &&
		grep -aqF "$marker" "$F/dumps/qemu.elf"; then
		echo "ok - qemu.elf: VMCOREINFO of the guest's release and the kmsg marker in memory"
	else
		echo "FAIL - qemu.elf: no VMCOREINFO for $(cat "$F/truth/release") or no kmsg marker"
	fi
	mdf -R "$tmp/flat" <"$F/dumps/vmcore.flat" >/dev/null 2>&1 || echo "FAIL - vmcore.flat: makedumpfile -R"
	check "vmcore.flat (reassembled with -R)" "$tmp/flat"
	rm -f "$tmp/flat"
	mdf --reassemble "$F/dumps/vmcore.split.1" "$F/dumps/vmcore.split.2" "$tmp/split" >/dev/null 2>&1 ||
		echo "FAIL - vmcore.split: makedumpfile --reassemble"
	check "vmcore.split.1 + .2 (reassembled)" "$tmp/split"
} >"$F/logs/check-dumps.txt"
sed 's/^/vm: /' "$F/logs/check-dumps.txt" >&2
! grep -q '^FAIL' "$F/logs/check-dumps.txt"
