/* Symbols: choosing a source and answering lookups; see core2.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"
#include "kallsyms.h"
#include "recover.h"

/* A table read from text: System.map, /proc/kallsyms, VMCOREINFO. */
struct text_sym {
	uint64_t addr;
	char type;
	char *name;
	char *module;
};

struct symtab {
	char source[160];
	struct kallsyms *ks;
	int ks_checked;           /* the address encoding was confirmed */
	const char *ref_name;     /* the reference symbol VMCOREINFO gives */
	uint64_t ref_addr;
	struct text_sym *v;       /* address order */
	size_t n;
	struct text_sym **by_name;
	struct modsyms *mods;     /* module symbols, loaded at the first need */
	int mods_rc;              /* 0 not tried, 1 loaded, < 0 failed */
	struct modsyms *near;     /* until then, those of the modules addresses
				     were asked in, one module at a time */
	int near_busy;            /* loading one: no recursion */
	char mods_why[256];       /* why they failed */
	int ranges_known;         /* data_ranges looked up (found[] valid) */
	int range_found[5];
	uint64_t range[5][2];
	int data_syms;            /* 0 not known yet, 1 lists data symbols, -1 code only */
	uint64_t image_end;       /* image_known_end's, once found */
	struct recovery *rec;     /* variables found in memory instead (recover.c) */
};

/* Module symbols from the dump's memory: v in /proc/kallsyms order. */
struct modsyms {
	struct text_sym *v;
	size_t n, cap;
	struct text_sym **by_addr, **by_name;
	struct modregion {
		uint64_t base, end;
		char *module;     /* shared with the symbols */
	} *r;
	size_t nr, rcap;
	char *last;               /* the module name being added */
	uint64_t skipped;
	int rc;
};

static void modsyms_free(struct modsyms *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->n; i++)
		free(m->v[i].name);
	for (i = 0; i < m->nr; i++)
		if (!i || m->r[i].module != m->r[i - 1].module)
			free(m->r[i].module);
	free(m->v);
	free(m->by_addr);
	free(m->by_name);
	free(m->r);
	free(m);
}

/*
 * Where the kernel keeps its variables, as its linker script bounds them
 * (include/asm-generic/vmlinux.lds.h and the architecture's): .data, .rodata
 * (with .data..ro_after_init), .bss, the init sections, and the per-cpu
 * area. A symbol's kallsyms type letter cannot tell: 7.x's kallsyms lists
 * init_task and jiffies as 'T'.
 */
static const char *const data_ranges[5][2] = {
	{ "_sdata", "_edata" }, { "__start_rodata", "__end_rodata" }, { "__bss_start", "__bss_stop" },
	{ "__init_begin", "__init_end" }, { "__per_cpu_start", "__per_cpu_end" },
};
#define NRANGES (sizeof(data_ranges) / sizeof(data_ranges[0]))

/* Symbols VMCOREINFO gives on every kernel that also sit in kallsyms: used to
 * confirm the kallsyms address encoding and to tell whether a System.map
 * needs the KASLR offset added. */
static const char *const reference_syms[] = { "_stext", "init_uts_ns", "swapper_pg_dir", "node_online_map" };

void symtab_free(struct symtab *t)
{
	size_t i;

	if (!t)
		return;
	ks_close(t->ks);
	modsyms_free(t->mods);
	modsyms_free(t->near);
	for (i = 0; i < t->n; i++) {
		free(t->v[i].name);
		free(t->v[i].module);
	}
	free(t->v);
	free(t->by_name);
	recovery_free(t->rec);
	free(t);
}

int c2_set_symbols_file(struct c2 *c2, const char *path)
{
	free(c2->symbols_file);
	c2->symbols_file = path ? strdup(path) : NULL;
	return path && !c2->symbols_file ? c2_fail(c2, C2_ENOMEM, "out of memory") : C2_OK;
}

static int by_addr(const void *a, const void *b)
{
	const struct text_sym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x < y ? -1 : x > y;   /* stable: keep file order */
}

static int addr_before(const struct text_sym *x, const struct text_sym *y)
{
	return x->addr != y->addr ? x->addr < y->addr : x < y;
}

static int name_before(const struct text_sym *x, const struct text_sym *y)
{
	int c = strcmp(x->name, y->name);

	return c ? c < 0 : x < y;
}

/* Sort pointers (a merge sort, bottom up): musl's qsort moves each element
 * with a memcpy call, which was a third of `sym -r` of a module address. */
static int sort_syms(struct text_sym **v, size_t n, int (*before)(const struct text_sym *, const struct text_sym *))
{
	struct text_sym **tmp = malloc((n ? n : 1) * sizeof(*tmp)), **from = v, **to = tmp, **swap;
	size_t w, i;

	if (!tmp)
		return C2_ENOMEM;
	for (w = 1; w < n; w *= 2) {
		for (i = 0; i < n; i += 2 * w) {
			size_t a = i, am = i + w < n ? i + w : n, b = am, bm = i + 2 * w < n ? i + 2 * w : n, k = i;

			while (a < am && b < bm)
				to[k++] = before(from[b], from[a]) ? from[b++] : from[a++];
			while (a < am)
				to[k++] = from[a++];
			while (b < bm)
				to[k++] = from[b++];
		}
		swap = from;
		from = to;
		to = swap;
	}
	if (from != v)
		memcpy(v, from, n * sizeof(*v));
	free(tmp);
	return C2_OK;
}

