/* BTF: checking a blob once, then answering queries on it; see btf.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core2.h"
#include "btf.h"
#include "typewalk.h"

/* The kernel's limits (include/uapi/linux/btf.h). */
#define BTF_MAX_TYPE 0x000fffff
#define REC 12   /* sizeof(struct btf_type) on disk */
#define FIND_CACHE 16
#define FIND_NAME_MAX 64
/* A record this many ids past the last placed is read through the
 * locate index (btf_set_locate) instead of placing every record before it. */
#define LOCATE_GAP 4096

struct btf {
	const uint8_t *data;
	size_t len;
	int own;
	/* A blob read on demand (btf_open_lazy): every byte is asked for
	 * before it is read. NULL when the whole blob is there. */
	btf_fill_fn fill;
	void *fill_arg;
	size_t win_lo, win_hi;   /* bytes known valid, from the last fill */
	const uint8_t *types;
	uint32_t types_len;
	const char *strs;
	uint32_t strs_len;
	uint32_t *off;      /* off[id]: where record id starts in types */
	uint8_t *checked;   /* a bit per record: check_record() passed */
	uint32_t cap;       /* entries off[] and checked[] have room for */
	uint32_t n;         /* ids 0 .. n-1 placed so far (the base's included) */
	uint32_t pos;       /* where the next record to place starts */
	/* The locate index (btf_set_locate): far[] holds the records read
	 * through it past the last placed, by id (open addressing, nfar of
	 * capfar slots); locate_n the ids it has; 0 when it is not used. */
	btf_locate_fn locate;
	void *locate_arg;
	uint32_t locate_n;
	struct far { uint32_t id, off; } *far;
	uint32_t nfar, capfar;
	/* Named records sorted by name from sorted_from to the locate
	 * index's count (btf_set_sorted); 0: searched in order. */
	uint32_t sorted_from;
	/* Split BTF (a module's): ids below start_id and string offsets below
	 * start_str are the base's; this blob's own continue both. */
	struct btf *base;
	uint32_t start_id, start_str;
	/* The last names btf_find() was asked for, with its answers (an
	 * applet asks for task_struct a dozen times). */
	struct found {
		char name[FIND_NAME_MAX];
		int kind, rc;
		uint32_t id;
	} found[FIND_CACHE];
	unsigned nfound;
	char err[256];
};

static int fail(struct btf *b, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(struct btf *b, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b->err, sizeof(b->err), fmt, ap);
	va_end(ap);
	return code;
}

/* The buffer may come from anywhere: read without alignment assumptions. */
static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

/* The slot of far[] (cap slots, a power of two) that holds id, or the
 * empty one where it would go. */
static uint32_t far_slot(const struct far *far, uint32_t cap, uint32_t id)
{
	uint32_t i;

	for (i = id * 2654435761u & (cap - 1); far[i].id && far[i].id != id; i = (i + 1) & (cap - 1))
		;
	return i;
}

/* Where record id starts, when it was read through the locate index. */
static int far_get(const struct btf *b, uint32_t id, uint32_t *off)
{
	uint32_t i;

	if (!b->capfar || !b->far[i = far_slot(b->far, b->capfar, id)].id)
		return 0;
	*off = b->far[i].off;
	return 1;
}

/* The record of a valid id, in the base or in this blob: placed, or read
 * through the locate index. */
static const uint8_t *rec(const struct btf *b, uint32_t id)
{
	uint32_t off = 0;

	while (id < b->start_id)
		b = b->base;
	if (id < b->n)
		return b->types + b->off[id - b->start_id];
	far_get(b, id, &off);
	return b->types + off;
}

/* Bytes p .. p+len-1 of b's blob, read if the blob is read on demand. The
 * last range the fill said is valid answers most asks without a call. */
static int need(struct btf *b, const void *p, size_t len)
{
	size_t off = (size_t)((const uint8_t *)p - b->data), avail = 0;
	int rc;

	if (!b->fill || (off >= b->win_lo && off < b->win_hi && len <= b->win_hi - off))
		return C2_OK;
	if ((rc = b->fill(b->fill_arg, off, len, &avail, b->err, sizeof(b->err))) < 0)
		return rc;
	b->win_lo = off;
	b->win_hi = off + (avail > len ? avail : len);
	return C2_OK;
}

/* The string at a valid offset, in the base or in this blob, with its
 * first n bytes read (*got of them: fewer where the section ends); q gets
 * the message of a failed read. */
static int string_in(struct btf *q, uint32_t off, size_t n, const char **out, size_t *got)
{
	struct btf *b = q;
	size_t left;
	int rc;

	while (off < b->start_str)
		b = b->base;
	*out = b->strs + (off - b->start_str);
	left = b->strs_len - (off - b->start_str);
	*got = n < left ? n : left;
	if ((rc = need(b, *out, *got)) < 0 && b != q)
		snprintf(q->err, sizeof(q->err), "%s", b->err);
	return rc;
}

/* The whole string at a valid offset. The string section ends with NUL
 * (open_blob checks it), so the search for the end stops. */
static int str_at(struct btf *q, uint32_t off, const char **out)
{
	size_t step, got;
	int rc;

	for (step = 64;; step *= 8) {
		if ((rc = string_in(q, off, step, out, &got)) < 0)
			return rc;
		if (memchr(*out, 0, got))
			return C2_OK;
	}
}

/* The first byte of the string at a valid offset. */
static int first_byte(struct btf *q, uint32_t off, char *c)
{
	const char *s;
	size_t got;
	int rc = string_in(q, off, 1, &s, &got);

	*c = rc < 0 ? '\0' : s[0];
	return rc;
}

static const char *const kind_names[BTF_NKINDS] = {
	"void", "int", "ptr", "array", "struct", "union", "enum", "fwd", "typedef", "volatile", "const",
	"restrict", "func", "func_proto", "var", "datasec", "float", "decl_tag", "type_tag", "enum64",
};

const char *btf_kind_name(int kind)
{
	return kind >= 0 && kind < BTF_NKINDS ? kind_names[kind] : "unknown";
}

