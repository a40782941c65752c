#!/bin/sh
# Side-by-side benchmark of core2, drgn and crash on the same fixture dumps
# (issue 11). For each query and tool: median, min and max wall time over
# repeated runs of the whole process and peak RSS (timeit), each tool's output
# compared with core2's (compare.py), and the size on disk of what each tool
# needs to answer. Writes Markdown to $OUT/results.md and stdout.
#
#   CORE2=BIN TIMEIT=BIN [OUT=DIR] [QUICK=1] sh tests/bench/compare.sh FIXTURE...
#
# FIXTURE is a directory with dumps/vmcore.zlib, manifest.json and truth/
# (build/fixtures/NAME). Environment:
#   QUICK=1        core2 only: no tools, no downloads (for CI)
#   RUNS=11        timed runs of core2 per query; SLOW_RUNS=5 for drgn and crash
#                  (SCALE_RUNS=5 and SCALE_SLOW_RUNS=3 on a scale fixture, NAME-scale)
#                  (each after one untimed warm-up run)
#   DOWNLOAD=0     never download the -dbg package (tools are then skipped
#                  unless its vmlinux was extracted before)
#   APTCONF=FILE   private apt configuration (default build/apt/apt.conf)
#   TOOLS="drgn crash"  which reference tools to try
# The dump and the core2 binary are copied under $OUT first, so that a
# fixture or binary rebuilt meanwhile cannot mix two versions in one table.
# drgn and crash need Debian's python3-drgn and crash packages (not installed
# here: reported as skipped) and the kernel's vmlinux with DWARF, downloaded
# as linux-image-RELEASE-dbg=VERSION through the private apt configuration
# and its vmlinux alone unpacked under $OUT/dbg/RELEASE (never installed).
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${CORE2:?CORE2=path to core2}" "${TIMEIT:?TIMEIT=path to timeit}"
OUT=${OUT:-build/bench}
RUNS=${RUNS:-11}
SLOW_RUNS=${SLOW_RUNS:-5}
QUICK=${QUICK:-}
[ "$QUICK" = 0 ] && QUICK=
DOWNLOAD=${DOWNLOAD:-1}
APTCONF=${APTCONF:-build/apt/apt.conf}
TOOLS=${TOOLS:-drgn crash}
PY=/usr/bin/python3

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
report=$OUT/results.md
: > "$report.tmp"
say() { printf '%s\n' "$*" >> "$report.tmp"; }
log() { printf 'bench: %s\n' "$*" >&2; }

# --- the core2 binary under test, copied so a rebuild cannot race the runs --
cp "$CORE2" "$OUT/core2.bin" || exit 1
C2=$OUT/core2.bin
strip -o "$OUT/core2.stripped" "$C2" 2>/dev/null || cp "$C2" "$OUT/core2.stripped"
size_c2=$(stat -c %s "$C2")
size_c2s=$(stat -c %s "$OUT/core2.stripped")

# --- helpers ------------------------------------------------------------------
# ratio A B: A/B with one decimal (or two below 10), "-" if either is missing
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a == "" || b == "" || a !~ /^[0-9.]+$/ || b !~ /^[0-9.]+$/ || b + 0 == 0) { print "-"; exit }
		r = a / b; if (r >= 100) printf "%.0f\n", r; else if (r >= 10) printf "%.1f\n", r; else printf "%.2f\n", r }'
}
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# manifest FILE BLOCK KEY: a string value inside the "BLOCK": { ... } object
manifest() {
	sed -n "/\"$2\": *{/,/}/p" "$1" | sed -n "s/.*\"$3\": *\"\\([^\"]*\\)\".*/\\1/p" | head -1
}

# Installed-Size (KB) of a package plus the packages it pulls in (recursive
# Depends and Pre-Depends) that a minimal Debian system does not already have
# (the closure of the Essential and Priority: required packages).
base_set=
pkg_closure_kb() {
	if [ -z "$base_set" ]; then
		base_set=$OUT/base-packages.txt
		ess=$(dpkg-query -W -f '${Package} ${Essential} ${Priority}\n' | awk '$2 == "yes" || $3 == "required" { print $1 }')
		# shellcheck disable=SC2086
		apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
			--no-replaces --no-enhances --installed $ess 2>/dev/null | grep -v '^[ <]' | sort -u > "$base_set"
	fi
	apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
		--no-replaces --no-enhances --installed "$1" 2>/dev/null | grep -v '^[ <]' | sort -u |
		comm -23 - "$base_set" | while read -r p; do dpkg-query -W -f '${Installed-Size}\n' "$p" 2>/dev/null; done |
		awk '{ s += $1 } END { print s + 0 }'
}

