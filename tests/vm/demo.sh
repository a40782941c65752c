#!/bin/sh
# make demo: core2 against a real kdump vmcore, beside the guest's own truth.
#   CORE2=BINARY sh tests/vm/demo.sh FIXTURE_DIR
set -u
F=$1
D=$F/dumps/vmcore.zlib
C=${CORE2:?}
run() { printf '\n$ core2 %s\n' "$*"; "$C" "$@" 2>&1; }
truth() { printf '  guest truth (%s):\n' "$1"; shift; "$@" | sed 's/^/    /'; }

printf 'Kernel %s, dump %s (%s bytes, kdump-compressed zlib, makedumpfile -c -d 31)\n' \
	"$(cat "$F/truth/release")" "$D" "$(wc -c <"$D")"
run -v -c "$D" sym jiffies init_task _stext
truth "/proc/kallsyms" grep -E ' (jiffies|init_task|_stext)$' "$F/truth/kallsyms"
addr=$(awk '$3 == "sysrq_handle_crash" { print $1; exit }' "$F/truth/kallsyms")
run -c "$D" sym -r "0x$addr" 
run -c "$D" sym -g 'sysrq_handle_c*'
run -c "$D" cmdline
truth "/proc/cmdline" cat "$F/truth/cmdline"
run -c "$D" read -t cstr init_uts_ns.name.release
truth "uname -r" cat "$F/truth/release"
run -c "$D" read -x -n 48 init_uts_ns
run -j -c "$D" sym saved_command_line
printf '\n$ core2 -c %s dmesg | tail -n 4   (compare: makedumpfile --dump-dmesg)\n' "$D"
"$C" -c "$D" dmesg | tail -n 4
printf '  guest truth (its kmsg marker): %s\n' "$(cat "$F/truth/kmsg-marker")"
"$C" -c "$D" dmesg | grep -F "$(cat "$F/truth/kmsg-marker")" | sed 's/^/    found: /'
printf '\n$ core2 -c %s ps | grep core2\n' "$D"
"$C" -c "$D" ps | grep core2
truth "ps: known processes" cat "$F/truth/known-procs"
run -c "$D" struct task_struct.comm
run -c "$D" info
tmp=$(mktemp)
grep -v '	\[' "$F/truth/kallsyms" >"$tmp"
printf '\n$ core2 -c %s sym -g "*"   (compared with the guest'"'"'s /proc/kallsyms)\n' "$D"
if "$C" -c "$D" sym -g '*' | cmp -s - "$tmp"; then
	echo "  identical: all $(wc -l <"$tmp") kernel symbols, decoded from the dump's own memory"
else
	echo "  DIFFERENT"
fi
rm -f "$tmp"