/* Bytes that follow the 12-byte record of a kind with vlen entries. */
static uint64_t extra_size(int kind, uint32_t vlen)
{
	switch (kind) {
	case BTF_INT: return 4;
	case BTF_ARRAY: return 12;
	case BTF_STRUCT: case BTF_UNION: return 12ull * vlen;
	case BTF_ENUM: return 8ull * vlen;
	case BTF_ENUM64: return 12ull * vlen;
	case BTF_FUNC_PROTO: return 8ull * vlen;
	case BTF_VAR: return 4;
	case BTF_DATASEC: return 12ull * vlen;
	case BTF_DECL_TAG: return 4;
	default: return 0;
	}
}

static int name_ok(const struct btf *b, uint32_t off)
{
	return off < b->start_str || off - b->start_str < b->strs_len;
}

static int place(struct btf *b, uint32_t want);

/* 1 when id exists (placing records up to it), 0 when the section ends
 * before it, or an error. A split blob's base is placed whole at open, or,
 * when the caller knew its count (btf_open_split's base_n), as far as the
 * ids asked for reach: then a base with another count is an error as soon
 * as it shows (placed past the count, or ending below an id under it). */
static int located(struct btf *b, uint32_t id);

static int exists(struct btf *b, uint32_t id)
{
	int rc;

	if (!b->base)
		return id >= b->n && b->locate && id - b->n > LOCATE_GAP ? located(b, id) : place(b, id);
	if (id >= b->start_id)
		rc = place(b, id);
	else if ((rc = exists(b->base, id)) < 0)
		snprintf(b->err, sizeof(b->err), "%s", b->base->err);
	else if (rc == 0)
		rc = fail(b, C2_EFORMAT, "type %u: past the end of the base BTF (%u types), which the split BTF "
			  "continues from %u", id, b->base->n, b->start_id);
	if (rc > 0 && b->base->n > b->start_id)
		rc = fail(b, C2_EFORMAT, "the base BTF has more types (%u placed) than the split BTF continues from (%u)",
			  b->base->n, b->start_id);
	return rc;
}

/* Whether a record may refer to id. In a blob read on demand, an id past
 * the records placed so far is taken on trust here and checked when it is
 * followed (exists(), by btf_type and every query by id): reading a
 * struct's members reads each one's type, and placing what those refer to
 * would read much of the type section for nothing (struct module's
 * sect_attrs points at id 8,496 of 100,000). */
static int id_ok(struct btf *b, uint32_t id)
{
	const struct btf *o = b;

	while (id < o->start_id)
		o = o->base;   /* the blob id belongs to */
	if (o->fill && id >= o->n)
		return id <= BTF_MAX_TYPE;
	return exists(b, id);
}

static int ids_ok(struct btf *b, uint32_t id1, uint32_t id2)
{
	int rc = id_ok(b, id1);

	return rc <= 0 ? rc : id_ok(b, id2);
}

/* Everything about one record that can be checked alone and with the ids
 * known: the kind's fixed rules, names and referenced ids. */
static int check_record(struct btf *b, uint32_t id)
{
	const uint8_t *r = rec(b, id), *x = r + REC;
	uint32_t info = get32(r + 4), vlen = info & 0xffff, sz = get32(r + 8), i;
	int kind = (info >> 24) & 0x1f, rc;

	if (!name_ok(b, get32(r)))
		return fail(b, C2_EFORMAT, "type %u: name offset %u outside the strings (%u bytes)", id, get32(r),
			    b->strs_len);
	switch (kind) {
	case BTF_INT: {
		uint32_t v = get32(x), bits = v & 0xff, off = (v >> 16) & 0xff;

		if (sz != 1 && sz != 2 && sz != 4 && sz != 8 && sz != 16)
			return fail(b, C2_EFORMAT, "type %u: int of %u bytes", id, sz);
		if (bits == 0 || bits > 128 || off + bits > sz * 8)
			return fail(b, C2_EFORMAT, "type %u: int of %u bits at bit %u does not fit %u bytes", id,
				    bits, off, sz);
		break;
	}
	case BTF_PTR: case BTF_TYPEDEF: case BTF_VOLATILE: case BTF_CONST: case BTF_RESTRICT:
	case BTF_TYPE_TAG: case BTF_FUNC: case BTF_VAR: case BTF_DECL_TAG:
		/* A function's prototype is read here: it must be placed. */
		if ((rc = kind == BTF_FUNC ? exists(b, sz) : id_ok(b, sz)) <= 0)
			return rc < 0 ? rc : fail(b, C2_EFORMAT, "type %u (%s): refers to type %u, past the last (%u)", id,
						  kind_names[kind], sz, b->n - 1);
		if ((kind == BTF_FUNC || kind == BTF_VAR) && sz == 0)
			return fail(b, C2_EFORMAT, "type %u (%s): of type void", id, kind_names[kind]);
		if (kind == BTF_FUNC && ((get32(rec(b, sz) + 4) >> 24) & 0x1f) != BTF_FUNC_PROTO)
			return fail(b, C2_EFORMAT, "type %u (func): type %u is no func_proto", id, sz);
		break;
	case BTF_ARRAY:
		if ((rc = ids_ok(b, get32(x), get32(x + 4))) <= 0)
			return rc < 0 ? rc : fail(b, C2_EFORMAT, "type %u (array): element type %u or index type %u "
						  "past the last (%u)", id, get32(x), get32(x + 4), b->n - 1);
		break;
	case BTF_STRUCT: case BTF_UNION:
		for (i = 0; i < vlen; i++, x += 12) {
			uint32_t bo = get32(x + 8);

			if ((rc = name_ok(b, get32(x)) ? id_ok(b, get32(x + 4)) : 0) <= 0)
				return rc < 0 ? rc : fail(b, C2_EFORMAT, "type %u: member %u has a bad name offset or "
							  "type id", id, i);
			if (info >> 31)
				bo &= 0xffffff;
			if (bo > (uint64_t)sz * 8)
				return fail(b, C2_EFORMAT, "type %u: member %u at bit %u, past the end (%u bytes)", id, i,
					    bo, sz);
		}
		break;
	case BTF_ENUM: case BTF_ENUM64:
		if (sz != 1 && sz != 2 && sz != 4 && sz != 8)
			return fail(b, C2_EFORMAT, "type %u: enum of %u bytes", id, sz);
		for (i = 0; i < vlen; i++, x += kind == BTF_ENUM ? 8 : 12)
			if (!name_ok(b, get32(x)))
				return fail(b, C2_EFORMAT, "type %u: enumerator %u has a bad name offset", id, i);
		break;
	case BTF_FWD:
	case BTF_FLOAT:
		if (kind == BTF_FLOAT && sz != 2 && sz != 4 && sz != 8 && sz != 12 && sz != 16)
			return fail(b, C2_EFORMAT, "type %u: float of %u bytes", id, sz);
		break;
	case BTF_FUNC_PROTO:
		if ((rc = id_ok(b, sz)) <= 0)
			return rc < 0 ? rc : fail(b, C2_EFORMAT, "type %u (func_proto): return type %u past the last",
						  id, sz);
		for (i = 0; i < vlen; i++, x += 8)
			if ((rc = name_ok(b, get32(x)) ? id_ok(b, get32(x + 4)) : 0) <= 0)
				return rc < 0 ? rc : fail(b, C2_EFORMAT, "type %u: parameter %u has a bad name offset or "
							  "type id", id, i);
		break;
	case BTF_DATASEC:
		for (i = 0; i < vlen; i++, x += 12)
			if ((rc = id_ok(b, get32(x))) <= 0)
				return rc < 0 ? rc : fail(b, C2_EFORMAT, "type %u (datasec): variable %u has a bad type id",
							  id, i);
		break;
	default:
		return fail(b, C2_EFORMAT, "type %u: unknown kind %d", id, kind);
	}
	return C2_OK;
}

