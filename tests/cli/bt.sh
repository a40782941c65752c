# bt: usage (traces are checked against the kernel's own in tests/vm).
. "${0%/*}/../lib.sh"
C=${CORE2:?}
expect_rc "bt -a with an operand exits 2" 2 "$C" bt -a 1
expect_rc "bt -A with an operand exits 2" 2 "$C" bt -A 1
expect_rc "bt -s needs an argument" 2 "$C" bt -s
expect_rc "bt with an unknown option exits 2" 2 "$C" bt -x
finish