static int text_add(struct c2 *c2, struct symtab *t, size_t *cap, uint64_t addr, char type, const char *name,
		    const char *module)
{
	if (t->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 4096;
		struct text_sym *nv = realloc(t->v, nc * sizeof(*nv));

		if (!nv)
			return c2_fail(c2, C2_ENOMEM, "out of memory");
		t->v = nv;
		*cap = nc;
	}
	t->v[t->n].addr = addr;
	t->v[t->n].type = type;
	t->v[t->n].name = strdup(name);
	t->v[t->n].module = strdup(module ? module : "");
	if (!t->v[t->n].name || !t->v[t->n].module)
		return c2_fail(c2, C2_ENOMEM, "out of memory");
	t->n++;
	return 0;
}

/* t->by_name over t->v (in address order) again. */
static int name_index(struct c2 *c2, struct symtab *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		t->by_name[i] = &t->v[i];
	return sort_syms(t->by_name, t->n, name_before) < 0 ? c2_fail(c2, C2_ENOMEM, "out of memory") : 0;
}

static int text_index(struct c2 *c2, struct symtab *t)
{
	qsort(t->v, t->n, sizeof(*t->v), by_addr);
	if (!(t->by_name = malloc((t->n ? t->n : 1) * sizeof(*t->by_name))))
		return c2_fail(c2, C2_ENOMEM, "out of memory");
	return name_index(c2, t);
}

/* Lines "ADDRESS TYPE NAME" with an optional "\t[module]". */
static int text_load(struct c2 *c2, struct symtab *t, const char *path, int *all_zero)
{
	FILE *f = fopen(path, "re");
	char line[1024];
	size_t cap = 0, lineno = 0;
	int rc = 0;

	*all_zero = 1;
	if (!f)
		return c2_fail(c2, errno == ENOENT ? C2_ENOENT : C2_EIO, "%s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char name[C2_SYM_NAME_MAX], module[64] = "", type;
		unsigned long long addr;
		int got;

		lineno++;
		got = sscanf(line, "%llx %c %511s [%63[^]]]", &addr, &type, name, module);
		if (got < 3) {
			rc = c2_fail(c2, C2_EFORMAT, "%s:%zu: not a System.map or kallsyms line", path, lineno);
			break;
		}
		if (addr)
			*all_zero = 0;
		if ((rc = text_add(c2, t, &cap, addr, type, name, module)) < 0)
			break;
	}
	if (!rc && ferror(f))
		rc = c2_fail(c2, C2_EIO, "%s: %s", path, strerror(errno));
	fclose(f);
	if (!rc && t->n == 0)
		rc = c2_fail(c2, C2_EFORMAT, "%s: no symbols in it", path);
	return rc ? rc : text_index(c2, t);
}

static struct text_sym *text_find(struct symtab *t, const char *name)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(t->by_name[mid]->name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < t->n && !strcmp(t->by_name[lo]->name, name) ? t->by_name[lo] : NULL;
}

/* A System.map lists link-time addresses; the dumped kernel may have been
 * moved by KASLR. Compare a symbol VMCOREINFO knows to decide. */
static int text_relocate(struct c2 *c2, struct symtab *t, const char *path)
{
	uint64_t koff = 0, want;
	char key[64];
	size_t i, k;

	if (c2_vmcoreinfo_num(c2, "KERNELOFFSET", &koff) < 0 || koff == 0)
		return 0;
	for (k = 0; k < sizeof(reference_syms) / sizeof(reference_syms[0]); k++) {
		struct text_sym *s = text_find(t, reference_syms[k]);

		snprintf(key, sizeof(key), "SYMBOL(%s)", reference_syms[k]);
		if (!s || c2_vmcoreinfo_num(c2, key, &want) < 0)
			continue;
		if (s->addr == want)
			return 0;
		if (s->addr + koff != want)
			return c2_fail(c2, C2_EFORMAT,
				       "%s: %s is at 0x%llx there but at 0x%llx in the dump: symbols of another kernel?",
				       path, reference_syms[k], (unsigned long long)s->addr, (unsigned long long)want);
		c2_diagf(c2, "symbols: %s has link-time addresses; adding the KASLR offset 0x%llx", path,
			 (unsigned long long)koff);
		for (i = 0; i < t->n; i++)
			if (t->v[i].type != 'A' && t->v[i].type != 'a')
				t->v[i].addr += koff;
		qsort(t->v, t->n, sizeof(*t->v), by_addr);
		return name_index(c2, t);
	}
	c2_diagf(c2, "symbols: cannot check %s against VMCOREINFO; using its addresses as they are", path);
	return 0;
}

/* The first reference symbol VMCOREINFO gives an address for. */
static int pick_reference(struct c2 *c2, struct symtab *t)
{
	char key[64];
	size_t k;

	for (k = 0; k < sizeof(reference_syms) / sizeof(reference_syms[0]); k++) {
		snprintf(key, sizeof(key), "SYMBOL(%s)", reference_syms[k]);
		if (c2_vmcoreinfo_num(c2, key, &t->ref_addr) == 0) {
			t->ref_name = reference_syms[k];
			return 0;
		}
	}
	return c2_fail(c2, C2_EFORMAT, "kallsyms in the dump: no VMCOREINFO symbol to confirm the address encoding");
}

static int read_for_ks(void *arg, uint64_t addr, void *buf, size_t len)
{
	return c2_read(arg, addr, buf, len);
}

/*
 * Kernels before 6.0 give VMCOREINFO no kallsyms fields: look for the
 * tables in the kernel image, between _stext and init_uts_ns (the text,
 * .rodata where kallsyms lies, the start of .data), both in VMCOREINFO
 * since 4.x.
 */
