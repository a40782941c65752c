/* Modules: struct module's layout from the type layer, then modules.c walks. */
#include <ctype.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "../internal.h"
#include "modules.h"

static int read_mem(void *arg, uint64_t addr, void *buf, size_t len)
{
	return c2_read(arg, addr, buf, len);
}

/* The offset of an optional member, or MODULES_NONE. */
static uint32_t opt_member(struct c2 *c2, uint32_t id, const char *path, uint64_t *size)
{
	struct c2_member m;

	if (c2_type_member_path(c2, id, path, &m) < 0)
		return MODULES_NONE;
	if (size)
		*size = m.size;
	return (uint32_t)m.offset;
}

static int64_t enum_or(struct c2 *c2, const char *name, int64_t dflt)
{
	int64_t v;

	return c2_type_enum_value(c2, 0, name, &v) == 0 ? v : dflt;
}

/* mem[MOD_*] (6.4+): one region per element, named by enum mod_mem_type. */
static int regions_mem(struct c2 *c2, uint32_t mod, struct modules_layout *l)
{
	struct c2_assumption a[] = {
		{ "module_memory", "base", C2_KIND_PTR, 8, C2_ANY, 0 },
		{ "module_memory", "size", C2_KIND_INT, 4, C2_ANY, 0 },
	};
	struct c2_member mem;
	struct c2_type arr, elem;
	uint32_t eid = 0, i, j, rid;
	int rc;

	if ((rc = c2_type_member_path(c2, mod, "mem", &mem)) < 0 || (rc = c2_type_resolve(c2, mem.type, &rid)) < 0 ||
	    (rc = c2_type_get(c2, rid, &arr)) < 0)
		return rc;
	if (arr.kind != C2_KIND_ARRAY || !arr.nelems || arr.nelems > C2_MOD_REGIONS ||
	    c2_type_resolve(c2, arr.type, &rid) < 0 || c2_type_get(c2, rid, &elem) < 0 || elem.kind != C2_KIND_STRUCT)
		return c2_fail(c2, C2_ETYPE, "modules: module.mem is not an array of at most %d struct module_memory",
			       C2_MOD_REGIONS);
	if ((rc = c2_type_check(c2, a, 2)) < 0)
		return rc;
	c2_type_find(c2, "enum mod_mem_type", &eid);
	l->nregions = arr.nelems;
	for (i = 0; i < arr.nelems; i++) {
		const char *en = NULL;
		struct c2_type et;
		int64_t v;

		snprintf(l->region[i].name, sizeof(l->region[i].name), "mem%u", i);
		if (eid && c2_type_get(c2, eid, &et) == 0)
			for (j = 0; j < et.nmembers; j++)
				if (c2_type_enumerator(c2, eid, j, &en, &v) == 0 && v == i && !strncmp(en, "MOD_", 4)) {
					size_t k;

					snprintf(l->region[i].name, sizeof(l->region[i].name), "%s", en + 4);
					for (k = 0; l->region[i].name[k]; k++)
						l->region[i].name[k] = (char)tolower((unsigned char)l->region[i].name[k]);
					break;
				}
		l->region[i].base = (uint32_t)(mem.offset + i * elem.size + a[0].offset);
		l->region[i].size = (uint32_t)(mem.offset + i * elem.size + a[1].offset);
	}
	return 0;
}

/* core_layout and init_layout (before 6.4). */
static int regions_layout(struct c2 *c2, struct modules_layout *l)
{
	struct c2_assumption a[] = {
		{ "module", "core_layout.base", C2_KIND_PTR, 8, C2_ANY, 0 },
		{ "module", "core_layout.size", C2_KIND_INT, 4, C2_ANY, 0 },
		{ "module", "init_layout.base", C2_KIND_PTR, 8, C2_ANY, 0 },
		{ "module", "init_layout.size", C2_KIND_INT, 4, C2_ANY, 0 },
	};
	int rc;

	if ((rc = c2_type_check(c2, a, 4)) < 0)
		return rc;
	l->nregions = 2;
	snprintf(l->region[0].name, sizeof(l->region[0].name), "core");
	l->region[0].base = a[0].offset;
	l->region[0].size = a[1].offset;
	snprintf(l->region[1].name, sizeof(l->region[1].name), "init");
	l->region[1].base = a[2].offset;
	l->region[1].size = a[3].offset;
	return 0;
}

/* The memory layout changed in 6.4 from two layouts to mem[]. */
static int regions(struct c2 *c2, uint32_t mod, struct modules_layout *l)
{
	return opt_member(c2, mod, "mem", NULL) != MODULES_NONE ? regions_mem(c2, mod, l) : regions_layout(c2, l);
}

