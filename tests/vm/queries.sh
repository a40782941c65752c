#!/bin/sh
# Placeholder for core2's in-guest queries (the real file replaces it).
# Contract: CORE2=/bin/core2 TRUTH=TRUTHDIR sh /queries.sh OUTDIR COREFILE
# COREFILE is /proc/kcore (live kernel) or /proc/vmcore (capture kernel);
# write only into OUTDIR; print "ok - " / "FAIL - " lines (tests/lib.sh).
. "$(dirname "$0")/../lib.sh"
out=$1 core=$2
expect_rc "core2 --version" 0 "$CORE2" --version
printf '%s\n' "$T_OUT" >"$out/version"
expect_rc "core2 --list" 0 "$CORE2" --list
printf '%s\n' "$T_OUT" >"$out/list"
check "$core is readable" test -r "$core"
finish
