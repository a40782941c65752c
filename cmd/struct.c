/* core2 struct: a structure's layout, one member's place, or an object's values. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "applet.h"
#include "value.h"

enum { O_DEPTH = 1, O_ALL, O_CHECK };

static const struct opt struct_opts[] = {
	{ O_DEPTH, 'd', "depth", "N", "values: expand nested structs N levels deep (default 2)" },
	{ O_ALL, 0, "all", NULL, "every named struct and union, one record per member (for comparisons)" },
	{ O_CHECK, 0, "check", "FILE", "check the layout assumptions listed in FILE (see below); exit 1 on any violation" },
	{ 0 },
};

#define MAX_OBJECT (16u << 20)

static const char *kind_word(int kind)
{
	return kind == C2_KIND_UNION ? "union" : "struct";
}

/* An anonymous struct, union or enum, under qualifiers and arrays (not
 * typedefs): C declares it in place, so layouts show its members in place
 * (of the first element for an array). Returns its kind, or 0; *inner gets
 * its id and dims (may be NULL) the array bounds, as "[2][4]", and quals
 * (may be NULL, QUALS_LEN bytes) its qualifiers, as "const ". */
#define QUALS_LEN 32
static int anonymous_type(struct vctx *x, uint32_t id, uint32_t *inner, char *dims, size_t dlen, char *quals)
{
	struct c2_type t;
	int depth;

	if (dims)
		dims[0] = '\0';
	if (quals)
		quals[0] = '\0';
	for (depth = 0; depth < MAX_NEST; depth++) {
		vt_get(x, id, &t);
		if (t.kind == C2_KIND_ARRAY && dims)
			snprintf(dims + strlen(dims), dlen - strlen(dims), "[%u]", t.nelems);
		if (quals && (t.kind == C2_KIND_CONST || t.kind == C2_KIND_VOLATILE))
			snprintf(quals + strlen(quals), QUALS_LEN - strlen(quals), "%s",
				 t.kind == C2_KIND_CONST ? "const " : "volatile ");
		if (t.kind != C2_KIND_CONST && t.kind != C2_KIND_VOLATILE && t.kind != C2_KIND_RESTRICT &&
		    t.kind != C2_KIND_TYPE_TAG && t.kind != C2_KIND_ARRAY)
			break;
		id = t.type;
	}
	if (t.name[0])
		return 0;
	if (inner)
		*inner = id;
	return t.kind == C2_KIND_STRUCT || t.kind == C2_KIND_UNION || t.kind == C2_KIND_ENUM ||
	       t.kind == C2_KIND_ENUM64 ? t.kind : 0;
}

static const char *anon_word(int kind)
{
	return kind == C2_KIND_UNION ? "union" : kind == C2_KIND_STRUCT ? "struct" : "enum";
}

/* --- Layout ------------------------------------------------------------------ */

/* "type name;" padded to a column, then the offset and size comment as
 * pahole writes it: bitfields as "byte:bit". */
static void layout_line(int level, const char *decl, const struct c2_member *m)
{
	int col = 8 * level + (int)strlen(decl) + 1;

	vt_indent(level);
	printf("%s;", decl);
	while (col < 48) {
		putchar(' ');
		col++;
	}
	if (m->bit_size)
		printf(" /* %5" PRIu64 ":%2u %5" PRIu64 " */\n", m->offset, (unsigned)(m->bit_offset % 8), m->size);
	else
		printf(" /* %5" PRIu64 " %5" PRIu64 " */\n", m->offset, m->size);
}

static void hole(int level, uint64_t bytes, const char *what)
{
	putchar('\n');
	vt_indent(level);
	printf("/* XXX %" PRIu64 " byte%s %s */\n\n", bytes, bytes == 1 ? "" : "s", what);
}

/* The members of struct/union id, starting at bit base; anonymous members
 * are expanded in place, as C lets their members be named. */