/* Room for twice as many records in off[] and checked[]. */
static int grow(struct btf *b)
{
	uint32_t cap = b->cap ? 2 * b->cap : 4096;
	uint32_t *off = realloc(b->off, cap * sizeof(*off));
	uint8_t *checked;

	if (!off)
		return fail(b, C2_ENOMEM, "out of memory");
	b->off = off;
	if (!(checked = realloc(b->checked, cap / 8)))
		return fail(b, C2_ENOMEM, "out of memory");
	memset(checked + b->cap / 8, 0, (cap - b->cap) / 8);
	b->checked = checked;
	b->cap = cap;
	return C2_OK;
}

/* Place records (find where each starts) until id want has one or the
 * section ends: 1 when want exists, 0 when it does not, or an error. A blob
 * read on demand is placed as far as its queries reach; a record is checked
 * when it is first used (use()). In split BTF, off[] holds only this blob's
 * records: off[id - start_id]. */
static int place(struct btf *b, uint32_t want)
{
	int rc;

	while (b->n <= want) {
		uint32_t info, k = b->n - b->start_id;
		uint64_t len;
		int kind;

		if (b->pos >= b->types_len)
			return 0;
		if (b->types_len - b->pos < REC)
			return fail(b, C2_EFORMAT, "type %u: record cut short at byte %u of the type section", b->n,
				    b->pos);
		if ((rc = need(b, b->types + b->pos, REC)) < 0)
			return rc;
		info = get32(b->types + b->pos + 4);
		kind = (info >> 24) & 0x1f;
		if (kind == BTF_VOID || kind >= BTF_NKINDS)
			return fail(b, C2_EFORMAT, "type %u: unknown kind %d", b->n, kind);
		len = REC + extra_size(kind, info & 0xffff);
		if (len > b->types_len - b->pos)
			return fail(b, C2_EFORMAT, "type %u (%s): record of %llu bytes cut short by the section end",
				    b->n, kind_names[kind], (unsigned long long)len);
		if (b->n > BTF_MAX_TYPE)
			return fail(b, C2_EFORMAT, "more than %u types", BTF_MAX_TYPE);
		if (k >= b->cap && (rc = grow(b)) < 0)
			return rc;
		if (b->nfar) {
			uint32_t o;

			if (far_get(b, b->n, &o) && o != b->pos)
				return fail(b, C2_EFORMAT, "type %u: the kernel's index of its types says byte %u of the "
						      "type section, the records before it byte %u", b->n, o, b->pos);
		}
		b->off[k] = b->pos;
		b->n++;
		b->pos += len;
	}
	return 1;
}

/* The record of a valid id (not void), checked the first time it is used:
 * a query pays for the records it reads, not for all 100,000 of vmlinux. */
static int use(struct btf *b, uint32_t id, const uint8_t **out)
{
	struct btf *o = b;
	uint32_t k;
	int rc;

	while (id < o->start_id)
		o = o->base;
	k = id - o->start_id;
	while (k >= o->cap)
		if ((rc = grow(o)) < 0)
			return rc;
	if (!(o->checked[k / 8] & 1u << k % 8)) {
		const uint8_t *r = rec(o, id);
		uint32_t info = get32(r + 4);

		if ((rc = need(o, r, REC + extra_size((info >> 24) & 0x1f, info & 0xffff))) < 0 ||
		    (rc = check_record(o, id)) < 0) {
			if (o != b)
				snprintf(b->err, sizeof(b->err), "%s", o->err);
			return rc;
		}
		o->checked[k / 8] |= 1u << k % 8;
	}
	*out = rec(o, id);
	return C2_OK;
}

uint64_t btf_record_size(const uint8_t head[12])
{
	uint32_t info = get32(head + 4);
	int kind = (info >> 24) & 0x1f;

	return kind == BTF_VOID || kind >= BTF_NKINDS ? 0 : REC + extra_size(kind, info & 0xffff);
}

/* The record length at byte off of the type section (its head read), or 0
 * when no record of a known kind fits there. */
static uint64_t record_len(struct btf *b, uint32_t off)
{
	uint64_t len;

	if (off % 4 || off > b->types_len || b->types_len - off < REC || need(b, b->types + off, REC) < 0)
		return 0;
	len = btf_record_size(b->types + off);
	return len <= b->types_len - off ? len : 0;
}

/* The index off by the blob's own structure: no longer used (records are
 * placed in order, as without it). */
static int unlocated(struct btf *b, uint32_t id)
{
	b->locate = NULL;
	b->err[0] = '\0';
	return place(b, id);
}

/* The locate index checked once against the blob (record 1 at the start
 * of the type section, the last ending at its end): 1 when it is used
 * (locate_n its count), 0 when not. */
static int locate_ready(struct btf *b)
{
	uint32_t n, first, last;
	uint64_t len;

	if (!b->locate || b->locate_n)
		return b->locate != NULL;
	if (b->locate(b->locate_arg, 1, &first, &n) < 0 || n < 2 || n - 1 > BTF_MAX_TYPE || first != 0 ||
	    b->locate(b->locate_arg, n - 1, &last, &n) < 0 || !(len = record_len(b, last)) || last + len != b->types_len) {
		b->locate = NULL;
		return 0;
	}
	b->locate_n = n;
	return 1;
}

