#!/bin/sh
# The variables core2 finds in memory when the kernel's symbols list code
# only (lib/symbols/recover.c: a kernel built without CONFIG_KALLSYMS_ALL,
# as Debian 12's arm64 one), checked where the truth is known: on a kernel
# that lists everything, core2 is given a copy of the guest's /proc/kallsyms
# cut down to what such a kernel lists (the symbols from _stext to _etext
# and from _sinittext to _einittext, no module lines). Then
#  - __start_BTF, __stop_BTF, init_task, modules and saved_command_line
#    found in memory are the guest's own addresses (saved_command_line
#    told from stale copies on the idle task's stack, as 5.10 has), and
#    cmdline prints the guest's /proc/cmdline;
#  - every exported variable the cut lacks (jiffies, init_net...) is
#    found in the kernel's export table at the guest's address;
#  - ps, mod and struct give what they give with the whole table, and so do
#    bt and info's crashed CPU on the dump of a crash (panic_cpu is found
#    through the log's crash report then);
#  - dentries, whose hash table such a kernel cannot name, walks the trees
#    by default and refuses --hash with a clear message.
#   sh check-recover.sh CORE2 FIXTUREDIR LABEL DUMP...
. "$(dirname "$0")/../lib.sh"
C=$1 F=$2 label=$3
shift 3
k=$F/truth/kallsyms
if ! grep -q ' init_task$' "$k" 2>/dev/null; then
	echo "skip - $label: recovered variables: the guest's /proc/kallsyms names no init_task to compare with (the kernel lists no data symbols; ps and mod against the truth judge what core2 found)"
	exit 0
fi
cut=$T_TMP.codeonly
awk 'NF == 3 && $3 ~ /^(_stext|_etext|_sinittext|_einittext)$/ { a[$3] = $1 }
	END { print a["_stext"], a["_etext"], a["_sinittext"], a["_einittext"] }' "$k" >"$cut.b"
read -r s e is ie <"$cut.b"
awk -v s="$s" -v e="$e" -v is="$is" -v ie="$ie" 'NF == 3 && (($1 >= s && $1 <= e) || ($1 >= is && $1 <= ie))' "$k" >"$cut"
if [ -z "$ie" ] || grep -q ' _end$\| init_task$' "$cut"; then
	fail "$label: recovered variables: no code-only copy of the guest's kallsyms ($(wc -l <"$cut") lines; bounds '$s $e $is $ie')"
	finish
	exit 1
