/* The modules list and module symbol tables, over a read callback; see modules.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modules.h"

#define MAX_MODULES 65536       /* more than any kernel loads */
#define MAX_USERS 1024
#define MAX_SYMTAB (1u << 22)   /* entries of one module's symbol table */
#define MAX_STRTAB (16u << 20)  /* bytes of its string table read: names past it are skipped */
#define ELF64_SYM 24
#define KSYM_NAME_LEN 512

static uint64_t get64(const uint8_t *b, uint32_t off)
{
	uint64_t v;

	memcpy(&v, b + off, 8);
	return v;
}

static uint32_t get32(const uint8_t *b, uint32_t off)
{
	uint32_t v;

	memcpy(&v, b + off, 4);
	return v;
}

/* kernel/panic.c taint_flags[]: the letter of each bit, in bit order. */
static const char taint_letters[] = "PFSRMBUDAWCIOELKXTN";

void modules_flags(uint64_t taints, int coming, int going, char *buf, size_t len)
{
	size_t n = 0;
	unsigned i;

	if (len)
		buf[0] = '\0';
	if (!taints && !coming && !going)
		return;
	if (len < 2 + sizeof(taint_letters) + 2)
		return;
	buf[n++] = '(';
	/* Forged taints may set bits past the known letters: they stop at the
	 * buffer's end, leaving room for the marks and the terminator. */
	for (i = 0; i < 64 && n + 4 < len; i++)
		if (taints >> i & 1)
			buf[n++] = i < sizeof(taint_letters) - 1 ? taint_letters[i] : '?';
	if (going)
		buf[n++] = '-';
	if (coming)
		buf[n++] = '+';
	buf[n++] = ')';
	buf[n] = '\0';
	(void)len;
}

/* The users column: "a,b," from the module_use entries on source_list,
 * "[permanent]," for a module with init and no exit, or "-". */
static void users(const struct modules_layout *l, modules_read_fn *rd, void *arg, uint64_t mod, const uint8_t *b,
		  struct c2_module *m)
{
	uint64_t head = mod + l->source_list, p, prev = head;
	size_t n = 0;
	int k;

	m->users[0] = '\0';
	p = get64(b, l->source_list);
	for (k = 0; p != head; k++) {
		uint64_t use = p - l->use_source_list, src, next, back;
		char name[64];

		if (k == MAX_USERS || rd(arg, p, &next, 8) < 0 || rd(arg, p + 8, &back, 8) < 0 || back != prev ||
		    rd(arg, use + l->use_source, &src, 8) < 0 || rd(arg, src + l->name, name, sizeof(name)) < 0) {
			snprintf(m->users, sizeof(m->users), "?");   /* unreadable: unknown */
			return;
		}
		name[sizeof(name) - 1] = '\0';
		if (n + strlen(name) + 2 > sizeof(m->users)) {
			snprintf(m->users, sizeof(m->users), "?");
			return;
		}
		n += (size_t)sprintf(m->users + n, "%s,", name);
		prev = p;
		p = next;
	}
	if (l->init != MODULES_NONE && l->exit != MODULES_NONE && get64(b, l->init) && !get64(b, l->exit))
		n += (size_t)snprintf(m->users + n, sizeof(m->users) - n, "[permanent],");
	if (!n)
		snprintf(m->users, sizeof(m->users), "-");
}

static void decode(const struct modules_layout *l, modules_read_fn *rd, void *arg, uint64_t mod, const uint8_t *b,
		   struct c2_module *m)
{
	int64_t state = (int32_t)get32(b, l->state);
	unsigned i;