static void layout_members(struct vctx *x, uint32_t id, uint64_t base, int level, int nest,
			   const struct expanding *up)
{
	const struct expanding here = { id, up };
	struct c2_type t;
	uint64_t end = base;   /* bits: end of the members so far (structs) */
	uint32_t i;
	char decl[1024], dims[64], quals[QUALS_LEN];
	uint32_t inner;
	int anon;

	vt_resolved(x, id, &t);
	for (i = 0; i < t.nmembers; i++) {
		struct c2_member m;
		uint64_t start;

		if (c2_type_member(x->c2, id, i, &m) < 0)
			vt_die(x->c2);
		m.bit_offset += base;
		m.offset = m.bit_offset / 8;
		start = m.bit_offset;
		if (t.kind == C2_KIND_STRUCT && start / 8 > (end + 7) / 8)
			hole(level, start / 8 - (end + 7) / 8, "hole");
		anon = anonymous_type(x, m.type, &inner, dims, sizeof(dims), quals);
		if (vt_is_aggregate(anon) && nest < MAX_NEST) {
			vt_indent(level);
			printf("%s%s {\n", quals, kind_word(anon));
			vt_no_loop(&here, inner, m.name);
			layout_members(x, inner, m.bit_offset, level + 1, nest + 1, &here);
			snprintf(decl, sizeof(decl), "}%s%s%s", m.name[0] ? " " : "", m.name, dims);
			layout_line(level, decl, &m);
		} else {
			vt_name(x, m.type, m.name, decl, sizeof(decl) - 16);
			if (m.bit_size)
				snprintf(decl + strlen(decl), 16, ":%u", m.bit_size);
			layout_line(level, decl, &m);
		}
		if (t.kind == C2_KIND_STRUCT)
			end = m.bit_size ? start + m.bit_size : start + m.size * 8;
	}
	if (t.kind == C2_KIND_STRUCT && base + t.size * 8 > (end + 7) / 8 * 8 && t.nmembers)
		hole(level, base / 8 + t.size - (end + 7) / 8, "padding at the end");
}

static void layout_text(struct vctx *x, uint32_t id)
{
	struct c2_type t;
	char name[512];

	vt_resolved(x, id, &t);
	vt_name(x, id, NULL, name, sizeof(name));
	printf("%s {\n", name);
	layout_members(x, id, 0, 1, 0, NULL);
	printf("\n\t/* size: %" PRIu64 ", members: %u */\n};\n", t.size, t.nmembers);
}

static void json_member_fields(struct vctx *x, const struct c2_member *m)
{
	char tname[1024];

	vt_name(x, m->type, NULL, tname, sizeof(tname));
	json_key(&x->j, "name");
	json_cstr(&x->j, m->name);
	json_key(&x->j, "type");
	json_cstr(&x->j, tname);
	json_key(&x->j, "offset");
	json_u64(&x->j, m->offset);
	json_key(&x->j, "size");
	json_u64(&x->j, m->size);
	if (m->bit_size) {
		json_key(&x->j, "bit_offset");
		json_u64(&x->j, m->bit_offset);
		json_key(&x->j, "bit_size");
		json_u64(&x->j, m->bit_size);
	}
}

static void layout_json_members(struct vctx *x, uint32_t id, uint64_t base, int nest, const struct expanding *up)
{
	const struct expanding here = { id, up };
	struct c2_type t;
	uint32_t i, inner;

	vt_resolved(x, id, &t);
	json_key(&x->j, "members");
	json_arr(&x->j);
	for (i = 0; i < t.nmembers; i++) {
		struct c2_member m;

		if (c2_type_member(x->c2, id, i, &m) < 0)
			vt_die(x->c2);
		m.bit_offset += base;
		m.offset = m.bit_offset / 8;
		json_obj(&x->j);
		json_member_fields(x, &m);
		if (vt_is_aggregate(anonymous_type(x, m.type, &inner, NULL, 0, NULL)) && nest < MAX_NEST) {
			vt_no_loop(&here, inner, m.name);
			layout_json_members(x, inner, m.bit_offset, nest + 1, &here);
		}
		json_end_obj(&x->j);
	}
	json_end_arr(&x->j);
}

