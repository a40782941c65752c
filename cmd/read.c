/* core2 read: memory by symbol, address or typed expression, as values, a hexdump or raw bytes. */
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "applet.h"
#include "value.h"

enum { O_TYPE = 1, O_COUNT, O_HEX, O_RAW, O_PHYS, O_MAX, O_SYMTYPE, O_DEPTH };

static const struct opt read_opts[] = {
	{ O_TYPE, 't', "type", "TYPE", "u8 u16 u32 u64 s8 s16 s32 s64 ptr cstr (default: u64)" },
	{ O_COUNT, 'n', "count", "N", "read N elements (bytes for -x and -r; default 1, or 64 bytes)" },
	{ O_HEX, 'x', "hex", NULL, "hexdump in xxd's layout, addresses in the offset column" },
	{ O_RAW, 'r', "raw", NULL, "raw bytes to stdout (refused on a terminal)" },
	{ O_PHYS, 'p', "physical", NULL, "ADDR is a physical address" },
	{ O_MAX, 0, "max", "N", "longest string for -t cstr (default 4096)" },
	{ O_SYMTYPE, 'T', "symbol-type", "TYPE", "the C type of the symbols in EXPR, e.g. 'struct task_struct'" },
	{ O_DEPTH, 'd', "depth", "N", "typed values: expand nested structs N levels deep (default 2)" },
	{ 0 },
};

struct vtype {
	const char *name;
	int size;       /* bytes; 0 for cstr */
	int is_signed;
};

static const struct vtype types[] = {
	{ "u8", 1, 0 }, { "u16", 2, 0 }, { "u32", 4, 0 }, { "u64", 8, 0 },
	{ "s8", 1, 1 }, { "s16", 2, 1 }, { "s32", 4, 1 }, { "s64", 8, 1 },
	{ "ptr", 8, 0 }, { "cstr", 0, 0 },
};

#define CHUNK 65536u

/* "SYMBOL", "SYMBOL+OFF", "SYMBOL-OFF" or a number. */
static uint64_t parse_location(struct run *r, const char *expr, int phys)
{
	char name[C2_SYM_NAME_MAX];
	const char *op = strpbrk(expr, "+-");
	uint64_t base, off = 0;
	struct c2_sym s;

	if (parse_u64(expr, &base) == 0 || phys)
		return base;
	if (op && (op == expr || parse_u64(op + 1, &off) < 0))
		usage_error("%s: not an address or SYMBOL[+OFFSET]", expr);
	snprintf(name, sizeof(name), "%.*s", op ? (int)(op - expr) : (int)strlen(expr), expr);
	if (c2_sym_lookup(target(r), name, &s) < 0)
		die(EXIT_FAIL, "%s", c2_error(r->c2));
	return op && *op == '-' ? s.addr - off : s.addr + off;
}

static void read_or_die(struct run *r, int phys, uint64_t addr, void *buf, size_t len)
{
	int rc = phys ? c2_read_phys(r->c2, addr, buf, len) : c2_read(r->c2, addr, buf, len);

	if (rc < 0)
		die(EXIT_FAIL, "%s", c2_error(r->c2));
}

static void hexdump(struct run *r, int phys, uint64_t addr, uint64_t count)
{
	uint8_t buf[CHUNK];
	uint64_t done = 0;

	while (done < count) {
		size_t len = count - done < CHUNK ? count - done : CHUNK, i, k;

		read_or_die(r, phys, addr + done, buf, len);
		for (i = 0; i < len; i += 16) {
			size_t row = len - i < 16 ? len - i : 16;

			printf("%016" PRIx64 ":", addr + done + i);
			for (k = 0; k < 16; k++) {
				if (k % 2 == 0)
					putchar(' ');
				if (k < row)
					printf("%02x", buf[i + k]);
				else
					fputs("  ", stdout);
			}
			fputs("  ", stdout);
			for (k = 0; k < row; k++)
				putchar(isprint(buf[i + k]) ? buf[i + k] : '.');
			putchar('\n');
		}
		done += len;
	}
}

static void raw(struct run *r, int phys, uint64_t addr, uint64_t count)
{
	uint8_t buf[CHUNK];
	uint64_t done = 0;

	if (isatty(STDOUT_FILENO))
		usage_error("-r writes raw bytes: redirect stdout to a file or a pipe");
	while (done < count) {
		size_t len = count - done < CHUNK ? count - done : CHUNK;

		read_or_die(r, phys, addr + done, buf, len);
		if (fwrite(buf, 1, len, stdout) != len)
			break;   /* reported by the stdout check at exit */
		done += len;
	}
}

