#!/bin/sh
# core2's own benchmark on the fixtures that exist: symbol lookups and the
# command line on each kernel's zlib kdump file (and other formats for one
# lookup), and the walks on a scale fixture (NAME-scale). Prints Markdown.  CORE2=BIN TIMEIT=BIN sh tests/bench/core2.sh FIXTURE...
set -u
runs=${RUNS:-21}
for F in "$@"; do
	[ -s "$F/dumps/vmcore.zlib" ] || continue
	D=$F/dumps/vmcore.zlib
	case $F in
	*-scale)
		# A scale fixture (make fixtures-scale): the walks at server size.
		E=$F/dumps/vmcore.elf
		printf '\n%s, scale fixture: %s tasks, %s dentries in the workload\n\n' "$(cat "$F/truth/release")" \
			"$(wc -l <"$F/truth/ps")" "$(cat "$F/truth/created-paths.0" "$F/truth/negative-paths.0" | tr -cd '\0' | wc -c)"
		sh "$(dirname "$0")/run.sh" "$TIMEIT" "${SCALE_RUNS:-5}" \
			"dentries, whole walk (zlib)" -- "$CORE2" -c "$D" dentries :: \
			"dentries, whole walk (ELF)" -- "$CORE2" -c "$E" dentries :: \
			"dentries -s, statistics (zlib)" -- "$CORE2" -c "$D" dentries -s :: \
			"ps (zlib)" -- "$CORE2" -c "$D" ps :: \
			"ps (ELF)" -- "$CORE2" -c "$E" ps :: \
			"bt -A, every task (zlib)" -- "$CORE2" -c "$D" bt -A :: \
			"struct task_struct (zlib)" -- "$CORE2" -c "$D" struct task_struct :: \
			"sym, 1 name (zlib)" -- "$CORE2" -c "$D" sym init_task
		continue ;;
	esac
	names=$(grep -v '	\[' "$F/truth/kallsyms" | awk 'NR % 900 == 1 { print $3 }' | head -100 | tr '\n' ' ')
	# One lookup's cost depends on where its name lies in the tables (the
	# pages it touches): 25 names spread over the table, one run each.
	count=$(grep -vc '	\[' "$F/truth/kallsyms")
	spread=$(grep -v '	\[' "$F/truth/kallsyms" | awk -v s=$((count / 25)) 'NR % s == 1 { print $3 }' | head -25 | tr '\n' ' ')
	addr=$(awk '$3 == "schedule" { print "0x" $1; exit }' "$F/truth/kallsyms")
	# Issue 17's: a module's function address (ext4's first), its types.
	maddr=$(awk '$2 ~ /^[tT]$/ && $4 == "[ext4]" { print "0x" $1; exit }' "$F/truth/kallsyms")
	printf '\n%s (%s), %s\n\n' "$(cat "$F/truth/release")" \
		"$(grep -vc '	\[' "$F/truth/kallsyms") symbols" "$(sh -c "'$CORE2' -v -c '$D' sym _stext 2>&1 >/dev/null | grep 'symbols: kallsyms' | sed 's/.*(//; s/)$//'")"
	sh "$(dirname "$0")/run.sh" "$TIMEIT" "$runs" \
		"sym, 1 name (zlib)" -- "$CORE2" -c "$D" sym init_task :: \
		"sym, 1 name, 25 names one run each, total (zlib)" -- sh -c 'c=$1 d=$2; shift 2; for n; do "$c" -c "$d" sym "$n" >/dev/null || exit 1; done' sh "$CORE2" "$D" $spread :: \
		"sym, 100 names (zlib)" -- "$CORE2" -c "$D" sym $names :: \
		"sym -r, 1 address (zlib)" -- "$CORE2" -c "$D" sym -r "$addr" :: \
		"cmdline (zlib)" -- "$CORE2" -c "$D" cmdline :: \
		"sym -g '*', whole table (zlib)" -- "$CORE2" -c "$D" sym -g '*' :: \
		"sym, 1 name (lzo)" -- "$CORE2" -c "$F/dumps/vmcore.lzo" sym init_task :: \
		"sym, 1 name (zstd)" -- "$CORE2" -c "$F/dumps/vmcore.zstd" sym init_task :: \
		"sym, 1 name (ELF)" -- "$CORE2" -c "$F/dumps/vmcore.elf" sym init_task :: \
		"mod, every module (zlib)" -- "$CORE2" -c "$D" mod :: \
		"sym -r, an ext4 address (zlib)" -- "$CORE2" -c "$D" sym -r "${maddr:-0}" :: \
		"struct task_struct, a core type (zlib)" -- "$CORE2" -c "$D" struct task_struct :: \
		"struct journal_s, a type of jbd2 (zlib)" -- "$CORE2" -c "$D" struct journal_s
done