static int kallsyms_search(struct c2 *c2, struct ks_layout *l)
{
	uint64_t lo, hi;
	char err[256];

	if (!c2->arch || c2_vmcoreinfo_num(c2, "SYMBOL(_stext)", &lo) < 0 ||
	    c2_vmcoreinfo_num(c2, "SYMBOL(init_uts_ns)", &hi) < 0 || hi <= lo || hi - lo > (1u << 30)) {
		c2_diagf(c2, "symbols: VMCOREINFO has no kallsyms fields, nor _stext and init_uts_ns to search between");
		return C2_ENOENT;
	}
	if (ks_locate(read_for_ks, c2, c2->kernel_start, lo, hi, l, err, sizeof(err)) < 0) {
		c2_diagf(c2, "symbols: VMCOREINFO has no kallsyms fields (kernels before 6.0 lack them), and between "
			 "_stext and init_uts_ns: %s", err);
		return C2_ENOENT;
	}
	c2_diagf(c2, "symbols: VMCOREINFO has no kallsyms fields (kernels before 6.0 lack them): found the tables in "
		 "memory, kallsyms_token_index at 0x%llx", (unsigned long long)l->token_index);
	return C2_OK;
}

static int kallsyms_try(struct c2 *c2, struct symtab *t)
{
	struct ks_layout l = { 0 };
	struct { const char *key; uint64_t *dst; } f[] = {
		{ "SYMBOL(kallsyms_names)", &l.names },
		{ "SYMBOL(kallsyms_num_syms)", &l.num_syms },
		{ "SYMBOL(kallsyms_token_table)", &l.token_table },
		{ "SYMBOL(kallsyms_token_index)", &l.token_index },
		{ "SYMBOL(kallsyms_addresses)", &l.addresses },
		{ "SYMBOL(kallsyms_offsets)", &l.offsets },
		{ "SYMBOL(kallsyms_relative_base)", &l.relative_base },
	};
	char err[256];
	size_t i;
	int rc;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		c2_vmcoreinfo_num(c2, f[i].key, f[i].dst);
	if (!l.names && (rc = kallsyms_search(c2, &l)) < 0)
		return rc;
	if ((rc = pick_reference(c2, t)) < 0)
		return rc;
	if ((rc = ks_open(&t->ks, &l, read_for_ks, c2, err, sizeof(err))) < 0) {
		c2_diagf(c2, "symbols: kallsyms in memory unusable: %s", err);
		return c2_fail(c2, rc, "kallsyms in the dump: %s", err);
	}
	snprintf(t->source, sizeof(t->source), "kallsyms in the dump's memory (%u symbols, %s%s)", ks_count(t->ks),
		 ks_encoding_name(ks_encoding(t->ks)),
		 ks_has_name_index(t->ks) ? ", name index" : ", no name index: names are scanned");
	return 0;
}

/* fn(arg, name, address) for each of VMCOREINFO's SYMBOL() lines; stops
 * at fn's first nonzero return, which is returned. */
static int vmcoreinfo_symbol_foreach(struct c2 *c2, int (*fn)(void *arg, const char *name, uint64_t addr), void *arg)
{
	const char *raw = c2_vmcoreinfo_raw(c2), *p;
	int rc;

	if (!raw)
		return C2_ENOENT;
	for (p = raw; (p = strstr(p, "SYMBOL(")); p++) {
		char name[C2_SYM_NAME_MAX];
		unsigned long long addr;

		if ((p == raw || p[-1] == '\n') && sscanf(p, "SYMBOL(%511[^)])=%llx", name, &addr) == 2 &&
		    (rc = fn(arg, name, addr)))
			return rc;
	}
	return 0;
}

struct vmci_add {
	struct c2 *c2;
	struct symtab *t;
	size_t cap;
};

static int vmci_add(void *arg, const char *name, uint64_t addr)
{
	struct vmci_add *a = arg;
	int rc = text_add(a->c2, a->t, &a->cap, addr, '?', name, NULL);

	return rc < 0 ? rc : 0;
}

static int vmcoreinfo_symbols(struct c2 *c2, struct symtab *t)
{
	struct vmci_add a = { c2, t, 0 };
	int rc;

	if ((rc = vmcoreinfo_symbol_foreach(c2, vmci_add, &a)) < 0)
		return rc;
	snprintf(t->source, sizeof(t->source), "VMCOREINFO SYMBOL() entries only (%zu symbols)", t->n);
	return text_index(c2, t);
}

static int sym_init(struct c2 *c2)
{
	struct symtab *t;
	int rc, all_zero;

	if (c2->syms)
		return 0;
	if (!(t = calloc(1, sizeof(*t))))
		return c2_fail(c2, C2_ENOMEM, "out of memory");
	if (c2->symbols_file) {
		if ((rc = text_load(c2, t, c2->symbols_file, &all_zero)) < 0 ||
		    (rc = text_relocate(c2, t, c2->symbols_file)) < 0)
			goto fail;
		snprintf(t->source, sizeof(t->source), "%s (given with --symbols, %zu symbols)", c2->symbols_file, t->n);
	} else if ((rc = kallsyms_try(c2, t)) == 0) {
		/* chosen */
	} else if (rc != C2_ENOENT) {
		goto fail;
	} else if (!strcmp(c2_path(c2), "/proc/kcore") && text_load(c2, t, "/proc/kallsyms", &all_zero) == 0 &&
		   !all_zero) {
		snprintf(t->source, sizeof(t->source), "/proc/kallsyms of the running kernel (%zu symbols)", t->n);
	} else {
		if (!strcmp(c2_path(c2), "/proc/kcore") && t->n && all_zero)
			c2_diagf(c2, "symbols: /proc/kallsyms shows only zero addresses (kptr_restrict): run as root, "
				     "or set /proc/sys/kernel/kptr_restrict to 0");
		symtab_free(t);
		if (!(t = calloc(1, sizeof(*t))))
			return c2_fail(c2, C2_ENOMEM, "out of memory");
		if ((rc = vmcoreinfo_symbols(c2, t)) < 0) {
			rc = c2_fail(c2, rc, "no symbol source: no kallsyms in VMCOREINFO, no /proc/kallsyms, "
					     "no VMCOREINFO; give one with --symbols");
			goto fail;
		}
	}
	c2_diagf(c2, "symbols: %s", t->source);
	c2->syms = t;
	return 0;
fail:
	symtab_free(t);
	return rc;
}