/* Record id (past the last placed) through the locate index: 1 once it
 * is known where it starts, 0 when there is no such id, or an error. The
 * index is checked once (locate_ready) and at each record (it ends where
 * the next id's starts). */
static int located(struct btf *b, uint32_t id)
{
	uint32_t off, next, n;
	uint64_t len;

	if (far_get(b, id, &off))
		return 1;
	if (!locate_ready(b))
		return unlocated(b, id);
	if (id >= b->locate_n)
		return place(b, id);   /* the section ends first */
	if (b->locate(b->locate_arg, id, &off, &n) < 0 || !(len = record_len(b, off)) ||
	    (id + 1 < b->locate_n ? b->locate(b->locate_arg, id + 1, &next, &n) < 0 || next != off + len
				   : off + len != b->types_len))
		return unlocated(b, id);
	if (2 * (b->nfar + 1) > b->capfar) {
		uint32_t cap = b->capfar ? 2 * b->capfar : 256, i;
		struct far *f = calloc(cap, sizeof(*f));

		if (!f)
			return fail(b, C2_ENOMEM, "out of memory");
		for (i = 0; i < b->capfar; i++)
			if (b->far[i].id)
				f[far_slot(f, cap, b->far[i].id)] = b->far[i];
		free(b->far);
		b->far = f;
		b->capfar = cap;
	}
	b->far[far_slot(b->far, b->capfar, id)] = (struct far){ id, off };
	b->nfar++;
	return 1;
}

void btf_set_locate(struct btf *b, btf_locate_fn fn, void *arg)
{
	if (b->fill && !b->base) {
		b->locate = fn;
		b->locate_arg = arg;
	}
}

static int open_blob(struct btf **out, struct btf *base, uint32_t base_n, const void *buf, size_t len, int own,
		     btf_fill_fn fill, void *arg, char *err, size_t errlen)
{
	const uint8_t *p = buf;
	struct btf *b;
	uint32_t hdr_len, type_off, type_len, str_off, str_len;
	int rc = C2_EFORMAT;

	*out = NULL;
	if (!(b = calloc(1, sizeof(*b)))) {
		if (own)
			free((void *)buf);
		snprintf(err, errlen, "out of memory");
		return C2_ENOMEM;
	}
	b->data = p;
	b->len = len;
	b->own = own;
	b->fill = fill;
	b->fill_arg = arg;
	if (base) {
		/* Split ids start after the base's last: place it whole, unless
		 * the caller knows how many it has and it is read on demand
		 * (then exists() checks the count as far as it is placed). */
		if (!(base_n && base->fill && base_n >= base->n) && (rc = place(base, UINT32_MAX)) < 0) {
			snprintf(b->err, sizeof(b->err), "%s", base->err);
			goto out;
		}
		rc = C2_EFORMAT;
		b->base = base;
		b->start_id = base->pos >= base->types_len ? base->n : base_n;
		b->n = b->start_id;
		b->start_str = base->start_str + base->strs_len;
	} else {
		if ((rc = grow(b)) < 0)
			goto out;
		rc = C2_EFORMAT;
		b->off[0] = 0;   /* void's slot */
		b->n = 1;
	}
	if (len < BTF_HEADER_MIN) {
		fail(b, rc, "BTF header cut short (%zu bytes)", len);
		goto out;
	}
	if ((rc = need(b, p, BTF_HEADER_MIN)) < 0)
		goto out;
	rc = C2_EFORMAT;
	if (p[0] == (BTF_MAGIC >> 8) && p[1] == (BTF_MAGIC & 0xff)) {
		fail(b, rc, "big-endian BTF: not supported");
		goto out;
	}
	if (p[0] != (BTF_MAGIC & 0xff) || p[1] != (BTF_MAGIC >> 8)) {
		fail(b, rc, "not BTF (magic 0x%02x%02x, want 0xeb9f)", p[1], p[0]);
		goto out;
	}
	if (p[2] != 1) {
		fail(b, rc, "BTF version %u (only 1 is known)", p[2]);
		goto out;
	}
	hdr_len = get32(p + 4);
	type_off = get32(p + 8);
	type_len = get32(p + 12);
	str_off = get32(p + 16);
	str_len = get32(p + 20);
	/* Offsets count from the header's end; compute in 64 bits so that no
	 * sum can wrap. */
	if (hdr_len < BTF_HEADER_MIN || hdr_len > len ||
	    (uint64_t)hdr_len + type_off + type_len > len || (uint64_t)hdr_len + str_off + str_len > len) {
		fail(b, rc, "BTF header does not fit the data (header %u, types %u+%u, strings %u+%u, %zu bytes)",
		     hdr_len, type_off, type_len, str_off, str_len, len);
		goto out;
	}
	if (type_off % 4 || type_len % 4) {
		fail(b, rc, "BTF type section not 4-byte aligned (offset %u, length %u)", type_off, type_len);
		goto out;
	}
	b->types = p + hdr_len + type_off;
	b->types_len = type_len;
	b->strs = (const char *)p + hdr_len + str_off;
	b->strs_len = str_len;
	if (str_len && ((rc = need(b, b->strs, 1)) < 0 || (rc = need(b, b->strs + str_len - 1, 1)) < 0))
		goto out;
	rc = C2_EFORMAT;
	/* Offset 0 must be the empty name, and a NUL at the end bounds every
	 * string that starts inside the section. Split BTF's strings continue
	 * its base's, whose first is the empty one: they may be empty and need
	 * not start with NUL, as the kernel's own parser allows. */
	if (base ? str_len && b->strs[str_len - 1] : str_len == 0 || b->strs[0] || b->strs[str_len - 1]) {
		fail(b, rc, "BTF string section does not start and end with NUL (%u bytes)", str_len);
		goto out;
	}
	if ((uint64_t)b->start_str + str_len > UINT32_MAX) {
		fail(b, rc, "split BTF strings past 4 GiB (base %u bytes, own %u)", b->start_str, str_len);
		goto out;
	}
	/* A blob that is all there is placed whole now, so that a damaged
	 * one fails here; one read on demand as far as its queries reach. */
	if (!fill && (rc = place(b, UINT32_MAX)) < 0)
		goto out;
	*out = b;
	return C2_OK;
out:
	snprintf(err, errlen, "%s", b->err);
	btf_close(b);
	return rc;
}

