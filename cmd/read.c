/* core2 read: memory by symbol or address, as typed values, a hexdump or raw bytes. */
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "applet.h"

enum { O_TYPE = 1, O_COUNT, O_HEX, O_RAW, O_PHYS, O_MAX };

static const struct opt read_opts[] = {
	{ O_TYPE, 't', "type", "TYPE", "u8 u16 u32 u64 s8 s16 s32 s64 ptr cstr (default: u64)" },
	{ O_COUNT, 'n', "count", "N", "read N elements (bytes for -x and -r; default 1, or 64 bytes)" },
	{ O_HEX, 'x', "hex", NULL, "hexdump in xxd's layout, addresses in the offset column" },
	{ O_RAW, 'r', "raw", NULL, "raw bytes to stdout (refused on a terminal)" },
	{ O_PHYS, 'p', "physical", NULL, "ADDR is a physical address" },
	{ O_MAX, 0, "max", "N", "longest string for -t cstr (default 4096)" },
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
		printf(" <%s+0x%" PRIx64 ">", s.name, off);
	else if (named)
		printf(" <%s>", s.name);
	putchar('\n');
}

static void print_value(struct run *r, struct json *j, const struct vtype *t, const uint8_t *p)
{
	uint64_t u = 0;
	int64_t v;

	memcpy(&u, p, t->size);   /* little-endian target */
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

static int read_run(struct run *r, int argc, char **argv)
{
	const struct vtype *t = &types[3];
	uint64_t addr, count = 1, max = 4096, i;
	int phys = r->seen[O_PHYS], as_bytes = r->seen[O_HEX] || r->seen[O_RAW];
	struct json j;
	size_t k;

	if (argc != 1)
		usage_error("give one ADDR or SYMBOL[+OFFSET]");
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

	if (phys && parse_u64(argv[0], &addr) < 0)
		usage_error("%s: a physical address must be a number", argv[0]);
	target(r);
	addr = parse_location(r, argv[0], phys);
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
	.usage = "ADDR | SYMBOL[+OFFSET]",
	.help = "Values print one per line: integers in decimal, pointers in hex with the\n"
		"symbol they point into, strings with non-printable bytes escaped. Memory that\n"
		"is not in the dump is an error (exit 1), never zeros.\n",
	.options = read_opts,
	.run = read_run,
};
APPLET(read_applet);