static void from_ks(struct c2_sym *out, const struct ks_sym *s)
{
	out->addr = s->addr;
	out->size = 0;
	out->type = s->type;
	snprintf(out->name, sizeof(out->name), "%s", s->name);
	out->module[0] = '\0';
}

static void from_text(struct c2_sym *out, const struct text_sym *s)
{
	out->addr = s->addr;
	out->size = 0;
	out->type = s->type;
	snprintf(out->name, sizeof(out->name), "%s", s->name);
	snprintf(out->module, sizeof(out->module), "%s", s->module);
}

/* Confirm the kallsyms address encoding: the reference symbol, looked up
 * by name (index idx), must decode to VMCOREINFO's address. */
static int ks_check(struct c2 *c2, struct symtab *t, uint32_t idx)
{
	int rc;

	if (idx == UINT32_MAX)
		return c2_fail(c2, C2_EFORMAT, "kallsyms in the dump: %s (from VMCOREINFO) is not in it", t->ref_name);
	if ((rc = ks_confirm(t->ks, idx, t->ref_addr)) < 0)
		return c2_fail(c2, rc, "kallsyms in the dump: %s", ks_error(t->ks));
	t->ks_checked = 1;
	c2_diagf(c2, "symbols: address encoding confirmed with %s: %s", t->ref_name,
		 ks_encoding_name(ks_encoding(t->ks)));
	return 0;
}

static int modsym_add(void *arg, const struct c2_module *m, uint64_t addr, char type, const char *name)
{
	struct modsyms *x = arg;
	unsigned i;

	if (!x->last || strcmp(x->last, m->name)) {
		if (!(x->last = strdup(m->name))) {
			x->rc = C2_ENOMEM;
			return 1;
		}
		for (i = 0; i < m->nregions; i++) {
			if (!m->region[i].size)
				continue;
			if (x->nr == x->rcap) {
				size_t nc = x->rcap ? x->rcap * 2 : 64;
				struct modregion *nr = realloc(x->r, nc * sizeof(*nr));

				if (!nr) {
					x->rc = C2_ENOMEM;
					return 1;
				}
				x->r = nr;
				x->rcap = nc;
			}
			x->r[x->nr].base = m->region[i].base;
			x->r[x->nr].end = m->region[i].base + m->region[i].size;
			x->r[x->nr++].module = x->last;
		}
		if (x->nr == 0 || x->r[x->nr - 1].module != x->last) {
			/* a module without regions: keep its name owned somewhere */
			free(x->last);
			x->last = NULL;
			return 0;
		}
	}
	if (x->n == x->cap) {
		size_t nc = x->cap ? x->cap * 2 : 4096;
		struct text_sym *nv = realloc(x->v, nc * sizeof(*nv));

		if (!nv) {
			x->rc = C2_ENOMEM;
			return 1;
		}
		x->v = nv;
		x->cap = nc;
	}
	x->v[x->n].addr = addr;
	x->v[x->n].type = type;
	x->v[x->n].module = x->last;
	if (!(x->v[x->n].name = strdup(name))) {
		x->rc = C2_ENOMEM;
		return 1;
	}
	x->n++;
	return 0;
}

/* x->by_addr over x->v (again after more were added); no name index yet. */
static int mods_index(struct modsyms *x)
{
	size_t i;

	free(x->by_name);
	x->by_name = NULL;
	free(x->by_addr);
	if (!(x->by_addr = malloc((x->n ? x->n : 1) * sizeof(*x->by_addr))))
		return C2_ENOMEM;
	for (i = 0; i < x->n; i++)
		x->by_addr[i] = &x->v[i];
	return sort_syms(x->by_addr, x->n, addr_before);
}

/* Add to x the symbols of every module (addr 0) or of the one holding addr,
 * and index them by address. */
static int mods_add(struct c2 *c2, struct modsyms *x, uint64_t addr)
{
	int rc = handle_module_symbols(c2, addr, modsym_add, x, &x->skipped);

	if (x->rc || (rc >= 0 && mods_index(x) < 0))
		return c2_fail(c2, C2_ENOMEM, "out of memory");
	if (rc < 0)
		return rc;
	c2_diagf(c2, "symbols: %zu module symbols from the modules' own tables in memory%s%s", x->n,
		 addr ? " (of the modules holding the addresses asked for)" : "",
		 x->skipped ? " (some skipped: unreadable)" : "");
	return 0;
}

/* Load every module's symbols, once; only where the symbols come from the
 * dump's kallsyms (a --symbols file or /proc/kallsyms lists modules itself). */
