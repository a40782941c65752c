#!/bin/sh
# The host-side queries (tests/vm/queries.sh) and checks (tests/vm/check.sh)
# on each dump of the arm64 fixture, then bt's documented refusal: arm64
# stack traces are not supported yet, so bt must exit 1 and say so (a skip
# of the trace checks, never a pass of them).
#   sh check.sh CORE2 FIXTUREDIR RESULTDIR
set -u
C=$(realpath "$1"); F=$(realpath "$2"); R=$3
HERE=$(cd "$(dirname "$0")/.." && pwd)
[ -d "$F/dumps" ] || { echo "FAIL - no arm64 fixture in $F: run make fixtures-arm64"; exit 1; }
rc=0
for f in zlib lzo elf flat split; do
	rm -rf "$R/$f" && mkdir -p "$R/$f"
	if [ $f = split ]; then set -- "$F/dumps/vmcore.split.1" "$F/dumps/vmcore.split.2"; else set -- "$F/dumps/vmcore.$f"; fi
	cores=; for c in "$@"; do cores="$cores -c $c"; done
	CORE2=$C TRUTH=$F/truth timeout 300 sh "$HERE/queries.sh" "$R/$f" "$@" >"$R/$f.log" 2>&1
	sh "$HERE/check.sh" "$R/$f" "$F/truth" "arm64-$f" || rc=1
	"$C" $cores bt >/dev/null 2>"$R/$f.bt.err" </dev/null
	b=$?
	if [ $b = 1 ] && grep -q 'not supported' "$R/$f.bt.err"; then
		echo "skip - arm64-$f: bt: $(head -c 200 "$R/$f.bt.err")"
	else echo "FAIL - arm64-$f: bt exited $b, not 1 with 'not supported': $(head -c 200 "$R/$f.bt.err")"; rc=1; fi
done
exit $rc
