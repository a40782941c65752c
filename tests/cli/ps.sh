# ps: usage errors and (with the bookworm fixture, or PS_FIXTURE=DIR)
# --deadline: a tiny one stops the walk with exit 3, a note and (with -j) a
# last partial line; any deadline's list is a subset of the whole one; a
# large one changes nothing. The list itself is judged against the guest's
# truth in tests/vm/check.sh.
. "${0%/*}/../lib.sh"
C=${CORE2:?}
FX=${PS_FIXTURE:-${0%/*}/../../build/fixtures/bookworm}
T=$(mktemp -d)

expect_rc "ps with an operand exits 2" 2 "$C" ps 1
for bad in 0 -1 abc 1e99 '' nan inf; do
	expect_rc "ps --deadline '$bad' exits 2" 2 "$C" ps --deadline "$bad"
	contains "ps --deadline '$bad' says why" "$T_ERR" "not a positive number of seconds"
done
expect_rc "ps -h exits 0" 0 "$C" ps -h
contains "ps help names --deadline" "$T_OUT" "--deadline SECONDS"

if [ -s "$FX/dumps/vmcore.zlib" ]; then
	D=$FX/dumps/vmcore.zlib
	expect_rc "whole list" 0 "$C" -c "$D" ps
	cp "$T_TMP.out" "$T/full"
	cp "$T_TMP.err" "$T/full.err"
	check "the whole list has tasks" [ "$(wc -l <"$T/full")" -gt 10 ]
	expect_rc "--deadline 0.000001 stops the walk: exit 3" 3 "$C" -c "$D" ps --deadline 0.000001
	contains "the deadline note says the list is partial" "$T_ERR" "deadline passed: the list is partial"
	check "the partial list is the header alone (the deadline passed before the first task)" \
		[ "$(cat "$T_TMP.out")" = "$(head -n 1 "$T/full")" ]
	expect_rc "-j --deadline 0.000001: exit 3" 3 "$C" -c "$D" -j ps --deadline 0.000001
	check "-j: the last line says partial, with the count" \
		sh -c 'tail -n 1 "$1" | grep -q "^{\"partial\":true,\"reason\":\"deadline\",\"listed\":0}$"' sh "$T_TMP.out"
	# A deadline that may pass anywhere in the walk: whatever it printed
	# is in the whole list, and exit 3 comes with the note.
	for dl in 0.05 0.08 0.12; do
		"$C" -c "$D" ps --deadline $dl >"$T/part" 2>"$T/part.err"
		rc=$?
		check "--deadline $dl: exit 0 or 3 ($rc), each line printed is in the whole list" \
			sh -c '{ [ "$1" = 0 ] || { [ "$1" = 3 ] && grep -q "deadline passed" "$4"; }; } &&
				[ -z "$(grep -vxFf "$3" "$2")" ]' sh "$rc" "$T/part" "$T/full" "$T/part.err"
	done
	expect_rc "--deadline 1000 gives the whole list" 0 "$C" -c "$D" ps --deadline 1000
	check "--deadline 1000: output identical to no deadline" cmp -s "$T_TMP.out" "$T/full"
	check "--deadline 1000: stderr as without it" cmp -s "$T_TMP.err" "$T/full.err"
else
	fail "no fixture dump in $FX/dumps: run 'make fixtures' (or set PS_FIXTURE)"
fi
rm -rf "$T"
finish
