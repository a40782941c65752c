# struct: usage, bad type files, and a tiny hand-built BTF file:
#   struct point { int x; int y; unsigned int f:3; char name[4]; };
# (layouts of real kernels against pahole: tests/types-vs-pahole.sh)
. "${0%/*}/../lib.sh"
C=${CORE2:?}
T=$(mktemp -d)
printf '\237\353\001\000\030\000\000\000\000\000\000\000\204\000\000\000\204\000\000\000\050\000\000\000\001\000\000\000\000\000\000\001\004\000\000\000\040\000\000\001\005\000\000\000\004\000\000\204\020\000\000\000\013\000\000\000\001\000\000\000\000\000\000\000\015\000\000\000\001\000\000\000\040\000\000\000\017\000\000\000\003\000\000\000\100\000\000\003\021\000\000\000\004\000\000\000\140\000\000\000\026\000\000\000\000\000\000\001\004\000\000\000\040\000\000\000\000\000\000\000\000\000\000\003\000\000\000\000\005\000\000\000\001\000\000\000\004\000\000\000\043\000\000\000\000\000\000\001\001\000\000\000\010\000\000\001\000\151\156\164\000\160\157\151\156\164\000\170\000\171\000\146\000\156\141\155\145\000\165\156\163\151\147\156\145\144\040\151\156\164\000\143\150\141\162\000' > "$T/point.btf"

expect_rc "struct without a name exits 2" 2 "$C" struct
contains "struct without a name says so" "$T_ERR" "no type name given"
expect_rc "struct with three operands exits 2" 2 "$C" struct a b c
expect_rc "struct -d garbage exits 2" 2 "$C" struct -d x point
expect_rc "struct -d 99 exits 2" 2 "$C" struct -d 99 point
expect_rc "struct --all with an operand exits 2" 2 "$C" struct --all point
expect_rc "struct .x (no name) exits 2" 2 "$C" struct .x

expect_rc "a layout from a BTF file, no dump needed" 0 "$C" --types "$T/point.btf" struct point
contains "layout shows a member with offset and size" "$T_OUT" "int y;"
contains "layout shows a bitfield" "$T_OUT" "unsigned int f:3;"
contains "layout shows a hole" "$T_OUT" "XXX 3 bytes hole"
contains "layout shows an array" "$T_OUT" "char name[4];"
contains "layout shows the size" "$T_OUT" "size: 16"
expect_rc "a member's place" 0 "$C" --types "$T/point.btf" struct point.name
contains "a member's place has offset, size, type" "$T_OUT" "point.name: offset 12, size 4, type char [4]"
expect_rc "an array element's place" 0 "$C" --types "$T/point.btf" struct 'point.name[2]'
contains "an array element's offset" "$T_OUT" "offset 14, size 1, type char"
expect_rc "a member's place as JSON" 0 "$C" -j --types "$T/point.btf" struct point.f
contains "a bitfield's JSON has bit_offset and bit_size" "$T_OUT" '"offset":8,"size":4,"bit_offset":64,"bit_size":3'
expect_rc "a layout as JSON" 0 "$C" --types "$T/point.btf" struct -j point
contains "layout JSON names members" "$T_OUT" '{"name":"x","type":"int","offset":0,"size":4}'
expect_rc "struct --all" 0 "$C" --types "$T/point.btf" struct --all
contains "struct --all records" "$T_OUT" "  0 f 64 3 4 unsigned int"
expect_rc "a base type" 0 "$C" --types "$T/point.btf" struct 'unsigned int'
contains "a base type's size" "$T_OUT" "size 4"

expect_rc "an unknown type exits 1" 1 "$C" --types "$T/point.btf" struct nosuch
contains "an unknown type is named" "$T_ERR" "core2 struct: nosuch: no such type"
expect_rc "an unknown member exits 1" 1 "$C" --types "$T/point.btf" struct point.z
contains "an unknown member is named" "$T_ERR" 'has no member "z"'
expect_rc "an index past the end exits 1" 1 "$C" --types "$T/point.btf" struct 'point.name[4]'
expect_rc "a member of an int exits 1" 1 "$C" --types "$T/point.btf" struct point.x.y

