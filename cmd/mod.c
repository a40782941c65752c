/* core2 mod: the loaded modules, as /proc/modules lists them, or in detail. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "applet.h"

enum { O_LONG = 1 };

static const struct opt mod_opts[] = {
	{ O_LONG, 'l', "long", NULL, "every detail of each module: regions, symbols, btf_data" },
	{ 0 },
};

struct mod_ctx {
	struct run *r;
	struct json j;
	int argc;
	char **argv;
	int *found;
	unsigned long listed;
};

static void print_json(struct mod_ctx *p, const struct c2_module *m)
{
	struct json *j = &p->j;
	unsigned i;

	json_obj(j);
	json_key(j, "name");
	json_cstr(j, m->name);
	json_key(j, "size");
	json_u64(j, m->size);
	json_key(j, "refcount");
	m->refcount >= 0 ? json_i64(j, m->refcount) : json_null(j);
	json_key(j, "users");
	m->users[0] ? json_cstr(j, m->users) : json_null(j);
	json_key(j, "state");
	json_cstr(j, m->state);
	json_key(j, "base");
	json_addr(j, m->base);
	json_key(j, "taints");
	json_cstr(j, m->flags);
	json_key(j, "module");
	json_addr(j, m->addr);
	json_key(j, "regions");
	json_arr(j);
	for (i = 0; i < m->nregions; i++) {
		json_obj(j);
		json_key(j, "name");
		json_cstr(j, m->region[i].name);
		json_key(j, "base");
		json_addr(j, m->region[i].base);
		json_key(j, "size");
		json_u64(j, m->region[i].size);
		json_end_obj(j);
	}
	json_end_arr(j);
	json_key(j, "symbols");
	json_u64(j, m->nsyms);
	/* mod->btf_data: 6.x kernels clear it once the module is loaded (its
	 * BTF lives on in btf_modules), so false says little there. */
	json_key(j, "btf_data");
	json_bool(j, m->btf != 0);
	if (m->btf) {
		json_key(j, "btf_address");
		json_addr(j, m->btf);
		json_key(j, "btf_size");
		json_u64(j, m->btf_size);
	}
	json_end_obj(j);
	json_line_end(j);
}

static void print_long(const struct c2_module *m)
{
	unsigned i;

	printf("name      %s\n", m->name);
	printf("module    0x%016" PRIx64 "\n", m->addr);
	printf("state     %s\n", m->state);
	printf("size      %" PRIu64 "\n", m->size);
	if (m->refcount >= 0)
		printf("refcount  %" PRId64 "\n", m->refcount);
	if (m->users[0])
		printf("users     %s\n", m->users);
	printf("taints    %s\n", m->flags[0] ? m->flags : "-");
	for (i = 0; i < m->nregions; i++)
		printf("%-9s 0x%016" PRIx64 " %" PRIu64 "\n", m->region[i].name, m->region[i].base, m->region[i].size);
	printf("symbols   %" PRIu32 "\n", m->nsyms);
	if (m->btf)
		printf("btf_data  0x%016" PRIx64 " %" PRIu64 " bytes\n", m->btf, m->btf_size);
	else
		printf("btf_data  none\n");
}

static int print_module(void *arg, const struct c2_module *m)
{
	struct mod_ctx *p = arg;
	int i, want = !p->argc;

	for (i = 0; i < p->argc; i++)
		if (!strcmp(p->argv[i], m->name))
			want = p->found[i] = 1;
	if (!want)
		return 0;
	if (p->r->json) {
		print_json(p, m);
	} else if (p->r->seen[O_LONG] || p->argc) {
		if (p->listed)
			putchar('\n');
		print_long(m);
	} else {
		/* The layout of /proc/modules (kernel/module/procfs.c). */
		printf("%s %" PRIu64, m->name, m->size);
		if (m->refcount >= 0)
			printf(" %" PRId64 " %s", m->refcount, m->users[0] ? m->users : "-");
		/* The flags only for a tainted module, as the kernel prints them. */
		printf(" %s 0x%016" PRIx64 "%s%s\n", m->state, m->base, m->taints ? " " : "", m->taints ? m->flags : "");
	}
	p->listed++;
	return 0;
}

static int mod_run(struct run *r, int argc, char **argv)
{
	struct mod_ctx p = { .r = r, .argc = argc, .argv = argv };
	uint64_t skipped = 0;
	struct c2 *c2;
	int i, rc = EXIT_OK;

	if (argc && !(p.found = calloc((size_t)argc, sizeof(*p.found))))
		die(EXIT_FAIL, "out of memory");
	c2 = target(r);
	json_begin(&p.j, stdout);
	if (c2_module_foreach(c2, print_module, &p, &skipped) < 0)
		die(EXIT_FAIL, "%s", c2_error(c2));
	if (skipped) {
		warnf("the module list could not be followed to its end (%" PRIu64
		      " unreadable, looping or changed links): the list is incomplete",
		      skipped);
		rc = EXIT_FAIL;
	}
	for (i = 0; i < argc; i++)
		if (!p.found[i]) {
			warnf("%s: no such module loaded", argv[i]);
			rc = EXIT_FAIL;
		}
	free(p.found);
	return rc;
}

static const struct applet mod_applet = {
	.name = "mod",
	.summary = "list the loaded modules, as /proc/modules does, or in detail",
	.usage = "[NAME...]",
	.help = "Without operands, one line per module as /proc/modules prints it: name,\n"
		"size, reference count, users, state, text address, taint flags. With\n"
		"names or -l: each module's memory regions, symbol count and mod->btf_data\n"
		"(6.x kernels clear it once the module is loaded).\n",
	.options = mod_opts,
	.run = mod_run,
};
APPLET(mod_applet);
