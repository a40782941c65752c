#!/bin/sh
# Run test programs and scripts; count their "ok -" and "FAIL -" lines.
# Usage: tests/run.sh TEST...   (a test is an executable or a .sh script)
pass=0 failed=0
log=${TMPDIR:-/tmp}/core2-run.$$
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
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL - $t exited $rc without reporting a failure"
		f=1
	fi
	pass=$((pass + p)) failed=$((failed + f))
done
rm -f "$log"
echo "$pass passed, $failed failed"
[ "$failed" -eq 0 ]