# get_vmlinux RELEASE VERSION: print the path of the kernel's vmlinux with
# DWARF, downloading and unpacking linux-image-RELEASE-dbg=VERSION if needed.
get_vmlinux() {
	rel=$1 ver=$2 dir=$OUT/dbg/$1
	vm=$dir/usr/lib/debug/boot/vmlinux-$rel
	if [ ! -s "$vm" ] && [ "$DOWNLOAD" = 1 ]; then
		[ -f "$APTCONF" ] || { log "no private apt configuration at $APTCONF (make apt-config)"; return 1; }
		mkdir -p "$OUT/deb"
		deb=$(ls "$OUT/deb/linux-image-$rel-dbg_"*"_amd64.deb" 2>/dev/null | head -1)
		if [ -z "$deb" ]; then
			log "downloading linux-image-$rel-dbg=$ver (several hundred MB)"
			(cd "$OUT/deb" && APT_CONFIG=$APTCONF apt-get -q download "linux-image-$rel-dbg=$ver") \
				> "$OUT/deb/download-$rel.log" 2>&1 || { log "download failed, see $OUT/deb/download-$rel.log"; return 1; }
			deb=$(ls "$OUT/deb/linux-image-$rel-dbg_"*"_amd64.deb" | head -1)
		fi
		log "unpacking $deb"
		# Only the vmlinux: the package's modules' debug files are 5 GB more.
		rm -rf "$dir.tmp" && mkdir -p "$dir.tmp" &&
			dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dir.tmp" "./usr/lib/debug/boot/vmlinux-$rel" &&
			mv "$dir.tmp" "$dir" || { log "unpacking the vmlinux from $deb failed"; return 1; }
	fi
	[ -s "$vm" ] || return 1
	echo "$vm"
}

# --- the run --------------------------------------------------------------------
say "# core2 side by side with drgn and crash"
say ""
say "$(date -u '+%F %H:%M UTC'), $(uname -m), $(nproc) cores ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo). core2: \`$(cd "$here/../.." && git describe --always --dirty 2>/dev/null || echo unknown)\`, $size_c2s bytes stripped ($size_c2 as built), static."
have_drgn= have_crash=
if [ -z "$QUICK" ]; then
	for t in $TOOLS; do
		case $t in
		drgn) command -v drgn > /dev/null && [ -x "$PY" ] && have_drgn=1 ;;
		crash) command -v crash > /dev/null && have_crash=1 ;;
		esac
	done
	v_drgn=$( [ -n "$have_drgn" ] && dpkg-query -W -f '${Version}' python3-drgn 2>/dev/null)
	v_crash=$( [ -n "$have_crash" ] && dpkg-query -W -f '${Version}' crash 2>/dev/null)
	if [ -n "$have_drgn" ]; then
		say "drgn: python3-drgn $v_drgn, run as \`drgn -q -c DUMP -s VMLINUX --no-default-symbols tests/bench/drgn_queries.py QUERY\`."
	else
		say "drgn: skipped (not installed: apt-get install python3-drgn)."
	fi
	if [ -n "$have_crash" ]; then
		say "crash: crash $v_crash, run as \`crash -s -i CMDS VMLINUX DUMP\`, CMDS holding one command and \`q\`."
	else
		say "crash: skipped (not installed: apt-get install crash)."
	fi
	say "Timed runs per query: core2 $RUNS, drgn and crash $SLOW_RUNS (their start-up takes seconds), each after one untimed warm-up run; wall time of the whole process, peak RSS from wait4. Ratios: the other tool's figure divided by core2's."
else
	say "Quick mode: core2 only ($RUNS timed runs per query after one warm-up; no reference tools, no downloads)."
fi

