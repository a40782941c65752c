# dmesg: usage (its output is compared with makedumpfile's in tests/vm).
. "${0%/*}/../lib.sh"
C=${CORE2:?}
expect_rc "dmesg with an operand exits 2" 2 "$C" dmesg extra
expect_rc "dmesg -r -h exits 0" 0 "$C" dmesg -r -h
contains "dmesg help names -r" "$T_OUT" "--raw"
finish
