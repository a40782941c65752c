/* libFuzzer target: the BTF reader (lib/types/btf.c): btf_open on the input, then
 * every query on the first types, the way the struct applet asks them. */
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
	struct btf *b;
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
	if (btf_open(&b, buf, size, 1, err, sizeof(err)) < 0)
		return 0;
	n = btf_count(b);
	for (id = 0; id < n && id < MAX_IDS; id++)
		query_type(b, id);
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