int btf_open(struct btf **out, const void *buf, size_t len, int own, char *err, size_t errlen)
{
	return open_blob(out, NULL, 0, buf, len, own, NULL, NULL, err, errlen);
}

int btf_open_lazy(struct btf **out, const void *buf, size_t len, btf_fill_fn fill, void *arg, char *err,
		  size_t errlen)
{
	return open_blob(out, NULL, 0, buf, len, 0, fill, arg, err, errlen);
}

int btf_open_split(struct btf **out, struct btf *base, uint32_t base_n, const void *buf, size_t len, int own,
		   char *err, size_t errlen)
{
	return open_blob(out, base, base_n, buf, len, own, NULL, NULL, err, errlen);
}

uint32_t btf_first_id(const struct btf *b)
{
	return b->base ? b->start_id : 1;
}

uint32_t btf_strings_len(const struct btf *b)
{
	return b->strs_len;
}

void btf_close(struct btf *b)
{
	if (!b)
		return;
	if (b->own)
		free((void *)b->data);
	free(b->off);
	free(b->checked);
	free(b->far);
	free(b);
}

const char *btf_error(const struct btf *b)
{
	return b->err;
}

int btf_count(struct btf *b, uint32_t *n)
{
	int rc = place(b, UINT32_MAX);

	*n = b->n;
	return rc < 0 ? rc : C2_OK;
}

int btf_type(struct btf *b, uint32_t id, struct btf_type *t)
{
	const uint8_t *r, *x;
	uint32_t info, sz;
	int rc;

	memset(t, 0, sizeof(*t));
	t->id = id;
	t->name = "";
	if (id == 0)
		return C2_OK;   /* void */
	if ((rc = exists(b, id)) <= 0)
		return rc < 0 ? rc : fail(b, C2_EINVAL, "type id %u out of range (%u types)", id, b->n - 1);
	if ((rc = use(b, id, &r)) < 0)
		return rc;
	x = r + REC;
	info = get32(r + 4);
	sz = get32(r + 8);
	t->kind = (info >> 24) & 0x1f;
	t->kflag = info >> 31;
	t->vlen = info & 0xffff;
	if ((rc = str_at(b, get32(r), &t->name)) < 0)
		return rc;
	switch (t->kind) {
	case BTF_INT:
		t->size = sz;
		t->int_encoding = (get32(x) >> 24) & 0xf;
		t->int_offset = (get32(x) >> 16) & 0xff;
		t->int_bits = get32(x) & 0xff;
		break;
	case BTF_ARRAY:
		t->type = get32(x);
		t->index_type = get32(x + 4);
		t->nelems = get32(x + 8);
		break;
	case BTF_STRUCT: case BTF_UNION: case BTF_ENUM: case BTF_ENUM64: case BTF_FLOAT: case BTF_DATASEC:
		t->size = sz;
		break;
	case BTF_VAR:
		t->linkage = get32(x);
		t->type = sz;
		break;
	case BTF_FUNC:
		t->linkage = t->vlen;   /* the vlen bits hold a function's linkage */
		t->vlen = 0;
		t->type = sz;
		break;
	case BTF_DECL_TAG:
		t->component_idx = (int32_t)get32(x);
		t->type = sz;
		break;
	case BTF_FWD:
		break;
	default:   /* ptr, typedef, qualifiers, type_tag, func_proto */
		t->type = sz;
		break;
	}
	return C2_OK;
}

/* The record of id when it has the kind (one of two), else an error. */
static const uint8_t *record_of(struct btf *b, uint32_t id, int k1, int k2, uint32_t i, int *rc)
{
	const uint8_t *r;
	uint32_t info;
	int kind;

	if (id == 0 || (*rc = exists(b, id)) <= 0) {
		if (id == 0 || *rc == 0)
			*rc = fail(b, C2_EINVAL, "type id %u out of range", id);
		return NULL;
	}
	if ((*rc = use(b, id, &r)) < 0)
		return NULL;
	info = get32(r + 4);
	kind = (info >> 24) & 0x1f;
	if (kind != k1 && kind != k2) {
		*rc = fail(b, C2_EINVAL, "type %u is a %s, not a %s", id, kind_names[kind], kind_names[k1]);
		return NULL;
	}
	if (i >= (info & 0xffff)) {
		*rc = fail(b, C2_ENOENT, "type %u has no entry %u (only %u)", id, i, info & 0xffff);
		return NULL;
	}
	return r;
}

int btf_member(struct btf *b, uint32_t id, uint32_t i, struct btf_member *m)
{
	const uint8_t *r, *x;
	uint32_t off;
	int rc;

	if (!(r = record_of(b, id, BTF_STRUCT, BTF_UNION, i, &rc)))
		return rc;
	x = r + REC + 12 * i;
	if ((rc = str_at(b, get32(x), &m->name)) < 0)
		return rc;
	m->type = get32(x + 4);
	off = get32(x + 8);
	if (get32(r + 4) >> 31) {
		m->bit_offset = off & 0xffffff;
		m->bit_size = off >> 24;
		return C2_OK;
	}
	m->bit_offset = off;
	m->bit_size = 0;
	/* Without kind_flag, a bitfield is a member whose int type is narrower
	 * than its storage; the int's own bit offset adds to the member's. */
	{
		uint32_t t = m->type, depth;
		struct btf_type bt;

		for (depth = 0; depth < BTF_MAX_DEPTH && t && btf_type(b, t, &bt) == 0; depth++) {
			if (bt.kind == BTF_TYPEDEF || bt.kind == BTF_CONST || bt.kind == BTF_VOLATILE ||
			    bt.kind == BTF_RESTRICT || bt.kind == BTF_TYPE_TAG) {
				t = bt.type;
				continue;
			}
			if (bt.kind == BTF_INT && (bt.int_offset || bt.int_bits != bt.size * 8)) {
				m->bit_offset += bt.int_offset;
				m->bit_size = bt.int_bits;
			}
			break;
		}
	}
	return C2_OK;
}