/* with_users 0: no users column (its struct module_use lies far into
 * vmlinux's BTF, read on demand: symbol loading does without it). */
static int layout(struct c2 *c2, struct modules_layout *l, int with_users)
{
	struct c2_assumption a[] = {
		{ "module", "list", C2_KIND_STRUCT, 16, C2_ANY, 0 },
		{ "module", "name", C2_KIND_ARRAY, C2_ANY, C2_ANY, 0 },
		{ "module", "state", C2_KIND_ENUM, 4, C2_ANY, 0 },
		{ "module", "taints", C2_KIND_INT, 8, C2_ANY, 0 },
	};
	struct c2_assumption ks[] = {
		{ "mod_kallsyms", "symtab", C2_KIND_PTR, 8, C2_ANY, 0 },
		{ "mod_kallsyms", "num_symtab", C2_KIND_INT, 4, C2_ANY, 0 },
		{ "mod_kallsyms", "strtab", C2_KIND_PTR, 8, C2_ANY, 0 },
	};
	struct c2_type t;
	struct c2_sym head;
	struct c2_member name;
	uint32_t mod, id;
	uint64_t sz;
	int rc;

	if ((rc = c2_type_check(c2, a, sizeof(a) / sizeof(a[0]))) < 0 || (rc = c2_type_find(c2, "struct module", &mod)) < 0 ||
	    (rc = c2_type_get(c2, mod, &t)) < 0 || (rc = c2_type_member_path(c2, mod, "name", &name)) < 0)
		return rc;
	if ((rc = c2_sym_lookup_core(c2, "modules", &head)) < 0)
		return rc;
	if (t.size > 1 << 16)
		return c2_fail(c2, C2_ETYPE, "modules: struct module has %llu bytes", (unsigned long long)t.size);
	l->head = head.addr;
	l->size = (uint32_t)t.size;
	l->list = a[0].offset;
	l->name = a[1].offset;
	l->name_len = (uint32_t)name.size;
	l->state = a[2].offset;
	l->taints = a[3].offset;
	l->state_live = enum_or(c2, "MODULE_STATE_LIVE", 0);
	l->state_coming = enum_or(c2, "MODULE_STATE_COMING", 1);
	l->state_going = enum_or(c2, "MODULE_STATE_GOING", 2);
	l->state_unformed = enum_or(c2, "MODULE_STATE_UNFORMED", 3);
	/* Present with CONFIG_MODULE_UNLOAD. */
	l->refcnt = opt_member(c2, mod, "refcnt", NULL);
	l->source_list = opt_member(c2, mod, "source_list", NULL);
	l->init = opt_member(c2, mod, "init", NULL);
	l->exit = opt_member(c2, mod, "exit", NULL);
	l->use_source_list = l->use_source = MODULES_NONE;
	if (with_users && c2_type_find(c2, "struct module_use", &id) == 0) {
		l->use_source_list = opt_member(c2, id, "source_list", NULL);
		l->use_source = opt_member(c2, id, "source", NULL);
	}
	if (l->use_source_list == MODULES_NONE || l->use_source == MODULES_NONE)
		l->source_list = MODULES_NONE;
	if ((rc = regions(c2, mod, l)) < 0)
		return rc;
	/* With CONFIG_KALLSYMS; typetab since 5.12. */
	l->kallsyms = opt_member(c2, mod, "kallsyms", NULL);
	if (l->kallsyms != MODULES_NONE && c2_type_check(c2, ks, 3) == 0 &&
	    c2_type_find(c2, "struct mod_kallsyms", &id) == 0 && c2_type_get(c2, id, &t) == 0) {
		l->ks_symtab = ks[0].offset;
		l->ks_num_symtab = ks[1].offset;
		l->ks_strtab = ks[2].offset;
		l->ks_typetab = opt_member(c2, id, "typetab", NULL);
		l->ks_size = (uint32_t)t.size;
	} else {
		l->kallsyms = MODULES_NONE;
	}
	l->btf_data = opt_member(c2, mod, "btf_data", NULL);
	l->btf_data_size = opt_member(c2, mod, "btf_data_size", NULL);
	l->syms = opt_member(c2, mod, "syms", NULL);
	l->num_syms = opt_member(c2, mod, "num_syms", NULL);
	if (c2_type_find(c2, "struct kernel_symbol", &id) == 0 && c2_type_get(c2, id, &t) == 0) {
		l->ksym_size = (uint32_t)t.size;
		if ((l->ksym_value = opt_member(c2, id, "value_offset", &sz)) != MODULES_NONE && sz == 4) {
			l->ksym_prel32 = 1;
			l->ksym_name = opt_member(c2, id, "name_offset", NULL);
		} else {
			l->ksym_value = opt_member(c2, id, "value", NULL);
			l->ksym_name = opt_member(c2, id, "name", NULL);
		}
	}
	if (l->ksym_value == MODULES_NONE || l->ksym_name == MODULES_NONE || !l->ksym_size)
		l->syms = MODULES_NONE;
	return 0;
}

