# read: option checks happen before the dump is touched.
. "${0%/*}/../lib.sh"
C=${CORE2:?}
expect_rc "read without operand exits 2" 2 "$C" read
expect_rc "read with two operands exits 2" 2 "$C" read a b
expect_rc "read -t with an unknown type exits 2" 2 "$C" read -t u128 jiffies
contains "unknown type is named" "$T_ERR" "u128: unknown type"
expect_rc "read -x -r together exit 2" 2 "$C" read -x -r jiffies
expect_rc "read -n 0 exits 2" 2 "$C" read -n 0 jiffies
expect_rc "read -n garbage exits 2" 2 "$C" read -n 12abc jiffies
expect_rc "read --max 0 exits 2" 2 "$C" read -t cstr --max 0 jiffies
expect_rc "read -t cstr -x exits 2" 2 "$C" read -t cstr -x jiffies
expect_rc "read -p with a symbol exits 2" 2 "$C" -c /proc/self/exe read -p jiffies

# Typed expressions: syntax errors are usage errors, before any dump is read.
expect_rc "a malformed expression exits 2" 2 "$C" -c /nonexistent read 'init_task..comm'
contains "a malformed expression says where" "$T_ERR" "expected a member name after '.', found '.' (at byte 11"
expect_rc "an unclosed parenthesis exits 2" 2 "$C" -c /nonexistent read '((struct task_struct *)0x10->pid'
expect_rc "a symbol without a type exits 2" 2 "$C" -c /nonexistent read some_var.comm
contains "a symbol without a type: the message says why and how" "$T_ERR" "some_var has no type (vmlinux BTF describes no global variables, and it is not one of the few core2 knows): give it one with -T TYPE"
# init_task is one core2 knows: the expression is fine, the dump is not.
expect_rc "a known global needs no -T (then the missing dump exits 1)" 1 "$C" -c /nonexistent read init_task.comm
expect_rc "a number used as a pointer exits 2" 2 "$C" -c /nonexistent read '0xffff0000->pid'
expect_rc "-p with an expression exits 2" 2 "$C" -c /nonexistent read -p -T task_struct init_task.pid
expect_rc "-d out of range exits 2" 2 "$C" -c /nonexistent read -d 99 -T task_struct init_task