fi
want=$(grep -E ' (__start_BTF|__stop_BTF|init_task|modules|saved_command_line)$' "$k" | awk '{ print $1, $3 }' | sort)
# The exported names the cut lacks, and every address the guest lists for
# each; a data symbol the kernel does not export, for the error.
grep -v '	\[' "$k" | awk '$3 ~ /^__ksymtab_./ { print substr($3, 11) }' | sort -u >"$cut.allexp"
awk '{ print $3 }' "$cut" | sort -u | comm -23 "$cut.allexp" - >"$cut.exported"
grep -v '	\[' "$k" | awk 'NR == FNR { w[$1] = 1; next } ($3 in w) { print $1, $3 }' "$cut.exported" - | sort -u >"$cut.exported.pairs"
unexported=$(grep -v '	\[' "$k" | awk '$2 ~ /^[dD]$/ && $3 ~ /^[a-z][a-z_]*$/ { print $3 }' | sort -u | comm -23 - "$cut.allexp" | head -n 1)
for d; do
	n="$label $(basename "$d"), symbols listing code only"
	got=$("$C" --symbols "$cut" -c "$d" sym __start_BTF __stop_BTF init_task modules saved_command_line 2>"$T_TMP.err" |
		awk '{ print $1, $3 }' | sort)
	if [ "$(echo "$want" | wc -l)" = 5 ] && [ "$got" = "$want" ]; then
		pass "$n: __start_BTF, __stop_BTF, init_task, modules and saved_command_line found in memory at the guest's addresses"
	else
		fail "$n: found '$(echo $got)', the guest's '$(echo $want)': $(head -c 300 "$T_TMP.err")"
	fi
	# The BTF where btf_parse_vmlinux's code points (the back end reads its
	# address-making instructions), and without that function in the cut
	# by the scan of the read-only data: the guest's addresses both ways.
	wbtf=$(echo "$want" | grep -E ' __st(art|op)_BTF$')
	got=$("$C" -v --symbols "$cut" -c "$d" sym __start_BTF __stop_BTF 2>"$T_TMP.err" | awk '{ print $1, $3 }' | sort)
	check "$n: the BTF found through btf_parse_vmlinux's code, at the guest's __start_BTF and __stop_BTF ($(echo $got))" \
		sh -c '[ "$1" = "$2" ] && grep -q "from the BTF header that btf_parse_vmlinux.s code points at" "$3"' _ "$got" "$wbtf" "$T_TMP.err"
	# saved_command_line the same two ways: where cmdline_proc_show's code
	# reads it, and without that function by the scan of the image.
	wcl=$(echo "$want" | grep ' saved_command_line$')
	got=$("$C" -v --symbols "$cut" -c "$d" sym saved_command_line 2>"$T_TMP.err" | awk '{ print $1, $3 }')
	check "$n: saved_command_line found where cmdline_proc_show's code reads it, at the guest's address ($got)" \
		sh -c '[ "$1" = "$2" ] && grep -q "found where cmdline_proc_show.s code reads it" "$3"' _ "$got" "$wcl" "$T_TMP.err"
	grep -v ' cmdline_proc_show$' "$cut" >"$cut.nocl"
	got=$("$C" -v --symbols "$cut.nocl" -c "$d" sym saved_command_line 2>"$T_TMP.err" | awk '{ print $1, $3 }')
	check "$n: without cmdline_proc_show, saved_command_line found by the scan of the image, at the same address" \
		sh -c '[ "$1" = "$2" ] && grep -q "saved_command_line 0x[0-9a-f]* found in the image" "$3"' _ "$got" "$wcl" "$T_TMP.err"
	grep -v ' btf_parse_vmlinux$' "$cut" >"$cut.nofn"
	got=$("$C" -v --symbols "$cut.nofn" -c "$d" sym __start_BTF __stop_BTF 2>"$T_TMP.err" | awk '{ print $1, $3 }' | sort)
	check "$n: without btf_parse_vmlinux, the BTF found by the scan between _etext and _sinittext, at the same addresses" \
		sh -c '[ "$1" = "$2" ] && grep -q "from the BTF header found between _etext and _sinittext" "$3"' _ "$got" "$wbtf" "$T_TMP.err"
	"$C" --symbols "$cut" -c "$d" -v cmdline >"$T_TMP.out" 2>"$T_TMP.err"
	rc=$?
	if [ $rc = 0 ] && cmp -s "$T_TMP.out" "$F/truth/cmdline" && ! grep -q 'module symbols' "$T_TMP.err"; then
		pass "$n: cmdline equals the guest's /proc/cmdline, without module symbols"
	else
		fail "$n: cmdline (exit $rc): '$(head -c 200 "$T_TMP.out")', the guest's '$(head -c 200 "$F/truth/cmdline")': $(grep 'module symbols\|error' "$T_TMP.err" | head -c 300)"
	fi
	# Every variable the kernel exports (the guest's __ksymtab_NAME
	# symbols) that the cut lacks, from the export table in memory, at
	# the guest's address (a name the kernel also has a static symbol of
	# may match either: the table holds the exported one).
	"$C" --symbols "$cut" -c "$d" sym $(cat "$cut.exported") >"$T_TMP.exp" 2>"$T_TMP.err"
	rc=$?
	bad=$(awk '{ print $1, $3 }' "$T_TMP.exp" | sort -u | comm -23 - "$cut.exported.pairs" | head -n 3 | tr '\n' ' ')
	if [ $rc = 0 ] && [ "$(wc -l <"$T_TMP.exp")" = "$(wc -l <"$cut.exported")" ] && [ -z "$bad" ]; then
		pass "$n: all $(wc -l <"$cut.exported") exported variables the symbols lack found in the export table at the guest's addresses"
	else
		fail "$n: exported variables (exit $rc): $(wc -l <"$T_TMP.exp") of $(wc -l <"$cut.exported") found; not the guest's: '$bad'; $(head -c 300 "$T_TMP.err")"
	fi
	# Back from an address: each of those variables' global addresses (a
	# static of the same name is no export; the per-cpu ones are offsets,
	# not addresses) names it (or a name the kernel exports at the same
	# address), size unknown; 8 bytes into jiffies names no symbol and
	# says which export lies below.
	grep -v '	\[' "$k" | awk 'NR == FNR { w[$1] = 1; next } ($3 in w) && $2 ~ /^[A-Z]$/ && $1 !~ /^0000/ { print $1 }' \
		"$cut.exported" - | sort -u >"$cut.exported.addrs"
	"$C" --symbols "$cut" -c "$d" sym -r $(sed 's/^/0x/' "$cut.exported.addrs") >"$T_TMP.rev" 2>"$T_TMP.err"
	rc=$?
	bad=$(paste -d' ' "$cut.exported.addrs" "$T_TMP.rev" | awk 'NR == FNR { ok[$1 " " $2 "+0x0/?"] = 1; next }
		!(($1 " " $2) in ok) { print }' "$cut.exported.pairs" - | head -n 3 | tr '\n' ' ')
	if [ $rc = 0 ] && [ "$(wc -l <"$T_TMP.rev")" = "$(wc -l <"$cut.exported.addrs")" ] && [ -z "$bad" ]; then
		pass "$n: sym -r of the $(wc -l <"$cut.exported.addrs") addresses of those variables names each as the guest does"
	else
		fail "$n: sym -r of exported variables (exit $rc): $(wc -l <"$T_TMP.rev") of $(wc -l <"$cut.exported.addrs"); not the guest's: '$bad'; $(head -c 300 "$T_TMP.err")"
	fi
	ja=$(awk '$2 == "jiffies" { print $1 }' "$cut.exported.pairs" | head -n 1)
	if [ -n "$ja" ]; then
		ja=$(python3 -c 'import sys; print(hex(int(sys.argv[1], 16) + 8))' "$ja")
		expect_rc "$n: sym -r of $ja (8 bytes into jiffies) exits 1" 1 "$C" --symbols "$cut" -c "$d" sym -r "$ja"
		contains "$n: ... naming jiffies as the nearest exported symbol below" "$T_ERR" "the nearest exported symbol below is jiffies at 0x"
	fi
	a=$("$C" -c "$d" read jiffies 2>&1)
	b=$("$C" --symbols "$cut" -c "$d" read jiffies 2>&1)
	check "$n: read jiffies as with the whole table ($b)" [ -n "$a" -a "$a" = "$b" ]
	if [ -n "$unexported" ]; then
		expect_rc "$n: sym of $unexported (data, not exported) exits 1" 1 "$C" --symbols "$cut" -c "$d" sym "$unexported"
		contains "$n: ... saying the kernel does not export it" "$T_ERR" "$unexported: no such symbol (the kernel lists no data symbols: built without CONFIG_KALLSYMS_ALL; nor does it export one of that name)"
	fi
	# The crashed CPU (no panic_cpu: the log's crash report, confirmed by
	# PRSTATUS) on the dumps of a crash; QEMU's snapshot has none.
	qs='ps mod struct:module'
	[ "$(basename "$d")" = qemu.elf ] || qs="$qs bt"
	for q in $qs; do
		q=$(echo "$q" | tr : ' ')
		"$C" -c "$d" $q >"$T_TMP.all" 2>&1
		a=$?
		"$C" --symbols "$cut" -c "$d" $q >"$T_TMP.cut" 2>&1
		b=$?
		if [ "$q" = bt ] && [ $b = 1 ] && grep -q 'no ORC tables' "$T_TMP.cut"; then
			echo "skip - $n: bt: an ORC kernel's unwind tables are variables too, which core2 does not search for (such kernels list every symbol: Debian's x86_64 ones do); core2 says: $(tr "\n" " " <"$T_TMP.cut" | head -c 200)"
		elif [ $a = 0 ] && [ $b = 0 ] && [ -s "$T_TMP.all" ] && cmp -s "$T_TMP.all" "$T_TMP.cut"; then
			pass "$n: $q as with the whole table ($(wc -l <"$T_TMP.cut") lines)"
		else
			fail "$n: $q differs from the whole table's (exit $a, $b): $(diff "$T_TMP.all" "$T_TMP.cut" | head -n 4 | tr '\n' ' ')"
		fi
	done
	if [ "$(basename "$d")" != qemu.elf ]; then
		a=$("$C" -c "$d" info | grep '^crashed cpu')
		b=$("$C" --symbols "$cut" -c "$d" info | grep '^crashed cpu')
		check "$n: info's crashed CPU as with the whole table ($b)" [ -n "$a" -a "$a" = "$b" ]
	fi
	"$C" -c "$d" dentries --tree -s >"$T_TMP.all" 2>&1
	"$C" --symbols "$cut" -c "$d" dentries -s >"$T_TMP.cut" 2>&1
	check "$n: dentries walks the trees by default (the same statistics as --tree with the whole table)" \
		cmp -s "$T_TMP.all" "$T_TMP.cut"
	expect_rc "$n: dentries --hash exits 1" 1 "$C" --symbols "$cut" -c "$d" dentries --hash -s
	contains "$n: ... saying why and what works" "$T_ERR" "CONFIG_KALLSYMS_ALL); the tree walk (--tree) needs no hash table"
done

# Tables that mislead the search, on the first dump: each is a clear error.
d=$1 n="$label $(basename "$1"), symbols listing code only"
grep -v ' _sinittext$' "$cut" >"$cut.nobound"
expect_rc "$n, without _sinittext: struct task_struct exits 1" 1 "$C" --symbols "$cut.nobound" -c "$d" struct task_struct
contains "$n, without _sinittext: ... the search has no bounds" "$T_ERR" "__start_BTF: not in the symbols (the kernel lists no data symbols) and not found in memory: the symbols have no _etext and _sinittext to bound the search"
python3 -c 'import sys
e = int(sys.argv[1], 16)
for l in open(sys.argv[2]):
    a, t, n = l.split()
    print("%016x %s %s" % (e + 65536 if n == "_sinittext" else int(a, 16), t, n))' "$e" "$cut" >"$cut.narrow"
expect_rc "$n, _sinittext 64 KB after _etext: struct task_struct exits 1" 1 "$C" --symbols "$cut.narrow" -c "$d" struct task_struct
contains "$n, _sinittext 64 KB after _etext: ... no BTF header there" "$T_ERR" "no BTF header between _etext and _sinittext"
awk '$3 == "_etext" { $1 = "ffffffffffffff00" } { print }' "$cut" >"$cut.high"
expect_rc "$n, _etext above .data (types from the guest's BTF file): ps exits 1" 1 \
	"$C" --types "$F/truth/btf" --symbols "$cut.high" -c "$d" ps
contains "$n, _etext above .data: ... the search has nowhere to look" "$T_ERR" "init_task: not in the symbols (the kernel lists no data symbols) and not found in memory: VMCOREINFO's prb"
awk '$3 == "kfree" { $1 = "'"$s"'" } { print }' "$cut" >"$cut.kfree"
expect_rc "$n, kfree placed at _stext: sym jiffies exits 1" 1 "$C" --symbols "$cut.kfree" -c "$d" sym jiffies
contains "$n, kfree placed at _stext: ... the export table not found" "$T_ERR" "jiffies: not in the symbols (the kernel lists no data symbols), and the kernel's export table was not found: "
# (cmdline_proc_show left out too: its code names the variable whatever
# the bounds say.)
grep -v ' cmdline_proc_show$' "$cut.high" >"$cut.high.nofn"
expect_rc "$n, _etext above .data, no cmdline_proc_show: cmdline exits 1" 1 "$C" --symbols "$cut.high.nofn" -c "$d" cmdline
contains "$n, _etext above .data: ... saying where the search could not start" "$T_ERR" "saved_command_line: not in the symbols (the kernel lists no data symbols) and not found in memory: VMCOREINFO's prb"
finish