int modules_holds_itself(struct c2 *c2, uint64_t mod)
{
	struct modules_layout l;
	uint32_t id;
	unsigned i;

	memset(&l, 0, sizeof(l));
	if (c2_type_find(c2, "struct module", &id) < 0 ||
	    regions(c2, id, &l) < 0)
		return 0;
	for (i = 0; i < l.nregions; i++) {
		uint64_t base;
		uint32_t size;

		if (c2_read_u64(c2, mod + l.region[i].base, &base) == 0 &&
		    c2_read_u32(c2, mod + l.region[i].size, &size) == 0 && mod >= base && mod - base < size)
			return 1;
	}
	return 0;
}

int c2_module_foreach(struct c2 *c2, int (*cb)(void *arg, const struct c2_module *m), void *arg, uint64_t *skipped)
{
	struct modules_layout l;
	struct modules_stats st;
	int rc;

	memset(&l, 0, sizeof(l));
	if ((rc = layout(c2, &l, 1)) < 0)
		return c2_fail(c2, rc, "modules: %s", c2_error(c2));
	rc = modules_walk(&l, read_mem, c2, cb, arg, &st);
	if (rc == C2_ENOMEM && st.truncated < 0)
		return c2_fail(c2, C2_ENOMEM, "out of memory");
	if (skipped)
		*skipped = st.unreadable + st.cycles + st.damaged + (uint64_t)(st.truncated > 0);
	if (st.unreadable || st.cycles || st.damaged || st.truncated > 0)
		c2_diagf(c2, "modules: %llu unreadable links, %llu loops, %llu links not pointing back%s",
			 (unsigned long long)st.unreadable, (unsigned long long)st.cycles,
			 (unsigned long long)st.damaged, st.truncated > 0 ? ", module limit reached" : "");
	return rc;
}

struct find_ctx {
	const char *name;
	uint64_t addr;
	struct c2_module *out;
};

static int find_name(void *arg, const struct c2_module *m)
{
	struct find_ctx *f = arg;

	if (strcmp(m->name, f->name))
		return 0;
	*f->out = *m;
	return 1;
}

static int holds(const struct c2_module *m, uint64_t addr)
{
	unsigned i;

	for (i = 0; i < m->nregions; i++)
		if (addr >= m->region[i].base && addr - m->region[i].base < m->region[i].size)
			return 1;
	return 0;
}

static int find_addr(void *arg, const struct c2_module *m)
{
	struct find_ctx *f = arg;

	if (!holds(m, f->addr))
		return 0;
	*f->out = *m;
	return 1;
}

int c2_module_find(struct c2 *c2, const char *name, struct c2_module *out)
{
	struct find_ctx f = { .name = name, .out = out };
	int rc = c2_module_foreach(c2, find_name, &f, NULL);

	if (rc < 0)
		return rc;
	return rc ? 0 : c2_fail(c2, C2_ENOENT, "%s: no such module loaded", name);
}

int c2_module_by_addr(struct c2 *c2, uint64_t addr, struct c2_module *out)
{
	struct find_ctx f = { .addr = addr, .out = out };
	int rc = c2_module_foreach(c2, find_addr, &f, NULL);

	if (rc < 0)
		return rc;
	return rc ? 0 : c2_fail(c2, C2_ENOENT, "0x%llx: in no module", (unsigned long long)addr);
}

struct load_ctx {
	struct c2 *c2;
	struct modules_layout *l;
	uint64_t addr;      /* not 0: only the module holding it */
	c2_modsym_fn *add;
	void *arg;
	uint64_t skipped;
	const struct c2_module *m;
	int rc;
};

static int load_sym(void *arg, const struct modules_sym *s)
{
	struct load_ctx *x = arg;

	return x->add(x->arg, x->m, s->value, s->type, s->name);
}

