# cmdline: usage (its output is checked against real guests in tests/vm).
. "${0%/*}/../lib.sh"
C=${CORE2:?}
expect_rc "cmdline with an operand exits 2" 2 "$C" cmdline extra
finish
