# bt: usage (traces are checked against the kernel's own in tests/vm).
. "${0%/*}/../lib.sh"
C=${CORE2:?}
expect_rc "bt -a with an operand exits 2" 2 "$C" bt -a 1
expect_rc "bt -A with an operand exits 2" 2 "$C" bt -A 1
expect_rc "bt -s needs an argument" 2 "$C" bt -s
expect_rc "bt with an unknown option exits 2" 2 "$C" bt -x
expect_rc "bt --deadline 0 exits 2" 2 "$C" bt --deadline 0
contains "bt --deadline 0 says why" "$T_ERR" "not a positive number of seconds"

# --deadline on the bookworm fixture (or BT_FIXTURE=DIR): a tiny one stops
# before the first trace (exit 3, a note, -j's partial line); a large one
# changes nothing, for -a and -A.
FX=${BT_FIXTURE:-${0%/*}/../../build/fixtures/bookworm}
if [ -s "$FX/dumps/vmcore.zlib" ]; then
	D=$FX/dumps/vmcore.zlib
	T=$(mktemp -d)
	for w in -a -A "-s D"; do
		expect_rc "bt $w" 0 "$C" -c "$D" bt $w
		cp "$T_TMP.out" "$T/full"
		[ "$w" = "-s D" ] || check "bt $w printed traces" [ -s "$T/full" ]
		expect_rc "bt $w --deadline 0.000001: exit 3" 3 "$C" -c "$D" bt $w --deadline 0.000001
		contains "bt $w: the note says so" "$T_ERR" "deadline passed: 0 traces printed"
		check "bt $w: nothing printed" [ ! -s "$T_TMP.out" ]
		expect_rc "bt $w -j --deadline 0.000001: exit 3" 3 "$C" -c "$D" -j bt $w --deadline 0.000001
		check "bt $w -j: the last line says partial" \
			sh -c 'tail -n 1 "$1" | grep -q "^{\"partial\":true,\"reason\":\"deadline\",\"listed\":0}$"' sh "$T_TMP.out"
		expect_rc "bt $w --deadline 1000" 0 "$C" -c "$D" bt $w --deadline 1000
		check "bt $w --deadline 1000: output identical to no deadline" cmp -s "$T_TMP.out" "$T/full"
	done
	# -r: the registers the system call entry saved, after the trace's
	# user-mode end (their values are judged in tests/vm/check-bt.sh);
	# without -r none.
	expect_rc "bt -r" 0 "$C" -c "$D" bt -r
	check "bt -r: the user registers follow the user-mode end" \
		sh -c 'grep -A1 "^ (user mode)$" "$1" | grep -q "^     user registers at 0x[0-9a-f]*:$" && grep -q "orig_ax: " "$1"' _ "$T_TMP.out"
	expect_rc "bt" 0 "$C" -c "$D" bt
	check "bt: no registers without -r" sh -c '! grep -q "registers" "$1"' _ "$T_TMP.out"
	expect_rc "bt -j -r" 0 "$C" -c "$D" -j bt -r
	check "bt -j -r: user_registers with an address and hex values" \
		sh -c 'grep -q "\"user_registers\":{\"address\":\"0x[0-9a-f]*\",\"r15\":\"0x" "$1"' _ "$T_TMP.out"
	expect_rc "bt PID --deadline 0.000001: exit 3, no 'no such task'" 3 "$C" -c "$D" bt --deadline 0.000001 1
	check "bt PID: the task not reached is not called missing" sh -c '! grep -q "no such task" "$1"' sh "$T_TMP.err"
	rm -rf "$T"
else
	fail "no fixture dump in $FX/dumps: run 'make fixtures' (or set BT_FIXTURE)"
fi
finish
