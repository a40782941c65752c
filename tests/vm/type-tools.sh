#!/bin/sh
# Usage: type-tools.sh [SUITE]
# The reference readers of the type tests, pahole and bpftool, of SUITE
# (default: the newest suite the private apt configuration knows, the last
# of APT_SUITES), unpacked and never installed. Prints a directory whose bin/
# holds pahole and bpftool, to put first in PATH. A newer kernel's BTF needs
# the newer readers (bookworm's pahole 1.24 and bpftool 7.1 do not know the
# decl and type tag kinds that 7.x's BTF carries).
. "$(dirname "$0")/common.sh"
. "$VM_DIR/sysroot.sh"

S=${1:-${APT_SUITES##* }}
[ -n "$S" ] || die "type-tools.sh: no suite"
[ -f "$APTCONF" ] || die "no private apt configuration at $APTCONF (make apt-config)"
R=$(unpack_sysroot "$S" types pahole bpftool)
if [ ! -x "$R/bin/pahole" ] || [ ! -x "$R/bin/bpftool" ]; then
	sysroot_wrappers "$R" "$R/bin" pahole bpftool
fi
"$R/bin/pahole" --version >/dev/null 2>&1 || die "$S's pahole does not run here"
echo "$R"
