#!/bin/sh
# Module types: for every module the guest had loaded (truth/modules) whose
# .ko is at hand, every struct and union core2 reads from the module's split
# BTF in the dump's memory (`--module M struct --all`) against pahole's
# reading of the same module's .ko on the kernel's BTF (`pahole --btf_base`),
# and the type ids against bpftool's numbering of the same split BTF (they
# continue vmlinux's).
#   tests/types-modules-vs-pahole.sh FIXTURE_DIR KO_DIR [OTHER_FIXTURE_DIR]
# With another kernel's fixture, its BTF given as vmlinux's (--types) must
# make the module's split BTF an error, never a layout.
# KO_DIR holds the guest's modules, decompressed (tests/vm/prepare.sh puts
# them in build/vm/kernel/PKG/base/lib/modules). Needs pahole and bpftool
# (tests/vm/type-tools.sh). Prints "ok - ..." / "FAIL - ..." lines.
. "${0%/*}/lib.sh"
. "${0%/*}/pahole-layout.sh"
F=${1:?usage: $0 FIXTURE_DIR KO_DIR}
KO=${2:?usage: $0 FIXTURE_DIR KO_DIR}
C=${CORE2:-${0%/*}/../build/core2}
BTF=$F/truth/btf
D=$F/dumps/vmcore.zlib
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
release=$(cat "$F/truth/release" 2>/dev/null || basename "$F")
start=$(date +%s)

for t in pahole bpftool; do
	command -v $t >/dev/null || { fail "$release: $t not found"; finish; exit 1; }
done
[ -r "$BTF" ] && [ -r "$D" ] && [ -r "$F/truth/modules" ] || { fail "$release: fixture incomplete"; finish; exit 1; }
pahole_awk "$W/pahole.awk"
# The struct and union names of vmlinux's BTF: a module may define a name
# the base also has (crc32c's chksum_desc_ctx beside crc-t10dif's), and
# pahole prints one of same-named structs: those are compared by name only.
bpftool btf dump file "$BTF" 2>/dev/null | awk '/^\[[0-9]+\] (STRUCT|UNION) / { k = tolower($2); n = $3;
	gsub(/\x27/, "", n); if (n != "(anon)") print k " " n }' | sort -u > "$W/base.names"
# Filtered dumps may leave out the pages of the module BTF (7.x's
# makedumpfile -d 31): a clear error there, and the unfiltered dump compared.
if ! "$C" -c "$D" --module jbd2 struct --all > /dev/null 2>"$W/err" && grep -q 'not in the dump' "$W/err"; then
	pass "$release: ${D##*/}: module BTF filtered out of the dump, a clear error: $(head -c 200 "$W/err")"
	D=$F/dumps/vmcore.elf
fi
echo "# $release: module types from ${D##*/}"

compared=0 nstructs=0 ext= nobtf=0
while read -r mod _; do
	ko=$KO/$mod.ko
	[ -r "$ko" ] || ko=$KO/$(echo "$mod" | tr _ -).ko
	if [ ! -r "$ko" ]; then
		echo "# $release: $mod: no .ko in $KO"
		continue
	fi
	# bpftool numbers the split BTF of the .ko after the base's ids: the
	# module's own types and their ids, independently of core2.
	if ! bpftool -B "$BTF" btf dump file "$ko" > "$W/bpftool" 2>"$W/err"; then
		if ! readelf -S "$ko" 2>/dev/null | grep -q '\.BTF'; then
			# No BTF in the .ko: core2 must say so, not invent types.
			nobtf=$((nobtf + 1))
			if "$C" -c "$D" --module "$mod" struct --all > /dev/null 2>&1; then
				fail "$release: $mod: the .ko has no BTF, but core2 lists types for it"
			else
				pass "$release: $mod: no BTF in the .ko, and core2 finds none in memory"
			fi
			continue
		fi
		fail "$release: $mod: bpftool failed: $(head -c 200 "$W/err")"
		continue
	fi
	first=$(awk -F'[][]' '/^\[/ { print $2; exit }' "$W/bpftool")
	last=$(awk -F'[][]' '/^\[/ { n = $2 } END { print n }' "$W/bpftool")
	awk '/^\[[0-9]+\] (STRUCT|UNION) / { k = tolower($2); n = $3; gsub(/\x27/, "", n); if (n != "(anon)") print k " " n }' \
		"$W/bpftool" | sort -u > "$W/split.names"
	comm -23 "$W/split.names" "$W/base.names" > "$W/own.names"
	if ! "$C" -v -c "$D" --module "$mod" struct --all 2>"$W/c2.err" | normalize | sort -u > "$W/core2"; then
		fail "$release: $mod: core2 --module $mod struct --all failed: $(grep -v '^core2 struct: \(core\|dump\|symbols\|types\):' "$W/c2.err" | head -c 300)"
		continue
	fi
	ids=$(sed -n "s/.*module $mod's split BTF from the dump's memory (.*, ids \([0-9]*\) to \([0-9]*\)).*/\1 \2/p" "$W/c2.err")
	if [ "$ids" = "$first $last" ]; then
		pass "$release: $mod: type ids $first to $last, continuing vmlinux's, as bpftool numbers the .ko's split BTF"
	else
		fail "$release: $mod: core2's type ids '$ids', bpftool's '$first $last'"
	fi
	pahole -F btf --btf_base "$BTF" "$ko" 2>"$W/err" | awk -f "$W/pahole.awk" | normalize | sort -u |
		awk 'NR == FNR { want[$0] = 1; next } /^UNPARSED/ { print; next } ($1 " " $2) in want' "$W/own.names" - \
		> "$W/pahole"
	n=$(wc -l < "$W/pahole")
	if grep -q '^UNPARSED' "$W/pahole"; then
		fail "$release: $mod: pahole lines not understood: $(grep '^UNPARSED' "$W/pahole" | head -2)"
	fi
	cut -d' ' -f1,2 "$W/core2" | sort -u > "$W/core2.names"
	comm -23 "$W/pahole" "$W/core2" | grep -v '^UNPARSED' > "$W/missing"
	if [ -s "$W/missing" ]; then
		fail "$release: $mod: $(wc -l < "$W/missing") layouts pahole prints differ from core2's, e.g. $(head -c 300 "$W/missing")"
	elif ! cmp -s "$W/split.names" "$W/core2.names"; then
		fail "$release: $mod: the struct and union names differ from the .ko's split BTF: $(diff "$W/split.names" "$W/core2.names" | grep '^[<>]' | head -3 | tr '\n' ' ')"
	else
		pass "$release: $mod: all $n struct and union layouts of its split BTF in memory equal pahole's reading of $mod.ko ($(($(wc -l < "$W/split.names") - n)) also named in vmlinux: by name)"
	fi
	compared=$((compared + 1))
	nstructs=$((nstructs + n))
	case $mod in ext4|jbd2) ext="$ext $mod" ;; esac