static void layout_json(struct vctx *x, uint32_t id)
{
	struct c2_type t;
	char name[512];

	vt_resolved(x, id, &t);
	vt_name(x, id, NULL, name, sizeof(name));
	json_obj(&x->j);
	json_key(&x->j, "name");
	json_cstr(&x->j, t.name);
	json_key(&x->j, "type");
	json_cstr(&x->j, name);
	json_key(&x->j, "size");
	json_u64(&x->j, t.size);
	layout_json_members(x, id, 0, 0, NULL);
	json_end_obj(&x->j);
	json_line_end(&x->j);
}

/*
 * --all: one line per struct ("struct NAME SIZE") and one per member, in a
 * fixed format that a script can also produce from pahole's output:
 * "  LEVEL NAME BIT_OFFSET BIT_SIZE SIZE TYPE". A member of anonymous struct
 * or union type comes after its own members, where pahole closes it; its
 * type is written "struct", "union" or "enum", its name "-" if it has none.
 */
static void all_members(struct vctx *x, uint32_t id, uint64_t base, int level, const struct expanding *up)
{
	const struct expanding here = { id, up };
	struct c2_type t;
	char tname[1024], dims[64];
	uint32_t i, inner;

	vt_resolved(x, id, &t);
	for (i = 0; i < t.nmembers; i++) {
		struct c2_member m;
		int anon;

		if (c2_type_member(x->c2, id, i, &m) < 0)
			vt_die(x->c2);
		anon = anonymous_type(x, m.type, &inner, dims, sizeof(dims), NULL);
		if (vt_is_aggregate(anon) && level < MAX_NEST) {
			vt_no_loop(&here, inner, m.name);
			all_members(x, inner, base + m.bit_offset, level + 1, &here);
		}
		if (!anon)
			vt_name(x, m.type, NULL, tname, sizeof(tname));
		printf("  %d %s%s %" PRIu64 " %u %" PRIu64 " %s\n", level, m.name[0] ? m.name : "-", anon ? dims : "",
		       base + m.bit_offset, m.bit_size, m.size, anon ? anon_word(anon) : tname);
	}
}

static int all_layouts(struct vctx *x)
{
	uint32_t n, id, first;
	struct c2_type t;

	/* With --module: the module's own types only. */
	if (c2_type_first(x->c2, &first, NULL) < 0 || c2_type_count(x->c2, &n) < 0)
		vt_die(x->c2);
	for (id = first; id < n; id++) {
		vt_get(x, id, &t);
		if (!vt_is_aggregate(t.kind) || !t.name[0])
			continue;
		if (x->r->json) {
			layout_json(x, id);
			continue;
		}
		printf("%s %s %" PRIu64 "\n", kind_word(t.kind), t.name, t.size);
		all_members(x, id, 0, 0, NULL);
	}
	return EXIT_OK;
}


/* --- The applet ----------------------------------------------------------------- */

static void diag_to_stderr(void *arg, const char *msg)
{
	warnf("%s", msg);
}

/* Layouts need types only: with --types and no object to read, no dump is
 * opened, so that a BTF file can be inspected anywhere. */
static struct c2 *types_handle(struct run *r, int need_dump)
{
	if (need_dump || !r->types || r->ncores)
		return target(r);
	if (!(r->c2 = c2_new()))
		die(EXIT_FAIL, "out of memory");
	if (r->verbose)
		c2_set_diag(r->c2, diag_to_stderr, NULL);
	if (c2_set_types_file(r->c2, r->types) < 0)
		die(EXIT_FAIL, "%s", c2_error(r->c2));
	if (r->module && c2_set_types_module(r->c2, r->module) < 0)
		die(EXIT_FAIL, "%s", c2_error(r->c2));
	return r->c2;
}

static uint64_t object_address(struct vctx *x, const char *arg)
{
	struct c2_sym s;
	uint64_t addr;

	if (parse_u64(arg, &addr) == 0)
		return addr;
	if (c2_sym_lookup(x->c2, arg, &s) < 0)
		die(EXIT_FAIL, "%s", c2_error(x->c2));
	return s.addr;
}

