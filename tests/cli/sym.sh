# sym: options and usage errors (lookups against real kernels are in tests/vm).
. "${0%/*}/../lib.sh"
C=${CORE2:?}
expect_rc "sym without names exits 2" 2 "$C" sym
contains "sym without names says so" "$T_ERR" "no symbol names given"
expect_rc "sym -r with a non-address exits 2" 2 "$C" -c /dev/null sym -r notanumber
expect_rc "sym -g with operands exits 2" 2 "$C" sym -g 'a*' extra
expect_rc "sym -g without a pattern exits 2" 2 "$C" sym -g
T=$(mktemp -d)
printf 'ffffffff81000000 T _stext\nffffffff81000010 t helper\tjunk\n' > "$T/map"
printf 'not a map\n' > "$T/bad"
expect_rc "--symbols with a bad file exits 1" 1 "$C" --symbols "$T/bad" -c "$T/map" sym _stext
rm -rf "$T"
finish