# Assumptions: all hold, then one is violated.
printf '# comment\npoint struct 16\npoint.y int 4 signed\npoint.name array 4\npoint.name[1] int 1\n' > "$T/ok.txt"
expect_rc "--check with assumptions that hold exits 0" 0 "$C" --types "$T/point.btf" struct --check "$T/ok.txt"
contains "--check reports the offset" "$T_OUT" "ok point.y (offset 4)"
printf 'point.y int 4 unsigned\npoint.x ptr 8\npoint.f int 4\npoint.q int 4\npoint struct any\n' > "$T/bad.txt"
expect_rc "--check with violated assumptions exits 1" 1 "$C" --types "$T/point.btf" struct --check "$T/bad.txt"
contains "a violated signedness names both layouts" "$T_ERR" "point.y: assumed int, unsigned, 4 bytes, but the kernel's type is int (int, signed, 4 bytes)"
contains "a violated kind names both layouts" "$T_ERR" "point.x: assumed ptr, 8 bytes, but the kernel's type is int (int, 4 bytes)"
contains "a bitfield is no whole member" "$T_ERR" "it is a bitfield of 3 bits"
contains "a missing member is a violation" "$T_ERR" 'point.q: assumed to exist'
contains "violations are counted" "$T_ERR" "4 of 5 assumptions violated"
printf 'point.y int\n' > "$T/syntax.txt"
expect_rc "--check with a malformed line exits 2" 2 "$C" --types "$T/point.btf" struct --check "$T/syntax.txt"
printf 'point.y integer 4\n' > "$T/syntax.txt"
expect_rc "--check with an unknown kind exits 2" 2 "$C" --types "$T/point.btf" struct --check "$T/syntax.txt"

# Bad type files: clear errors, exit 1.
printf 'not btf at all' > "$T/bad"
expect_rc "a file of unknown magic exits 1" 1 "$C" --types "$T/bad" struct point
contains "unknown magic is said" "$T_ERR" "unknown magic"
head -c 100 "$T/point.btf" > "$T/cut.btf"
expect_rc "a truncated BTF file exits 1" 1 "$C" --types "$T/cut.btf" struct point
contains "truncation is said" "$T_ERR" "does not fit"
# The member "x" refers to type 1; make it type 99.
{ head -c 56 "$T/point.btf"; printf '\143\000\000\000'; tail -c +61 "$T/point.btf"; } > "$T/badid.btf"
expect_rc "a type id out of range exits 1" 1 "$C" --types "$T/badid.btf" struct point
contains "the bad id is said" "$T_ERR" "member 0 has a bad name offset or type id"
# A name offset past the strings: the int's name.
{ head -c 24 "$T/point.btf"; printf '\377\377\000\000'; tail -c +29 "$T/point.btf"; } > "$T/badname.btf"
expect_rc "a string offset out of bounds exits 1" 1 "$C" --types "$T/badname.btf" struct point
contains "the bad offset is said" "$T_ERR" "name offset 65535 outside the strings"
expect_rc "a missing types file exits 1" 1 "$C" --types "$T/none" struct point
# A struct whose anonymous member's type holds itself (C cannot declare it;
# damaged type information can): int; struct loop { int a; struct { int x;
# <itself>; }; }. Every layout form refuses it; before, the text layout
# printed 102 lines and exited 0, and a damaged CTF dict whose looping
# member came twice ran for minutes (2^32 lines).
python3 - >"$T/loop.btf" <<'PY'
import struct, sys
t = struct.pack("<IIII", 1, 1 << 24, 4, 32)
t += struct.pack("<III", 5, 4 << 24 | 2, 8) + struct.pack("<III", 10, 1, 0) + struct.pack("<III", 0, 3, 32)
t += struct.pack("<III", 0, 4 << 24 | 2, 4) + struct.pack("<III", 12, 1, 0) + struct.pack("<III", 0, 3, 0)
s = b"\0int\0loop\0a\0x\0"
sys.stdout.buffer.write(struct.pack("<HBBIIIII", 0xeb9f, 1, 0, 24, 0, len(t), len(t), len(s)) + t + s)
PY
for q in "struct loop" "struct -j loop" "struct --all"; do
	# shellcheck disable=SC2086
	expect_rc "a type holding itself: $q exits 1" 1 timeout 10 "$C" --types "$T/loop.btf" $q
	contains "a type holding itself: $q says so" "$T_ERR" "type 3 holds itself through member (anon)"
done
rm -rf "$T"
finish