static int load_module(void *arg, const struct c2_module *m)
{
	struct load_ctx *x = arg;
	struct modules_sym_stats st;
	char err[256];
	int rc;

	/* /proc/kallsyms leaves out modules still being set up. */
	if (!strcmp(m->state, "Unformed") || (x->addr && !holds(m, x->addr)))
		return 0;
	x->m = m;
	rc = modules_symbols(x->l, read_mem, x->c2, m, load_sym, x, &st, err, sizeof(err));
	x->skipped += st.skipped;
	if (rc < 0) {
		/* One module's table that cannot be read: counted, the others go on. */
		c2_diagf(x->c2, "modules: %s", err);
		x->skipped++;
		return 0;
	}
	if (rc > 0)
		x->rc = rc;
	return rc;
}

int modules_load_symbols(struct c2 *c2, uint64_t addr, c2_modsym_fn *add, void *arg, uint64_t *skipped)
{
	struct modules_layout l;
	struct modules_stats st;
	struct load_ctx x = { .c2 = c2, .l = &l, .addr = addr, .add = add, .arg = arg };
	int rc;

	memset(&l, 0, sizeof(l));
	if ((rc = layout(c2, &l, 0)) < 0)
		return c2_fail(c2, rc, "modules: %s", c2_error(c2));
	if (l.kallsyms == MODULES_NONE)
		return c2_fail(c2, C2_ENOENT, "modules: struct module has no kallsyms in this kernel's types");
	rc = modules_walk(&l, read_mem, c2, load_module, &x, &st);
	if (rc == C2_ENOMEM && st.truncated < 0)
		return c2_fail(c2, C2_ENOMEM, "out of memory");
	x.skipped += st.unreadable + st.cycles + st.damaged + (uint64_t)(st.truncated > 0);
	if (skipped)
		*skipped = x.skipped;
	return rc;
}

/* --- Module BTF ------------------------------------------------------------------ */

struct btf_ctx {
	struct c2 *c2;
	c2_modbtf_fn *fn;
	void *arg;
	char (*seen)[64];
	size_t nseen, cap;
	unsigned given;       /* entries passed to fn */
	int rc;
};

static int btf_seen(struct btf_ctx *x, const char *name)
{
	size_t i;

	for (i = 0; i < x->nseen; i++)
		if (!strcmp(x->seen[i], name))
			return 1;
	return 0;
}

static int btf_entry(void *arg, const struct modules_btf *e)
{
	struct btf_ctx *x = arg;
	struct c2_modbtf m = { e->name, e->data, e->size, e->start_id, e->err };

	if (x->nseen == x->cap) {
		char(*ns)[64] = realloc(x->seen, (x->cap = x->cap ? x->cap * 2 : 32) * sizeof(*ns));

		if (!ns)
			return x->rc = C2_ENOMEM;
		x->seen = ns;
	}
	snprintf(x->seen[x->nseen++], 64, "%s", e->name);
	x->given++;
	return x->rc = x->fn(x->arg, &m);
}

/* A module whose BTF is not on btf_modules but still in mod->btf_data
 * (kernels that keep it there, or one not yet registered). */
static int btf_data_entry(void *arg, const struct c2_module *mod)
{
	struct btf_ctx *x = arg;
	struct c2_modbtf m = { mod->name, mod->btf, mod->btf_size, 0, NULL };

	if (!mod->btf || btf_seen(x, mod->name))
		return 0;
	if (!mod->btf_size || mod->btf_size > MODULES_BTF_MAX)
		m.err = "its btf_data_size is 0 or above 16 MB";
	x->given++;
	return x->rc = x->fn(x->arg, &m);
}

/* struct btf_module's and struct btf's layouts by what they hold
 * (modules_btf_find): both lie far into vmlinux's BTF, and finding them by
 * name reads most of it. C2_ENOENT, with why, where the content does not
 * tell. */
static int btf_layout_by_content(struct c2 *c2, uint64_t head, const struct c2_member *mod_name,
				 struct modules_btf_layout *l)
{
	const char *name = "btf_vmlinux";
	struct modules_btf_anchors a = {
		.head = head, .mod_name = (uint32_t)mod_name->offset, .mod_name_len = (uint32_t)mod_name->size,
	};
	struct c2_sym sym;
	char err[300];
	int rc, found = 0;

	if ((rc = types_vmlinux_counts(c2, &a.base_ids, &a.base_str_len)) < 0)
		return c2_fail(c2, C2_ENOENT, "vmlinux's count of BTF ids is unknown");
	if (sym_lookup_many_core(c2, &name, 1, &sym, &found) < 0 || !found || c2_read_u64(c2, sym.addr, &a.base) < 0 ||
	    !a.base)
		return c2_fail(c2, C2_ENOENT, "no btf_vmlinux");
	rc = modules_btf_find(&a, read_mem, c2, l, err, sizeof(err));
	return rc < 0 ? c2_fail(c2, rc, "%s", err) : C2_OK;
}