static int show_member(struct vctx *x, uint32_t id, const char *spec, const char *path, const char *addr_arg)
{
	struct c2_member m;
	char tname[1024];
	uint8_t *buf;
	uint64_t addr, len;

	if (c2_type_member_path(x->c2, id, path, &m) < 0) {
		const char *err = c2_error(x->c2);

		/* The message starts with the path; put the type name back. */
		if (!strncmp(err, path, strlen(path)))
			die(EXIT_FAIL, "%.*s%s", (int)(path - spec), spec, err);
		vt_die(x->c2);
	}
	vt_name(x, m.type, NULL, tname, sizeof(tname));
	if (!addr_arg) {
		if (x->r->json) {
			json_obj(&x->j);
			json_member_fields(x, &m);
			json_end_obj(&x->j);
			json_line_end(&x->j);
			return EXIT_OK;
		}
		printf("%s: offset %" PRIu64, spec, m.offset);
		if (m.bit_size)
			printf(" bit %u (bit offset %" PRIu64 ", %u bits)", (unsigned)(m.bit_offset % 8), m.bit_offset,
			       m.bit_size);
		printf(", size %" PRIu64 ", type %s\n", m.size, tname);
		return EXIT_OK;
	}
	addr = object_address(x, addr_arg);
	/* Read whole bytes covering the member, bitfields included. */
	len = m.bit_size ? (m.bit_offset % 8 + m.bit_size + 7) / 8 : m.size;
	if (len > MAX_OBJECT)
		die(EXIT_FAIL, "%s: %" PRIu64 " bytes: too large to print", spec, len);
	if (!(buf = calloc(1, len ? len : 1)))
		die(EXIT_FAIL, "out of memory");
	if (c2_read(x->c2, addr + m.offset, buf, len) < 0)
		die(EXIT_FAIL, "%s", c2_error(x->c2));
	x->obj = buf;
	x->obj_len = len;
	if (x->r->json) {
		json_obj(&x->j);
		json_key(&x->j, "name");
		json_cstr(&x->j, spec);
		json_key(&x->j, "type");
		json_cstr(&x->j, tname);
		json_key(&x->j, "address");
		json_addr(&x->j, addr + m.offset);
		json_key(&x->j, "value");
		value_print(x, m.type, buf, m.bit_size ? m.bit_offset % 8 : 0, m.bit_size, 0);
		json_end_obj(&x->j);
		json_line_end(&x->j);
	} else {
		printf("(%s) %s = ", tname, spec);
		value_print(x, m.type, buf, m.bit_size ? m.bit_offset % 8 : 0, m.bit_size, 0);
		putchar('\n');
	}
	free(buf);
	return EXIT_OK;
}

static int show_object(struct vctx *x, uint32_t id, const char *addr_arg)
{
	struct c2_type t;
	char tname[512];
	uint64_t addr = object_address(x, addr_arg);
	uint8_t *buf;

	vt_resolved(x, id, &t);
	vt_name(x, id, NULL, tname, sizeof(tname));
	if (t.size == 0 || t.size > MAX_OBJECT)
		die(EXIT_FAIL, "%s: %" PRIu64 " bytes: not an object to read", tname, t.size);
	if (!(buf = malloc(t.size)))
		die(EXIT_FAIL, "out of memory");
	if (c2_read(x->c2, addr, buf, t.size) < 0)
		die(EXIT_FAIL, "%s", c2_error(x->c2));
	x->obj = buf;
	x->obj_len = t.size;
	if (x->r->json) {
		json_obj(&x->j);
		json_key(&x->j, "type");
		json_cstr(&x->j, tname);
		json_key(&x->j, "address");
		json_addr(&x->j, addr);
		json_key(&x->j, "value");
		value_print(x, id, buf, 0, 0, 0);
		json_end_obj(&x->j);
		json_line_end(&x->j);
	} else {
		printf("(%s) 0x%016" PRIx64 " = ", tname, addr);
		value_print(x, id, buf, 0, 0, 0);
		putchar('\n');
	}
	free(buf);
	return EXIT_OK;
}

/* --- Assumption files ------------------------------------------------------- */

static const char *const kind_names[] = {
	"void", "int", "ptr", "array", "struct", "union", "enum", "fwd", "typedef", "volatile", "const",
	"restrict", "func", "func_proto", "var", "datasec", "float", "decl_tag", "type_tag", "enum64",
};

