/* CTF through libctf, presented as BTF records; see ctf.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ctf-api.h>
#include <ctf.h>
#include <zlib.h>

#include "../core2.h"
#include "ctf.h"
#include "typewalk.h"

/* Member and enumerator lists of the last few types asked about: libctf
 * iterates, and layouts ask for member i of the same few types in turn
 * (an anonymous member's type between two members of its parent). */
#define CACHED 8

struct list {
	uint32_t id;          /* 0: empty slot */
	uint32_t n;
	struct btf_member *m;
	struct btf_enumerator *e;
};

struct ctfdict {
	void *buf;
	ctf_archive_t *arc;
	ctf_dict_t *fp;
	uint32_t n;           /* ids 0 .. n-1 */
	struct list lists[CACHED];
	unsigned next_slot;
	char err[256];
};

static int fail(struct ctfdict *d, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(struct ctfdict *d, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d->err, sizeof(d->err), fmt, ap);
	va_end(ap);
	return code;
}

/* libctf's last error on the dict, as ours. */
static int lib_fail(struct ctfdict *d, const char *what, uint32_t id)
{
	int e = ctf_errno(d->fp);
	int code = e == ECTF_NOTYPE || e == ECTF_NOMEMBNAM || e == ECTF_NOENUMNAM ? C2_ENOENT :
		   e == ECTF_CORRUPT ? C2_EFORMAT : C2_EINVAL;

	return fail(d, code, "type %u: %s: %s", id, what, ctf_errmsg(e));
}

/* --- Checking the raw dict before libctf reads it ---------------------------
 *
 * libctf 2.40 checks a dict's header but not that the last type's data ends
 * inside the type section: a struct claiming more members than the section
 * holds is read past the buffer (found by fuzzing). So walk the type
 * section once here, with libctf's own record sizes (ctf-open.c's
 * get_vbytes_v2), and refuse what does not fit.
 */

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static uint64_t get64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

/* Where libctf follows a type to another without a bound of its own:
 * typedefs and qualifiers (ctf_type_resolve), slices (ctf_type_encoding)
 * and array elements (ctf_type_size). 0: nowhere. */
static uint32_t follows(uint32_t kind, const uint8_t *rec, size_t hdr)
{
	switch (kind) {
	case CTF_K_TYPEDEF: case CTF_K_VOLATILE: case CTF_K_CONST: case CTF_K_RESTRICT: return get32(rec + 8);
	case CTF_K_SLICE: case CTF_K_ARRAY: return get32(rec + hdr);   /* cts_type, cta_contents */
	default: return 0;
	}
}

