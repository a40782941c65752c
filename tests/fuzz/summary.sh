#!/bin/sh
# The "Runs" table of tests/fuzz/README.md, from the logs that make fuzz
# leaves in build/fuzz (NAME.log, and NAME.N.log kept by hand from earlier
# runs): per target, the runs, the time and executions summed over all of
# them, libFuzzer's coverage (edges "cov", features "ft") at the end of the
# run that reached most, and how many runs stopped on a finding.
#
#   tests/fuzz/summary.sh [build/fuzz]

dir=${1:-build/fuzz}
targets=${FUZZ_TARGETS:-"vmcoreinfo kallsyms btf printk read types dcache tasklist dump"}

echo "| target | runs | time | executions | cov | ft | runs stopped by a finding |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for t in $targets; do
	logs=$(ls "$dir/$t.log" "$dir/$t".[0-9]*.log 2>/dev/null)
	[ -n "$logs" ] || { echo "| $t | 0 | - | - | - | - | - |"; continue; }
	# Each log: executions and rate from the final stats (printed on a
	# finding too), coverage from the last status line.
	for f in $logs; do
		awk '
			/^stat::number_of_executed_units:/ { n = $2 }
			/^stat::average_exec_per_sec:/ { r = $2 }
			/^Done [0-9]+ runs in [0-9]+ second/ { secs = $5 }
			/^#[0-9]+\t/ { for (i = 2; i < NF; i++) { if ($i == "cov:") c = $(i + 1); if ($i == "ft:") ft = $(i + 1) } }
			/^==[0-9]+== ?ERROR|^SUMMARY: |^==[0-9]+== ERROR: libFuzzer/ { found = 1 }
			END {
				if (n == "") exit
				if (secs == "") secs = r > 0 ? n / r : 0
				printf "%d %d %d %d %d\n", n, secs, c, ft, found
			}' "$f"
	done | awk -v t="$t" '
		{ runs++; n += $1; s += $2; found += $5; if ($4 > ft) { ft = $4; c = $3 } }
		END {
			printf "| %s | %d | %d min %02d s | %d | %d | %d | %d |\n",
				t, runs, s / 60, s % 60, n, c, ft, found
		}'
done