	memset(m, 0, sizeof(*m));
	m->addr = mod;
	memcpy(m->name, b + l->name, l->name_len < sizeof(m->name) ? l->name_len : sizeof(m->name));
	m->name[sizeof(m->name) - 1] = '\0';
	m->state = state == l->state_live       ? "Live"
		   : state == l->state_coming   ? "Loading"
		   : state == l->state_going    ? "Unloading"
		   : state == l->state_unformed ? "Unformed"
						: "?";
	m->taints = get64(b, l->taints);
	modules_flags(m->taints, state == l->state_coming, state == l->state_going, m->flags, sizeof(m->flags));
	/* kernel/module: module_refcount() is refcnt less MODULE_REF_BASE (1). */
	m->refcount = l->refcnt != MODULES_NONE ? (int64_t)(int32_t)get32(b, l->refcnt) - 1 : -1;
	if (l->source_list != MODULES_NONE)
		users(l, rd, arg, mod, b, m);
	m->nregions = l->nregions;
	for (i = 0; i < l->nregions; i++) {
		memcpy(m->region[i].name, l->region[i].name, sizeof(m->region[i].name));
		m->region[i].base = get64(b, l->region[i].base);
		m->region[i].size = get32(b, l->region[i].size);
		m->size += m->region[i].size;
	}
	m->base = l->nregions ? m->region[0].base : 0;
	if (l->kallsyms != MODULES_NONE && (m->kallsyms = get64(b, l->kallsyms)) != 0) {
		uint32_t n;

		if (rd(arg, m->kallsyms + l->ks_num_symtab, &n, 4) == 0)
			m->nsyms = n;
	}
	if (l->btf_data != MODULES_NONE && l->btf_data_size != MODULES_NONE) {
		m->btf = get64(b, l->btf_data);
		m->btf_size = get32(b, l->btf_data_size);
		if (!m->btf)
			m->btf_size = 0;
	}
}

int modules_walk(const struct modules_layout *l, modules_read_fn *rd, void *arg,
		 int (*cb)(void *arg, const struct c2_module *m), void *cbarg, struct modules_stats *st)
{
	uint8_t *b = malloc(l->size ? l->size : 1);
	uint64_t *seen = NULL, p, prev = l->head, back;
	size_t nseen = 0, cap = 0, i;
	struct c2_module m;
	int rc = 0;

	memset(st, 0, sizeof(*st));
	if (!b) {
		st->truncated = -1;
		return C2_ENOMEM;
	}
	if (rd(arg, l->head, &p, 8) < 0) {
		st->unreadable++;
		free(b);
		return 0;
	}
	while (p != l->head) {
		uint64_t mod = p - l->list;

		if (nseen == MAX_MODULES) {
			st->truncated = 1;
			break;
		}
		for (i = 0; i < nseen && seen[i] != p; i++)
			;
		if (i < nseen) {
			st->cycles++;
			break;
		}
		if (nseen == cap) {
			uint64_t *ns = realloc(seen, (cap = cap ? cap * 2 : 64) * sizeof(*seen));

			if (!ns) {
				st->truncated = -1;
				rc = C2_ENOMEM;
				break;
			}
			seen = ns;
		}
		seen[nseen++] = p;
		if (rd(arg, mod, b, l->size) < 0) {
			st->unreadable++;
			break;
		}
		/* A link that does not point back: a damaged list, or on a live
		 * target one that changed while we read it. */
		back = get64(b, l->list + 8);
		if (back != prev) {
			st->damaged++;
			break;
		}
		decode(l, rd, arg, mod, b, &m);
		if ((rc = cb(cbarg, &m)) != 0)
			break;
		prev = p;
		p = get64(b, l->list);
	}
	free(seen);
	free(b);
	return rc;
}

/* The region of m that holds [addr, addr + len), or NULL. */
static const struct c2_module_region *region_of(const struct c2_module *m, uint64_t addr, uint64_t len)
{
	unsigned i;

	for (i = 0; i < m->nregions; i++) {
		const struct c2_module_region *r = &m->region[i];

		if (addr >= r->base && len <= r->size && addr - r->base <= r->size - len)
			return r;
	}
	return NULL;
}

struct export {
	uint64_t value;
	char name[KSYM_NAME_LEN];
};

/* The module's exported symbols (mod->syms), sorted by value; *n 0 when it
 * has none or they cannot be read (then every letter is lower case, as a
 * kernel that found no export would print). */