static int check_types(const uint8_t *t, size_t len, int child, char *err, size_t errlen)
{
	size_t pos = 0, cap = 0;
	uint32_t id = 1, n, i, *next = NULL;
	uint8_t *kinds = NULL;
	int rc = C2_EFORMAT;

	while (pos < len) {
		uint32_t info, kind, vlen;
		uint64_t size, rec = sizeof(ctf_stype_t), vbytes;

		if (len - pos < sizeof(ctf_stype_t))
			goto cut;
		info = get32(t + pos + 4);
		kind = CTF_V2_INFO_KIND(info);
		vlen = CTF_V2_INFO_VLEN(info);
		size = get32(t + pos + 8);
		if (size == CTF_LSIZE_SENT) {
			rec = sizeof(ctf_type_t);
			if (len - pos < rec)
				goto cut;
			size = (uint64_t)get32(t + pos + 12) << 32 | get32(t + pos + 16);
			/* libctf takes it as an ssize_t: negative, it would place
			 * and read the record differently (fuzz_types). */
			if (size > (uint64_t)INT64_MAX) {
				snprintf(err, errlen, "CTF type %u: size %llu", id, (unsigned long long)size);
				goto out;
			}
		}
		switch (kind) {
		case CTF_K_INTEGER: case CTF_K_FLOAT: vbytes = 4; break;
		case CTF_K_ARRAY: vbytes = sizeof(ctf_array_t); break;
		case CTF_K_FUNCTION: vbytes = 4ull * (vlen + (vlen & 1)); break;
		case CTF_K_STRUCT: case CTF_K_UNION:
			/* libctf 2.40 places records by the size (long members
			 * from CTF_LSTRUCT_THRESH) but reads members by the
			 * record's form (long ones after CTF_LSIZE_SENT), as gcc
			 * writes them: the two must agree, or it reads past the
			 * record (found by fuzz_types). */
			if ((size >= CTF_LSTRUCT_THRESH) != (rec == sizeof(ctf_type_t))) {
				snprintf(err, errlen, "CTF type %u: a %s of %llu bytes in the %s record form", id,
					 kind == CTF_K_STRUCT ? "struct" : "union", (unsigned long long)size,
					 rec == sizeof(ctf_type_t) ? "long" : "short");
				goto out;
			}
			vbytes = (uint64_t)vlen * (size < CTF_LSTRUCT_THRESH ? sizeof(ctf_member_t) : sizeof(ctf_lmember_t));
			break;
		case CTF_K_SLICE: vbytes = sizeof(ctf_slice_t); break;
		case CTF_K_ENUM: vbytes = (uint64_t)vlen * sizeof(ctf_enum_t); break;
		case CTF_K_FORWARD:
			/* libctf counts forwards by the kind they name, in an
			 * array of CTF_K_MAX + 1. */
			if (size > CTF_K_MAX) {
				snprintf(err, errlen, "CTF type %u: a forward to kind %llu", id, (unsigned long long)size);
				goto out;
			}
			vbytes = 0;
			break;
		case CTF_K_UNKNOWN: case CTF_K_POINTER: case CTF_K_TYPEDEF: case CTF_K_VOLATILE: case CTF_K_CONST:
		case CTF_K_RESTRICT:
			vbytes = 0;
			break;
		default:
			snprintf(err, errlen, "CTF type %u: unknown kind %u", id, kind);
			goto out;
		}
		if (rec + vbytes > len - pos) {
			snprintf(err, errlen, "CTF type %u (kind %u, %u entries) runs past the type section", id, kind, vlen);
			goto out;
		}
		if (id >= cap) {
			void *a, *b;

			cap = cap ? 2 * cap : 4096;
			a = realloc(kinds, cap);
			b = a ? realloc(next, cap * sizeof(*next)) : NULL;
			if (a)
				kinds = a;
			if (b)
				next = b;
			if (!a || !b) {
				snprintf(err, errlen, "out of memory");
				rc = C2_ENOMEM;
				goto out;
			}
		}
		kinds[id] = (uint8_t)kind;
		next[id] = follows(kind, t + pos, (size_t)rec);
		pos += rec + vbytes;
		id++;
	}
	/* Every chain libctf walks unbounded must end: a loop would hang it
	 * or overflow its stack. (A child dict's references into its parent
	 * end here; the parent is checked on its own.) */
	n = id;
	for (i = 1; i < n; i++) {
		uint32_t k = i, steps;

		for (steps = 0; next[k]; steps++) {
			uint32_t r = next[k];

			if (child)
				r = r > 0x7fffffff ? r & 0x7fffffff : 0;
			if (r == 0 || r >= n)
				break;
			if (kinds[k] == CTF_K_SLICE && kinds[r] == CTF_K_SLICE) {
				snprintf(err, errlen, "CTF type %u: a slice of a slice", k);
				goto out;
			}
			if (steps > 64) {
				snprintf(err, errlen, "CTF type %u: a chain of references that does not end", i);
				goto out;
			}
			k = r;
		}
	}
	rc = C2_OK;
out:
	free(kinds);
	free(next);
	return rc;
cut:
	snprintf(err, errlen, "CTF type %u: record cut short by the end of the type section", id);
	goto out;
}

/* One dict: its header's sections inside the data (inflated first when
 * libctf compressed it), then its types. */