static void print_pointer(struct run *r, struct json *j, uint64_t v)
{
	struct c2_sym s;
	uint64_t off;
	int named = v && c2_sym_resolve(r->c2, v, &s, &off) == 0;

	if (r->json) {
		json_addr(j, v);
		return;
	}
	printf("0x%016" PRIx64, v);
	if (named && off)
		printf(" <%s+0x%" PRIx64 "%s%s%s>", s.name, off, s.module[0] ? " [" : "", s.module, s.module[0] ? "]" : "");
	else if (named)
		printf(" <%s%s%s%s>", s.name, s.module[0] ? " [" : "", s.module, s.module[0] ? "]" : "");
	putchar('\n');
}

static void print_value(struct run *r, struct json *j, const struct vtype *t, const uint8_t *p)
{
	uint64_t u = 0;
	int64_t v;

	u = c2_load_uint(r->c2, p, t->size);
	if (!strcmp(t->name, "ptr")) {
		print_pointer(r, j, u);
		return;
	}
	if (t->is_signed) {
		int shift = 64 - 8 * t->size;

		v = (int64_t)(u << shift) >> shift;
		if (r->json)
			json_i64(j, v);
		else
			printf("%" PRId64 "\n", v);
	} else if (r->json) {
		json_u64(j, u);
	} else {
		printf("%" PRIu64 "\n", u);
	}
}

static void cstrings(struct run *r, struct json *j, int phys, uint64_t addr, uint64_t count, uint64_t max)
{
	char *buf = malloc(max + 1);
	uint64_t i;

	if (!buf)
		die(EXIT_FAIL, "out of memory");
	/* Consecutive strings: each starts after the previous one's NUL. */
	for (i = 0; i < count; i++) {
		size_t len;

		if (phys) {
			/* No string helper for physical memory: read bytewise. */
			for (len = 0; len < max; len++) {
				read_or_die(r, 1, addr + len, buf + len, 1);
				if (!buf[len])
					break;
			}
			buf[len] = '\0';
		} else if (c2_read_cstr(r->c2, addr, buf, max + 1, &len) < 0) {
			die(EXIT_FAIL, "%s", c2_error(r->c2));
		}
		if (r->json) {
			json_str(j, buf, len);
		} else {
			print_escaped(stdout, buf, len);
			putchar('\n');
		}
		addr += len + 1;
	}
	free(buf);
}

/* --- Typed expressions ---------------------------------------------------------- */

#define MAX_OBJECT (16u << 20)
#define MAX_SHOWN_STRING 256

/* Plain "SYMBOL", "SYMBOL+OFF" or a number: the untyped forms read always took. */
static int is_location(const char *expr)
{
	return !strpbrk(expr, "[]()*&>. \t");
}

/* Symbols with dots that the compiler made ("x.isra.0", "y.cold"): a part
 * that is a number or a known suffix, which no member path has. Only these
 * are looked up whole, so that other malformed expressions are usage errors
 * before any dump is opened. */
