# dentries: usage errors, files that are no dump, and (with the bookworm
# fixture, or DENTRIES_FIXTURE=DIR) the limits: -l, --max-steps, a types file
# that lacks struct dentry. Whole tables are judged in tests/vm/check-dentries.sh.
. "${0%/*}/../lib.sh"
C=${CORE2:?}
FX=${DENTRIES_FIXTURE:-${0%/*}/../../build/fixtures/bookworm}
T=$(mktemp -d "${TMPDIR:-/tmp}/core2-dentries.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

expect_rc "dentries with an operand exits 2" 2 "$C" dentries /data
contains "an operand is refused with a reason" "$T_ERR" "no operands expected"
expect_rc "-n and -p together exit 2" 2 "$C" dentries -n -p
expect_rc "--tree and --hash together exit 2" 2 "$C" dentries --tree --hash
expect_rc "-0 with -j exits 2" 2 "$C" dentries -0 -j
expect_rc "-0 with -s exits 2" 2 "$C" dentries -0 -s
expect_rc "-l 0 exits 2" 2 "$C" dentries -l 0
expect_rc "-l garbage exits 2" 2 "$C" dentries -l 5x
expect_rc "--max-steps 0 exits 2" 2 "$C" dentries --max-steps 0
expect_rc "--under a relative path exits 2" 2 "$C" dentries --under data
contains "--under says why" "$T_ERR" "not an absolute path"
expect_rc "-l without its argument exits 2" 2 "$C" dentries -l
for bad in -1 0 nan inf abc "" 1x; do
	expect_rc "--deadline '$bad' exits 2" 2 "$C" dentries --deadline "$bad"
	contains "--deadline '$bad' says why" "$T_ERR" "not a positive number of seconds"
done
expect_rc "dentries -h exits 0" 0 "$C" dentries -h
contains "help names --under" "$T_OUT" "--under PATH"
contains "help names --tree" "$T_OUT" "--tree"
contains "help tells the escaping" "$T_OUT" '\xNN'

: >"$T/empty"
expect_rc "an empty file is no dump: exit 1" 1 "$C" -c "$T/empty" dentries
head -c 65536 /dev/urandom >"$T/random"
expect_rc "random bytes are no dump: exit 1" 1 "$C" -c "$T/random" dentries
expect_rc "an executable is no dump: exit 1" 1 "$C" -c "$C" dentries -s

if [ -s "$FX/dumps/vmcore.zlib" ]; then
	D=$FX/dumps/vmcore.zlib
	expect_rc "-l 3 on a dump" 0 "$C" -c "$D" dentries -l 3
	check "-l 3 prints 3 lines" [ "$(printf '%s\n' "$T_OUT" | wc -l)" = 3 ]
	expect_rc "--max-steps 50 stops the walk: exit 1" 1 "$C" -c "$D" dentries --max-steps 50
	contains "the step limit is reported" "$T_ERR" "stopped after"
	contains "the skip summary names it" "$T_ERR" "1 step limit"
	expect_rc "--tree -0 --under /proc on a dump" 0 "$C" -c "$D" dentries --tree -0 --under /proc
	check "--under /proc: only /proc and below" \
		[ -z "$(tr '\0' '\n' <"$T_TMP.out" | grep -v '^/proc$' | grep -v '^/proc/')" -a -s "$T_TMP.out" ]
	printf '\237\353\001\000\030\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\001\000\000\000\000' >"$T/tiny.btf"
	expect_rc "types without struct dentry: exit 1" 1 "$C" -c "$D" --types "$T/tiny.btf" dentries
	contains "the failed layout assumption is named" "$T_ERR" "dentry.d_hash: assumed to exist"
	# --deadline: a tiny one stops the walk (exit 3, a note, a partial
	# list that is a subset of the whole walk and, under /data/tree, of
	# the workload's truth); a large one changes nothing.
	expect_rc "whole walk -0" 0 "$C" -c "$D" dentries -0
	cp "$T_TMP.out" "$T/full.0"
	cp "$T_TMP.err" "$T/full.err"
	expect_rc "--deadline 0.000001 stops the walk: exit 3" 3 "$C" -c "$D" dentries -0 --deadline 0.000001
	cp "$T_TMP.out" "$T/part.0"
	contains "the deadline note says the list is partial" "$T_ERR" "deadline passed: the list is partial"
	check "the partial list is a strict subset of the whole walk's" python3 -c '
import sys
rd = lambda p: [x for x in open(p, "rb").read().split(b"\0") if x]
part, full = rd(sys.argv[1]), rd(sys.argv[2])
sys.exit(not (len(part) < len(full) and set(part) <= set(full)))' "$T/part.0" "$T/full.0"
	if [ -s "$FX/truth/created-paths.0" ]; then
		check "the partial list under /data/tree holds only created or looked-up paths" python3 -c '
import sys
rd = lambda p: [x for x in open(p, "rb").read().split(b"\0") if x]
truth = set(rd(sys.argv[2])) | set(rd(sys.argv[3])) | {b"/data/tree"}
sys.exit(not all(p in truth for p in rd(sys.argv[1]) if p == b"/data/tree" or p.startswith(b"/data/tree/")))' \
			"$T/part.0" "$FX/truth/created-paths.0" "$FX/truth/negative-paths.0"
	fi
	expect_rc "-j --deadline 0.000001: exit 3" 3 "$C" -c "$D" -j dentries --deadline 0.000001
	check "-j: the last line says partial, with counts" sh -c 'tail -n 1 "$1" | grep -q "^{\"partial\":true,\"reason\":\"deadline\",\"listed\":[0-9]*,\"steps\":[0-9]*}$"' sh "$T_TMP.out"
	expect_rc "--deadline 1000 gives the whole walk" 0 "$C" -c "$D" dentries -0 --deadline 1000
	check "--deadline 1000: output identical to no deadline" cmp -s "$T_TMP.out" "$T/full.0"
	check "--deadline 1000: stderr as without it (no progress when not a terminal)" cmp -s "$T_TMP.err" "$T/full.err"
	expect_rc "-s -j on a dump is one JSON object" 0 "$C" -c "$D" -j dentries -s
	contains "stats JSON has per-filesystem counts" "$T_OUT" '"filesystems":[{"type":'
else
	echo "# no fixture in $FX: the dump cases are left out"
fi
finish