static int check_dict(const uint8_t *p, uint64_t len, char *err, size_t errlen)
{
	const ctf_header_t *h = (const void *)p;
	ctf_header_t hdr;
	uint8_t *body = NULL;
	uint64_t body_len;
	int rc;

	if (len < sizeof(ctf_preamble_t) || get32(p) % 65536 != CTF_MAGIC) {
		snprintf(err, errlen, "not CTF (bad magic)");
		return C2_EFORMAT;
	}
	if (p[2] != CTF_VERSION_3) {
		/* libctf upgrades older versions in place, through paths this
		 * check does not follow: refuse them rather than trust them. */
		snprintf(err, errlen, "CTF version %u (only %u, as gcc and libctf write it, is read)", p[2], CTF_VERSION_3);
		return C2_EFORMAT;
	}
	if (len < sizeof(hdr)) {
		snprintf(err, errlen, "CTF header cut short (%llu bytes)", (unsigned long long)len);
		return C2_EFORMAT;
	}
	memcpy(&hdr, h, sizeof(hdr));
	body_len = (uint64_t)hdr.cth_stroff + hdr.cth_strlen;
	if (hdr.cth_typeoff > hdr.cth_stroff || body_len > (256u << 20)) {
		snprintf(err, errlen, "CTF header does not fit (types at %u, strings at %u+%u)", hdr.cth_typeoff,
			 hdr.cth_stroff, hdr.cth_strlen);
		return C2_EFORMAT;
	}
	if (hdr.cth_flags & CTF_F_COMPRESS) {
		uLongf out = (uLongf)body_len;

		if (!(body = malloc(body_len ? body_len : 1))) {
			snprintf(err, errlen, "out of memory");
			return C2_ENOMEM;
		}
		if (uncompress(body, &out, p + sizeof(hdr), (uLong)(len - sizeof(hdr))) != Z_OK || out != body_len) {
			free(body);
			snprintf(err, errlen, "compressed CTF does not inflate to its header's %llu bytes",
				 (unsigned long long)body_len);
			return C2_EFORMAT;
		}
		/* libctf's own inflated copy has no zeros after it (see
		 * ctfdict_open): the type section must not end the data. */
		if (hdr.cth_strlen < 8 && hdr.cth_stroff > hdr.cth_typeoff) {
			free(body);
			snprintf(err, errlen, "compressed CTF with types but a string table of %u bytes", hdr.cth_strlen);
			return C2_EFORMAT;
		}
		p = body;
	} else {
		if (body_len > len - sizeof(hdr)) {
			snprintf(err, errlen, "CTF sections run past the data (%llu of %llu bytes)",
				 (unsigned long long)body_len, (unsigned long long)(len - sizeof(hdr)));
			return C2_EFORMAT;
		}
		p += sizeof(hdr);
	}
	rc = check_types(p + hdr.cth_typeoff, hdr.cth_stroff - hdr.cth_typeoff, hdr.cth_parname != 0, err, errlen);
	free(body);
	return rc;
}

/* A single dict, or an archive of them: every dict in it. */
static int check_raw(const uint8_t *p, size_t len, char *err, size_t errlen)
{
	uint64_t n, ctfs, names, i;
	int rc;

	if (len < 8 || get64(p) != CTFA_MAGIC)
		return check_dict(p, len, err, errlen);
	if (len < sizeof(struct ctf_archive)) {
		snprintf(err, errlen, "CTF archive header cut short");
		return C2_EFORMAT;
	}
	n = get64(p + 16);
	names = get64(p + 24);
	ctfs = get64(p + 32);
	if (n > (len - sizeof(struct ctf_archive)) / sizeof(ctf_archive_modent_t) || ctfs > len || names >= len) {
		snprintf(err, errlen, "CTF archive of %llu dicts does not fit %zu bytes", (unsigned long long)n, len);
		return C2_EFORMAT;
	}
	for (i = 0; i < n; i++) {
		const uint8_t *ent = p + sizeof(struct ctf_archive) + i * sizeof(ctf_archive_modent_t);
		uint64_t name = get64(ent), off = get64(ent + 8), size;

		/* libctf looks dicts up by name: each must end inside the file. */
		if (name >= len - names || !memchr(p + names + name, 0, len - names - name)) {
			snprintf(err, errlen, "CTF archive: the name of dict %llu lies outside the file", (unsigned long long)i);
			return C2_EFORMAT;
		}
		if (off > len - ctfs || len - ctfs - off < 8 || (size = get64(p + ctfs + off)) > len - ctfs - off - 8) {
			snprintf(err, errlen, "CTF archive: dict %llu lies outside the file", (unsigned long long)i);
			return C2_EFORMAT;
		}
		if ((rc = check_dict(p + ctfs + off + 8, size, err, errlen)) < 0)
			return rc;
	}
	return C2_OK;
}

static int count_cb(ctf_id_t id, int flag, void *arg)
{
	uint32_t *max = arg;

	if (id > 0 && (unsigned long)id < UINT32_MAX && (uint32_t)id > *max)
		*max = (uint32_t)id;
	return 0;
}

