#!/bin/sh
# Run test programs and scripts; count their "ok -" and "FAIL -" lines.
# Usage: tests/run.sh TEST...   (a test is an executable or a .sh script)
# The failures are listed again at the end, just above the counts, so
# that a log's tail (all CI shows) names them.
pass=0 failed=0
log=${TMPDIR:-/tmp}/core2-run.$$
fails=$log.fails
: >"$fails"
for t in "$@"; do
	echo "# $t"
	case $t in
	*.sh) sh "$t" >"$log" 2>&1 ;;
	*) "$t" >"$log" 2>&1 ;;
	esac
	rc=$?
	cat "$log"
	p=$(grep -c '^ok - ' "$log")
	f=$(grep -c '^FAIL - ' "$log")
	grep '^FAIL - ' "$log" | cut -c1-240 | sed "s|^|$t: |" >>"$fails"
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL - $t exited $rc without reporting a failure"
		echo "$t: exited $rc without reporting a failure" >>"$fails"
		f=1
	fi
	pass=$((pass + p)) failed=$((failed + f))
done
if [ -s "$fails" ]; then
	echo "# the failures again:"
	cat "$fails"
fi
rm -f "$log" "$fails"
echo "$pass passed, $failed failed"
[ "$failed" -eq 0 ]
