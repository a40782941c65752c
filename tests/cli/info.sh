# info: usage (its facts are checked against the guests in tests/vm).
. "${0%/*}/../lib.sh"
C=${CORE2:?}
expect_rc "info with an operand exits 2" 2 "$C" info extra
expect_rc "info on a missing file exits 1" 1 "$C" -c /nonexistent/core info
contains "info names the missing file" "$T_ERR" "/nonexistent/core"
finish
