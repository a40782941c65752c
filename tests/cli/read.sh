# read: option checks happen before the dump is touched.
. "${0%/*}/../lib.sh"
C=${CORE2:?}
expect_rc "read without operand exits 2" 2 "$C" read
expect_rc "read with two operands exits 2" 2 "$C" read a b
expect_rc "read -t with an unknown type exits 2" 2 "$C" read -t u128 jiffies
contains "unknown type is named" "$T_ERR" "u128: unknown type"
expect_rc "read -x -r together exit 2" 2 "$C" read -x -r jiffies
expect_rc "read -n 0 exits 2" 2 "$C" read -n 0 jiffies
expect_rc "read -n garbage exits 2" 2 "$C" read -n 12abc jiffies
expect_rc "read --max 0 exits 2" 2 "$C" read -t cstr --max 0 jiffies
expect_rc "read -t cstr -x exits 2" 2 "$C" read -t cstr -x jiffies
expect_rc "read -p with a symbol exits 2" 2 "$C" -c /proc/self/exe read -p jiffies
finish