static int mods_load(struct c2 *c2, struct symtab *t)
{
	struct modsyms *x;
	int rc;

	if (t->mods_rc)
		return t->mods_rc < 0 ? t->mods_rc : 0;
	if (!t->ks) {
		t->mods_rc = 1;
		return 0;
	}
	if (!(x = calloc(1, sizeof(*x))))
		return c2_fail(c2, C2_ENOMEM, "out of memory");
	t->mods_rc = C2_ENOENT;   /* the walk looks symbols up: no recursion */
	if ((rc = mods_add(c2, x, 0)) < 0) {
		/* The core kernel's symbols still answer: say why modules do not. */
		c2_diagf(c2, "symbols: no module symbols: %s", c2_error(c2));
		snprintf(t->mods_why, sizeof(t->mods_why), "%s", c2_error(c2));
		modsyms_free(x);
		t->mods_rc = rc;
		return rc;
	}
	t->mods = x;
	t->mods_rc = 1;
	return 0;
}

/* The module symbols to resolve addr with: every module's once loaded, else
 * those of the modules addresses were asked in so far, the one holding addr
 * loaded now if need be (an address needs one module's table: ext4's alone
 * costs a third of all thirteen on bookworm's dumps). *out NULL: none. */
static int mods_near(struct c2 *c2, struct symtab *t, uint64_t addr, struct modsyms **out)
{
	struct modsyms *x = t->near;
	size_t i;
	int rc;

	*out = t->mods;
	if (t->mods_rc || t->near_busy)
		return t->mods_rc < 0 ? t->mods_rc : 0;
	if (!x && !(x = t->near = calloc(1, sizeof(*x))))
		return c2_fail(c2, C2_ENOMEM, "out of memory");
	*out = x;
	for (i = 0; i < x->nr; i++)
		if (addr >= x->r[i].base && addr < x->r[i].end)
			return 0;
	t->near_busy = 1;
	rc = mods_add(c2, x, addr);
	t->near_busy = 0;
	if (rc < 0) {
		snprintf(t->mods_why, sizeof(t->mods_why), "%s", c2_error(c2));
		modsyms_free(x);
		t->near = NULL;
		*out = NULL;
		return rc;
	}
	return 0;
}

/* NAME, or MODULE:NAME for one module's: *out, or NULL. The name index is
 * made at the first name asked for (an address needs none). */
static int mods_find(struct c2 *c2, struct modsyms *x, const char *name, struct text_sym **out)
{
	const char *colon = strchr(name, ':');
	size_t lo = 0, hi = x->n, mlen = colon ? (size_t)(colon - name) : 0;

	*out = NULL;
	if (!x->by_name) {
		if (!(x->by_name = malloc((x->n ? x->n : 1) * sizeof(*x->by_name))))
			return c2_fail(c2, C2_ENOMEM, "out of memory");
		memcpy(x->by_name, x->by_addr, x->n * sizeof(*x->by_name));
		if (sort_syms(x->by_name, x->n, name_before) < 0) {
			free(x->by_name);
			x->by_name = NULL;
			return c2_fail(c2, C2_ENOMEM, "out of memory");
		}
	}
	if (colon)
		name = colon + 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(x->by_name[mid]->name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < x->n && !strcmp(x->by_name[lo]->name, name); lo++)
		if (!colon || (strlen(x->by_name[lo]->module) == mlen && !strncmp(x->by_name[lo]->module, name - mlen - 1, mlen))) {
			*out = x->by_name[lo];
			break;
		}
	return C2_OK;
}

/* The module symbol containing addr: the nearest below it in the same
 * module region, its size running to the next symbol of that module or the
 * region's end. */
static int mods_resolve(struct c2 *c2, struct modsyms *x, uint64_t addr, struct c2_sym *out, uint64_t *offset)
{
	const struct modregion *r = NULL;
	size_t lo = 0, hi = x->n, i, j;
	uint64_t next;

	for (i = 0; i < x->nr && !r; i++)
		if (addr >= x->r[i].base && addr < x->r[i].end)
			r = &x->r[i];
	if (!r)
		return c2_fail(c2, C2_ENOENT, "0x%llx is in neither the kernel's symbols nor a module",
			       (unsigned long long)addr);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (x->by_addr[mid]->addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i-- > 0;)
		if (x->by_addr[i]->module == r->module)
			break;
	if (i == (size_t)-1 || x->by_addr[i]->addr < r->base)
		return c2_fail(c2, C2_ENOENT, "0x%llx: in module %s, below its first symbol", (unsigned long long)addr,
			       r->module);
	/* the first of equal addresses, as the core table gives */
	while (i > 0 && x->by_addr[i - 1]->addr == x->by_addr[i]->addr && x->by_addr[i - 1]->module == r->module)
		i--;
	next = r->end;
	for (j = lo; j < x->n && x->by_addr[j]->addr < next; j++)
		if (x->by_addr[j]->module == r->module) {
			next = x->by_addr[j]->addr;
			break;
		}
	from_text(out, x->by_addr[i]);
	out->size = next - x->by_addr[i]->addr;
	*offset = addr - x->by_addr[i]->addr;
	return 0;
}

/* with_modules 0: the core kernel's symbols only (no modules' tables are
 * loaded, and a symbols file's module lines do not count). */