# On the fixtures' dumps, against their ground truth (make fixtures).
n=0
for FX in "${0%/*}/../../build/fixtures/bookworm" "${0%/*}/../../build/fixtures/trixie"; do
	D=$FX/dumps/vmcore.zlib
	[ -r "$D" ] && [ -r "$FX/truth/release" ] || continue
	n=$((n + 1))
	k=${FX##*/}
	release=$(cat "$FX/truth/release")
	expect_rc "$k: init_uts_ns.name.release with -T" 0 "$C" -c "$D" read -T 'struct uts_namespace' init_uts_ns.name.release
	check "$k: the release equals uname -r's" [ "$T_OUT" = "\"$release\"" ]
	expect_rc "$k: the release through a cast of &init_uts_ns" 0 "$C" -c "$D" read '((struct uts_namespace *)&init_uts_ns)->name.release'
	check "$k: the cast gives the same release" [ "$T_OUT" = "\"$release\"" ]
	expect_rc "$k: the release through a cast in place" 0 "$C" -c "$D" read '((struct uts_namespace)init_uts_ns).name.release'
	check "$k: the cast in place gives the same release" [ "$T_OUT" = "\"$release\"" ]
	expect_rc "$k: init_task.comm" 0 "$C" -c "$D" read -T 'struct task_struct' init_task.comm
	check "$k: init_task.comm is swapper/0" [ "$T_OUT" = '"swapper/0"' ]
	expect_rc "$k: init_task.pid" 0 "$C" -c "$D" read -T task_struct init_task.pid
	check "$k: init_task.pid is 0" [ "$T_OUT" = 0 ]
	expect_rc "$k: init_task.comm as JSON" 0 "$C" -j -c "$D" read -T task_struct init_task.comm
	contains "$k: the JSON has type and value" "$T_OUT" '"type":"char [16]","address":"0x'
	contains "$k: the JSON value is the string" "$T_OUT" '"value":"swapper/0"}'
	# A list invariant: the next task's prev link points back at init_task.tasks.
	expect_rc "$k: init_task.tasks.next->prev" 0 "$C" -c "$D" read -T task_struct 'init_task.tasks.next->prev'
	back=$T_OUT
	expect_rc "$k: &init_task.tasks" 0 "$C" -c "$D" read -T task_struct '&init_task.tasks'
	check "$k: tasks.next->prev is &init_task.tasks ($back)" [ "$back" = "$T_OUT" ]
	contains "$k: a pointer prints with its symbol" "$T_OUT" " <init_task+0x"
	# The same member through struct and read.
	"$C" -c "$D" struct task_struct.comm init_task > "$T_TMP.struct" 2>&1
	check "$k: struct task_struct.comm init_task shows the same value" grep -qx '(char \[16\]) task_struct.comm = "swapper/0"' "$T_TMP.struct"
	expect_rc "$k: a char pointer shows its string" 0 "$C" -c "$D" read -T task_struct 'init_task.fs->root.dentry->d_name.name'
	contains "$k: the root dentry's name is /" "$T_OUT" ' "/"'
	expect_rc "$k: -x at a typed object reads its size" 0 "$C" -c "$D" read -x -T task_struct init_task.comm
	check "$k: -x of comm is one 16-byte line" [ "$(printf '%s\n' "$T_OUT" | wc -l)" = 1 ]
	contains "$k: -x of comm shows the name" "$T_OUT" "swapper/0......."
	expect_rc "$k: a whole struct prints its members" 0 "$C" -c "$D" read -T 'struct uts_namespace' init_uts_ns
	contains "$k: the struct shows .release" "$T_OUT" ".release = \"$release\","
	expect_rc "$k: a signed cast" 0 "$C" -c "$D" read '(int)init_task'
	expect_rc "$k: an unknown member exits 1" 1 "$C" -c "$D" read -T task_struct init_task.nosuch
	contains "$k: an unknown member is named" "$T_ERR" 'init_task.nosuch: struct task_struct has no member "nosuch"'
	expect_rc "$k: a cast to an unknown type exits 1" 1 "$C" -c "$D" read '((struct nosuch *)&init_task)->x'
	contains "$k: the unknown type is named" "$T_ERR" "struct nosuch: no such type"
	expect_rc "$k: an unknown -T type exits 1" 1 "$C" -c "$D" read -T 'struct nosuch' init_task.pid
	expect_rc "$k: an index out of range exits 1" 1 "$C" -c "$D" read -T task_struct 'init_task.comm[16]'
	contains "$k: the range is said" "$T_ERR" "index 16 out of range [0, 16)"
	expect_rc "$k: an index in range" 0 "$C" -c "$D" read -T task_struct 'init_task.comm[1]'
	check "$k: comm[1] is 'w'" [ "$T_OUT" = 119 ]
	expect_rc "$k: following a NULL pointer exits 1" 1 "$C" -c "$D" read -T task_struct 'init_task.mm->pgd'
	contains "$k: the NULL pointer is named" "$T_ERR" "init_task.mm: a NULL pointer"
	expect_rc "$k: a member of an array exits 1" 1 "$C" -c "$D" read -T task_struct 'init_task.comm.x'
	expect_rc "$k: '.' on a pointer exits 1" 1 "$C" -c "$D" read -T task_struct 'init_task.real_parent.pid'
	contains "$k: '.' on a pointer says to use ->" "$T_ERR" "a pointer: use '->pid'"
	expect_rc "$k: plain symbols read as before" 0 "$C" -c "$D" read -t u64 jiffies

	# Globals core2 knows the type of, without -T: against the guest's
	# uname and /proc/kallsyms, and against the same reads with -T.
	expect_rc "$k: init_task.comm without -T" 0 "$C" -c "$D" read init_task.comm
	check "$k: ... is swapper/0" [ "$T_OUT" = '"swapper/0"' ]
	expect_rc "$k: init_uts_ns.name.release without -T" 0 "$C" -c "$D" read init_uts_ns.name.release
	check "$k: ... equals uname -r's" [ "$T_OUT" = "\"$release\"" ]
	expect_rc "$k: init_uts_ns.name.version without -T" 0 "$C" -c "$D" read init_uts_ns.name.version
	v=${T_OUT#\"}
	# /proc/version ends with the utsname version.
	case $(cat "$FX/truth/version") in
	*" ${v%\"}") pass "$k: ... is the end of the guest's /proc/version" ;;
	*) fail "$k: init_uts_ns.name.version $T_OUT is not the end of $(cat "$FX/truth/version")" ;;
	esac
	uts=$(awk '$3 == "init_uts_ns" { print $1; exit }' "$FX/truth/kallsyms")
	expect_rc "$k: init_nsproxy.uts_ns" 0 "$C" -c "$D" read init_nsproxy.uts_ns
	check "$k: ... is init_uts_ns's address in /proc/kallsyms ($uts)" [ "$T_OUT" = "0x$uts <init_uts_ns>" ]
	expect_rc "$k: init_task.nsproxy->uts_ns->name.machine" 0 "$C" -c "$D" read 'init_task.nsproxy->uts_ns->name.machine'
	check "$k: ... is x86_64" [ "$T_OUT" = '"x86_64"' ]
	pgt=$(awk '$3 == "init_top_pgt" { print $1; exit }' "$FX/truth/kallsyms")
	expect_rc "$k: init_mm.pgd" 0 "$C" -c "$D" read init_mm.pgd
	check "$k: ... is init_top_pgt in /proc/kallsyms" [ "$T_OUT" = "0x$pgt <init_top_pgt>" ]
	expect_rc "$k: a bare known global prints typed" 0 "$C" -c "$D" read init_uts_ns
	contains "$k: ... with its members" "$T_OUT" ".release = \"$release\","
	expect_rc "$k: a bare known scalar" 0 "$C" -c "$D" read jiffies
	j=$T_OUT
	expect_rc "$k: ... and jiffies_64 by its own type" 0 "$C" -c "$D" read jiffies_64
	check "$k: jiffies is jiffies_64 ($j)" [ "$T_OUT" = "$j" ]
	expect_rc "$k: a bare known global with -x is still a location" 0 "$C" -c "$D" read -x -n 16 init_task
	check "$k: ... one 16-byte line" [ "$(printf '%s\n' "$T_OUT" | wc -l)" = 1 ]
	expect_rc "$k: system_state" 0 "$C" -c "$D" read system_state
	check "$k: ... is SYSTEM_RUNNING" [ "$T_OUT" = SYSTEM_RUNNING ]
	expect_rc "$k: a cast still sees the memory at the symbol" 0 "$C" -c "$D" read '(int)init_task'
	c=$T_OUT
	expect_rc "$k: ... as -t s32 does" 0 "$C" -c "$D" read -t s32 init_task
	check "$k: (int)init_task is its first 4 bytes ($c)" [ "$T_OUT" = "$c" ]
	for g in init_task init_uts_ns init_mm init_nsproxy init_pid_ns init_cred init_fs init_files init_net \
		init_user_ns jiffies jiffies_64 panic_cpu tainted_mask system_state oops_in_progress nr_threads max_threads; do
		"$C" -c "$D" read "$g" > "$T_TMP.g" 2>&1 && pass "$k: the known global $g reads by its type" ||
			fail "$k: the known global $g: $(head -c 300 "$T_TMP.g")"
	done
	# The known type is checked against the symbol: a symbol map where the
	# next symbol is 16 bytes after init_task, or init_task is text.
	a=$(awk '$3 == "init_task" { print $1; exit }' "$FX/truth/kallsyms")
	# (The shell's arithmetic is signed 64-bit: add to the low half. A
	# task_struct is cacheline-aligned, so no carry.)
	hi=${a%????????} lo=${a#????????}
	{ printf '%s%08x d zz_next\n' "$hi" $((0x$lo + 16)); echo "$a D init_task"; } > "$T_TMP.map"
	expect_rc "$k: a known type too big for the symbol exits 1" 1 "$C" -c "$D" --types "$FX/truth/btf" --symbols "$T_TMP.map" read init_task.comm
	contains "$k: ... and says why" "$T_ERR" "init_task: core2 knows it as struct task_struct, but init_task: assumed"
	contains "$k: ... and how to go on" "$T_ERR" "the next symbol is 16 bytes after it; give its type with -T or a cast"
	expect_rc "$k: ... -T still reads it" 0 "$C" -c "$D" --types "$FX/truth/btf" --symbols "$T_TMP.map" read -T task_struct init_task.comm
	echo "$a T init_task" > "$T_TMP.map"
	expect_rc "$k: a known global that is text exits 1" 1 "$C" -c "$D" --types "$FX/truth/btf" --symbols "$T_TMP.map" read init_task.pid
	contains "$k: ... and says so" "$T_ERR" "the symbol is of type 'T' (not data)"
	# Where the symbols bound the data sections, those decide, not the
	# letter (7.x's kallsyms lists init_task as T): the guest's own bounds
	# with init_task as T read; the bounds moved past it do not.
	grep -E ' (_sdata|_edata|__start_rodata|__end_rodata|__bss_start|__bss_stop|__init_begin|__init_end|__per_cpu_start|__per_cpu_end|init_task)$' \
		"$FX/truth/kallsyms" | sed 's/ [dDbB] init_task$/ T init_task/' > "$T_TMP.map"
	expect_rc "$k: a known global listed as T inside .data reads" 0 "$C" -c "$D" --types "$FX/truth/btf" --symbols "$T_TMP.map" read init_task.pid
	check "$k: ... init_task.pid is 0" [ "$T_OUT" = 0 ]
	awk '$3 == "init_task" { print; next } { print "0000000000001000", $2, $3 }' "$T_TMP.map" > "$T_TMP.map2"
	awk '$3 == "_edata" { $1 = "0000000000002000" } { print }' "$T_TMP.map2" > "$T_TMP.map"
	echo "0000000000001000 D _sdata" >> "$T_TMP.map"
	sed -i 's/ T init_task$/ D init_task/' "$T_TMP.map"
	expect_rc "$k: a known global listed as D outside every data section exits 1" 1 "$C" -c "$D" --types "$FX/truth/btf" --symbols "$T_TMP.map" read init_task.pid
	contains "$k: ... and says so" "$T_ERR" "init_task: assumed a variable, but 0x$a lies outside the kernel's data"
done
# Debian unstable's kernel (7.x) when its fixture is there: the known
# globals its kallsyms lists as T read by their types.
FX=${0%/*}/../../build/fixtures/sid D=$FX/dumps/vmcore.zlib
if [ -r "$D" ] && [ -r "$FX/truth/kallsyms" ]; then
	for g in init_task jiffies; do
		t=$(awk -v g="$g" '$3 == g { print $2; exit }' "$FX/truth/kallsyms")
		"$C" -c "$D" read "$g" > "$T_TMP.g" 2>&1 && pass "sid: the known global $g (listed as $t) reads by its type" ||
			fail "sid: the known global $g (listed as $t): $(head -c 300 "$T_TMP.g")"
	done
	expect_rc "sid: init_task.comm without -T" 0 "$C" -c "$D" read init_task.comm
	check "sid: ... is swapper/0" [ "$T_OUT" = '"swapper/0"' ]
fi
[ "$n" -gt 0 ] || fail "no fixture dumps (build/fixtures/{bookworm,trixie}/dumps/vmcore.zlib): run 'make fixtures'"
finish
