#!/bin/sh
# The layout of every struct and union in a kernel's BTF, as core2 reads it,
# against pahole's reading of the same file; then BTF from a dump's own
# memory against the file.
#   tests/types-vs-pahole.sh FIXTURE_DIR   (FIXTURE/truth/btf, FIXTURE/dumps/*)
# Needs pahole (Debian: dwarves). Prints "ok - ..." / "FAIL - ..." lines.
. "${0%/*}/lib.sh"
F=${1:?usage: $0 FIXTURE_DIR}
C=${CORE2:-${0%/*}/../build/core2}
BTF=$F/truth/btf
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

command -v pahole >/dev/null || { fail "pahole not installed (apt-get install dwarves)"; finish; exit 1; }
[ -r "$BTF" ] || { fail "$BTF: not readable"; finish; exit 1; }
release=$(cat "$F/truth/release" 2>/dev/null || basename "$F")

# pahole's C-like layout turned into the records `core2 struct --all` prints:
# "KIND NAME SIZE", then "  LEVEL NAME BIT_OFFSET BIT_SIZE SIZE TYPE" per
# member, members of anonymous types before the line that closes them.
# pahole writes no size for unions (they are compared through --sizes), and
# leaves out of BTF what it prints as unnamed bitfield padding (":13;").
cat > "$W/pahole.awk" <<'EOF'
function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
/^(struct|union) [A-Za-z_0-9]+ \{$/ { kind = $1; name = $2; size = "?"; depth = 0; nm = 0; intype = 1; next }
!intype { next }
/^\}/ {
	print kind " " name " " (kind == "union" ? "?" : size)
	for (i = 0; i < nm; i++) print mem[i]
	intype = 0
	next
}
{
	t = match($0, /[^\t]/) - 1
	body = substr($0, t + 1)
	if (body ~ /^\/\* size: /) { s = body; sub(/^\/\* size: /, "", s); sub(/,.*/, "", s); size = s; next }
	if (inenum) { if (body ~ /^\}/) { inenum = 0; enum_close = 1 } else next }
	else if (body ~ /^(const |volatile )*enum \{$/) { inenum = 1; next }
	if (body ~ /^\/\*/ || body == "") next
	if (body ~ /^(const |volatile )*(struct|union) \{$/) {
		k = body; sub(/ \{$/, "", k); sub(/.* /, "", k)
		start[depth] = nm; stk[depth++] = k
		next
	}
	if (body ~ /^[^\/]*:[0-9]+;$/) next
	if (!match(body, /\/\*[ 0-9:]+\*\/$/)) { print "UNPARSED " name ": " body; next }
	c = substr(body, RSTART + 2, RLENGTH - 4)
	decl = trim(substr(body, 1, RSTART - 1))
	bit = 0
	if (index(c, ":")) { split(c, p, ":"); off = p[1] + 0; split(trim(p[2]), q, /[ ]+/); bit = q[1] + 0; msize = q[2] + 0 }
	else { split(trim(c), q, /[ ]+/); off = q[1] + 0; msize = q[2] + 0 }
	sub(/;$/, "", decl); decl = trim(decl)
	while (match(decl, /__attribute__\(\([^()]*(\([^()]*\))*[^()]*\)\)/))
		decl = trim(substr(decl, 1, RSTART - 1) substr(decl, RSTART + RLENGTH))
	if (decl ~ /^\}/) {
		nmd = trim(substr(decl, 2))
		if (enum_close) { k = "enum"; enum_close = 0 }
		else {
			k = stk[--depth]
			# pahole also expands a pointer to an anonymous type, at
			# offsets inside the pointed-to object: keep only the pointer.
			if (nmd ~ /^\*/) { nm = start[depth]; sub(/^\*+ */, "", nmd); k = k "*" }
		}
		if (nmd == "") nmd = "-"
		bsize = 0
		if (match(nmd, /:[0-9]+$/)) { bsize = substr(nmd, RSTART + 1) + 0; nmd = substr(nmd, 1, RSTART - 1) }
		mem[nm++] = "  " depth " " nmd " " (off * 8 + bit) " " bsize " " msize " " k
		next
	}
	bsize = 0
	if (match(decl, /:[0-9]+$/)) { bsize = substr(decl, RSTART + 1) + 0; decl = trim(substr(decl, 1, RSTART - 1)) }
	# A tagged struct or union embedded without a member name (C11 with
	# -fms-extensions, which 7.x builds with): "struct aes_enckey;".
	if (decl ~ /^(const |volatile )*(struct|union) [A-Za-z_0-9]+$/) {
		mem[nm++] = "  " depth " - " (off * 8 + bit) " " bsize " " msize " " decl
		next
	}
	if (match(decl, /\(\*+ *[A-Za-z_0-9]+\)/)) {
		id = substr(decl, RSTART, RLENGTH); gsub(/[(*) ]/, "", id)
		st = substr(decl, RSTART, RLENGTH); gsub(/[^*]/, "", st)
		type = substr(decl, 1, RSTART - 1) "(" st ")" substr(decl, RSTART + RLENGTH)
	} else {
		d = decl; arr = ""
		while (match(d, /\[[0-9]*\]$/)) { arr = substr(d, RSTART) arr; d = trim(substr(d, 1, RSTART - 1)) }
		match(d, /[A-Za-z_0-9]+$/)
		id = substr(d, RSTART)
		type = substr(d, 1, RSTART - 1) arr
	}
	mem[nm++] = "  " depth " " id " " (off * 8 + bit) " " bsize " " msize " " type
}
EOF

# Both sides to one line per struct, with types compared in a normal form:
# no spaces and no qualifiers (pahole 1.24 writes "const" where C would put
# it elsewhere, e.g. "const const struct x *" for "const struct x *const"),
# "[]" for "[0]", no "(anon)", and a pointer to an array written as a plain
# pointer (pahole prints "char (*p)[32]" as "char *p").
normalize() {
	awk '
	function flush() { if (rec != "") print rec; rec = "" }
	/^(struct|union) / { flush(); rec = $1 " " $2 (($1 == "union") ? "" : " " $3); next }
	/^UNPARSED/ { flush(); print; next }
	{ t = ""; for (i = 6; i <= NF; i++) t = t $i
	  gsub(/const|volatile|\(anon\)/, "", t); gsub(/\[0\]/, "[]", t); gsub(/\[0\]/, "[]", $2)
	  gsub(/\(\*+\)(\[[0-9]*\])+/, "*", t)
	  rec = rec " |" $1 " " $2 " " $3 " " $4 " " $5 " " t }
	END { flush() }'
}

start=$(date +%s)
if ! pahole -F btf "$BTF" 2>"$W/pahole.err" | awk -f "$W/pahole.awk" | normalize | sort -u > "$W/pahole"; then
	fail "$release: pahole failed: $(head -c 300 "$W/pahole.err")"
fi
if ! "$C" --types "$BTF" struct --all 2>"$W/core2.err" | normalize | sort -u > "$W/core2"; then
	fail "$release: core2 struct --all failed: $(head -c 300 "$W/core2.err")"
fi
n_pahole=$(wc -l < "$W/pahole")
n_core2=$(wc -l < "$W/core2")
if [ "$n_pahole" -lt 1000 ] || [ "$n_core2" -lt 1000 ]; then
	fail "$release: too few layouts to compare (pahole $n_pahole, core2 $n_core2): a tool failed?"
fi
unparsed=$(grep -c '^UNPARSED' "$W/pahole")
if [ "$unparsed" -ne 0 ]; then
	fail "$release: $unparsed pahole lines not understood by this script: $(grep '^UNPARSED' "$W/pahole" | head -3)"
fi

# pahole prints one of several same-named structs when their sizes agree,
# so: every layout pahole prints must be one core2 prints, and every name
# core2 prints must be one pahole prints.
comm -23 "$W/pahole" "$W/core2" | grep -v '^UNPARSED' > "$W/missing"
cut -d' ' -f1,2 "$W/pahole" | sort -u > "$W/pahole.names"
cut -d' ' -f1,2 "$W/core2" | sort -u > "$W/core2.names"
comm -13 "$W/pahole.names" "$W/core2.names" > "$W/extra"
if [ -s "$W/missing" ]; then
	while read -r kind name rest; do
		mine=$(grep "^$kind $name[ |]" "$W/core2" | head -1 | tr '|' '\n' | head -12 | tr '\n' '|')
		fail "$release: $kind $name: pahole's layout differs: pahole: $(echo "$rest" | tr '|' '\n' | head -12 | tr '\n' '|') core2: $mine"
	done < "$W/missing"
else
	pass "$release: all $n_pahole struct and union layouts pahole prints equal core2's (member names, bit offsets, bitfield widths, sizes, types; $n_core2 with same-named variants)"
fi
if [ -s "$W/extra" ]; then
	fail "$release: $(wc -l < "$W/extra") structs or unions core2 lists but pahole does not, e.g. $(head -3 "$W/extra" | tr '\n' ' ')"
else
	pass "$release: core2 lists no struct or union that pahole does not"
fi

# Sizes of every struct and union (the layouts above omit union sizes).
pahole -F btf --sizes "$BTF" 2>/dev/null | awk '{ print $1, $2 }' | sort -u > "$W/pahole.sizes"
"$C" --types "$BTF" struct --all 2>/dev/null | awk '/^(struct|union) / { print $2, $3 }' | sort -u > "$W/core2.sizes"
bad=$(comm -23 "$W/pahole.sizes" "$W/core2.sizes" | head -5 | tr '\n' ' ')
if [ -z "$bad" ]; then
	pass "$release: the sizes of all $(wc -l < "$W/pahole.sizes") struct and union names (pahole --sizes) equal core2's"
else
	fail "$release: sizes differ (pahole's name and size not in core2's): $bad"
fi

# BTF from the dump's own memory answers as the file does.
for d in "$F"/dumps/vmcore.zlib "$F"/dumps/vmcore.elf; do
	[ -r "$d" ] || continue
	"$C" --types "$BTF" struct task_struct > "$W/file.out" 2>&1
	if "$C" -c "$d" struct task_struct > "$W/mem.out" 2>"$W/mem.err" && cmp -s "$W/file.out" "$W/mem.out"; then
		pass "$release: ${d##*/}: struct task_struct from the dump's memory equals the --types answer"
	else
		fail "$release: ${d##*/}: struct task_struct from the dump's memory differs: $(head -c 300 "$W/mem.err")"
	fi
done
d=$F/dumps/vmcore.zlib
if [ -r "$d" ]; then
	"$C" --types "$BTF" struct --all > "$W/all.file" 2>&1
	if "$C" -c "$d" struct --all > "$W/all.mem" 2>"$W/mem.err" && cmp -s "$W/all.file" "$W/all.mem"; then
		pass "$release: vmcore.zlib: every layout from the dump's memory equals the --types answer"
	else
		fail "$release: vmcore.zlib: layouts from the dump's memory differ: $(head -c 300 "$W/mem.err")"
	fi
fi
echo "# $release: $(($(date +%s) - start)) s"
finish
