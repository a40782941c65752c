/* libFuzzer target: the BTF reader (lib/types/btf.c): btf_open on the input, then
 * every query on the first types, the way the struct applet asks them; then
 * the same blob read on demand (btf_open_lazy, as from a dump), whose
 * answers must equal those of the blob read whole wherever that opened;
 * then read on demand through an index of its records and searched by
 * bisection (btf_find_bisect, btf_set_sorted), whatever its order. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/core2.h"
#include "../../lib/types/btf.h"

#define MAX_IDS 4096
#define MAX_VLEN 64

static void query_type(struct btf *b, uint32_t id)
{
	struct btf_type t;
	struct btf_member m;
	struct btf_enumerator e;
	struct btf_param p;
	struct btf_secinfo s;
	struct btf_loc loc;
	char name[512], path[300];
	uint64_t size;
	uint32_t r, i;
	int sg;

	if (btf_type(b, id, &t) < 0)
		return;
	btf_type_name(b, id, NULL, name, sizeof(name));
	btf_type_name(b, id, "var", name, 8);   /* a cut name */
	btf_sizeof(b, id, &size);
	btf_is_signed(b, id, &sg);
	btf_resolve(b, id, &r);
	for (i = 0; i < t.vlen && i < MAX_VLEN; i++) {
		if (btf_member(b, id, i, &m) == 0 && m.name[0] && i < 4) {
			/* A path through this member and one level further. */
			snprintf(path, sizeof(path), "%s", m.name);
			btf_member_path(b, id, path, &loc);
			snprintf(path, sizeof(path), "%s[1].%s", m.name, m.name);
			btf_member_path(b, id, path, &loc);
		}
		btf_enumerator(b, id, i, &e);
		btf_param(b, id, i, &p);
		btf_secinfo(b, id, i, &s);
	}
	btf_member(b, id, t.vlen, &m);   /* one past the end */
}

/* The input as a dump holds it: fill copies what btf.c asks for into a
 * buffer that starts out poisoned. */
struct lazysrc {
	const uint8_t *src;
	uint8_t *work;
	size_t len;
};

static int lazy_fill(void *arg, size_t off, size_t len, size_t *avail, char *err, size_t errlen)
{
	struct lazysrc *z = arg;

	if (off > z->len || len > z->len - off) {
		snprintf(err, errlen, "fill past the blob");
		return C2_EINVAL;
	}
	memcpy(z->work + off, z->src + off, len);
	*avail = len;
	return C2_OK;
}

/* An index of the records as the kernel keeps one (btf_set_locate): where
 * each record starts, found by walking them; the input's last byte may
 * move one entry (an index that disagrees). */
#define MAX_INDEX 65536
struct index {
	uint32_t off[MAX_INDEX], n;
};

static void make_index(struct index *x, const uint8_t *d, size_t size)
{
	uint32_t hdr, toff, tlen, off = 0, v;
	uint64_t len;

	x->n = 0;
	if (size < 24)
		return;
	memcpy(&hdr, d + 4, 4);
	memcpy(&toff, d + 8, 4);
	memcpy(&tlen, d + 12, 4);
	if ((uint64_t)hdr + toff + tlen > size)
		return;
	x->n = 1;
	while (x->n < MAX_INDEX && off + 12 <= tlen && (len = btf_record_size(d + hdr + toff + off)) &&
	       len <= tlen - off) {
		x->off[x->n++] = off;
		off += (uint32_t)len;
	}
	if (x->n > 2 && (v = d[size - 1]) % 7 == 0)
		x->off[1 + v % (x->n - 1)] += 4;
}

static int locate(void *arg, uint32_t id, uint32_t *off, uint32_t *count)
{
	const struct index *x = arg;

	if (id < 1 || id >= x->n)
		return C2_ENOENT;
	*off = x->off[id];
	*count = x->n;
	return C2_OK;
}

/* What the blob read whole answers, the blob read on demand must answer
 * alike; a difference is a bug: stop the fuzzer there. (Read on demand, a
 * reference to an id past the records placed is checked when followed, not
 * when the record holding it is first read: it may answer where the blob
 * read whole refuses a record.) */