static int parse_kind(const char *s)
{
	size_t k;

	if (!strcmp(s, "any"))
		return C2_ANY;
	for (k = 0; k < sizeof(kind_names) / sizeof(kind_names[0]); k++)
		if (!strcmp(s, kind_names[k]))
			return (int)k;
	return -2;
}

/*
 * One assumption a line: "TYPE[.MEMBER] KIND SIZE [signed|unsigned]" or
 * "global NAME KIND SIZE [signed|unsigned]"; KIND and SIZE may be "any";
 * '#' starts a comment. Every line is checked and reported.
 */
static int check_file(struct vctx *x, const char *path)
{
	char line[1024], w[5][256];
	unsigned long lineno = 0, bad = 0, checked = 0;
	FILE *f = fopen(path, "re");

	if (!f)
		die(EXIT_FAIL, "%s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		int n, kind, sgn = C2_ANY, global, rc, strength = 0;
		int64_t size = C2_ANY;
		uint64_t v, offset = 0;
		char *hash = strchr(line, '#');

		lineno++;
		if (hash)
			*hash = '\0';
		n = sscanf(line, "%255s %255s %255s %255s %255s", w[0], w[1], w[2], w[3], w[4]);
		if (n <= 0)
			continue;
		global = !strcmp(w[0], "global");
		if (n < 3 + global || n > 4 + global)
			die(EXIT_USAGE, "%s:%lu: want TYPE[.MEMBER] KIND SIZE [signed|unsigned], or global NAME ...", path,
			    lineno);
		if ((kind = parse_kind(w[1 + global])) == -2)
			die(EXIT_USAGE, "%s:%lu: %s: not a kind (int ptr array struct union enum float ... or any)", path,
			    lineno, w[1 + global]);
		if (strcmp(w[2 + global], "any")) {
			if (parse_u64(w[2 + global], &v) < 0 || v > INT64_MAX)
				die(EXIT_USAGE, "%s:%lu: %s: not a size", path, lineno, w[2 + global]);
			size = (int64_t)v;
		}
		if (n == 4 + global) {
			if (strcmp(w[3 + global], "signed") && strcmp(w[3 + global], "unsigned"))
				die(EXIT_USAGE, "%s:%lu: %s: not signed or unsigned", path, lineno, w[3 + global]);
			sgn = !strcmp(w[3 + global], "signed");
		}
		checked++;
		if (global) {
			if (!x->c2)
				x->c2 = target(x->r);
			rc = c2_assert_global(x->c2, w[1], kind, size, sgn, &strength, NULL);
		} else {
			char *dot = w[0] + strcspn(w[0], ".[");
			struct c2_assumption a = { w[0], NULL, kind, size, sgn, 0 };
			char tname[256];

			snprintf(tname, sizeof(tname), "%.*s", (int)(dot - w[0]), w[0]);
			a.type = tname;
			a.member = *dot == '.' ? dot + 1 : dot;
			rc = c2_type_check(x->c2, &a, 1);
			offset = a.offset;
		}
		if (rc == C2_ETYPE) {
			warnf("%s:%lu: %s", path, lineno, c2_error(x->c2));
			bad++;
		} else if (rc < 0) {
			die(EXIT_FAIL, "%s:%lu: %s", path, lineno, c2_error(x->c2));
		} else if (global) {
			printf("ok %s (%s)\n", w[1], strength == C2_CHECKED_TYPE ? "type from BTF" :
				strength == C2_CHECKED_BOUND ? "symbol is data and room to the next symbol; no type known" :
				"symbol exists; nothing else known");
		} else {
			printf("ok %s (offset %" PRIu64 ")\n", w[0], offset);
		}
	}
	fclose(f);
	if (bad)
		return failf("%lu of %lu assumptions violated", bad, checked);
	return EXIT_OK;
}

