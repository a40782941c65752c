#!/bin/sh
# lib/'s shape, checked on the objects the build made (OBJ=build/obj/lib):
# which part calls which, from the symbols each object defines and uses.
# - No circle between parts (dump/, symbols/, types/, walk/, arch/ and
#   each top-level file) other than through the handle (handle.c), which
#   sits above the parts it frees.
# - The dump layer uses nothing of symbols/ or types/ (nor walk/).
# - arch/ is facts only: it uses no other part.
# - Outside lib/arch/, no code names an architecture (a string or macro;
#   comments may, to say why).
. "${0%/*}/lib.sh"
top=${0%/*}/..
OBJ=${OBJ:-$top/build/obj/lib}
[ -d "$OBJ" ] || { fail "no objects in $OBJ: build first (make)"; finish; }
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT

# part of each object: the folder under lib/, or the file's own name at the top
for o in $(cd "$OBJ" && find . -name '*.o' | sed 's|^\./||' | sort); do
	case $o in */*) part=${o%%/*} ;; *) part=${o%.o} ;; esac
	nm "$OBJ/$o" | awk -v p="$part" '$2 ~ /^[TDBRC]$/ { print $3, p }' >>"$W/defs"
	nm -u "$OBJ/$o" | awk -v p="$part" '{ print p, $2 }' >>"$W/uses"
done
[ -s "$W/defs" ] && pass "$(cut -d' ' -f2 "$W/defs" | sort -u | wc -l) parts found: $(cut -d' ' -f2 "$W/defs" | sort -u | tr '\n' ' ')" ||
	fail "no symbols defined in $OBJ"

# edges "from to", one per pair of parts
awk 'NR == FNR { def[$1] = $2; next } ($2 in def) && def[$2] != $1 { print $1, def[$2] }' \
	"$W/defs" "$W/uses" | sort -u >"$W/edges"

# A circle among the parts, leaving out the handle: tsort reports one.
grep -v '^handle \| handle$' "$W/edges" >"$W/dag"
if tsort "$W/dag" >/dev/null 2>"$W/tsort"; then
	pass "no circle between lib/'s parts outside the handle ($(wc -l <"$W/dag") edges)"
else
	fail "a circle between lib/'s parts: $(tr '\n' ' ' <"$W/tsort")"
fi
bad=$(awk '$1 == "dump" && $2 != "error" && $2 != "arch" { print $2 }' "$W/edges" | tr '\n' ' ')
[ -z "$bad" ] && pass "dump/ uses no other part but the error helpers and arch/" || fail "dump/ uses $bad"
bad=$(awk '$1 == "arch" { print $2 }' "$W/edges" | tr '\n' ' ')
[ -z "$bad" ] && pass "arch/ uses no other part" || fail "arch/ uses $bad"

# Architecture names in code outside lib/arch/: every back end's name.
names=$(sed -n 's/^[[:space:]]*\.name = "\([^"]*\)".*/\1/p' "$top"/lib/arch/*.c)
[ -n "$names" ] && pass "back ends: $(echo $names)" || fail "no back end names in lib/arch/"
for n in $names; do
	hits=$(cd "$top" && grep -rn --include='*.[ch]' -e "\"$n\"" -e "__${n}__" lib cmd | grep -v '^lib/arch/')
	[ -z "$hits" ] && pass "no code outside lib/arch/ names $n" || fail "code outside lib/arch/ names $n: $hits"
done
finish
