#!/bin/sh
# dracut pre-pivot hook of the core2 module (sourced by dracut's init or
# dracut-pre-pivot.service): in a kdump capture kernel, run core2-triage
# before the dump is saved. Sourced, so: no exit, no set -e, nothing left
# behind but the triage; core2-triage itself always returns 0 and bounds
# every core2 run, so a broken core2 or /proc/vmcore costs at most the budget.
#   rd.core2.triage=0            no triage
#   rd.core2.triage.dir=DIR      the triage directory (default: beside the dumps)
#   rd.core2.triage.timeout=S    seconds per core2 run (30)
#   rd.core2.triage.total=S      seconds in all (120)
#   rd.core2.triage.mem=KB       ulimit -v of each run (65536)
type getarg > /dev/null 2>&1 || . /lib/dracut-lib.sh

if [ -e /proc/vmcore ] && getargbool 1 rd.core2.triage core2.triage; then
    info "core2: triage of /proc/vmcore"
    (
        export CORE2_TRIAGE_DIR="$(getarg rd.core2.triage.dir=)"
        export CORE2_TRIAGE_TIMEOUT="$(getarg rd.core2.triage.timeout=)"
        export CORE2_TRIAGE_TOTAL="$(getarg rd.core2.triage.total=)"
        export CORE2_TRIAGE_MEM="$(getarg rd.core2.triage.mem=)"
        [ -n "$CORE2_TRIAGE_DIR" ] || unset CORE2_TRIAGE_DIR
        [ -n "$CORE2_TRIAGE_TIMEOUT" ] || unset CORE2_TRIAGE_TIMEOUT
        [ -n "$CORE2_TRIAGE_TOTAL" ] || unset CORE2_TRIAGE_TOTAL
        [ -n "$CORE2_TRIAGE_MEM" ] || unset CORE2_TRIAGE_MEM
        sh /usr/bin/core2-triage < /dev/null
    ) || warn "core2: core2-triage exited $?"
fi