static void same_type(struct btf *e, struct btf *l, uint32_t id)
{
	struct btf_type te, tl;
	struct btf_member me, ml;
	int re = btf_type(e, id, &te), rl = btf_type(l, id, &tl), m1, m2;
	uint32_t i;

	if (re == 0 && (rl != 0 || te.kind != tl.kind || strcmp(te.name, tl.name) || te.size != tl.size ||
			te.type != tl.type || te.vlen != tl.vlen))
		__builtin_trap();
	for (i = 0; re == 0 && i < te.vlen && i < MAX_VLEN; i++) {
		m1 = btf_member(e, id, i, &me);
		m2 = btf_member(l, id, i, &ml);
		if (m1 == 0 && (m2 != 0 || strcmp(me.name, ml.name) || me.type != ml.type ||
				me.bit_offset != ml.bit_offset || me.bit_size != ml.bit_size))
			__builtin_trap();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {
		"task_struct", "struct dentry", "union thread_union", "enum pid_type", "int", "unsigned int",
		"char", "struct ", "list_head", "",
	};
	static const char *const paths[] = {
		"d_name.name", "comm[3]", "tasks.next", "a.b.c", "x[", "[0]", ".", "a[99999999999999999999]", "",
	};
	struct btf_loc loc;
	struct btf *b, *l;
	struct lazysrc z = { data, NULL, size };
	char err[256];
	uint32_t n, id, i;
	int64_t v;
	size_t k, j;
	/* btf_open keeps pointers into the buffer: give it a copy of exactly
	 * size bytes so that ASan sees any read past the end. */
	uint8_t *buf = malloc(size ? size : 1);

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	/* Read on demand first, alone: the searches that place records as
	 * they go, on blobs that fail to open whole too. */
	if (!(z.work = malloc(size ? size : 1))) {
		free(buf);
		return 0;
	}
	memset(z.work, 0xa5, size);
	if (btf_open_lazy(&l, z.work, size, lazy_fill, &z, err, sizeof(err)) == 0) {
		for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			btf_find(l, names[k], BTF_VOID, &id);
		btf_enum_value(l, 0, "PIDTYPE_PID", &v, &i);
		for (id = 0; id < MAX_IDS && btf_type(l, id, &(struct btf_type){ 0 }) != C2_EINVAL; id++)
			query_type(l, id);
	} else {
		l = NULL;
	}
	if (btf_open(&b, buf, size, 1, err, sizeof(err)) < 0) {
		btf_close(l);
		free(z.work);
		return 0;
	}
	if (btf_count(b, &n) < 0)
		__builtin_trap();   /* open placed every record */
	for (id = 0; id < n && id < MAX_IDS; id++) {
		query_type(b, id);
		if (l)
			same_type(b, l, id);
	}
	for (k = 0; l && k < sizeof(names) / sizeof(names[0]); k++) {
		uint32_t a = 0, c = 0;

		if (btf_find(b, names[k], BTF_VOID, &a) != btf_find(l, names[k], BTF_VOID, &c) || a != c)
			__builtin_trap();
	}
	btf_close(l);
	/* Read on demand through an index, then searched by bisection as if
	 * sorted from an id the input says: whatever the order, a name found
	 * is the name asked for. */
	{
		static struct index x;
		struct btf_type t;

		make_index(&x, data, size);
		memset(z.work, 0xa5, size);
		if (x.n && btf_open_lazy(&l, z.work, size, lazy_fill, &z, err, sizeof(err)) == 0) {
			btf_set_locate(l, locate, &x);
			for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
				if (names[k][0] && !strchr(names[k], ' ') && btf_find_bisect(l, names[k], BTF_VOID, &id) == 0 &&
				    (btf_type(l, id, &t) < 0 || strcmp(t.name, names[k])))
					__builtin_trap();
			btf_set_sorted(l, 1 + data[size / 2] % (n > 1 ? n - 1 : 1));
			for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
				btf_find(l, names[k], BTF_VOID, &id);
			btf_close(l);
		}
	}
	free(z.work);
	query_type(b, n);   /* out of range */
	for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		if (btf_find(b, names[k], BTF_VOID, &id) < 0)
			continue;
		for (j = 0; j < sizeof(paths) / sizeof(paths[0]); j++)
			btf_member_path(b, id, paths[j], &loc);
	}
	btf_find(b, "x", BTF_ENUM, &id);
	btf_enum_value(b, 0, "PIDTYPE_PID", &v, &i);
	btf_enum_value(b, 0, "", &v, &i);
	btf_close(b);
	return 0;
}
