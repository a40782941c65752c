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
expect_rc "a symbol without a type exits 2" 2 "$C" -c /nonexistent read init_task.comm
contains "a symbol without a type: the message says why and how" "$T_ERR" "init_task has no type (vmlinux BTF describes no global variables): give it one with -T TYPE"
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
done
[ "$n" -gt 0 ] || fail "no fixture dumps (build/fixtures/{bookworm,trixie}/dumps/vmcore.zlib): run 'make fixtures'"
finish
