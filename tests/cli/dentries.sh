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
	expect_rc "-s -j on a dump is one JSON object" 0 "$C" -c "$D" -j dentries -s
	contains "stats JSON has per-filesystem counts" "$T_OUT" '"filesystems":[{"type":'
else
	echo "# no fixture in $FX: the dump cases are left out"
fi
finish
