#!/bin/sh
# The CTF backend against the BTF backend, on the same kernel's types: the
# kernel's BTF is turned into a CTF dict (bpftool prints it as a C header,
# gcc -gctf compiles a file that includes it, objcopy extracts .ctf; see
# ../shared/platform.md), then every struct and union layout, assumptions,
# enums and typed values must read the same through both. Then corrupt CTF
# must fail cleanly.
#   tests/types-ctf-vs-btf.sh FIXTURE_DIR   (FIXTURE/truth/btf, FIXTURE/dumps/vmcore.zlib)
# Needs bpftool, gcc 12+ (-gctf), objcopy and pahole. Prints "ok - ..." / "FAIL - ..." lines.
#
# What CTF cannot express, and so is normalized:
#  - BTF may hold several types of one name (from different compilation
#    units); a C header cannot, so bpftool renames the later ones "NAME___2":
#    the suffix is removed before comparing, and layouts are compared as sets.
#  - gcc adds its own builtin types (struct __va_list_tag): not compared.
#  - Enums of 1 or 2 bytes (6.12: enum rw_hint) are declared so in the
#    header (tests/make-ctf.sh), and the layouts holding them come out
#    right; but gcc 12 records such an enum as 4 bytes in CTF, so the size
#    of a member of such an enum type is not compared (its offset is).
#  - bpftool does not always write the attributes a layout needs (6.12's
#    packed struct ec_response_get_next_event_v3, 19 bytes, comes out 32),
#    so gcc lays a few structs out differently from BTF. The same compile
#    also writes DWARF: a struct whose CTF layout differs from BTF's passes
#    only when its CTF size equals gcc's DWARF size (pahole reads it), i.e.
#    when the header, not the CTF reader, differs; these are counted.
. "${0%/*}/lib.sh"
F=${1:?usage: $0 FIXTURE_DIR}
C=${CORE2:-${0%/*}/../build/core2}
BTF=$F/truth/btf
W=$(mktemp -d); [ -n "$KEEP" ] && echo "# work files in $W"
trap '[ -n "$KEEP" ] || rm -rf "$W"' EXIT
release=$(cat "$F/truth/release" 2>/dev/null || basename "$F")

for tool in bpftool gcc objcopy pahole; do
	command -v $tool >/dev/null || { fail "$release: $tool not installed (apt-get install bpftool gcc binutils dwarves)"; finish; exit 1; }
done
[ -r "$BTF" ] || { fail "$BTF: not readable"; finish; exit 1; }

start=$(date +%s)
CTF=$W/vmlinux.ctf
if sh "${0%/*}/make-ctf.sh" "$BTF" "$CTF" "$W" 2>"$W/err"; then
	pass "$release: BTF turned into a CTF dict ($(wc -c < "$CTF") bytes)"
else
	fail "$release: making CTF failed: $(head -c 300 "$W/err")"; finish; exit 1
fi

# Records of `struct --all`, one line per struct, bpftool's renames undone,
# and the sizes of members of small enum types left out (see above).
sed -n "s/.*ENUM6\{0,1\} '\([^']*\)' .*size=[12] .*/\1/p" "$W/raw" > "$W/small-enums"
records() {
	sed -E 's/___[0-9]+\b//g' | awk -v list="$W/small-enums" '
	BEGIN { while ((getline n < list) > 0) small["enum " n] = 1 }
	/^(struct|union) / { if (rec != "") print rec; rec = $0; next }
	{ t = $6; for (i = 7; i <= NF; i++) t = t " " $i; if (t in small) $5 = "?"; rec = rec " |" $0 }
	END { if (rec != "") print rec }' | grep -v '^struct __va_list_tag ' | sort -u
}
# gcc 12 writes a multi-dimensional array into CTF with its dimensions in
# reverse (u32 a[6][18] as 18 arrays of 6), which 7.x's BTF, unlike older
# kernels' flattened arrays, holds: a probe compiled the same way tells, and
# the CTF side's dimensions are then turned back before comparing.
printf 'struct c2_probe { unsigned int a[2][3]; } c2_probe;\n' > "$W/probe.c"
gcc -g -gctf -c "$W/probe.c" -o "$W/probe.o" && objcopy --dump-section .ctf="$W/probe.ctf" "$W/probe.o"
probe=$("$C" --types "$W/probe.ctf" struct c2_probe 2>&1 | grep ' a\[')
case $probe in
*"a[2][3]"*) fix_dims=cat ;;
*"a[3][2]"*) fix_dims=reverse_dims ;;
*) fail "$release: the multi-dimensional array probe reads as: $probe"; fix_dims=cat ;;
esac
reverse_dims() {
	awk '{ out = ""; s = $0
	       while (match(s, /\[[0-9]+\]\[[0-9]+\](\[[0-9]+\])*/)) {
		       b = RSTART; e = RSTART + RLENGTH; d = substr(s, b, RLENGTH); r = ""
		       while (match(d, /\[[0-9]+\]/)) { r = substr(d, RSTART, RLENGTH) r; d = substr(d, RSTART + RLENGTH) }
		       out = out substr(s, 1, b - 1) r; s = substr(s, e) }
	       print out s }'
}
"$C" --types "$BTF" struct --all 2>"$W/btf.err" | records > "$W/btf"
"$C" --types "$CTF" struct --all 2>"$W/ctf.err" | $fix_dims | records > "$W/ctf"
n_dims=$(grep -Eo '(\[[0-9]+\]){2,}' "$W/ctf" | wc -l)
[ "$fix_dims" = cat ] || [ "$n_dims" -eq 0 ] ||
	echo "# $release: this gcc writes multi-dimensional arrays into CTF reversed; the CTF side's $n_dims are turned back"
