#!/bin/sh
# Every input in tests/fuzz/corpus/NAME (the seeds and the inputs of every
# crash found and fixed) through its fuzz target once, without fuzzing.
#   FUZZ_DIR=build/fuzz FUZZ_TARGETS="vmcoreinfo ..." sh tests/fuzz/regress.sh
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
for t in $FUZZ_TARGETS; do
	log=$FUZZ_DIR/$t.regress.log
	n=$(ls "$top/tests/fuzz/corpus/$t" | wc -l)
	if ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$top/tests/fuzz/lsan.supp \
		"$FUZZ_DIR/fuzz_$t" -runs=0 "$top/tests/fuzz/corpus/$t" >"$log" 2>&1; then
		pass "fuzz_$t: every input in tests/fuzz/corpus/$t ($n) runs clean under ASan and UBSan"
	else
		fail "fuzz_$t: $(grep -m1 -E 'ERROR|SUMMARY' "$log") (see $log)"
	fi
done
finish