static struct export *exports(const struct modules_layout *l, modules_read_fn *rd, void *arg,
			      const struct c2_module *m, uint32_t *n)
{
	uint64_t syms, p;
	uint32_t num, i, k = 0;
	struct export *v;
	uint8_t e[32];

	*n = 0;
	if (l->syms == MODULES_NONE || l->num_syms == MODULES_NONE || l->ksym_size > sizeof(e) ||
	    rd(arg, m->addr + l->syms, &syms, 8) < 0 || rd(arg, m->addr + l->num_syms, &num, 4) < 0 || !num ||
	    num > MAX_SYMTAB || !(v = malloc((size_t)num * sizeof(*v))))
		return NULL;
	for (i = 0; i < num; i++) {
		uint64_t a = syms + (uint64_t)i * l->ksym_size;

		if (rd(arg, a, e, l->ksym_size) < 0)
			continue;
		if (l->ksym_prel32) {
			v[k].value = a + l->ksym_value + (int64_t)(int32_t)get32(e, l->ksym_value);
			p = a + l->ksym_name + (int64_t)(int32_t)get32(e, l->ksym_name);
		} else {
			v[k].value = get64(e, l->ksym_value);
			p = get64(e, l->ksym_name);
		}
		if (rd(arg, p, v[k].name, 64) < 0)
			continue;
		v[k].name[63] = '\0';
		k++;
	}
	*n = k;
	return v;
}

static int exported(const struct export *v, uint32_t n, uint64_t value, const char *name)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (v[i].value == value && !strncmp(v[i].name, name, 63))
			return 1;
	return 0;
}

static char to_case(char c, int upper)
{
	if (upper && c >= 'a' && c <= 'z')
		return (char)(c - 'a' + 'A');
	if (!upper && c >= 'A' && c <= 'Z')
		return (char)(c - 'A' + 'a');
	return c;
}