int btf_enumerator(struct btf *b, uint32_t id, uint32_t i, struct btf_enumerator *e)
{
	const uint8_t *r, *x;
	int rc;

	if (!(r = record_of(b, id, BTF_ENUM, BTF_ENUM64, i, &rc)))
		return rc;
	if (((get32(r + 4) >> 24) & 0x1f) == BTF_ENUM) {
		x = r + REC + 8 * i;
		if ((rc = str_at(b, get32(x), &e->name)) < 0)
			return rc;
		/* 32-bit values: signed enums sign-extend, others do not. */
		e->value = get32(r + 4) >> 31 ? (int64_t)(int32_t)get32(x + 4) : (int64_t)get32(x + 4);
	} else {
		x = r + REC + 12 * i;
		if ((rc = str_at(b, get32(x), &e->name)) < 0)
			return rc;
		e->value = (int64_t)((uint64_t)get32(x + 8) << 32 | get32(x + 4));
	}
	return C2_OK;
}

int btf_param(struct btf *b, uint32_t id, uint32_t i, struct btf_param *p)
{
	const uint8_t *r, *x;
	int rc;

	if (!(r = record_of(b, id, BTF_FUNC_PROTO, BTF_FUNC_PROTO, i, &rc)))
		return rc;
	x = r + REC + 8 * i;
	if ((rc = str_at(b, get32(x), &p->name)) < 0)
		return rc;
	p->type = get32(x + 4);
	return C2_OK;
}

int btf_secinfo(struct btf *b, uint32_t id, uint32_t i, struct btf_secinfo *s)
{
	const uint8_t *r, *x;
	int rc;

	if (!(r = record_of(b, id, BTF_DATASEC, BTF_DATASEC, i, &rc)))
		return rc;
	x = r + REC + 12 * i;
	s->type = get32(x);
	s->offset = get32(x + 4);
	s->size = get32(x + 8);
	return C2_OK;
}

static int is_enum(int kind)
{
	return kind == BTF_ENUM || kind == BTF_ENUM64;
}

static int is_alias(int kind)
{
	return kind == BTF_TYPEDEF || kind == BTF_CONST || kind == BTF_VOLATILE || kind == BTF_RESTRICT ||
	       kind == BTF_TYPE_TAG;
}

int btf_resolve(struct btf *b, uint32_t id, uint32_t *out)
{
	struct btf_type t;
	int depth, rc;

	for (depth = 0; depth < BTF_MAX_DEPTH; depth++) {
		if ((rc = btf_type(b, id, &t)) < 0)
			return rc;
		if (!is_alias(t.kind)) {
			*out = id;
			return C2_OK;
		}
		id = t.type;
	}
	return fail(b, C2_EFORMAT, "type %u: typedef or qualifier chain longer than %d (a reference loop?)",
		    t.id, BTF_MAX_DEPTH);
}

static int sizeof_depth(struct btf *b, uint32_t id, uint64_t *size, int depth)
{
	struct btf_type t;
	uint64_t elem;
	int rc;

	if (depth > BTF_MAX_DEPTH)
		return fail(b, C2_EFORMAT, "type %u: nesting deeper than %d (a reference loop?)", id, BTF_MAX_DEPTH);
	if ((rc = btf_resolve(b, id, &id)) < 0 || (rc = btf_type(b, id, &t)) < 0)
		return rc;
	switch (t.kind) {
	case BTF_INT: case BTF_STRUCT: case BTF_UNION: case BTF_ENUM: case BTF_ENUM64: case BTF_FLOAT:
	case BTF_DATASEC:
		*size = t.size;
		return C2_OK;
	case BTF_PTR:
		*size = 8;   /* core2 reads 64-bit kernels only */
		return C2_OK;
	case BTF_ARRAY:
		if ((rc = sizeof_depth(b, t.type, &elem, depth + 1)) < 0)
			return rc;
		if (elem && t.nelems > UINT64_MAX / elem)
			return fail(b, C2_EFORMAT, "type %u: array size overflows", id);
		*size = elem * t.nelems;
		return C2_OK;
	case BTF_VAR:
		return sizeof_depth(b, t.type, size, depth + 1);
	default:
		return fail(b, C2_EINVAL, "type %u (%s%s%s) has no size", id, kind_names[t.kind], t.name[0] ? " " : "",
			    t.name);
	}
}

int btf_sizeof(struct btf *b, uint32_t id, uint64_t *size)
{
	return sizeof_depth(b, id, size, 0);
}

int btf_is_signed(struct btf *b, uint32_t id, int *is_signed)
{
	struct btf_type t;
	int rc;

	if ((rc = btf_resolve(b, id, &id)) < 0 || (rc = btf_type(b, id, &t)) < 0)
		return rc;
	if (t.kind == BTF_INT)
		*is_signed = !!(t.int_encoding & BTF_INT_SIGNED);
	else if (t.kind == BTF_ENUM || t.kind == BTF_ENUM64)
		*is_signed = t.kflag;
	else
		return fail(b, C2_EINVAL, "type %u is a %s, not an integer", id, kind_names[t.kind]);
	return C2_OK;
}

static int kind_wanted(int want, int kind)
{
	if (want == BTF_ENUM)
		return kind == BTF_ENUM || kind == BTF_ENUM64;
	return kind == want;
}

/* Whether a record of kind kd can answer a search for kind (BTF_VOID: any
 * named type); a forward declaration can, when nothing complete does. */
static int can_answer(int kind, int kd)
{
	if (kind != BTF_VOID)
		return kd == BTF_FWD || kind_wanted(kind, kd);
	switch (kd) {
	case BTF_STRUCT: case BTF_UNION: case BTF_TYPEDEF: case BTF_ENUM: case BTF_ENUM64: case BTF_INT:
	case BTF_FLOAT: case BTF_FWD:
		return 1;
	default:
		return 0;
	}
}

/* Whether "name" followed by NUL lies anywhere in b's own string section:
 * a record can only be called name if it does (name_ok bounds every offset
 * inside the section, which ends with NUL). A blob read on demand answers a
 * name it lacks from its strings alone (vmlinux's: 437 pages of 6.1's 1,062)
 * instead of from every record. Read in windows growing from 4 to 64 KB, so
 * that a name near the start (the common structs') costs a page and one
 * further on reads little past it (the search for its record reads the
 * strings up to it anyway: 256 KB windows read 16 more pages for `bt`).
 * The search runs on the name's least common byte (a guess at identifiers'
 * letters: cost only). */
