# Sourced by the tests that compare core2's layouts with pahole's:
# pahole_awk FILE writes the awk program that turns pahole's output into
# `core2 struct --all` records; normalize puts both sides one struct a line.
# pahole's C-like layout turned into the records `core2 struct --all` prints:
# "KIND NAME SIZE", then "  LEVEL NAME BIT_OFFSET BIT_SIZE SIZE TYPE" per
# member, members of anonymous types before the line that closes them.
# pahole writes no size for unions (they are compared through --sizes), and
# leaves out of BTF what it prints as unnamed bitfield padding (":13;").
pahole_awk() {
cat > "$1" <<'EOF'
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
}

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