int ctfdict_open(struct ctfdict **out, void *buf, size_t len, char *err, size_t errlen)
{
	ctf_sect_t sect = { .cts_name = ".ctf", .cts_data = buf, .cts_size = len };
	struct ctfdict *d;
	uint32_t max = 0;
	int e = 0, rc;

	*out = NULL;
	if (!(d = calloc(1, sizeof(*d)))) {
		free(buf);
		snprintf(err, errlen, "out of memory");
		return C2_ENOMEM;
	}
	/* libctf reads every type record as the long form (20 bytes) before
	 * it knows it is the short one (12): zeros after the data keep that
	 * read inside the buffer. */
	if (!(d->buf = realloc(buf, len + 16))) {
		free(buf);
		free(d);
		snprintf(err, errlen, "out of memory");
		return C2_ENOMEM;
	}
	buf = d->buf;
	memset((uint8_t *)buf + len, 0, 16);
	sect.cts_data = buf;
	if ((rc = check_raw(buf, len, err, errlen)) < 0) {
		ctfdict_close(d);
		return rc;
	}
	/* libctf opens both a single dict and an archive of dicts this way. */
	if (!(d->arc = ctf_arc_bufopen(&sect, NULL, NULL, &e))) {
		snprintf(err, errlen, "not readable CTF: %s", ctf_errmsg(e));
		ctfdict_close(d);
		return C2_EFORMAT;
	}
	if (!(d->fp = ctf_dict_open(d->arc, NULL, &e))) {
		snprintf(err, errlen, "no CTF dictionary in it: %s", ctf_errmsg(e));
		ctfdict_close(d);
		return C2_EFORMAT;
	}
	/* Ids of one dict run from 1 to the largest; a child dict's would
	 * start past its parent's, but only the parent is opened. */
	if (ctf_type_iter_all(d->fp, count_cb, &max) < 0 || max >= 0x7fffffff) {
		snprintf(err, errlen, "CTF types do not list: %s", ctf_errmsg(ctf_errno(d->fp)));
		ctfdict_close(d);
		return C2_EFORMAT;
	}
	d->n = max + 1;
	*out = d;
	return C2_OK;
}

void ctfdict_close(struct ctfdict *d)
{
	int i;

	if (!d)
		return;
	for (i = 0; i < CACHED; i++) {
		free(d->lists[i].m);
		free(d->lists[i].e);
	}
	if (d->fp)
		ctf_dict_close(d->fp);
	if (d->arc)
		ctf_arc_close(d->arc);
	free(d->buf);
	free(d);
}

const char *ctfdict_error(const struct ctfdict *d)
{
	return d->err;
}

uint32_t ctfdict_count(const struct ctfdict *d)
{
	return d->n;
}

static int id_ok(struct ctfdict *d, uint32_t id)
{
	return id < d->n ? C2_OK : fail(d, C2_EINVAL, "type id %u out of range (%u types)", id, d->n - 1);
}

/* A slice (a bitfield's type): the one kind that has both an int encoding
 * and a type it refers to. (libctf 2.40 declares no ctf_type_kind_unsliced,
 * and ctf_type_kind gives a slice the kind of what it slices.) */
static int is_slice(struct ctfdict *d, uint32_t id)
{
	ctf_encoding_t enc;

	return ctf_type_reference(d->fp, id) != CTF_ERR && ctf_type_encoding(d->fp, id, &enc) == 0;
}

/* --- Members and enumerators, listed once ---------------------------------- */

struct collect {
	struct ctfdict *d;
	struct list *l;
	uint32_t cap;
	int failed;
};

static int grow(struct collect *c, size_t elem, void **arr)
{
	void *n;

	if (c->l->n < c->cap)
		return 0;
	c->cap = c->cap ? 2 * c->cap : 16;
	if (c->cap > 65536 || !(n = realloc(*arr, c->cap * elem))) {
		c->failed = 1;
		return -1;
	}
	*arr = n;
	return 0;
}