static int in_strings(struct btf *b, const char *name, int *found)
{
	static const char common[] = "_etarisnoclupdmfgbhkvwyx";
	size_t n = strlen(name), at = 0, score = sizeof(common), i, pos = 0, step = 4096;
	int rc;

	*found = 0;
	for (i = 0; i < n; i++) {
		const char *c = strchr(common, name[i]);
		size_t sc = c ? (size_t)(c - common) : sizeof(common);

		if (i == 0 || sc > score) {
			score = sc;
			at = i;
		}
	}
	while (pos < b->strs_len) {
		size_t end = b->strs_len - pos > step ? pos + step : b->strs_len;
		const char *q, *p, *e;

		if ((rc = need(b, b->strs + pos, end - pos)) < 0)
			return rc;
		/* Matches whose n + 1 bytes end inside [0, end) and were not
		 * inside the last window. */
		if (end >= n + 1) {
			p = b->strs + (pos > n ? pos - n : 0) + at;
			e = b->strs + end - n + at;   /* one past the last start + at */
			for (; p < e && (q = memchr(p, name[at], (size_t)(e - p))); p = q + 1)
				if (!memcmp(q - at, name, n + 1)) {
					*found = 1;
					return C2_OK;
				}
		}
		pos = end;
		if (step < 65536)
			step *= 2;
	}
	return C2_OK;
}

/* The kinds a search takes, best first: the first complete type of each
 * wanted kind in id order is kept; a forward declaration answers when
 * nothing complete does. */
static const int pick_kinds[] = { BTF_STRUCT, BTF_UNION, BTF_TYPEDEF, BTF_ENUM, BTF_INT, BTF_FLOAT };
#define NPICK (sizeof(pick_kinds) / sizeof(pick_kinds[0]))
struct pick {
	uint32_t best[NPICK], fwd;
};

/* Record i, named as searched, of kind kd: kept if it answers kind. */
static void take(struct pick *p, uint32_t i, uint32_t info, int kind)
{
	int kd = (info >> 24) & 0x1f;
	size_t k;

	if (kd == BTF_FWD) {
		int fk = info >> 31 ? BTF_UNION : BTF_STRUCT;

		if (!p->fwd && (kind == BTF_VOID || kind == fk))
			p->fwd = i;
		return;
	}
	for (k = 0; k < NPICK; k++)
		if (!p->best[k] && (kind == BTF_VOID || kind_wanted(kind, pick_kinds[k])) && kind_wanted(pick_kinds[k], kd))
			p->best[k] = i;
}

static int picked(const struct pick *p, uint32_t *id)
{
	size_t k;

	for (k = 0; k < NPICK; k++)
		if (p->best[k]) {
			*id = p->best[k];
			return C2_OK;
		}
	if (p->fwd) {
		*id = p->fwd;
		return C2_OK;
	}
	return C2_ENOENT;
}

/* Whether a record of kind kd may answer the search at all. */
static int may_answer(int kind, int words, int kd)
{
	return can_answer(kind, kd) && (!words || kd == BTF_INT || kd == BTF_FLOAT);
}

/* The name of record id (placed, or read through the locate index). */
static int name_of(struct btf *b, uint32_t id, const char **s, uint32_t *info)
{
	const uint8_t *r;
	int rc;

	if ((rc = exists(b, id)) <= 0)
		return rc < 0 ? rc : fail(b, C2_EFORMAT, "type %u: past the end of the type section", id);
	r = rec(b, id);
	*info = get32(r + 4);
	if (!name_ok(b, get32(r)))
		return fail(b, C2_EFORMAT, "type %u: name offset %u outside the string section", id, get32(r));
	return str_at(b, get32(r), s);
}

/*
 * A search of records sorted by name (ids from to count - 1, count the
 * locate index's): the first id whose name is not below name, by
 * bisection, then the run of records of that name, taken as the search in
 * id order takes them (so the answer is the same). Every name read must
 * lie between the two names it was found between: a blob in another order
 * shows it (C2_EFORMAT) at most probes, and then is not taken as sorted.
 */
static int sorted_find(struct btf *b, uint32_t from, const char *name, int kind, int words, uint32_t *id)
{
	const char *below = NULL, *above = NULL, *s;
	uint32_t lo = from, hi = b->locate_n, m, info;
	struct pick p;
	int rc;

	while (lo < hi) {
		m = lo + (hi - lo) / 2;
		if ((rc = name_of(b, m, &s, &info)) < 0)
			return rc;
		if ((below && strcmp(s, below) < 0) || (above && strcmp(s, above) > 0))
			return fail(b, C2_EFORMAT, "type %u: its name is out of the order by name", m);
		if (strcmp(s, name) >= 0) {
			hi = m;
			above = s;
		} else {
			lo = m + 1;
			below = s;
		}
	}
	memset(&p, 0, sizeof(p));
	for (m = lo; m < b->locate_n; m++) {
		if ((rc = name_of(b, m, &s, &info)) < 0)
			return rc;
		if (strcmp(s, name))
			break;
		if (may_answer(kind, words, (info >> 24) & 0x1f))
			take(&p, m, info, kind);
	}
	return picked(&p, id);
}

/* The locate index's count, or 0 when it is not used. */
static uint32_t locate_count(struct btf *b)
{
	return locate_ready(b) ? b->locate_n : 0;
}

int btf_set_sorted(struct btf *b, uint32_t from)
{
	const char *s;
	uint32_t info, n = locate_count(b);
	int rc;

	if (!n || from < 1 || from >= n)
		return fail(b, C2_EINVAL, "no order by name from type %u (%u types)", from, n);
	if ((rc = name_of(b, from, &s, &info)) < 0)
		return rc;
	if (!s[0])
		return fail(b, C2_EFORMAT, "type %u: the first named one has no name", from);
	if (from > 1 && ((rc = name_of(b, from - 1, &s, &info)) < 0 || s[0]))
		return rc < 0 ? rc : fail(b, C2_EFORMAT, "type %u: named, before the first named one", from - 1);
	b->sorted_from = from;
	return C2_OK;
}

int btf_find_bisect(struct btf *b, const char *name, int kind, uint32_t *id)
{
	if (!locate_count(b))
		return fail(b, C2_EINVAL, "no index to bisect by");
	return sorted_find(b, 1, name, kind, 0, id);
}