for F in "$@"; do
	[ -s "$F/dumps/vmcore.zlib" ] || { log "$F: no dumps/vmcore.zlib, skipped"; continue; }
	name=$(basename "$F")
	W=$OUT/$name
	# A scale fixture's walks take seconds (drgn's, minutes): fewer runs.
	runs=$RUNS slow=$SLOW_RUNS
	case $name in *-scale) runs=${SCALE_RUNS:-5} slow=${SCALE_SLOW_RUNS:-3} ;; esac
	rm -rf "$W" && mkdir -p "$W/out" "$W/cmds"
	# Snapshot the dump with its manifest and truth; retry if the fixture
	# was rewritten while being copied.
	for try in 1 2 3; do
		m0=$(cat "$F/manifest.json" 2>/dev/null)
		cp "$F/dumps/vmcore.zlib" "$W/vmcore.zlib" && cp "$F/manifest.json" "$W/manifest.json" &&
			cp "$F/truth/release" "$W/release" || { log "$F: copy failed"; continue 2; }
		[ "$m0" = "$(cat "$F/manifest.json")" ] && break
		sleep 30
	done
	D=$W/vmcore.zlib
	rel=$(manifest "$W/manifest.json" kernel release)
	[ -n "$rel" ] || rel=$(cat "$W/release")
	ver=$(manifest "$W/manifest.json" kernel version)
	created=$(sed -n 's/^ *"created": *"\([^"]*\)".*/\1/p' "$W/manifest.json" | head -1)
	# The query arguments, from the dump itself.
	sched=$("$C2" -c "$D" sym schedule 2>/dev/null | cut -d' ' -f1)
	raddr=$(echo "$sched" | awk 'function h(s,  i, n) { n = 0; for (i = 1; i <= length(s); i++) n = n * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1; return n }
		length($1) == 16 { printf "0x%s%08x\n", substr($1, 1, 8), h(substr($1, 9)) + 16 }')
	[ -n "$raddr" ] || raddr=0xffffffff81000010

	vm= drgn_ok=$have_drgn crash_ok=$have_crash
	if [ -n "$have_drgn$have_crash" ]; then
		vm=$(get_vmlinux "$rel" "$ver") || { vm=; drgn_ok= crash_ok=; }
	fi
	# core2 dentries (another applet in progress): only when it works here.
	dent=1
	"$C2" -c "$D" dentries -l 1 > /dev/null 2>&1 || dent=

	say ""
	say "## $name: Linux $rel (package $ver), fixture of $created"
	say ""
	if [ -n "$vm" ]; then
		deb=$(ls "$OUT/deb/linux-image-$rel-dbg_"*"_amd64.deb" 2>/dev/null | head -1)
		say "vmlinux with DWARF for drgn and crash: \`${vm#$OUT/}\` ($(mib "$(stat -c %s "$vm")") MB)${deb:+, from \`$(basename "$deb")\` ($(mib "$(stat -c %s "$deb")") MB download)}."
		say ""
	fi
	[ -z "$QUICK" ] && [ -n "$have_drgn$have_crash" ] && [ -z "$vm" ] &&
		say "drgn and crash: skipped (no vmlinux with DWARF for $rel$([ "$DOWNLOAD" = 1 ] || echo ', downloads disabled'))." && say ""
	load0=$(load)
	log "$name: timing (load $load0)"
	say "| query | tool | runs | median ms | min ms | max ms | peak RSS MB | × time | × RSS | output vs core2 |"
	say "|---|---|---|---|---|---|---|---|---|---|"
	diffs=
	for q in sym symr struct offset cmdline dmesg ps dentries bta; do
		case $q in
		sym) label="symbol lookup: init_task"; c2="sym init_task"; dq="sym init_task"; cq="sym init_task" ;;
		symr) label="reverse lookup: schedule+0x10"; c2="sym -r $raddr"; dq="symr $raddr"; cq="sym $raddr" ;;
		struct) label="struct layout: task_struct"; c2="struct task_struct"; dq="struct task_struct"; cq="struct -o task_struct" ;;
		offset) label="member offset: task_struct.comm"; c2="struct task_struct.comm"; dq="offset task_struct.comm"; cq="struct task_struct.comm -o" ;;
		cmdline) label="command line"; c2="cmdline"; dq="cmdline"; cq="p saved_command_line" ;;
		dmesg) label="kernel log"; c2="dmesg"; dq="dmesg"; cq="log" ;;
		ps) label="task list"; c2="ps"; dq="ps"; cq="ps" ;;
		dentries) label="dentry cache walk"; c2="dentries"; dq="dentries"; cq= ;;
		bta) label="stack traces of every CPU"; c2="bt -a"; dq="bta"; cq="bt -a" ;;
		esac
		if [ "$q" = dentries ] && [ -z "$dent" ]; then
			say "| $label | core2 | | | | | | | | skipped: \`core2 dentries\` does not work on this dump yet |"
			continue
		fi
		# core2
		# shellcheck disable=SC2086
		"$C2" -c "$D" $c2 > "$W/out/$q.core2" 2> "$W/out/$q.core2.err"
		# shellcheck disable=SC2086
		r=$("$TIMEIT" "$runs" "$C2" -c "$D" $c2 < /dev/null 2>/dev/null) || r="error error error 0"
		set -- $r
		c2med=$1 c2rss=$4
		say "| $label | core2 | $runs | $1 | $2 | $3 | $(mb "$4") | | | |"
		[ -n "$QUICK" ] && continue
		for t in drgn crash; do
			eval ok=\$${t}_ok
			eval have=\$have_$t
			[ -n "$have" ] || continue
			if [ -z "$ok" ]; then
				say "| | $t | | | | | | | | skipped (no vmlinux with DWARF) |"
				continue
			fi
			if [ "$t" = drgn ]; then
				# shellcheck disable=SC2086
				set -- drgn -q -c "$D" -s "$vm" --no-default-symbols "$here/drgn_queries.py" $dq
			else
				if [ -z "$cq" ]; then
					say "| | crash | | | | | | | | skipped: crash has no dentry-cache walk (\`files -d\` decodes one given dentry) |"
					continue
				fi
				printf '%s\nq\n' "$cq" > "$W/cmds/$q.crash"
				set -- crash -s -i "$W/cmds/$q.crash" "$vm" "$D"
			fi
			"$@" > "$W/out/$q.$t" 2> "$W/out/$q.$t.err" < /dev/null
			rc=$?
			if [ $rc -ne 0 ]; then
				# drgn: the exception (last line); crash: its first complaint,
				# on stdout when it runs with -i
				if [ $t = crash ]; then
					why=$(cat "$W/out/$q.$t.err" "$W/out/$q.$t" | grep -v '^ *$' | head -1)
				else
					why=$(grep -v '^ *$' "$W/out/$q.$t.err" | tail -1)
				fi
				why=$(printf '%s' "$why" | sed "s|$OUT/||g" | cut -c1-120 | tr '|`' "/'")
				say "| | $t | | | | | | | | error: exit $rc: $why (\`${W#$OUT/}/out/$q.$t.err\`) |"
				continue
			fi
			r=$("$TIMEIT" "$slow" "$@" < /dev/null 2>/dev/null) || r="error error error 0"
			verdict=$("$PY" "$here/compare.py" "$q" "$W/out/$q.core2" "$t" "$W/out/$q.$t" "$W/out/$q.$t.diff" 2>&1 | head -1)
			case $verdict in same*) ;; *) diffs="$diffs $q.$t" ;; esac
			set -- $r
			say "| | $t | $slow | $1 | $2 | $3 | $(mb "$4") | $(ratio "$1" "$c2med") | $(ratio "$4" "$c2rss") | $verdict |"
		done
	done
	load1=$(load)
	say ""
	say "Load average (1, 5, 15 min) before the timing: $load0; after: $load1 (2 cores shared with other jobs)."
	if [ -n "$diffs" ]; then
		say ""
		say "Differences (unified diff of the normalised records, core2 first; at most 30 lines each; full outputs under \`${W#$OUT/}/out/\`):"
		for d in $diffs; do
			say ""
			say "\`${d}\`:"
			say ""
			say '```'
			head -30 "$W/out/$d.diff" >> "$report.tmp"
			n=$(wc -l < "$W/out/$d.diff")
			[ "$n" -gt 30 ] && say "... ($n lines)"
			grep -h '^WARNING' "$W/out/$d.err" "$W/out/$d" 2>/dev/null | sort -u | sed "s/^/$(echo "$d" | sed 's/.*\.//') said: /" >> "$report.tmp"
			say '```'
		done
	fi
	# Sizes on disk: what each tool needs to answer.
	if [ -z "$QUICK" ]; then
		say ""
		say "Size on disk of what each tool needs (MB = 2^20 bytes; packages: dpkg Installed-Size, with the dependencies a minimal Debian lacks):"
		say ""
		say "| tool | program | with its dependencies | debuginfo needed (vmlinux) | whole -dbg package unpacked | total needed | × core2 |"
		say "|---|---|---|---|---|---|---|"
		say "| core2 | $(mib "$size_c2s") MB static, stripped | same (no dependencies) | none (BTF and kallsyms from the dump) | - | $(mib "$size_c2s") MB | 1 |"
		vmkb= dbgkb=
		if [ -n "$vm" ]; then
			vmkb=$(du -k "$vm" | cut -f1)
			dbgkb=$(du -sk "$OUT/dbg/$rel" | cut -f1)
		fi
		for t in drgn crash; do
			eval have=\$have_$t
			[ -n "$have" ] || continue
			p=$t; [ "$t" = drgn ] && p=python3-drgn
			own=$(dpkg-query -W -f '${Installed-Size}' "$p")
			all=$(pkg_closure_kb "$p")
			if [ -n "$vmkb" ]; then
				tot=$((all + vmkb))
				say "| $t | $(mb "$own") MB ($p) | $(mb "$all") MB | $(mb "$vmkb") MB | $(mb "$dbgkb") MB | $(mb "$tot") MB | $(ratio "$((tot * 1024))" "$size_c2s") |"
			else
				say "| $t | $(mb "$own") MB ($p) | $(mb "$all") MB | not available | - | - | - |"
			fi
		done
	fi
done
mv "$report.tmp" "$report"
cat "$report"
