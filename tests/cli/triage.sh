# core2-triage on the host, with a stand-in core2 that records how it was
# called: the walks (ps, bt -a, bt -s D) get --deadline 2 s under the
# per-run limit and their exit 3 is logged as partial; the other runs get
# no deadline; a limit of 3 s or less leaves no room for one. (The real
# triage in a capture kernel is tested in tests/vm/initramfs-test.sh.)
. "${0%/*}/../lib.sh"
TRIAGE=${0%/*}/../../initramfs/core2-triage
T=$(mktemp -d)
cat >"$T/core2" <<'STUB'
#!/bin/sh
echo "$*" >>"${0%/*}/calls"
case " $* " in
*" --version "*) echo "core2 stand-in" ;;
*" --deadline "*) echo "what was found"; echo "core2: deadline passed" >&2; exit 3 ;;
*) echo "all of it" ;;
esac
STUB
chmod +x "$T/core2"
: >"$T/vmcore"

expect_rc "core2-triage -t 10 exits 0" 0 sh "$TRIAGE" -o "$T/out" -c "$T/vmcore" -b "$T/core2" -t 10 -T 100
for run in "ps" "bt -a" "bt -s D"; do
	check "'$run' (text and JSON) was given --deadline 8" \
		[ "$(grep -c -- " $run --deadline 8\$" "$T/calls")" = 2 ]
done
for run in cmdline info dmesg; do
	check "'$run' was given no deadline" sh -c '! grep -q -- "$1.*--deadline" "$2" && grep -q -- " $1\$" "$2"' sh "$run" "$T/calls"
done
for name in ps.txt ps.json bt-a.txt bt-a.json bt-sD.txt bt-sD.json; do
	check "triage.log: $name exit 3 is partial" grep -q "^$name rc=3 seconds=[0-9]* partial: the deadline of 8 s passed\$" "$T/out/triage.log"
	check "$name keeps what was found" grep -qx "what was found" "$T/out/$name"
done
check "triage.log: the others ok, the partial ones not counted ok" grep -q '^done: 6 ok, 6 failed' "$T/out/triage.log"
rm -f "$T/calls"
expect_rc "core2-triage -t 3 exits 0" 0 sh "$TRIAGE" -o "$T/out3" -c "$T/vmcore" -b "$T/core2" -t 3 -T 100
check "-t 3: no run was given a deadline" sh -c '! grep -q -- --deadline "$1"' sh "$T/calls"
check "-t 3: every run ok" grep -q '^done: 12 ok, 0 failed' "$T/out3/triage.log"
rm -rf "$T"
finish