static int member_cb(const char *name, ctf_id_t type, unsigned long offset, void *arg)
{
	struct collect *c = arg;
	struct btf_member *m;
	ctf_encoding_t enc;

	if (grow(c, sizeof(*c->l->m), (void **)&c->l->m) < 0)
		return 1;
	m = &c->l->m[c->l->n++];
	m->name = name ? name : "";
	m->type = (uint32_t)type;
	m->bit_offset = offset;
	m->bit_size = 0;
	/* A bitfield: the declared type and the slice's width. */
	if (is_slice(c->d, (uint32_t)type) && ctf_type_encoding(c->d->fp, type, &enc) == 0) {
		m->type = (uint32_t)ctf_type_reference(c->d->fp, type);
		m->bit_offset += enc.cte_offset;
		m->bit_size = enc.cte_bits;
	}
	return 0;
}

static int enum_cb(const char *name, int value, void *arg)
{
	struct collect *c = arg;

	if (grow(c, sizeof(*c->l->e), (void **)&c->l->e) < 0)
		return 1;
	c->l->e[c->l->n].name = name;
	c->l->e[c->l->n++].value = value;
	return 0;
}

static int list_of(struct ctfdict *d, uint32_t id, int enums, struct list **out)
{
	struct collect c = { d, NULL, 0, 0 };
	int i, rc;

	for (i = 0; i < CACHED; i++)
		if (d->lists[i].id == id && id) {
			*out = &d->lists[i];
			return C2_OK;
		}
	c.l = &d->lists[d->next_slot++ % CACHED];
	free(c.l->m);
	free(c.l->e);
	memset(c.l, 0, sizeof(*c.l));
	rc = enums ? ctf_enum_iter(d->fp, id, enum_cb, &c) : ctf_member_iter(d->fp, id, member_cb, &c);
	if (c.failed)
		return fail(d, C2_ENOMEM, "type %u: out of memory listing its members", id);
	if (rc < 0)
		return lib_fail(d, enums ? "enumerators" : "members", id);
	c.l->id = id;
	*out = c.l;
	return C2_OK;
}

static int kind_of(struct ctfdict *d, uint32_t id, int *kind)
{
	int rc;

	if ((rc = id_ok(d, id)) < 0)
		return rc;
	if ((*kind = ctf_type_kind(d->fp, id)) < 0)
		return lib_fail(d, "kind", id);
	return C2_OK;
}

int ctfdict_member(struct ctfdict *d, uint32_t id, uint32_t i, struct btf_member *out)
{
	struct list *l;
	int kind, rc;

	if ((rc = kind_of(d, id, &kind)) < 0)
		return rc;
	if (kind != CTF_K_STRUCT && kind != CTF_K_UNION)
		return fail(d, C2_EINVAL, "type %u is no struct or union", id);
	if ((rc = list_of(d, id, 0, &l)) < 0)
		return rc;
	if (i >= l->n)
		return fail(d, C2_ENOENT, "type %u has no entry %u (only %u)", id, i, l->n);
	*out = l->m[i];
	return C2_OK;
}

int ctfdict_enumerator(struct ctfdict *d, uint32_t id, uint32_t i, struct btf_enumerator *out)
{
	struct list *l;
	int kind, rc;

	if ((rc = kind_of(d, id, &kind)) < 0)
		return rc;
	if (kind != CTF_K_ENUM)
		return fail(d, C2_EINVAL, "type %u is no enum", id);
	if ((rc = list_of(d, id, 1, &l)) < 0)
		return rc;
	if (i >= l->n)
		return fail(d, C2_ENOENT, "type %u has no entry %u (only %u)", id, i, l->n);
	*out = l->e[i];
	return C2_OK;
}

int ctfdict_param(struct ctfdict *d, uint32_t id, uint32_t i, struct btf_param *out)
{
	ctf_funcinfo_t fi;
	ctf_id_t args[256];
	int rc;

	if ((rc = id_ok(d, id)) < 0)
		return rc;
	if (ctf_func_type_info(d->fp, id, &fi) < 0)
		return lib_fail(d, "function", id);
	out->name = "";
	if (i == fi.ctc_argc && (fi.ctc_flags & CTF_FUNC_VARARG)) {
		out->type = 0;   /* "...", as BTF writes it */
		return C2_OK;
	}
	if (i >= fi.ctc_argc || i >= 256)
		return fail(d, C2_ENOENT, "type %u has no parameter %u", id, i);
	if (ctf_func_type_args(d->fp, id, i + 1, args) < 0)
		return lib_fail(d, "parameters", id);
	out->type = (uint32_t)args[i];
	return C2_OK;
}

/* --- Types ------------------------------------------------------------------------ */

