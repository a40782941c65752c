#!/bin/sh
# Two kernels side by side: the same queries on fixture A's and fixture B's
# dumps, alternating A and B run by run (so that this machine's drift from
# minute to minute falls on both alike), wall time per whole process.
# Prints a Markdown table with each side's median, min and max, B/A of the
# medians, and peak RSS.
#   CORE2=BIN TIMEIT=BIN [ROUNDS=21] [ENV_A=VAR=VALUE] [ENV_B=...] sh tests/bench/ab.sh FIXTURE_A FIXTURE_B
# ENV_A and ENV_B: environment for one side's runs, e.g. the same fixture
# twice with ENV_A=CORE2_NO_FASTREAD=1 (libkdumpfile alone against
# lib/dump/fastread.c).
set -u -f   # no globbing: sym -g '*' passes its pattern as is
A=$1 B=$2
ENV_A=${ENV_A:-AB_SIDE=A} ENV_B=${ENV_B:-AB_SIDE=B}
rounds=${ROUNDS:-21}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 25 names spread over a fixture's kernel symbols (one lookup's cost depends
# on where its name lies in the tables, so one name alone is a sample of one).
spread() {
	n=$(grep -vc '	\[' "$1/truth/kallsyms")
	grep -v '	\[' "$1/truth/kallsyms" | awk -v s=$((n / 25)) 'NR % s == 1 { print $3 }' | head -25 | tr '\n' ' '
}
sched() { awk '$3 == "schedule" { print "0x" $1; exit }' "$1/truth/kallsyms"; }

# query LABEL FORMAT ARGS...: ARGS may hold @SPREAD@ and @SCHED@.
query() {
	label=$1 fmt=$2
	shift 2
	for side in A B; do : >"$tmp/$side"; done
	r=0
	while [ $r -lt "$rounds" ]; do
		for side in A B; do
			eval "F=\$$side E=\$ENV_$side"
			D=$F/dumps/vmcore.$fmt
			eval "args=\$(printf '%s\n' \"\$*\" | sed \"s|@SPREAD@|\$SPREAD_$side|g; s|@SCHED@|\$SCHED_$side|g\")"
			if [ "$args" != "${args#loop }" ]; then
				# shellcheck disable=SC2086
				out=$(env $E "$TIMEIT" 1 sh -c 'c=$1 d=$2; shift 2; for n; do "$c" -c "$d" sym "$n" >/dev/null || exit 1; done' \
					sh "$CORE2" "$D" ${args#loop }) || out="error"
			else
				# shellcheck disable=SC2086
				out=$(env $E "$TIMEIT" 1 "$CORE2" -c "$D" $args) || out="error"
			fi
			echo "$out" >>"$tmp/$side"
		done
		r=$((r + 1))
	done
	awk -v label="$label" -v fa="$tmp/A" -v fb="$tmp/B" '
		function load(f, t,   n, line, x) {
			n = 0
			while ((getline line < f) > 0) {
				split(line, x, " ")
				if (x[1] == "error") return -1
				t[++n] = x[1]
				if (x[4] > rss[f]) rss[f] = x[4]
			}
			return n
		}
		function sort(t, n,   i, j, v) {
			for (i = 2; i <= n; i++) { v = t[i]; for (j = i - 1; j > 0 && t[j] > v; j--) t[j + 1] = t[j]; t[j + 1] = v }
		}
		BEGIN {
			na = load(fa, a); nb = load(fb, b)
			if (na <= 0 || nb <= 0) { printf "| %s | error | error | | |\n", label; exit }
			sort(a, na); sort(b, nb)
			ma = a[int((na + 1) / 2)]; mb = b[int((nb + 1) / 2)]
			printf "| %s | %.2f (%.2f to %.2f) | %.2f (%.2f to %.2f) | %.2f | %.1f / %.1f |\n", label,
				ma, a[1], a[na], mb, b[1], b[nb], mb / ma, rss[fa] / 1024, rss[fb] / 1024
		}'
}

SPREAD_A=$(spread "$A") SPREAD_B=$(spread "$B") SCHED_A=$(sched "$A") SCHED_B=$(sched "$B")
ra=$(cat "$A/truth/release") rb=$(cat "$B/truth/release")
[ "$ENV_A" = AB_SIDE=A ] || ra="$ra, $ENV_A"
[ "$ENV_B" = AB_SIDE=B ] || rb="$rb, $ENV_B"
echo "| query ($rounds rounds, A and B alternating) | A: $ra, median ms (min to max) | B: $rb | B / A | peak RSS MB A / B |"
echo "|---|---|---|---|---|"
query "sym, one name (zlib)" zlib sym init_task
query "sym, one name (lzo)" lzo sym init_task
query "sym, one name (zstd)" zstd sym init_task
query "sym, one name (ELF)" elf sym init_task
query "sym, 25 names one run each, total (zlib)" zlib loop @SPREAD@
query "sym, 100 names in one run (zlib)" zlib sym @SPREAD@ @SPREAD@ @SPREAD@ @SPREAD@
query "sym -r, one address (zlib)" zlib sym -r @SCHED@
query "sym -g '*', whole table (zlib)" zlib sym -g '*'
query "cmdline (zlib)" zlib cmdline
query "dmesg (zlib)" zlib dmesg
query "struct task_struct (zlib)" zlib struct task_struct
query "struct task_struct (zstd)" zstd struct task_struct
query "struct task_struct (ELF)" elf struct task_struct
query "ps (zlib)" zlib ps
query "ps (ELF)" elf ps
query "read -r, 4 MB (BTF) (zlib)" zlib read -r -n 4194304 __start_BTF
query "read -r, 4 MB (BTF) (lzo)" lzo read -r -n 4194304 __start_BTF
query "read -r, 4 MB (BTF) (zstd)" zstd read -r -n 4194304 __start_BTF
query "read -r, 4 MB (BTF) (ELF)" elf read -r -n 4194304 __start_BTF
query "dentries -s, hash walk (zlib)" zlib dentries -s
