#!/bin/bash
# dracut module "core2": core2, its core2-APPLET links and core2-triage in
# /usr/bin of the image, and a pre-pivot hook that, in a kdump capture kernel
# (/proc/vmcore exists), saves core2's triage before the dump is saved
# (kdump-utils' kdump-capture.service runs after dracut-pre-pivot.service).
# Only when asked for: dracut --add core2, add_dracutmodules+=" core2 " in
# dracut.conf.d, or "dracut_args --add core2" in /etc/kdump.conf.
# CORE2_BIN and CORE2_TRIAGE_BIN in the environment name other copies.

# make install writes its BINDIR here.
core2_bindir=/usr/local/bin

# The installed programs: the environment, make install's BINDIR, then PATH.
core2_find() {
    local _p
    for _p in "$@"; do
        [ -n "$_p" ] && [ -x "$_p" ] && { echo "$_p"; return 0; }
    done
    return 1
}
core2_bin() {
    core2_find "${CORE2_BIN:-}" "$core2_bindir/core2" "$(find_binary core2 2> /dev/null)" /usr/bin/core2
}
core2_triage_bin() {
    local _c
    _c=$(core2_bin) || return 1
    core2_find "${CORE2_TRIAGE_BIN:-}" "${_c%/*}/core2-triage" "$core2_bindir/core2-triage" \
        "$(find_binary core2-triage 2> /dev/null)"
}

# called by dracut
check() {
    core2_bin > /dev/null && core2_triage_bin > /dev/null || return 1
    return 255
}

# called by dracut
depends() {
    return 0
}

# called by dracut
install() {
    local _bin _triage _a
    _bin=$(core2_bin) || { dfatal "core2: no core2 binary (set CORE2_BIN)"; return 1; }
    _triage=$(core2_triage_bin) || { dfatal "core2: no core2-triage script (set CORE2_TRIAGE_BIN)"; return 1; }
    # core2 is static: inst_simple copies it without a library search.
    inst_simple "$_bin" /usr/bin/core2
    for _a in $("$_bin" --list); do
        ln -sf core2 "${initdir}/usr/bin/core2-$_a"
    done
    inst_simple "$_triage" /usr/bin/core2-triage
    # The triage needs only sh, sleep and kill; these make its log nicer.
    inst_multiple -o date sync head
    inst_hook pre-pivot 50 "$moddir/core2-triage-hook.sh"
}