static int negative_value(const char *name, int value, void *arg)
{
	return value < 0;
}

int ctfdict_type(struct ctfdict *d, uint32_t id, struct btf_type *t)
{
	ctf_encoding_t enc;
	ctf_arinfo_t ar;
	ctf_funcinfo_t fi;
	const char *name;
	struct list *l;
	ssize_t size;
	int kind, rc;

	memset(t, 0, sizeof(*t));
	t->id = id;
	t->name = "";
	if (id == 0)
		return C2_OK;   /* void */
	if ((rc = kind_of(d, id, &kind)) < 0)
		return rc;
	if ((name = ctf_type_name_raw(d->fp, id)))
		t->name = name;
	/* Not for arrays: libctf multiplies their sizes unchecked. */
	size = kind == CTF_K_ARRAY ? 0 : ctf_type_size(d->fp, id);
	if (is_slice(d, id)) {
		/* Only a member's type, which ctfdict_member replaces: seen
		 * alone, a slice is an int of its width. */
		t->kind = BTF_INT;
		t->size = size > 0 ? (uint64_t)size : 0;
		if (ctf_type_encoding(d->fp, id, &enc) == 0) {
			t->int_encoding = enc.cte_format & (BTF_INT_SIGNED | BTF_INT_CHAR | BTF_INT_BOOL);
			t->int_offset = enc.cte_offset;
			t->int_bits = enc.cte_bits;
		}
		return C2_OK;
	}
	switch (kind) {
	case CTF_K_INTEGER: case CTF_K_FLOAT:
		t->kind = kind == CTF_K_INTEGER ? BTF_INT : BTF_FLOAT;
		t->size = size > 0 ? (uint64_t)size : 0;
		if (ctf_type_encoding(d->fp, id, &enc) == 0 && kind == CTF_K_INTEGER) {
			t->int_encoding = enc.cte_format & (BTF_INT_SIGNED | BTF_INT_CHAR | BTF_INT_BOOL);
			t->int_offset = enc.cte_offset;
			t->int_bits = enc.cte_bits;
		}
		break;
	case CTF_K_POINTER: case CTF_K_TYPEDEF: case CTF_K_VOLATILE: case CTF_K_CONST: case CTF_K_RESTRICT: {
		static const int kinds[] = { [CTF_K_POINTER] = BTF_PTR, [CTF_K_TYPEDEF] = BTF_TYPEDEF,
					     [CTF_K_VOLATILE] = BTF_VOLATILE, [CTF_K_CONST] = BTF_CONST,
					     [CTF_K_RESTRICT] = BTF_RESTRICT };
		ctf_id_t ref = ctf_type_reference(d->fp, id);

		if (ref == CTF_ERR)
			return lib_fail(d, "reference", id);
		t->kind = kinds[kind];
		t->type = (uint32_t)ref;
		break;
	}
	case CTF_K_ARRAY:
		if (ctf_array_info(d->fp, id, &ar) < 0)
			return lib_fail(d, "array", id);
		t->kind = BTF_ARRAY;
		t->type = (uint32_t)ar.ctr_contents;
		t->index_type = (uint32_t)ar.ctr_index;
		t->nelems = ar.ctr_nelems;
		break;
	case CTF_K_FUNCTION:
		if (ctf_func_type_info(d->fp, id, &fi) < 0)
			return lib_fail(d, "function", id);
		t->kind = BTF_FUNC_PROTO;
		t->type = (uint32_t)fi.ctc_return;
		t->vlen = fi.ctc_argc + !!(fi.ctc_flags & CTF_FUNC_VARARG);
		break;
	case CTF_K_STRUCT: case CTF_K_UNION:
		t->kind = kind == CTF_K_STRUCT ? BTF_STRUCT : BTF_UNION;
		t->size = size > 0 ? (uint64_t)size : 0;
		if ((rc = list_of(d, id, 0, &l)) < 0)
			return rc;
		t->vlen = l->n;
		break;
	case CTF_K_ENUM:
		t->kind = BTF_ENUM;
		t->size = size > 0 ? (uint64_t)size : 0;
		if ((rc = list_of(d, id, 1, &l)) < 0)
			return rc;
		t->vlen = l->n;
		t->kflag = ctf_enum_iter(d->fp, id, negative_value, NULL) > 0;
		break;
	case CTF_K_FORWARD:
		/* BTF declares an enum without enumerators as an empty enum. */
		if (ctf_type_kind_forwarded(d->fp, id) == CTF_K_ENUM) {
			t->kind = BTF_ENUM;
			break;
		}
		t->kind = BTF_FWD;
		t->kflag = ctf_type_kind_forwarded(d->fp, id) == CTF_K_UNION;
		break;
	default:
		/* CTF_K_UNKNOWN: a type the compiler could not express. */
		t->kind = BTF_FWD;
		break;
	}
	return C2_OK;
}