int modules_symbols(const struct modules_layout *l, modules_read_fn *rd, void *arg, const struct c2_module *m,
		    int (*cb)(void *arg, const struct modules_sym *s), void *cbarg, struct modules_sym_stats *st,
		    char *err, size_t errlen)
{
	uint8_t ks[64], *tab = NULL, *types = NULL;
	struct export *ex = NULL;
	uint32_t nex = 0;
	char *str = NULL;
	uint64_t symtab, strtab, typetab = 0, strsize, maxname = 0;
	const struct c2_module_region *r;
	uint32_t n, i;
	int rc = 0;

	memset(st, 0, sizeof(*st));
	if (!m->kallsyms)
		return 0;
	if (l->ks_size > sizeof(ks) || rd(arg, m->kallsyms, ks, l->ks_size) < 0) {
		snprintf(err, errlen, "module %s: its symbol table header at 0x%llx is unreadable", m->name,
			 (unsigned long long)m->kallsyms);
		return -1;
	}
	symtab = get64(ks, l->ks_symtab);
	n = get32(ks, l->ks_num_symtab);
	strtab = get64(ks, l->ks_strtab);
	if (l->ks_typetab != MODULES_NONE)
		typetab = get64(ks, l->ks_typetab);
	if (n > MAX_SYMTAB || !region_of(m, symtab, (uint64_t)n * ELF64_SYM) || !(r = region_of(m, strtab, 1)) ||
	    (typetab && !region_of(m, typetab, n))) {
		snprintf(err, errlen,
			 "module %s: symbol table (%u entries at 0x%llx, strings at 0x%llx) lies outside the module",
			 m->name, n, (unsigned long long)symtab, (unsigned long long)strtab);
		return -1;
	}
	if (!n)
		return 0;
	strsize = r->base + r->size - strtab;
	if (strsize > MAX_STRTAB)
		strsize = MAX_STRTAB;   /* a forged region size: not gigabytes of memory */
	if (!(tab = malloc((size_t)n * ELF64_SYM)) || (typetab && !(types = malloc(n)))) {
		rc = -1;
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (rd(arg, symtab, tab, (size_t)n * ELF64_SYM) < 0 || (typetab && rd(arg, typetab, types, n) < 0)) {
		rc = -1;
		snprintf(err, errlen, "module %s: symbol table at 0x%llx is unreadable", m->name,
			 (unsigned long long)symtab);
		goto out;
	}
	/* The strings end at the last name's end: read that much at once. */
	for (i = 1; i < n; i++) {
		uint32_t st_name = get32(tab + (size_t)i * ELF64_SYM, 0);

		if (st_name < strsize && st_name > maxname)
			maxname = st_name;
	}
	strsize = maxname + KSYM_NAME_LEN < strsize ? maxname + KSYM_NAME_LEN : strsize;
	if (!(str = malloc(strsize + 1))) {
		rc = -1;
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	/* The region may end in a page the dump lacks: fall back to less. */
	while (rd(arg, strtab, str, strsize) < 0) {
		if (strsize <= maxname + 1) {
			rc = -1;
			snprintf(err, errlen, "module %s: string table at 0x%llx is unreadable", m->name,
				 (unsigned long long)strtab);
			goto out;
		}
		strsize = strsize - KSYM_NAME_LEN / 2 > maxname + 1 ? strsize - KSYM_NAME_LEN / 2 : maxname + 1;
	}
	str[strsize] = '\0';
	ex = exports(l, rd, arg, m, &nex);
	for (i = 1; i < n; i++) {
		const uint8_t *e = tab + (size_t)i * ELF64_SYM;
		uint32_t st_name = get32(e, 0);
		struct modules_sym s;

		if (st_name >= strsize || !memchr(str + st_name, '\0', strsize - st_name)) {
			st->skipped++;
			continue;
		}
		s.name = str + st_name;
		if (!s.name[0])
			continue;
		s.value = get64(e, 8);
		/* Before the type table, the letter was kept in st_info. */
		s.type = (char)(types ? types[i] : e[4]);
		/* /proc/kallsyms: "global" when exported, "local" when not. */
		s.type = to_case(s.type, exported(ex, nex, s.value, s.name));
		if ((rc = cb(cbarg, &s)) != 0)
			break;
	}
out:
	free(ex);
	free(tab);
	free(types);
	free(str);
	return rc;
}

int modules_btf_walk(const struct modules_btf_layout *l, modules_read_fn *rd, void *arg,
		     int (*cb)(void *arg, const struct modules_btf *e), void *cbarg, char *err, size_t errlen)
{
	uint64_t p, prev = l->head, link[2];
	unsigned n = 0;
	int rc;

	if (rd(arg, l->head, &p, 8) < 0) {
		snprintf(err, errlen, "btf_modules at 0x%llx is unreadable", (unsigned long long)l->head);
		return C2_EFORMAT;
	}
	while (p != l->head) {
		uint64_t bm = p - l->bm_list, ptr;
		struct modules_btf e;

		/* No loop can hide in a list whose every link points back to
		 * the one before, except one through the head; the bound ends
		 * a ring that never returns there. */
		if (++n > MAX_MODULES) {
			snprintf(err, errlen, "btf_modules: more than %u entries (a loop?)", MAX_MODULES);
			return C2_EFORMAT;
		}
		if (rd(arg, p, link, 16) < 0) {
			snprintf(err, errlen, "btf_modules: entry %u at 0x%llx is unreadable", n, (unsigned long long)p);
			return C2_EFORMAT;
		}
		if (link[1] != prev) {
			snprintf(err, errlen, "btf_modules: entry %u at 0x%llx does not point back to 0x%llx (a damaged "
					      "or changing list)", n, (unsigned long long)p, (unsigned long long)prev);
			return C2_EFORMAT;
		}
		memset(&e, 0, sizeof(e));
		if (rd(arg, bm + l->bm_module, &e.module, 8) < 0 || rd(arg, bm + l->bm_btf, &e.btf, 8) < 0) {
			e.err = "its struct btf_module is unreadable";
		} else if (rd(arg, e.module + l->mod_name, e.name,
			      l->mod_name_len < sizeof(e.name) ? l->mod_name_len : sizeof(e.name)) < 0) {
			snprintf(e.name, sizeof(e.name), "?");
			e.err = "its struct module is unreadable";
		} else if (rd(arg, e.btf + l->data, &ptr, 8) < 0 || rd(arg, e.btf + l->data_size, &e.size, 4) < 0 ||
			   rd(arg, e.btf + l->start_id, &e.start_id, 4) < 0 ||
			   rd(arg, e.btf + l->start_str_off, &e.start_str_off, 4) < 0) {
			e.err = "its struct btf is unreadable";
		} else {
			e.data = ptr;
			if (!e.size || e.size > MODULES_BTF_MAX)
				e.err = "its struct btf's data_size is 0 or above 16 MB";
			else if (!e.data)
				e.err = "its struct btf has no data";
		}
		e.name[sizeof(e.name) - 1] = '\0';
		if ((rc = cb(cbarg, &e)) != 0)
			return rc;
		prev = p;
		p = link[0];
	}
	return 0;
}

/* Layouts by content (modules_btf_find). A window of a structure: at most
 * max bytes from addr, not past its 4 KB page (the kmalloc objects read
 * here are of a power-of-two size and never cross one). 0 when unreadable. */
#define BM_WINDOW 64      /* struct btf_module: 40 bytes from its list */
#define BTF_WINDOW 512    /* struct btf: start_id lies within ~250 bytes */
#define BTF_MAGIC 0xeb9f

static size_t window(modules_read_fn *rd, void *arg, uint64_t addr, uint8_t *buf, size_t max)
{
	size_t len = 4096 - (size_t)(addr & 4095);

	if (len > max)
		len = max;
	return rd(arg, addr, buf, len) < 0 ? 0 : len;
}

/* Whether w points at a struct module whose name the struct btf window
 * (len bytes) holds, NUL included. */
static int names_module(const struct modules_btf_anchors *a, modules_read_fn *rd, void *arg, uint64_t w,
			const uint8_t *btf, size_t len)
{
	char name[65];
	size_t n = a->mod_name_len < sizeof(name) - 1 ? a->mod_name_len : sizeof(name) - 1, i;

	if (!n || rd(arg, w + a->mod_name, name, n) < 0)
		return 0;
	name[n] = '\0';
	if (!name[0] || (n = strlen(name) + 1) > a->mod_name_len)
		return 0;
	for (i = 0; i + n <= len; i++)
		if (btf[i] == (uint8_t)name[0] && !memcmp(btf + i, name, n))
			return 1;
	return 0;
}

/* The size of the BTF blob at addr, from its header; 0 when none is there. */
static uint64_t blob_size(modules_read_fn *rd, void *arg, uint64_t addr)
{
	uint8_t h[24];
	uint64_t types, strs;

	if (!addr || rd(arg, addr, h, sizeof(h)) < 0 || (get32(h, 0) & 0xffff) != BTF_MAGIC || h[2] != 1 ||
	    get32(h, 4) < sizeof(h) || get32(h, 4) > 256)
		return 0;
	types = (uint64_t)get32(h, 8) + get32(h, 12);
	strs = (uint64_t)get32(h, 16) + get32(h, 20);
	return get32(h, 4) + (types > strs ? types : strs);
}

/* Offsets (a flag per 4-byte word) a field may still be at. */
struct cands {
	uint8_t ok[BTF_WINDOW / 4];
};

static int only(const struct cands *c, uint32_t *off)
{
	unsigned i, n = 0;

	for (i = 0; i < BTF_WINDOW / 4; i++)
		if (c->ok[i]) {
			*off = 4 * i;
			n++;
		}
	return n == 1;
}

/* Whether the struct btf window w (len bytes) holds base in one of its
 * 8-byte words. */
static int holds_base(const uint8_t *w, size_t len, uint64_t base)
{
	size_t i;

	for (i = 0; i + 8 <= len; i += 8)
		if (get64(w, (uint32_t)i) == base)
			return 1;
	return 0;
}

/* One entry's struct btf narrows where its fields may be. */
static void narrow_btf(const struct modules_btf_anchors *a, modules_read_fn *rd, void *arg, const uint8_t *w,
		       size_t len, struct cands *data, struct cands *size, struct cands *start, struct cands *str)
{
	uint64_t totals[BTF_WINDOW / 8];
	size_t i, k, nt = 0;

	for (i = 0; i < BTF_WINDOW; i += 4) {
		uint64_t t = 0;

		if (data->ok[i / 4] && i % 8 == 0 && i + 8 <= len)
			t = blob_size(rd, arg, get64(w, (uint32_t)i));
		if ((data->ok[i / 4] = t != 0))
			totals[nt++] = t;
	}
	for (i = 0; i < BTF_WINDOW; i += 4) {
		uint32_t v = i + 4 <= len ? get32(w, (uint32_t)i) : 0;

		for (k = 0; k < nt && totals[k] != v; k++)
			;
		size->ok[i / 4] &= i + 4 <= len && k < nt;
		start->ok[i / 4] &= i + 4 <= len && v == a->base_ids;
		str->ok[i / 4] &= i + 4 <= len && v == a->base_str_len;
	}
}

int modules_btf_find(const struct modules_btf_anchors *a, modules_read_fn *rd, void *arg,
		     struct modules_btf_layout *l, char *err, size_t errlen)
{
	struct cands mod, btf, data, size, start, str;
	uint8_t (*bm)[BM_WINDOW] = NULL, w[BTF_WINDOW];
	uint64_t p, prev = a->head, link[2];
	uint32_t o_mod = 0, o_btf = 0;
	size_t n = 0, cap = 0, k, len, i;
	int rc = C2_ENOENT;

	memset(&mod, 0, sizeof(mod));
	for (i = 16; i < BM_WINDOW; i += 8)
		mod.ok[i / 4] = 1;
	btf = mod;
	memset(&data, 1, sizeof(data));
	size = start = str = data;
	snprintf(err, errlen, "btf_modules at 0x%llx is unreadable", (unsigned long long)a->head);
	if (rd(arg, a->head, &p, 8) < 0)
		return C2_ENOENT;
	/* Which word of each entry points at a struct btf. */
	while (p != a->head) {
		if (n == cap) {
			uint8_t (*nb)[BM_WINDOW] = realloc(bm, (cap = cap ? 2 * cap : 32) * sizeof(*bm));

			if (!nb) {
				snprintf(err, errlen, "out of memory");
				rc = C2_ENOMEM;
				goto out;
			}
			bm = nb;
		}
		if (n >= MAX_MODULES || rd(arg, p, link, 16) < 0 || link[1] != prev ||
		    (len = window(rd, arg, p, bm[n], BM_WINDOW)) < 24) {
			snprintf(err, errlen, "btf_modules: entry %zu at 0x%llx unreadable, or the list damaged", n + 1,
				 (unsigned long long)p);
			goto out;
		}
		memset(bm[n] + len, 0, BM_WINDOW - len);
		for (i = 16; i < BM_WINDOW; i += 8) {
			size_t wl;

			if (btf.ok[i / 4])
				btf.ok[i / 4] = i + 8 <= len &&
						(wl = window(rd, arg, get64(bm[n], (uint32_t)i), w, BTF_WINDOW)) &&
						holds_base(w, wl, a->base);
		}
		n++;
		prev = p;
		p = link[0];
	}
	if (!n) {
		snprintf(err, errlen, "btf_modules is empty");
		goto out;
	}
	if (!only(&btf, &o_btf)) {
		snprintf(err, errlen, "btf_modules: no one word of its %zu entries is a struct btf holding btf_vmlinux",
			 n);
		goto out;
	}
	/* The module each names, and where each struct btf's fields are. */
	mod.ok[o_btf / 4] = 0;
	for (k = 0; k < n; k++) {
		if (!(len = window(rd, arg, get64(bm[k], o_btf), w, BTF_WINDOW))) {
			snprintf(err, errlen, "btf_modules: entry %zu's struct btf is unreadable", k + 1);
			goto out;
		}
		for (i = 16; i < BM_WINDOW; i += 8)
			if (mod.ok[i / 4])
				mod.ok[i / 4] = names_module(a, rd, arg, get64(bm[k], (uint32_t)i), w, len);
		narrow_btf(a, rd, arg, w, len, &data, &size, &start, &str);
	}
	if (!only(&mod, &o_mod)) {
		snprintf(err, errlen, "btf_modules: no one word of its %zu entries is a module whose name its struct btf "
			 "holds", n);
		goto out;
	}
	memset(l, 0, sizeof(*l));
	l->head = a->head;
	l->bm_module = o_mod;
	l->bm_btf = o_btf;
	l->mod_name = a->mod_name;
	l->mod_name_len = a->mod_name_len;
	if (!only(&data, &l->data) || !only(&size, &l->data_size)) {
		snprintf(err, errlen, "btf_modules: the struct btf of its %zu entries has no one place for data and "
			 "data_size (the blob's)", n);
		goto out;
	}
	if (!only(&start, &l->start_id) || !only(&str, &l->start_str_off)) {
		snprintf(err, errlen, "btf_modules: the struct btf of its %zu entries do not hold, in one place each, "
			 "this BTF's count of ids (%u) and string length (%u), as start_id and start_str_off: the "
			 "modules' BTF continues another (another kernel's BTF?)", n, a->base_ids, a->base_str_len);
		goto out;
	}
	rc = 0;
out:
	free(bm);
	return rc;
}