static int structure_run(struct run *r, int argc, char **argv)
{
	struct vctx x = { .r = r, .depth_limit = 2 };
	char name[512];
	const char *spec, *path;
	struct c2_type t;
	uint32_t id, rid;
	uint64_t depth;

	if (r->seen[O_DEPTH] && (parse_u64(r->arg[O_DEPTH], &depth) < 0 || depth > 16))
		usage_error("-d %s: not a number from 0 to 16", r->arg[O_DEPTH]);
	if (r->seen[O_DEPTH])
		x.depth_limit = (int)depth;
	json_begin(&x.j, stdout);
	if (r->seen[O_CHECK]) {
		if (argc || r->seen[O_ALL])
			usage_error("--check takes no operands");
		x.c2 = types_handle(r, 0);
		return check_file(&x, r->arg[O_CHECK]);
	}
	if (r->seen[O_ALL]) {
		if (argc)
			usage_error("--all takes no operands");
		x.c2 = types_handle(r, 0);
		return all_layouts(&x);
	}
	if (argc < 1 || argc > 2)
		usage_error(argc ? "too many operands" : "no type name given");
	spec = argv[0];
	/* "task_struct.comm", "struct task_struct.se.load", "page.x[3]" */
	path = spec + strcspn(spec, ".[");
	if (path == spec || (size_t)(path - spec) >= sizeof(name))
		usage_error("%s: not NAME or NAME.MEMBER", spec);
	snprintf(name, sizeof(name), "%.*s", (int)(path - spec), spec);
	x.c2 = types_handle(r, argc == 2);
	if (c2_type_lookup(x.c2, name, &id) < 0)
		vt_die(x.c2);
	if (*path)
		return show_member(&x, id, spec, path, argc == 2 ? argv[1] : NULL);
	if (argc == 2)
		return show_object(&x, id, argv[1]);
	rid = vt_resolved(&x, id, &t);
	if (!vt_is_aggregate(t.kind)) {
		char tname[512];

		/* A typedef or an enum: what it stands for. */
		vt_name(&x, rid, NULL, tname, sizeof(tname));
		if (!r->json && (t.kind == C2_KIND_ENUM || t.kind == C2_KIND_ENUM64)) {
			const char *ename;
			int64_t v;
			uint32_t i;

			printf("%s {\n", tname);
			for (i = 0; i < t.nmembers; i++) {
				if (c2_type_enumerator(x.c2, rid, i, &ename, &v) < 0)
					vt_die(x.c2);
				printf("\t%s = %" PRId64 ",\n", ename, v);
			}
			printf("};\t/* size: %" PRIu64 " */\n", t.size);
			return EXIT_OK;
		}
		if (r->json) {
			json_obj(&x.j);
			json_key(&x.j, "name");
			json_cstr(&x.j, name);
			json_key(&x.j, "type");
			json_cstr(&x.j, tname);
			json_key(&x.j, "size");
			json_u64(&x.j, t.size);
			json_end_obj(&x.j);
			json_line_end(&x.j);
		} else {
			printf("%s: size %" PRIu64 ", type %s\n", name, t.size, tname);
		}
		return EXIT_OK;
	}
	if (r->json)
		layout_json(&x, id);
	else
		layout_text(&x, id);
	return EXIT_OK;
}

static const struct applet structure_applet = {
	.name = "struct",
	.summary = "show a structure's layout, a member's place, or an object's values",
	.usage = "NAME[.MEMBER...] [ADDR|SYMBOL] | --all | --check FILE",
	.help = "NAME is a struct, union, typedef or enum (\"struct x\", \"union x\" also work).\n"
		"Without ADDR: the layout (offset and size of each member, holes, bitfields as\n"
		":N), or for NAME.MEMBER its offset, size and type. With ADDR or SYMBOL: the\n"
		"object read from memory, nested structs expanded to -d levels.\n"
		"Types come from --types FILE, else from BTF in the dump's own memory, else\n"
		"from /sys/kernel/btf/vmlinux when the target is the running kernel (-v says\n"
		"which). With --types and no ADDR, no dump is opened.\n"
		"--check FILE: one assumption a line, \"TYPE[.MEMBER] KIND SIZE [signed|unsigned]\"\n"
		"(KIND: int ptr array struct union enum float ..., or any; SIZE in bytes or any),\n"
		"or \"global NAME KIND SIZE [signed|unsigned]\". Globals have no type in vmlinux\n"
		"BTF: unless BTF has the variable (per-cpu ones), only the symbol's kind and the\n"
		"room to the next symbol are checked, and the output says so.\n",
	.options = struct_opts,
	.run = structure_run,
};
APPLET(structure_applet);
