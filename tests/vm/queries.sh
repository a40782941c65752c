#!/bin/sh
# core2's queries against one target, run in the guest (busybox sh) on
# /proc/kcore and /proc/vmcore, and on the host on every saved dump.
#   CORE2=BINARY TRUTH=TRUTHDIR sh queries.sh OUTDIR COREFILE [COREFILE...]
# Several COREFILEs are the parts of one split dump. Each query NAME leaves
# OUTDIR/NAME.out, NAME.err and NAME.rc; tests/vm/check.sh judges them
# against the truth. Nothing here decides pass or fail.
set -u -f   # no globbing: operands like "[ext4]" are literal
out=$1
shift
mkdir -p "$out"
cores=
for f in "$@"; do cores="$cores -c $f"; done

q() { # NAME ARGS...: one core2 run on this target
	_n=$1
	shift
	"$CORE2" $cores "$@" >"$out/$_n.out" 2>"$out/$_n.err"
	echo $? >"$out/$_n.rc"
}

# Inputs derived from the guest's own /proc/kallsyms: of the kernel's own
# symbols, every 997th name for a batch lookup, and every 1499th text symbol
# at an address ending in 0, looked up at that address + 3; of the modules'
# symbols ("ADDR T NAME\t[MODULE]"), every 41st name with its module, and
# every 41st text symbol at an address ending in 0, looked up at that
# address + 3.
cp "$TRUTH/kallsyms" "$out/truth-kallsyms"
grep -v '	\[' "$TRUTH/kallsyms" >"$out/truth-core"
grep '	\[' "$TRUTH/kallsyms" >"$out/truth-modsyms"
awk 'NR % 997 == 1 { print $3 }' "$out/truth-core" >"$out/names.in"
awk '($2 == "T" || $2 == "t") && $1 ~ /0$/ && ++n % 1499 == 1 { print $1 }' "$out/truth-core" >"$out/addrs.in"
awk 'NR % 41 == 1 { print $3, $4 }' "$out/truth-modsyms" >"$out/modnames.in"
awk '($2 == "T" || $2 == "t") && $1 ~ /0$/ && ++n % 41 == 1 { print $1 }' "$out/truth-modsyms" >"$out/modaddrs.in"

q version --version
q sym-all sym -g '*'
q sym-names sym $(cat "$out/names.in")
q sym-missing sym jiffies no_such_symbol_core2
q sym-reverse sym -r $(awk '{ printf "0x%s3 ", substr($1, 1, length($1) - 1) }' "$out/addrs.in")
q sym-json -j sym init_task jiffies
q sym-mod-names sym $(cat "$out/modnames.in")
q sym-mod-reverse sym -r $(awk '{ printf "0x%s3 ", substr($1, 1, length($1) - 1) }' "$out/modaddrs.in")
q sym-mod-json -j sym -r $(awk 'NR == 1 { printf "0x%s3", substr($1, 1, length($1) - 1) }' "$out/modaddrs.in")
q cmdline cmdline
q cmdline-json -j cmdline
q cmdline-verbose -v cmdline
# A member of a known global by its type (5.x's uts_namespace starts with a
# kref, 6.x's with the name: no fixed offset), read as a C string.
q release read -t cstr init_uts_ns.name.release
q jiffies1 read -t u64 jiffies
sleep 1
q jiffies2 read -t u64 jiffies
q init-task-hex read -x -n 64 init_task
q verbose -v sym _stext
q dmesg dmesg
q dmesg-json -j dmesg
q ps ps
q ps-json -j ps
q dentries-json -j dentries
q dentries-tree-json -j dentries --tree
q dentries-text dentries --under /data/tree
q dentries-neg0 dentries -n -0 --under /data/tree
q dentries-pos0 dentries -p -0 --under /data/tree/odd
q dentries-stats dentries -s
q dentries-stats-json -j dentries -s
q dentries-limit dentries -l 5
q info info
# Stack traces: the crashed CPU (text, JSON, -v, the saved registers), the sleeping tasks whose
# /proc/PID/stack the guest saved, every CPU, every task, D tasks.
q bt bt
q bt-json -j bt
q bt-verbose -v bt
q bt-regs -j bt -r
q bt-tasks -j bt $(cut -d' ' -f1 "$TRUTH/stacks/index" 2>/dev/null)
q bt-a bt -a
q bt-A bt -A
q bt-sD bt -s D
# The task that crashed, by the PID the log's panic line names ("CPU: N
# [UID: U ]PID: P Comm: ..."): on its CPU, so traced from its registers.
crashed=$(awk '/ CPU: [0-9]+ .*PID: [0-9]+ Comm: / { for (i = 1; i < NF; i++) if ($i == "PID:") p = $(i + 1) } END { print p }' "$out/dmesg.out")
if [ -n "$crashed" ]; then
	q bt-crashed-task bt "$crashed"
	q bt-crashed-task-json -j bt "$crashed"
fi
# On the live kernel, core2's own process, running as it reads: the shell
# records its PID, then execs core2 with it.
case " $* " in
*" /proc/kcore "*)
	for _j in "" -j; do
		_n=bt-self${_j:+-json}
		sh -c 'echo $$ >"$0"; exec "$@" $$' "$out/$_n.pid" "$CORE2" $cores $_j bt >"$out/$_n.out" 2>"$out/$_n.err"
		echo $? >"$out/$_n.rc"
	done ;;
esac
q mod mod
q mod-json -j mod
# One module by name (the newest loaded, the first line of /proc/modules).
q mod-one mod $(awk 'NR == 1 { print $1 }' "$TRUTH/modules" 2>/dev/null)
q info-json -j info
# The kernel's whole BTF, raw from __start_BTF for as many bytes as the
# guest's /sys/kernel/btf/vmlinux holds: one large read, compared here with
# that file (a few MB need not be kept), once as core2 reads and once
# through libkdumpfile alone (CORE2_NO_FASTREAD: lib/dump/fastread.c off).
for _m in fast slow; do
	_n=btf-raw-$_m
	[ $_m = fast ] || export CORE2_NO_FASTREAD=1
	"$CORE2" $cores read -r -n "$(wc -c <"$TRUTH/btf")" __start_BTF >"$out/$_n.bin" 2>"$out/$_n.err"
	echo $? >"$out/$_n.rc"
	cmp "$out/$_n.bin" "$TRUTH/btf" >"$out/$_n.out" 2>&1
	echo $? >"$out/$_n.cmp"
	rm -f "$out/$_n.bin"
	unset CORE2_NO_FASTREAD
done
exit 0