static int lookup_table(struct c2 *c2, const char *const *names, size_t n, struct c2_sym *out, int *found,
			int with_modules)
{
	struct symtab *t;
	size_t i;
	int rc;

	if ((rc = sym_init(c2)) < 0)
		return rc;
	t = c2->syms;
	if (t->ks && !t->ks_checked) {
		uint32_t ref;

		/* Usually the reference symbol (_stext) sits among the first
		 * symbols: confirming there saves a whole lookup. */
		if (ks_find_early(t->ks, t->ref_name, t->ref_addr, &ref) == 0 && ref != UINT32_MAX &&
		    (rc = ks_check(c2, t, ref)) < 0)
			return rc;
	}
	if (t->ks) {
		/* The reference symbol rides along with the wanted names, so
		 * that a scan of the names table is done once. */
		const char **all = malloc((n + 1) * sizeof(*all));
		uint32_t *idx = malloc((n + 1) * sizeof(*idx));

		if (!all || !idx) {
			free(all);
			free(idx);
			return c2_fail(c2, C2_ENOMEM, "out of memory");
		}
		if (n)   /* names may be NULL when only the reference is wanted */
			memcpy(all, names, n * sizeof(*all));
		all[n] = t->ref_name;
		rc = ks_find(t->ks, all, t->ks_checked ? n : n + 1, idx);
		if (rc < 0)
			rc = c2_fail(c2, rc, "kallsyms in the dump: %s", ks_error(t->ks));
		else if (!t->ks_checked)
			rc = ks_check(c2, t, idx[n]);
		for (i = 0; i < n && rc == 0; i++) {
			struct ks_sym s;

			found[i] = idx[i] != UINT32_MAX;
			if (found[i] && (rc = ks_get(t->ks, idx[i], &s)) < 0)
				rc = c2_fail(c2, rc, "kallsyms in the dump: %s", ks_error(t->ks));
			else if (found[i]) {
				from_ks(&out[i], &s);
				out[i].size = ks_size(t->ks, idx[i]);
			}
		}
		free(all);
		free(idx);
		/* Names the core kernel lacks: the modules' tables (loaded only now). */
		for (i = 0; i < n && rc == 0; i++) {
			struct text_sym *m;

			if (found[i] || !with_modules)
				continue;
			if (mods_load(c2, t) < 0)
				break;
			if (t->mods && (rc = mods_find(c2, t->mods, names[i], &m)) < 0)
				break;
			if (t->mods && m) {
				from_text(&out[i], m);
				found[i] = 1;
			}
		}
		return rc;
	}
	for (i = 0; i < n; i++) {
		struct text_sym *s = text_find(t, names[i]);

		if (s && !with_modules && s->module[0])
			s = NULL;
		found[i] = s != NULL;
		if (s)
			from_text(&out[i], s);
	}
	return 0;
}

/* Whether the table lists code only (as kallsyms does in a kernel built
 * without CONFIG_KALLSYMS_ALL): _etext but no _end. */
static int code_only(struct c2 *c2)
{
	static const char *const names[] = { "_end", "_etext" };
	struct symtab *t = c2->syms;
	struct c2_sym s[2];
	int f[2];

	if (!t->data_syms) {
		t->data_syms = 1;   /* also while looking */
		if (lookup_table(c2, names, 2, s, f, 0) == 0 && !f[0] && f[1])
			t->data_syms = -1;
	}
	return t->data_syms < 0;
}

int sym_code_only(struct c2 *c2)
{
	return c2->syms && code_only(c2);
}

/* lookup_table, then the variables a code-only table lacks, from memory;
 * with exports, any name it lacks from the kernel's export table (for the
 * names a user gives: the table's search reads a few MB). */
static int lookup_many(struct c2 *c2, const char *const *names, size_t n, struct c2_sym *out, int *found,
		       int with_modules, int exports)
{
	const char **rest;
	struct c2_sym *rest_out;
	int *rest_found;
	size_t i, m;
	int rc;

	if ((rc = lookup_table(c2, names, n, out, found, 0)) < 0)
		return rc;
	for (i = m = 0; i < n; i++) {
		if (!found[i] && code_only(c2) && (exports || recover_knows(c2, names[i]))) {
			if ((rc = recover_symbol(c2, &c2->syms->rec, names[i], exports, &out[i])) == 0)
				found[i] = 1;
			else if (rc != C2_ENOENT)
				return rc;
			else
				c2_diagf(c2, "symbols: %s", c2_error(c2));
		}
		m += !found[i];
	}
	if (!with_modules || !m)
		return 0;
	/* The modules' symbols last: the kernel's own names win, those a
	 * code-only table lacks too (and loading the modules' tables costs
	 * more than the kernel's searches). */
	rest = malloc(m * sizeof(*rest));
	rest_out = malloc(m * sizeof(*rest_out));
	rest_found = malloc(m * sizeof(*rest_found));
	if (!rest || !rest_out || !rest_found) {
		rc = c2_fail(c2, C2_ENOMEM, "out of memory");
		goto out;
	}
	for (i = m = 0; i < n; i++)
		if (!found[i])
			rest[m++] = names[i];
	if ((rc = lookup_table(c2, rest, m, rest_out, rest_found, 1)) < 0)
		goto out;
	for (i = m = 0; i < n; i++)
		if (!found[i] && (found[i] = rest_found[m++]))
			out[i] = rest_out[m - 1];
out:
	free(rest);
	free(rest_out);
	free(rest_found);
	return rc;
}

const char *sym_missing_note(struct c2 *c2)
{
	return c2->syms && code_only(c2) ? " (the kernel's symbols list no variables: built without "
					   "CONFIG_KALLSYMS_ALL)" : "";
}

/* The error for a name not found: why memory did not give it either (the
 * variable's own search, or with exports the export table), or that the
 * table lists no variables at all. */
static int not_found(struct c2 *c2, const char *name, const char *what, int exports)
{
	struct c2_sym s;

	if (c2->syms && code_only(c2) && (exports || recover_knows(c2, name)) &&
	    recover_symbol(c2, &c2->syms->rec, name, exports, &s) < 0)
		return c2_fail(c2, C2_ENOENT, "%s", c2_error(c2));
	return c2_fail(c2, C2_ENOENT, "%s: %s%s", name, what, sym_missing_note(c2));
}

int sym_take_btf(struct c2 *c2, uint64_t start, void **buf, size_t *len, const uint8_t **btf)
{
	return c2->syms ? recover_take_btf(c2->syms->rec, start, buf, len, btf) : C2_ENOENT;
}