int ctfdict_find(struct ctfdict *d, const char *name, int kind, uint32_t *id)
{
	static const char *const order[] = { "struct ", "union ", "", "enum " };
	char full[512];
	ctf_id_t r;
	size_t k;

	if (!strncmp(name, "struct ", 7) || !strncmp(name, "union ", 6) || !strncmp(name, "enum ", 5)) {
		kind = BTF_VOID;   /* the prefix says it */
		if ((r = ctf_lookup_by_name(d->fp, name)) != CTF_ERR) {
			*id = (uint32_t)r;
			return C2_OK;
		}
		return fail(d, C2_ENOENT, "%s: no such type", name);
	}
	if (!name[0])
		return fail(d, C2_EINVAL, "empty type name");
	/* A bare name: in BTF's order of preference. The plain lookup
	 * would also parse C declarators ("int *"): only names are asked. */
	for (k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		if ((kind == BTF_STRUCT && k != 0) || (kind == BTF_UNION && k != 1) || (kind == BTF_ENUM && k != 3))
			continue;
		snprintf(full, sizeof(full), "%s%s", order[k], name);
		if ((r = ctf_lookup_by_name(d->fp, full)) != CTF_ERR) {
			*id = (uint32_t)r;
			return C2_OK;
		}
	}
	return fail(d, C2_ENOENT, "%s%s: no such type", kind == BTF_STRUCT ? "struct " : kind == BTF_UNION ? "union " :
		    kind == BTF_ENUM ? "enum " : "", name);
}

int ctfdict_resolve(struct ctfdict *d, uint32_t id, uint32_t *out)
{
	ctf_id_t r;
	int rc;

	if (id == 0) {
		*out = 0;
		return C2_OK;
	}
	if ((rc = id_ok(d, id)) < 0)
		return rc;
	if ((r = ctf_type_resolve(d->fp, id)) == CTF_ERR)
		return lib_fail(d, "resolving typedefs", id);
	*out = (uint32_t)r;
	return C2_OK;
}

/* An enum declared, never defined. */
static int enum_declared_only(struct ctfdict *d, uint32_t id)
{
	return ctf_type_kind(d->fp, id) == CTF_K_FORWARD;
}

static int sizeof_depth(struct ctfdict *d, uint32_t id, uint64_t *size, int depth)
{
	struct btf_type t;
	uint64_t elem;
	ssize_t s;
	int rc;

	if (depth > BTF_MAX_DEPTH)
		return fail(d, C2_EFORMAT, "type %u: arrays nested deeper than %d (a loop?)", id, BTF_MAX_DEPTH);
	if ((rc = ctfdict_resolve(d, id, &id)) < 0 || (rc = ctfdict_type(d, id, &t)) < 0)
		return rc;
	/* Arrays here, with an overflow check libctf's ctf_type_size lacks. */
	if (t.kind == BTF_ARRAY) {
		if ((rc = sizeof_depth(d, t.type, &elem, depth + 1)) < 0)
			return rc;
		if (elem && t.nelems > UINT64_MAX / elem)
			return fail(d, C2_EFORMAT, "type %u: array size overflows", id);
		*size = elem * t.nelems;
		return C2_OK;
	}
	if (t.kind == BTF_VOID || t.kind == BTF_FWD || t.kind == BTF_FUNC_PROTO ||
	    (t.kind == BTF_ENUM && enum_declared_only(d, id)))
		return fail(d, C2_EINVAL, "type %u (%s%s%s) has no size", id, btf_kind_name(t.kind), t.name[0] ? " " : "",
			    t.name);
	if (t.kind == BTF_PTR) {
		*size = 8;   /* core2 reads 64-bit kernels only */
		return C2_OK;
	}
	if ((s = ctf_type_size(d->fp, id)) < 0)
		return lib_fail(d, "size", id);
	*size = (uint64_t)s;
	return C2_OK;
}