done < "$F/truth/modules"

if [ "$compared" -eq 0 ] && [ "$nobtf" -gt 0 ]; then
	echo "# $release: no module has BTF (a kernel before 5.11): nothing to compare"
elif [ "$compared" -eq 0 ]; then
	fail "$release: no loaded module with BTF was compared"
elif grep -q '^ext4 ' "$F/truth/modules" && [ "$ext" != " ext4 jbd2" ] && [ "$ext" != " jbd2 ext4" ]; then
	fail "$release: ext4 and jbd2 are loaded but were not both compared (compared:$ext)"
fi

# A name only a module defines, without --module: found in the first
# module that has it; and one nowhere: a clear error.
if [ "$compared" -gt 0 ] && grep -q '^jbd2 ' "$F/truth/modules"; then
	if "$C" -c "$D" struct journal_s.j_flags > "$W/out" 2>&1 && grep -q '^journal_s.j_flags: offset 0, size 8' "$W/out"; then
		pass "$release: struct journal_s.j_flags from a module's BTF without --module"
	else
		fail "$release: struct journal_s.j_flags: $(head -c 200 "$W/out")"
	fi
fi
if ! "$C" -c "$D" struct no_such_type_c2 > "$W/out" 2>&1 && grep -q 'no such type in vmlinux.s BTF' "$W/out"; then
	pass "$release: a name in no module: $(head -c 150 "$W/out")"
else
	fail "$release: a name in no module: $(head -c 200 "$W/out")"
fi
O=${3:-}
if [ -n "$O" ] && [ "$compared" -gt 0 ] && [ -r "$O/truth/btf" ] && ! cmp -s "$O/truth/btf" "$BTF"; then
	if "$C" -c "$D" --types "$O/truth/btf" --module jbd2 struct journal_s > "$W/out" 2>&1; then
		fail "$release: jbd2's split BTF on another kernel's vmlinux BTF gave a layout"
	elif grep -q "module jbd2: \|another kernel's BTF" "$W/out" && ! grep -q 'journal_s {' "$W/out"; then
		pass "$release: jbd2's split BTF on another kernel's BTF: $(head -c 160 "$W/out")"
	else
		fail "$release: jbd2's split BTF on another kernel's BTF: unclear error: $(head -c 200 "$W/out")"
	fi
fi
echo "# $release: $compared modules, $nstructs layouts, $(($(date +%s) - start)) s"
finish