int c2_sym_lookup_many(struct c2 *c2, const char *const *names, size_t n, struct c2_sym *out, int *found)
{
	return lookup_many(c2, names, n, out, found, 1, 1);
}

int sym_lookup_many_core(struct c2 *c2, const char *const *names, size_t n, struct c2_sym *out, int *found)
{
	return lookup_many(c2, names, n, out, found, 0, 0);
}

int c2_sym_lookup_core(struct c2 *c2, const char *name, struct c2_sym *out)
{
	int found, rc = lookup_many(c2, &name, 1, out, &found, 0, 0);

	if (rc < 0)
		return rc;
	return found ? 0 : not_found(c2, name, "no such symbol in the kernel (modules not searched)", 0);
}

/* The bounds of data_ranges from a lookup of all of them (with extra, the
 * caller's own names, in the same pass). */
static int lookup_with_ranges(struct c2 *c2, const char *const *extra, size_t n, struct c2_sym *out, int *found)
{
	const char *names[2 * NRANGES + 4];
	struct c2_sym syms[2 * NRANGES + 4];
	int f[2 * NRANGES + 4];
	struct symtab *t;
	size_t i;
	int rc;

	if (n > 4)
		return c2_fail(c2, C2_EINVAL, "internal: too many names");
	for (i = 0; i < n; i++)
		names[i] = extra[i];
	for (i = 0; i < NRANGES; i++) {
		names[n + 2 * i] = data_ranges[i][0];
		names[n + 2 * i + 1] = data_ranges[i][1];
	}
	if ((rc = lookup_many(c2, names, n + 2 * NRANGES, syms, f, 0, 0)) < 0)
		return rc;
	t = c2->syms;
	for (i = 0; i < NRANGES; i++) {
		const struct c2_sym *a = &syms[n + 2 * i], *b = &syms[n + 2 * i + 1];

		/* Modules' symbols of the same name do not bound the kernel's. */
		t->range_found[i] = f[n + 2 * i] && f[n + 2 * i + 1] && !a->module[0] && !b->module[0] &&
				    a->addr < b->addr;
		t->range[i][0] = a->addr;
		t->range[i][1] = b->addr;
	}
	t->ranges_known = 1;
	for (i = 0; i < n; i++) {
		found[i] = f[i];
		if (f[i])
			out[i] = syms[i];
	}
	return 0;
}

int sym_lookup_global(struct c2 *c2, const char *name, struct c2_sym *out)
{
	int found, rc;

	if (c2->syms && c2->syms->ranges_known)
		rc = lookup_many(c2, &name, 1, out, &found, 0, 1);
	else if ((rc = lookup_with_ranges(c2, &name, 1, out, &found)) == 0 && !found)
		rc = lookup_many(c2, &name, 1, out, &found, 0, 1);   /* and the exports */
	if (rc < 0)
		return rc;
	return found ? 0 : not_found(c2, name, "no such symbol", 1);
}

int sym_data_range(struct c2 *c2, uint64_t addr, const char **range)
{
	struct symtab *t;
	size_t i;
	int any = 0, rc;

	*range = NULL;
	if ((!c2->syms || !c2->syms->ranges_known) && (rc = lookup_with_ranges(c2, NULL, 0, NULL, NULL)) < 0)
		return rc;
	t = c2->syms;
	for (i = 0; i < NRANGES; i++) {
		if (!t->range_found[i])
			continue;
		any = 1;
		if (addr >= t->range[i][0] && addr < t->range[i][1]) {
			*range = data_ranges[i][0];
			return SYM_IN_DATA;
		}
	}
	return any ? SYM_NOT_DATA : SYM_DATA_UNKNOWN;
}

int c2_sym_lookup(struct c2 *c2, const char *name, struct c2_sym *out)
{
	int found, rc = c2_sym_lookup_many(c2, &name, 1, out, &found);

	if (rc < 0)
		return rc;
	return found ? 0 : not_found(c2, name, "no such symbol", 1);
}

static int ensure_checked(struct c2 *c2)
{
	struct c2_sym dummy;
	int found;

	if (c2->syms->ks && !c2->syms->ks_checked)
		return c2_sym_lookup_many(c2, NULL, 0, &dummy, &found);
	return 0;
}

const char *c2_sym_source(struct c2 *c2)
{
	return sym_init(c2) < 0 ? NULL : c2->syms->source;
}

/* The highest address known to lie in the kernel image, for a table that
 * lists code only (whose _end is missing): the highest of VMCOREINFO's
 * SYMBOL() addresses within 4 GB above _stext (prb, clear_seq in .bss, ...).
 * No module lies in the image; 0 when unknown. */
struct image_end {
	uint64_t stext, end;
};

static int image_end_of(void *arg, const char *name, uint64_t addr)
{
	struct image_end *e = arg;

	if (addr > e->stext && addr - e->stext < (4ull << 30) && addr > e->end)
		e->end = addr;
	return 0;
}

static uint64_t image_known_end(struct c2 *c2, uint64_t stext)
{
	struct symtab *t = c2->syms;
	struct image_end e = { stext, 0 };

	if (!t->image_end && vmcoreinfo_symbol_foreach(c2, image_end_of, &e) == 0)
		t->image_end = e.end;
	return t->image_end;
}

/* Whether addr may be in a module: inside the architecture's modules
 * range and, where it says how far modules reach, near _stext (from
 * VMCOREINFO; without it, the range alone); never inside the image as far
 * as a code-only table lets core2 know it. */