int ctfdict_sizeof(struct ctfdict *d, uint32_t id, uint64_t *size)
{
	return sizeof_depth(d, id, size, 0);
}

int ctfdict_is_signed(struct ctfdict *d, uint32_t id, int *is_signed)
{
	struct btf_type t;
	int rc;

	if ((rc = ctfdict_resolve(d, id, &id)) < 0 || (rc = ctfdict_type(d, id, &t)) < 0)
		return rc;
	if (t.kind == BTF_INT)
		*is_signed = !!(t.int_encoding & BTF_INT_SIGNED);
	else if (t.kind == BTF_ENUM)
		*is_signed = t.kflag;
	else
		return fail(d, C2_EINVAL, "type %u is a %s, not an integer", id, btf_kind_name(t.kind));
	return C2_OK;
}

struct enum_search {
	struct ctfdict *d;
	const char *name;
	int64_t value;
	int found;
};

static int enum_search_cb(ctf_id_t id, int flag, void *arg)
{
	struct enum_search *s = arg;
	int v;

	if (ctf_type_kind(s->d->fp, id) != CTF_K_ENUM || is_slice(s->d, (uint32_t)id))
		return 0;
	if (ctf_enum_value(s->d->fp, id, s->name, &v) < 0)
		return 0;
	s->value = v;
	s->found = 1;
	return 1;
}

int ctfdict_enum_value(struct ctfdict *d, uint32_t id, const char *name, int64_t *value)
{
	struct enum_search s = { d, name, 0, 0 };
	int v, rc;

	if (id) {
		if ((rc = ctfdict_resolve(d, id, &id)) < 0)
			return rc;
		if (ctf_type_kind(d->fp, id) != CTF_K_ENUM)
			return fail(d, C2_EINVAL, "type %u is not an enum", id);
		if (ctf_enum_value(d->fp, id, name, &v) < 0)
			return fail(d, C2_ENOENT, "%s: no such enumerator", name);
		*value = v;
		return C2_OK;
	}
	/* No index of enumerators in libctf 2.40: every enum in turn. */
	ctf_type_iter_all(d->fp, enum_search_cb, &s);
	if (!s.found)
		return fail(d, C2_ENOENT, "%s: no such enumerator", name);
	*value = s.value;
	return C2_OK;
}

int ctfdict_var(struct ctfdict *d, const char *name, uint32_t *type)
{
	ctf_id_t r = ctf_lookup_variable(d->fp, name);

	if (r == CTF_ERR || (unsigned long)r >= d->n)
		return fail(d, C2_ENOENT, "%s: no variable of that name in the CTF", name);
	*type = (uint32_t)r;
	return C2_OK;
}

/* --- C names and member paths: typewalk.c ------------------------------------- */

static int w_type(void *s, uint32_t id, struct btf_type *t) { return ctfdict_type(s, id, t); }
static int w_member(void *s, uint32_t id, uint32_t i, struct btf_member *m) { return ctfdict_member(s, id, i, m); }
static int w_param(void *s, uint32_t id, uint32_t i, struct btf_param *p) { return ctfdict_param(s, id, i, p); }
static int w_resolve(void *s, uint32_t id, uint32_t *out) { return ctfdict_resolve(s, id, out); }
static int w_sizeof(void *s, uint32_t id, uint64_t *size) { return ctfdict_sizeof(s, id, size); }

/* The same declarator rules and member search as BTF's, so that both
 * formats name types and find members alike (libctf's own names differ in
 * spacing and in function types, and libctf 2.40's ctf_member_info gives a
 * member of an anonymous member its offset inside that member, not inside
 * the type asked about: page.lru came out at 0, not 8). */
static struct typewalk walker(struct ctfdict *d)
{
	struct typewalk w = { d, w_type, w_member, w_param, w_resolve, w_sizeof, d->err, sizeof(d->err), 0 };

	return w;
}

int ctfdict_type_name(struct ctfdict *d, uint32_t id, const char *var, char *buf, size_t len)
{
	struct typewalk w = walker(d);

	return typewalk_name(&w, id, var, buf, len);
}

int ctfdict_member_path(struct ctfdict *d, uint32_t id, const char *path, struct btf_loc *out)
{
	struct typewalk w = walker(d);

	return typewalk_member_path(&w, id, path, out);
}
