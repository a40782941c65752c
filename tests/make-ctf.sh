#!/bin/sh
# Turn a kernel's BTF file into a CTF dict, the recipe of ../shared/platform.md:
# bpftool prints the types as a C header, gcc -gctf compiles a file that
# includes it (with DWARF too, for checking gcc's own layouts; -fms-extensions, as
# 7.x builds with, for tagged structs embedded without a name), objcopy
# extracts the .ctf section.
#   tests/make-ctf.sh BTF OUT.ctf [WORKDIR]   (WORKDIR keeps vmlinux.h, v.o, raw)
# bpftool writes every enum as a plain C enum, which gcc makes 4 bytes; the
# kernel has a few of 1 or 2 bytes (6.12: enum rw_hint), so those get a mode
# attribute from bpftool's raw listing, or the structs holding them would
# come out larger than the kernel's.
set -e
BTF=${1:?usage: $0 BTF OUT.ctf [WORKDIR]}
OUT=${2:?usage: $0 BTF OUT.ctf [WORKDIR]}
W=${3:-$(mktemp -d)}
[ -n "$3" ] || trap 'rm -rf "$W"' EXIT
cat > "$W/enums.awk" <<'EOF'
FNR == NR { if (match($0, /ENUM(64)? '[^']+' .*size=[12] /)) { n = $0; sub(/^[^']*'/, "", n); sub(/'.*/, "", n)
		s = $0; sub(/.*size=/, "", s); sub(/ .*/, "", s); size[n] = s }
	    next }
/^enum [A-Za-z_0-9]+ \{$/ { name = $2; inenum = (name in size) }
inenum && /^\};$/ { print "} __attribute__((mode(" (size[name] == 1 ? "QI" : "HI") ")));"; inenum = 0; next }
{ print }
EOF
bpftool btf dump file "$BTF" > "$W/raw"
bpftool btf dump file "$BTF" format c > "$W/plain.h"
awk -f "$W/enums.awk" "$W/raw" "$W/plain.h" > "$W/vmlinux.h"
printf '#include "vmlinux.h"\n' > "$W/v.c"
gcc -g -gctf -fms-extensions -fno-eliminate-unused-debug-types -c "$W/v.c" -o "$W/v.o"
objcopy --dump-section .ctf="$OUT" "$W/v.o"