n_btf=$(wc -l < "$W/btf")
n_ctf=$(wc -l < "$W/ctf")
if [ "$n_btf" -lt 1000 ] || [ -s "$W/btf.err" ] || [ -s "$W/ctf.err" ]; then
	fail "$release: struct --all failed (BTF $n_btf layouts, CTF $n_ctf): $(head -c 300 "$W/btf.err" "$W/ctf.err")"
fi
comm -23 "$W/btf" "$W/ctf" > "$W/only-btf"
comm -13 "$W/btf" "$W/ctf" > "$W/only-ctf"
# Differences the header made: gcc's DWARF of the same compile agrees with CTF.
command -v pahole >/dev/null && pahole --sizes "$W/v.o" 2>/dev/null | awk '{ print $1, $2 }' | sort -u > "$W/dwarf.sizes"
lost=0
: > "$W/unexplained"; : > "$W/lost"
while read -r kind name size rest; do
	if grep -qx "$name $size" "$W/dwarf.sizes" 2>/dev/null && ! grep -q "^$kind $name $size " "$W/btf"; then
		lost=$((lost + 1))
		echo "$name" >> "$W/lost"
	else
		echo "$kind $name $size" >> "$W/unexplained"
	fi
done < "$W/only-ctf"
# gcc 12 also misplaces bitfields after unnamed bitfield padding in CTF
# (bpftool writes 7.x's struct leaf_0x2_reg as "int: 31; u32 invalid: 1;",
# whose CTF puts invalid at bit 0): a layout that differs from BTF passes when
# binutils' own CTF dumper (objdump --ctf) places every member where core2's
# CTF reader does, i.e. when the CTF, not its reader, differs; counted.
: > "$W/as-written"
if [ -s "$W/unexplained" ] && objdump --ctf=.ctf "$W/v.o" > "$W/objdump" 2>/dev/null; then
	while read -r kind name size; do
		theirs=$(awk -v k="$kind" -v n="$name" -v sz="$(printf '0x%x' "$size")" '
			function hex(h,  i, v) { v = 0; h = tolower(substr(h, 3))
				for (i = 1; i <= length(h); i++) v = v * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1
				return v }
			$2 == "(kind" && ($3 == "6)" || $3 == "7)") { in_t = ($4 == k && $5 == n && $7 == sz ")"); next }
			in_t && /^ +\[0x[0-9a-f]+\] / { o = $1; gsub(/[][]/, "", o); m = $2; sub(/:$/, "", m); if (m == "") m = "-"
				printf "%s %d\n", m, hex(o) }
			in_t && !/^ +\[/ { in_t = 0 }' "$W/objdump" | sort)
		mine=$(grep "^$kind $name $size " "$W/ctf" | tr '|' '\n' | awk '$1 == "0" { print $2, $3 }' | sort)
		if [ -n "$theirs" ] && [ "$theirs" = "$mine" ]; then
			echo "$name" >> "$W/as-written"
		else
			echo "$kind $name $size"
		fi
	done < "$W/unexplained" > "$W/unexplained.2"
	mv "$W/unexplained.2" "$W/unexplained"
fi
[ -s "$W/as-written" ] && echo "# $release: $(wc -l < "$W/as-written") layouts differ from BTF as gcc wrote them into CTF (objdump --ctf places their members as core2 does): $(tr '\n' ' ' < "$W/as-written")"
if [ -s "$W/unexplained" ]; then
	fail "$release: $(wc -l < "$W/unexplained") layouts differ between CTF and BTF, e.g. BTF: $(grep "^$(head -1 "$W/unexplained" | cut -d' ' -f1,2) " "$W/btf" | head -1 | cut -c1-300) CTF: $(grep "^$(head -1 "$W/unexplained" | cut -d' ' -f1,2) " "$W/ctf" | head -1 | cut -c1-300)"
else
	pass "$release: all $n_btf struct and union layouts read through CTF equal BTF's (names, bit offsets, bitfield widths, sizes, member types; members of $(wc -l < "$W/small-enums") small enum types without their size), except $lost that bpftool's header lays out differently, where CTF equals gcc's DWARF: $(tr '\n' ' ' < "$W/lost" 2>/dev/null)"
fi
# The names alone, so that a layout missing on one side cannot hide in the sets.
cut -d' ' -f1,2 "$W/btf" | sort -u > "$W/btf.names"
cut -d' ' -f1,2 "$W/ctf" | sort -u > "$W/ctf.names"
if cmp -s "$W/btf.names" "$W/ctf.names"; then
	pass "$release: CTF and BTF name the same $(wc -l < "$W/btf.names") structs and unions"
else
	fail "$release: struct names differ: $(diff "$W/btf.names" "$W/ctf.names" | head -4 | tr '\n' ' ')"
fi

# Assumptions core2's walkers make, and other single queries: same answers.
cat > "$W/assume" <<'EOF'
task_struct struct any
task_struct.pid int 4 signed
task_struct.tgid int 4 signed
task_struct.comm array 16
task_struct.comm[3] int 1
task_struct.tasks struct 16
task_struct.real_parent ptr 8
task_struct.signal ptr 8
task_struct.thread_node struct 16
task_struct.__state int 4
task_struct.thread_info.cpu int 4
task_struct.se.load.weight int 8
signal_struct.thread_head struct 16
dentry.d_name.name ptr 8
dentry.d_name.len int 4
dentry.d_sb ptr 8
inode.i_mode int 2 unsigned
inode.i_ino int 8
super_block.s_type ptr 8
mount.mnt struct any
vfsmount.mnt_root ptr 8
list_head.next ptr 8
hlist_bl_head.first ptr 8
uts_namespace.name.release array 65
printk_ringbuffer struct any
page struct 64
file.f_path.dentry ptr 8
sk_buff.len int 4 unsigned
EOF
# The inline name, as dcache_glue.c finds it: d_iname, or (6.14+) the
# string of union shortname_store d_shortname.
if "$C" --types "$BTF" struct dentry.d_iname >/dev/null 2>&1; then
	echo 'dentry.d_iname array any' >> "$W/assume"
else
	echo 'dentry.d_shortname.string array any' >> "$W/assume"
fi
"$C" --types "$BTF" struct --check "$W/assume" > "$W/a.btf" 2>&1
"$C" --types "$CTF" struct --check "$W/assume" > "$W/a.ctf" 2>&1
if cmp -s "$W/a.btf" "$W/a.ctf" && [ "$(grep -c '^ok ' "$W/a.btf")" -ge 25 ]; then
	pass "$release: $(grep -c '^ok ' "$W/a.ctf") assumptions (kinds, sizes, signedness, nested offsets) answer alike"
else
	fail "$release: assumptions differ: $(diff "$W/a.btf" "$W/a.ctf" | head -6 | tr '\n' ' ')"
fi
bad=0
for q in 'task_struct.se.load.weight' 'dentry.d_name' 'task_struct.comm[15]' 'enum pid_type' 'list_head' 'pid_t' \
	'struct page.lru' 'union thread_union' 'sk_buff.len' 'enum zone_type' 'atomic_t' 'struct task_struct.thread'; do
	"$C" --types "$BTF" struct "$q" > "$W/q.btf" 2>&1
	"$C" --types "$CTF" struct "$q" > "$W/q.ctf" 2>&1
	cmp -s "$W/q.btf" "$W/q.ctf" || { bad=$((bad + 1)); fail "$release: struct '$q' differs: $(diff "$W/q.btf" "$W/q.ctf" | head -4 | tr '\n' ' ')"; }
done
[ "$bad" -eq 0 ] && pass "$release: single queries (member paths, enums, typedefs, unions) answer alike"

# Typed values from a dump through CTF types, against the same through BTF.
D=$F/dumps/vmcore.zlib
if [ -r "$D" ]; then
	for e in 'init_task.comm' 'init_task.pid' 'init_task.tasks.next->prev' 'init_task.real_parent->comm' \
		 'init_task.fs->root.dentry->d_name.name'; do
		a=$("$C" -c "$D" --types "$BTF" read -T 'struct task_struct' "$e" 2>&1)
		b=$("$C" -c "$D" --types "$CTF" read -T 'struct task_struct' "$e" 2>&1)
		if [ "$a" = "$b" ] && [ -n "$a" ]; then pass "$release: read $e through CTF: $b"
		else fail "$release: read $e: BTF '$a', CTF '$b'"; fi
	done
	a=$("$C" -c "$D" --types "$BTF" ps 2>&1 | md5sum)
	b=$("$C" -c "$D" --types "$CTF" ps 2>&1 | md5sum)
	check "$release: ps through CTF types equals ps through BTF" [ "$a" = "$b" ]
fi

# Corrupt CTF: a clear error (exit 1) or, when the damage misses what is
# asked, an answer (exit 0); never a crash or a hang.
crashes=0 tried=0 said=0
size=$(wc -c < "$CTF")
for cut in 1 2 4 8 20 40 100 1000 10000 100000 $((size / 2)) $((size - 1)); do
	head -c "$cut" "$CTF" > "$W/cut.ctf"
	timeout 20 "$C" --types "$W/cut.ctf" struct task_struct > /dev/null 2>"$W/err"
	rc=$?
	tried=$((tried + 1))
	[ "$rc" -gt 1 ] && { crashes=$((crashes + 1)); fail "$release: CTF cut to $cut bytes: exit $rc: $(head -c 200 "$W/err")"; }
	[ "$rc" -eq 1 ] && [ -s "$W/err" ] && said=$((said + 1))
done
# The damage is a function of the seed, so that a failure can be replayed
# (random bytes found a dict whose looping member ran for minutes).
seeded() { python3 -c 'import hashlib, sys; sys.stdout.buffer.write(hashlib.sha256(sys.argv[1].encode()).digest()[:16])' "$1"; }
for seed in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24; do
	# Overwrite 16 bytes at a seeded place in the first 64 KB (header,
	# type table and string offsets live there).
	off=$(( (seed * 40503 + 977) % 65536 ))
	{ head -c "$off" "$CTF"; seeded "$seed"; tail -c +$((off + 17)) "$CTF"; } > "$W/bad.ctf"
	timeout 20 "$C" --types "$W/bad.ctf" struct --all > /dev/null 2>"$W/err"
	rc=$?
	tried=$((tried + 1))
	[ "$rc" -gt 1 ] && { crashes=$((crashes + 1)); fail "$release: CTF damaged at byte $off: exit $rc: $(head -c 200 "$W/err")"; }
done
printf '\362\337\004\000garbage' > "$W/magic.ctf"
expect_rc "$release: a CTF header and garbage exits 1" 1 "$C" --types "$W/magic.ctf" struct task_struct
contains "$release: the CTF error is said" "$T_ERR" "CTF header cut short"
[ "$crashes" -eq 0 ] && pass "$release: $tried corrupt CTF files (cut, overwritten): no crash, $said cut files refused with a message"

echo "# $release: $(($(date +%s) - start)) s"
finish