static int is_symbol_name(struct run *r, const char *expr)
{
	static const char *const suffixes[] = { "cold", "isra", "part", "constprop", "lto_priv", "llvm", "localalias" };
	const char *p = expr;
	int compiler_made = 0;
	struct c2_sym s;
	size_t n, k;

	if (expr[strspn(expr, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.$")])
		return 0;
	while ((p = strchr(p, '.'))) {
		n = strcspn(++p, ".");
		if (n && strspn(p, "0123456789") >= n)
			compiler_made = 1;
		for (k = 0; k < sizeof(suffixes) / sizeof(suffixes[0]); k++)
			if (strlen(suffixes[k]) == n && !strncmp(p, suffixes[k], n))
				compiler_made = 1;
	}
	return compiler_made && c2_sym_lookup(target(r), expr, &s) == 0;
}

static int char_pointee(struct c2 *c2, const struct c2_value *v)
{
	struct c2_type t;
	uint32_t id = v->type;

	if (v->ptrs > 1)
		return 0;
	if (v->ptrs == 0) {
		if (c2_type_resolve(c2, id, &id) < 0 || c2_type_get(c2, id, &t) < 0 || t.kind != C2_KIND_PTR)
			return 0;
		id = t.type;
	}
	return id && c2_type_resolve(c2, id, &id) == 0 && c2_type_get(c2, id, &t) == 0 && t.kind == C2_KIND_INT &&
	       t.is_char;
}

/* After a char pointer, the string it points to, as a debugger shows it;
 * nothing when it does not read. */
static void pointed_string(struct run *r, uint64_t p)
{
	char buf[MAX_SHOWN_STRING + 1];
	size_t len;

	if (!p || c2_read_cstr(r->c2, p, buf, sizeof(buf), &len) < 0)
		return;
	printf(" \"");
	print_escaped(stdout, buf, len);
	printf(len == MAX_SHOWN_STRING ? "\"..." : "\"");
}

static void typed_value(struct run *r, const char *expr, const struct c2_value *v, int depth)
{
	struct vctx x = { .r = r, .c2 = r->c2, .depth_limit = depth };
	char tname[512];
	uint8_t small[8], *buf = small;
	uint64_t len = v->size, ptr = 0;

	if (c2_value_type_name(r->c2, v, tname, sizeof(tname)) < 0)
		vt_die(r->c2);
	if (r->verbose)
		warnf(v->in_memory ? "%s: %s at 0x%016" PRIx64 : "%s: %s, a value", expr, tname, v->addr);
	if (v->in_memory) {
		/* Whole bytes covering the object, bitfields included. */
		if (v->bit_size)
			len = (v->bit_offset + v->bit_size + 7) / 8;
		if (v->type == C2_UNTYPED || len == 0)
			die(EXIT_FAIL, "%s: %s has no size to read", expr, tname);
		if (len > MAX_OBJECT)
			die(EXIT_FAIL, "%s: %" PRIu64 " bytes: too large to print (use -x or -r)", expr, len);
		if (len > sizeof(small) && !(buf = malloc(len)))
			die(EXIT_FAIL, "out of memory");
		read_or_die(r, 0, v->addr, buf, len);
	} else {
		len = 8;
		memcpy(small, &v->value, 8);   /* as memory holds it: every back end is little-endian */
	}
	x.obj = buf;
	x.obj_len = len;
	json_begin(&x.j, stdout);
	if (r->json) {
		json_obj(&x.j);
		json_key(&x.j, "expr");
		json_cstr(&x.j, expr);
		json_key(&x.j, "type");
		json_cstr(&x.j, tname);
		if (v->in_memory) {
			json_key(&x.j, "address");
			json_addr(&x.j, v->addr);
		}
		json_key(&x.j, "value");
	}
	if (v->ptrs || v->type == C2_UNTYPED) {
		ptr = c2_load_uint(r->c2, buf, 8);
		value_pointer(&x, ptr);
	} else {
		value_print(&x, v->type, buf, v->bit_offset, v->bit_size, 0);
		if (char_pointee(r->c2, v))
			ptr = c2_load_uint(r->c2, buf, 8);
	}
	if (!r->json && char_pointee(r->c2, v))
		pointed_string(r, v->ptrs ? c2_load_uint(r->c2, buf, 8) : ptr);
	if (r->json) {
		json_end_obj(&x.j);
		json_line_end(&x.j);
	} else {
		putchar('\n');
	}
	if (buf != small)
		free(buf);
}

static int read_run(struct run *r, int argc, char **argv)
{
	const struct vtype *t = &types[3];
	uint64_t addr, count = 1, max = 4096, i, depth = 2;
	int phys = r->seen[O_PHYS], as_bytes = r->seen[O_HEX] || r->seen[O_RAW], typed;
	const char *sym_type = r->seen[O_SYMTYPE] ? r->arg[O_SYMTYPE] : NULL;
	struct c2_value v;
	char err[512];
	struct json j;
	size_t k;

	if (argc != 1)
		usage_error("give one ADDR, SYMBOL[+OFFSET] or EXPR");
	if (r->seen[O_HEX] && r->seen[O_RAW])
		usage_error("-x and -r exclude each other");
	if (r->seen[O_TYPE]) {
		for (k = 0; k < sizeof(types) / sizeof(types[0]); k++)
			if (!strcmp(types[k].name, r->arg[O_TYPE]))
				break;
		if (k == sizeof(types) / sizeof(types[0]))
			usage_error("%s: unknown type (u8 u16 u32 u64 s8 s16 s32 s64 ptr cstr)", r->arg[O_TYPE]);
		t = &types[k];
		if (as_bytes && t->size == 0)
			usage_error("-t cstr cannot be combined with -x or -r");
	}
	if (as_bytes)
		count = 64;
	if (r->seen[O_COUNT] && (parse_u64(r->arg[O_COUNT], &count) < 0 || count == 0))
		usage_error("-n %s: not a positive number", r->arg[O_COUNT]);
	if (r->seen[O_MAX] && (parse_u64(r->arg[O_MAX], &max) < 0 || max == 0 || max > (1u << 30)))
		usage_error("--max %s: not a number from 1 to 2^30", r->arg[O_MAX]);
	/* -x and -r count bytes; with -t they count elements of that type. */
	if (as_bytes && r->seen[O_TYPE]) {
		if (count > UINT64_MAX / t->size)
			usage_error("-n %s: too large", r->arg[O_COUNT]);
		count *= t->size;
	}

	if (r->seen[O_DEPTH] && (parse_u64(r->arg[O_DEPTH], &depth) < 0 || depth > 16))
		usage_error("-d %s: not a number from 0 to 16", r->arg[O_DEPTH]);

	/* A bare symbol is a location (8 bytes, or -t, -x, -r), unless it is
	 * a global core2 knows the type of and nothing says how to read it. */
	typed = sym_type || !is_location(argv[0]) ||
		(c2_known_global_type(argv[0]) && !r->seen[O_TYPE] && !as_bytes && !phys && !r->seen[O_COUNT]);
	if (typed && phys)
		usage_error("-p takes an address; typed expressions are virtual");
	if (typed && c2_expr_check(argv[0], sym_type != NULL, err, sizeof(err)) < 0) {
		if (!is_symbol_name(r, argv[0]))
			usage_error("%s", err);
		typed = 0;
	}
	if (phys && parse_u64(argv[0], &addr) < 0)
		usage_error("%s: a physical address must be a number", argv[0]);
	target(r);
	if (!typed) {
		addr = parse_location(r, argv[0], phys);
	} else {
		if (c2_eval(r->c2, argv[0], sym_type, &v) < 0)
			die(EXIT_FAIL, "%s", c2_error(r->c2));
		if (!r->seen[O_TYPE] && !as_bytes) {
			typed_value(r, argv[0], &v, (int)depth);
			return EXIT_OK;
		}
		/* -t, -x, -r: at the object, or where a value points. */
		addr = v.in_memory ? v.addr : v.value;
		if (as_bytes && !r->seen[O_COUNT] && v.in_memory && v.size)
			count = v.size;
	}
	if (r->seen[O_HEX]) {
		hexdump(r, phys, addr, count);
		return EXIT_OK;
	}
	if (r->seen[O_RAW]) {
		raw(r, phys, addr, count);
		return EXIT_OK;
	}
	json_begin(&j, stdout);
	if (r->json) {
		json_obj(&j);
		json_key(&j, "address");
		json_addr(&j, addr);
		json_key(&j, "type");
		json_cstr(&j, t->name);
		json_key(&j, "values");
		json_arr(&j);
	}
	if (t->size == 0) {
		cstrings(r, &j, phys, addr, count, max);
	} else {
		uint8_t buf[CHUNK];

		for (i = 0; i < count;) {
			uint64_t n = (count - i) * t->size < CHUNK ? count - i : CHUNK / t->size, e;

			read_or_die(r, phys, addr + i * t->size, buf, n * t->size);
			for (e = 0; e < n; e++)
				print_value(r, &j, t, buf + e * t->size);
			i += n;
		}
	}
	if (r->json) {
		json_end_arr(&j);
		json_end_obj(&j);
		json_line_end(&j);
	}
	return EXIT_OK;
}

static const struct applet read_applet = {
	.name = "read",
	.summary = "read memory by symbol or address",
	.usage = "ADDR | SYMBOL[+OFFSET] | EXPR",
	.help = "Values print one per line: integers in decimal, pointers in hex with the\n"
		"symbol they point into, strings with non-printable bytes escaped. Memory that\n"
		"is not in the dump is an error (exit 1), never zeros.\n"
		"EXPR is a typed expression in C: members ('.', '->'), indexes ('[3]'), '*',\n"
		"'&' and casts, e.g. 'init_task.comm', 'init_uts_ns.name.release', or\n"
		"'((struct task_struct *)0xffff...)->pid'. Global variables have no type in\n"
		"vmlinux BTF; core2 knows a few that every kernel declares alike (init_task,\n"
		"init_uts_ns, init_mm, init_nsproxy, init_pid_ns, init_cred, init_fs,\n"
		"init_files, init_net, init_user_ns, jiffies, jiffies_64, panic_cpu,\n"
		"tainted_mask, system_state, oops_in_progress, nr_threads, max_threads),\n"
		"checked against the symbol's extent. Give other symbols a type with -T, or\n"
		"cast, e.g. '((struct file *)&some_file)->f_flags' or '(struct file)some_file'.\n"
		"A bare known global prints by its type too, unless -t, -x, -r or -n is given.\n"
		"The result prints by its type, as 'core2 struct NAME ADDR' prints objects;\n"
		"with -t, -x or -r, memory is read at the object's address (-x, -r: its size).\n"
		"A malformed expression, or a symbol used as an object without a type, is a\n"
		"usage error (exit 2); unknown members or types, and indexes out of range,\n"
		"exit 1.\n",
	.options = read_opts,
	.run = read_run,
};
APPLET(read_applet);
