/* core2 sym: kernel symbols by name, by address (-r) or by glob (-g). */
#include <fnmatch.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "applet.h"

enum { O_REVERSE = 1, O_GLOB };

static const struct opt sym_opts[] = {
	{ O_REVERSE, 'r', "reverse", NULL, "operands are addresses: print NAME+0xOFF/0xSIZE" },
	{ O_GLOB, 'g', "glob", "PATTERN", "list the symbols whose names match a shell pattern" },
	{ 0 },
};

static void print_sym(struct run *r, struct json *j, const struct c2_sym *s)
{
	if (r->json) {
		json_obj(j);
		json_key(j, "name");
		json_cstr(j, s->name);
		json_key(j, "address");
		json_addr(j, s->addr);
		json_key(j, "type");
		json_str(j, &s->type, 1);
		if (s->module[0]) {
			json_key(j, "module");
			json_cstr(j, s->module);
		}
		json_end_obj(j);
		json_line_end(j);
		return;
	}
	/* The layout of /proc/kallsyms. */
	printf("%016" PRIx64 " %c %s", s->addr, s->type, s->name);
	if (s->module[0])
		printf("\t[%s]", s->module);
	putchar('\n');
}

static int by_names(struct run *r, int argc, char **argv)
{
	struct c2 *c2 = target(r);
	struct c2_sym *out = calloc(argc, sizeof(*out));
	int *found = calloc(argc, sizeof(*found));
	struct json j;
	int i, k, rc = EXIT_OK;

	if (!out || !found)
		die(EXIT_FAIL, "out of memory");
	/* "NAME [MODULE]", as /proc/kallsyms writes it: MODULE:NAME. */
	for (i = k = 0; i < argc; i++) {
		size_t len = i + 1 < argc ? strlen(argv[i + 1]) : 0;

		if (len > 2 && argv[i + 1][0] == '[' && argv[i + 1][len - 1] == ']') {
			char *both = malloc(len + strlen(argv[i]));

			if (!both)
				die(EXIT_FAIL, "out of memory");
			sprintf(both, "%.*s:%s", (int)(len - 2), argv[i + 1] + 1, argv[i]);
			argv[k++] = both;
			i++;
		} else {
			argv[k++] = argv[i];
		}
	}
	argc = k;
	if (c2_sym_lookup_many(c2, (const char *const *)argv, argc, out, found) < 0)
		die(EXIT_FAIL, "%s", c2_error(c2));
	json_begin(&j, stdout);
	for (i = 0; i < argc; i++) {
		if (found[i]) {
			print_sym(r, &j, &out[i]);
		} else {
			struct c2_sym again;

			/* The library's message says why, where it knows more
			 * (a kernel whose symbols list no variables). */
			if (c2_sym_lookup(c2, argv[i], &again) < 0)
				warnf("%s", c2_error(c2));
			else
				warnf("%s: no such symbol", argv[i]);
			rc = EXIT_FAIL;
		}
	}
	free(out);
	free(found);
	return rc;
}

static int by_addresses(struct run *r, int argc, char **argv)
{
	struct c2 *c2;
	struct json j;
	uint64_t addr, off;
	int i, rc = EXIT_OK;

	for (i = 0; i < argc; i++)
		if (parse_u64(argv[i], &addr) < 0)
			usage_error("%s: not an address", argv[i]);
	c2 = target(r);
	json_begin(&j, stdout);
	for (i = 0; i < argc; i++) {
		struct c2_sym s;

		parse_u64(argv[i], &addr);
		if (c2_sym_resolve_exported(c2, addr, &s, &off) < 0) {
			warnf("%s", c2_error(c2));
			rc = EXIT_FAIL;
			continue;
		}
		if (r->json) {
			json_obj(&j);
			json_key(&j, "address");
			json_addr(&j, addr);
			json_key(&j, "name");
			json_cstr(&j, s.name);
			json_key(&j, "symbol_address");
			json_addr(&j, s.addr);
			json_key(&j, "offset");
			json_u64(&j, off);
			/* Size 0: unknown (an exported variable of a kernel
			 * that lists no data symbols). */
			json_key(&j, "size");
			if (s.size)
				json_u64(&j, s.size);
			else
				json_null(&j);
			if (s.module[0]) {
				json_key(&j, "module");
				json_cstr(&j, s.module);
			}
			json_end_obj(&j);
			json_line_end(&j);
		} else if (!s.size) {
			printf("%s+0x%" PRIx64 "/?\n", s.name, off);
		} else {
			/* As the kernel prints a module's: func+0x1a/0x80 [ext4]. */
			printf("%s+0x%" PRIx64 "/0x%" PRIx64 "%s%s%s\n", s.name, off, s.size, s.module[0] ? " [" : "",
			       s.module, s.module[0] ? "]" : "");
		}
	}
	return rc;
}

struct glob_ctx {
	struct run *r;
	struct json j;
	const char *pattern;
	unsigned long matches;
};

static int glob_one(void *arg, const struct c2_sym *s)
{
	struct glob_ctx *g = arg;

	if (fnmatch(g->pattern, s->name, 0) == 0) {
		print_sym(g->r, &g->j, s);
		g->matches++;
	}
	return 0;
}

static int sym_run(struct run *r, int argc, char **argv)
{
	if (r->seen[O_GLOB]) {
		struct glob_ctx g = { .r = r, .pattern = r->arg[O_GLOB] };
		struct c2 *c2;

		if (argc || r->seen[O_REVERSE])
			usage_error("-g takes no other operands or options");
		c2 = target(r);
		json_begin(&g.j, stdout);
		if (c2_sym_foreach(c2, glob_one, &g) < 0)
			die(EXIT_FAIL, "%s", c2_error(c2));
		if (!g.matches)
			return failf("no symbol matches '%s'", g.pattern);
		return EXIT_OK;
	}
	if (argc == 0)
		usage_error("no symbol names given");
	return r->seen[O_REVERSE] ? by_addresses(r, argc, argv) : by_names(r, argc, argv);
}

static const struct applet sym_applet = {
	.name = "sym",
	.summary = "look up kernel symbols by name, address or glob",
	.usage = "NAME... | -r ADDR... | -g PATTERN",
	.help = "Prints ADDRESS TYPE NAME lines as /proc/kallsyms does, with [MODULE] for a\n"
		"module's symbols (read from the modules' own tables in memory when the core\n"
		"kernel lacks a name or address). NAME [MODULE] or MODULE:NAME picks one\n"
		"module's. Names that are not found are reported on stderr and make the exit\n"
		"status 1.\n",
	.options = sym_opts,
	.run = sym_run,
};
APPLET(sym_applet);