static int find_uncached(struct btf *b, const char *name, int kind, uint32_t *id)
{
	struct pick p;
	uint32_t i;
	size_t top = 0;
	/* A name of several words ("long unsigned int") is a base type's:
	 * no struct, union, typedef or enum can have it. */
	int words = kind == BTF_VOID && strchr(name, ' '), rc;

	if (b->sorted_from && !b->base && b->locate)
		return sorted_find(b, b->sorted_from, name, kind, words, id);
	/* The kind that wins over every other for this search: its first
	 * complete type ends the search, so a blob read on demand is read no
	 * further (vmlinux's common structs come early). */
	while (kind != BTF_VOID && top < NPICK - 1 && !kind_wanted(kind, pick_kinds[top]))
		top++;
	if (words)
		top = 4;   /* pick_kinds[4]: int */
	if (b->fill && !b->base) {
		int found;

		if ((rc = in_strings(b, name, &found)) < 0)
			return rc;
		if (!found)
			return C2_ENOENT;
	}
	/* One pass; the first complete type of each wanted kind wins. Only
	 * records of a kind that can answer have their names compared. */
	memset(&p, 0, sizeof(p));
	for (i = btf_first_id(b); !p.best[top]; i++) {
		const uint8_t *r;
		uint32_t info, off;
		const char *s;
		char c;

		if ((rc = place(b, i)) <= 0) {
			if (rc < 0)
				return rc;
			break;
		}
		r = rec(b, i);
		info = get32(r + 4);
		off = get32(r);
		if (!may_answer(kind, words, (info >> 24) & 0x1f) || !name_ok(b, off))
			continue;
		/* The first byte alone settles most names: the rest is read on
		 * a match. */
		if ((rc = first_byte(b, off, &c)) < 0)
			return rc;
		if (c != name[0])
			continue;
		if ((rc = str_at(b, off, &s)) < 0)
			return rc;
		if (!strcmp(s, name))
			take(&p, i, info, kind);
	}
	return picked(&p, id);
}

int btf_find(struct btf *b, const char *name, int kind, uint32_t *id)
{
	static const struct { const char *prefix; int kind; } prefixes[] = {
		{ "struct ", BTF_STRUCT }, { "union ", BTF_UNION }, { "enum ", BTF_ENUM },
	};
	struct found *f;
	unsigned k;
	int rc;

	for (k = 0; k < sizeof(prefixes) / sizeof(prefixes[0]); k++)
		if (!strncmp(name, prefixes[k].prefix, strlen(prefixes[k].prefix))) {
			name += strlen(prefixes[k].prefix);
			kind = prefixes[k].kind;
		}
	if (!name[0])
		return fail(b, C2_EINVAL, "empty type name");
	for (k = 0; k < b->nfound && k < FIND_CACHE; k++) {
		f = &b->found[k];
		if (f->kind == kind && !strcmp(f->name, name))
			break;
	}
	if (k < b->nfound && k < FIND_CACHE) {
		rc = f->rc;
		*id = f->id;
	} else {
		rc = find_uncached(b, name, kind, id);
		if (rc < 0 && rc != C2_ENOENT)
			return rc;   /* a record that cannot be read or placed: b->err says why */
		if (strlen(name) < FIND_NAME_MAX) {
			f = &b->found[b->nfound++ % FIND_CACHE];
			snprintf(f->name, sizeof(f->name), "%s", name);
			f->kind = kind;
			f->rc = rc;
			f->id = rc < 0 ? 0 : *id;
		}
	}
	if (rc < 0)
		return fail(b, rc, "%s%s: no such type", kind == BTF_VOID ? "" : kind == BTF_ENUM ? "enum " :
			    kind == BTF_UNION ? "union " : kind == BTF_STRUCT ? "struct " : "", name);
	return C2_OK;
}

/* --- C names and member paths: typewalk.c ------------------------------------- */

static int w_type(void *s, uint32_t id, struct btf_type *t) { return btf_type(s, id, t); }
static int w_member(void *s, uint32_t id, uint32_t i, struct btf_member *m) { return btf_member(s, id, i, m); }
static int w_param(void *s, uint32_t id, uint32_t i, struct btf_param *p) { return btf_param(s, id, i, p); }
static int w_resolve(void *s, uint32_t id, uint32_t *out) { return btf_resolve(s, id, out); }
static int w_sizeof(void *s, uint32_t id, uint64_t *size) { return btf_sizeof(s, id, size); }

static struct typewalk walker(struct btf *b)
{
	struct typewalk w = { b, w_type, w_member, w_param, w_resolve, w_sizeof, b->err, sizeof(b->err), 0 };

	return w;
}

int btf_type_name(struct btf *b, uint32_t id, const char *var, char *buf, size_t len)
{
	struct typewalk w = walker(b);

	return typewalk_name(&w, id, var, buf, len);
}

int btf_member_path(struct btf *b, uint32_t id, const char *path, struct btf_loc *out)
{
	struct typewalk w = walker(b);

	return typewalk_member_path(&w, id, path, out);
}

int btf_enum_value(struct btf *b, uint32_t id, const char *name, int64_t *value, uint32_t *enum_id)
{
	uint32_t first = id ? id : btf_first_id(b), last = UINT32_MAX, i, k;
	struct btf_type t;
	int rc;

	if (id && ((rc = btf_resolve(b, id, &first)) < 0))
		return rc;
	if (id)
		last = first;
	/* In id order, placing records as the search goes: the first enum
	 * that has the name answers. */
	for (i = first; i <= last && (rc = exists(b, i)) > 0; i++) {
		/* Only enums are read (checked, their references placed). */
		if (!id && !is_enum((get32(rec(b, i) + 4) >> 24) & 0x1f))
			continue;
		if ((rc = btf_type(b, i, &t)) < 0)
			return rc;
		if (t.kind != BTF_ENUM && t.kind != BTF_ENUM64) {
			if (id)
				return fail(b, C2_EINVAL, "type %u is a %s, not an enum", i, kind_names[t.kind]);
			continue;
		}
		for (k = 0; k < t.vlen; k++) {
			struct btf_enumerator e;

			if ((rc = btf_enumerator(b, i, k, &e)) < 0)
				return rc;
			if (!strcmp(e.name, name)) {
				*value = e.value;
				if (enum_id)
					*enum_id = i;
				return C2_OK;
			}
		}
	}
	if (rc < 0)
		return rc;
	return fail(b, C2_ENOENT, "%s: no such enumerator", name);
}
