#!/bin/sh
# Benchmark queries: median, min and max wall time over repeated runs of the
# whole process, and peak RSS, as a Markdown table.
#   tests/bench/run.sh TIMEIT RUNS LABEL -- CMD ARGS ... [:: LABEL -- CMD ...]
set -u
timeit=$1 runs=$2
shift 2
echo "| query | runs | median ms | min ms | max ms | peak RSS MB |"
echo "|---|---|---|---|---|---|"
while [ $# -gt 0 ]; do
	label=$1
	shift
	[ "${1:-}" = -- ] && shift
	set -- "$@" ::END::
	cmd=
	while [ "$1" != ::END:: ] && [ "$1" != :: ]; do
		cmd="$cmd '$1'"
		shift
	done
	rest=
	[ "$1" = :: ] && shift
	while [ "$1" != ::END:: ]; do rest="$rest '$1'"; shift; done
	shift
	r=$(eval "\"$timeit\" $runs $cmd") || r="error error error 0"
	set -- $r
	printf '| %s | %s | %s | %s | %s | %.1f |\n' "$label" "$runs" "$1" "$2" "$3" "$(awk "BEGIN{print $4/1024}")"
	eval "set -- $rest"
done