/* struct btf_module and struct btf by content, else from the types;
 * btf_modules from the symbols. C2_ENOENT when this kernel has no such
 * list, C2_ETYPE when its layout is not known either way. */
static int btf_layout(struct c2 *c2, struct modules_btf_layout *l)
{
	struct c2_assumption a[] = {
		{ "btf_module", "list", C2_KIND_STRUCT, 16, C2_ANY, 0 },
		{ "btf_module", "module", C2_KIND_PTR, 8, C2_ANY, 0 },
		{ "btf_module", "btf", C2_KIND_PTR, 8, C2_ANY, 0 },
		{ "btf", "data", C2_KIND_PTR, 8, C2_ANY, 0 },
		{ "btf", "data_size", C2_KIND_INT, 4, C2_ANY, 0 },
		{ "btf", "start_id", C2_KIND_INT, 4, C2_ANY, 0 },
		{ "btf", "start_str_off", C2_KIND_INT, 4, C2_ANY, 0 },
		{ "module", "name", C2_KIND_ARRAY, C2_ANY, C2_ANY, 0 },
	};
	struct c2_member name;
	struct c2_sym head;
	char why[300];
	uint32_t mod;
	int rc;

	if ((rc = c2_sym_lookup_core(c2, "btf_modules", &head)) < 0)
		return c2_fail(c2, C2_ENOENT, "the symbols have no btf_modules (a kernel before 5.11 or without "
					      "CONFIG_DEBUG_INFO_BTF_MODULES?)");
	if ((rc = c2_type_find(c2, "struct module", &mod)) < 0 || (rc = c2_type_member_path(c2, mod, "name", &name)) < 0)
		return rc;
	if ((rc = btf_layout_by_content(c2, head.addr, &name, l)) == 0)
		return 0;
	if (rc == C2_ENOMEM)
		return rc;
	snprintf(why, sizeof(why), "%s", c2_error(c2));
	c2_diagf(c2, "modules: btf_modules' layout not found by content (%s): from the types", why);
	if ((rc = c2_type_check(c2, a, sizeof(a) / sizeof(a[0]))) < 0)
		return c2_fail(c2, C2_ETYPE, "%s; nor from the types: %s", why, c2_error(c2));
	l->head = head.addr;
	l->bm_list = (uint32_t)a[0].offset;
	l->bm_module = (uint32_t)a[1].offset;
	l->bm_btf = (uint32_t)a[2].offset;
	l->data = (uint32_t)a[3].offset;
	l->data_size = (uint32_t)a[4].offset;
	l->start_id = (uint32_t)a[5].offset;
	l->start_str_off = (uint32_t)a[6].offset;
	l->mod_name = (uint32_t)a[7].offset;
	l->mod_name_len = (uint32_t)name.size;
	return 0;
}

int modules_btf_foreach(struct c2 *c2, c2_modbtf_fn *fn, void *arg)
{
	struct btf_ctx x = { .c2 = c2, .fn = fn, .arg = arg };
	struct modules_btf_layout l;
	char why[600], err[300];
	int rc, list, unknown = 0;

	memset(&l, 0, sizeof(l));
	if ((rc = btf_layout(c2, &l)) == 0) {
		list = 1;
		rc = modules_btf_walk(&l, read_mem, c2, btf_entry, &x, err, sizeof(err));
		if (rc < 0 && !x.rc) {
			free(x.seen);
			return c2_fail(c2, rc, "%s", err);
		}
	} else {
		list = 0;
		unknown = rc == C2_ETYPE;   /* the list is there, its layout not known */
		snprintf(why, sizeof(why), "%s", c2_error(c2));
		c2_diagf(c2, "modules: no btf_modules list, looking for mod->btf_data: %s", why);
		rc = 0;
	}
	if (!rc) {
		rc = c2_module_foreach(c2, btf_data_entry, &x, NULL);
		if (rc < 0 && !x.rc && !list) {
			snprintf(err, sizeof(err), "%s", c2_error(c2));
			free(x.seen);
			return c2_fail(c2, C2_ENOENT, "no module BTF: %s; and %s", why, err);
		}
		if (rc < 0 && !x.rc)
			rc = 0;   /* btf_modules was read: the fallback is extra */
	}
	free(x.seen);
	if (!rc && unknown && !x.given)
		return c2_fail(c2, C2_ENOENT, "no module BTF: %s", why);
	return rc;
}