int sym_in_modules_area(struct c2 *c2, uint64_t addr)
{
	const struct arch *a = c2->arch;
	uint64_t stext;

	if (!a || addr < a->modules_start || addr >= a->modules_end)
		return 0;
	if (c2_vmcoreinfo_num(c2, "SYMBOL(_stext)", &stext) < 0)
		return 1;
	/* Inside the image, where a code-only table names nothing. */
	if (addr >= stext && c2->syms && code_only(c2) && addr <= image_known_end(c2, stext))
		return 0;
	if (!a->modules_reach)
		return 1;
	return addr >= stext ? addr - stext <= a->modules_reach : stext - addr <= a->modules_reach;
}

/* On a list of code only, a symbol that ends the code (_etext,
 * _einittext) holds no address after it: what lies there is data the list
 * leaves out. */
static int ends_code(struct c2 *c2, const char *name)
{
	return code_only(c2) && (!strcmp(name, "_etext") || !strcmp(name, "_einittext"));
}

static int outside_code(struct c2 *c2, uint64_t addr, const char *after)
{
	return c2_fail(c2, C2_ENOENT, "0x%llx: past %s, outside the kernel's code, and its symbols list code only",
		       (unsigned long long)addr, after);
}

int c2_sym_resolve(struct c2 *c2, uint64_t addr, struct c2_sym *out, uint64_t *offset)
{
	struct modsyms *m;
	struct symtab *t;
	size_t lo = 0, hi, i, j;
	int rc;

	if ((rc = sym_init(c2)) < 0 || (rc = ensure_checked(c2)) < 0)
		return rc;
	t = c2->syms;
	if (t->ks) {
		struct ks_sym s;
		uint64_t size;

		if ((rc = ks_lookup_addr(t->ks, addr, &s, &size)) < 0) {
			char why[256];

			/* Outside the core kernel's symbols: a module's? */
			snprintf(why, sizeof(why), "%s", ks_error(t->ks));
			if (rc != C2_ENOENT)
				return c2_fail(c2, rc, "%s", why);
			if (!sym_in_modules_area(c2, addr))
				return c2_fail(c2, rc, "%s", why);
			if (mods_near(c2, t, addr, &m) < 0)
				return c2_fail(c2, rc, "0x%llx: in the modules' area, but their symbols cannot be read: %s",
					       (unsigned long long)addr, t->mods_why);
			if (!m)
				return c2_fail(c2, rc, "%s", why);
			return mods_resolve(c2, m, addr, out, offset);
		}
		if (ends_code(c2, s.name))
			return outside_code(c2, addr, s.name);
		from_ks(out, &s);
		out->size = size;
		*offset = addr - s.addr;
		return 0;
	}
	hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->v[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return c2_fail(c2, C2_ENOENT, "0x%llx: below the first symbol", (unsigned long long)addr);
	i = lo - 1;
	while (i > 0 && t->v[i - 1].addr == t->v[i].addr)
		i--;
	for (j = i + 1; j < t->n && t->v[j].addr == t->v[i].addr; j++)
		;
	if (j == t->n)
		return c2_fail(c2, C2_ENOENT, "0x%llx: past the last symbol", (unsigned long long)addr);
	if ((addr ^ t->v[i].addr) >> 63)
		return c2_fail(c2, C2_ENOENT, "0x%llx: not inside a kernel symbol", (unsigned long long)addr);
	if (ends_code(c2, t->v[i].name))
		return outside_code(c2, addr, t->v[i].name);
	from_text(out, &t->v[i]);
	out->size = t->v[j].addr - t->v[i].addr;
	*offset = addr - t->v[i].addr;
	return 0;
}

int c2_sym_resolve_exported(struct c2 *c2, uint64_t addr, struct c2_sym *out, uint64_t *offset)
{
	int rc;

	if ((rc = c2_sym_resolve(c2, addr, out, offset)) != C2_ENOENT || !code_only(c2))
		return rc;
	/* Data a code-only list leaves out: an exported variable's start. */
	if ((rc = recover_exported_at(c2, &c2->syms->rec, addr, out)) == 0)
		*offset = 0;
	return rc;
}

struct foreach_ctx {
	int (*cb)(void *arg, const struct c2_sym *s);
	void *arg;
	struct c2_sym s;
};

static int foreach_ks(void *arg, const struct ks_sym *s)
{
	struct foreach_ctx *f = arg;

	from_ks(&f->s, s);
	return f->cb(f->arg, &f->s);
}

int c2_sym_foreach(struct c2 *c2, int (*cb)(void *arg, const struct c2_sym *s), void *arg)
{
	struct foreach_ctx f = { .cb = cb, .arg = arg };
	struct symtab *t;
	size_t i;
	int rc;

	if ((rc = sym_init(c2)) < 0 || (rc = ensure_checked(c2)) < 0)
		return rc;
	t = c2->syms;
	if (t->ks) {
		rc = ks_foreach(t->ks, foreach_ks, &f);
		if (rc < 0 && ks_error(t->ks)[0])
			return c2_fail(c2, rc, "kallsyms in the dump: %s", ks_error(t->ks));
		if (rc)
			return rc;
		/* Then the modules', in /proc/kallsyms order (none when they cannot
		 * be read: -v says why). */
		mods_load(c2, t);
		for (i = 0; t->mods && i < t->mods->n; i++) {
			from_text(&f.s, &t->mods->v[i]);
			if ((rc = cb(arg, &f.s)) != 0)
				return rc;
		}
		return 0;
	}
	for (i = 0; i < t->n; i++) {
		from_text(&f.s, &t->v[i]);
		if ((rc = cb(arg, &f.s)) != 0)
			return rc;
	}
	return 0;
}
