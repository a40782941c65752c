/* libFuzzer target: the BTF reader (lib/types/btf.c): btf_open on the input, then
 * every query on the first types, the way the struct applet asks them; then
 * the same blob read on demand (btf_open_lazy, as from a dump), whose
 * answers must equal those of the blob read whole wherever that opened. */
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
