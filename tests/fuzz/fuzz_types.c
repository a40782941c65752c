/*
 * libFuzzer target: a types file as `core2 --types FILE` opens it
 * (lib/types/types.c c2_set_types_file): BTF through lib/types/btf.c, CTF (a dict or an
 * archive of dicts) through libctf's open path; then the type queries and
 * assertions applets make. The input is handed over as a file (a memfd),
 * since that is the interface. The dump side is stubbed: no target is open.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../lib/internal.h"

/* What types.c would ask of the dump and the symbols: nothing is there. */
const char *c2_path(const struct c2 *c2) { return "fuzz"; }
int c2_read(struct c2 *c2, uint64_t addr, void *buf, size_t len) { return c2_fail(c2, C2_ENODATA, "no memory"); }
int c2_read_u64(struct c2 *c2, uint64_t addr, uint64_t *out) { return c2_fail(c2, C2_ENODATA, "no memory"); }
int c2_read_u32(struct c2 *c2, uint64_t addr, uint32_t *out) { return c2_fail(c2, C2_ENODATA, "no memory"); }
uint64_t c2_load_uint(struct c2 *c2, const void *p, size_t size)
{
	uint64_t v = 0;

	memcpy(&v, p, size < 8 ? size : 8);   /* little-endian hosts and dumps */
	return v;
}
int c2_sym_lookup(struct c2 *c2, const char *name, struct c2_sym *out) { return c2_fail(c2, C2_ENOENT, "no symbols"); }
int c2_sym_lookup_many(struct c2 *c2, const char *const *names, size_t n, struct c2_sym *out, int *found)
{
	return c2_fail(c2, C2_ENOENT, "no symbols");
}
int sym_lookup_many_core(struct c2 *c2, const char *const *names, size_t n, struct c2_sym *out, int *found)
{
	return c2_fail(c2, C2_ENOENT, "no symbols");
}
int c2_sym_resolve(struct c2 *c2, uint64_t addr, struct c2_sym *out, uint64_t *offset)
{
	return c2_fail(c2, C2_ENOENT, "no symbols");
}
int c2_vmcoreinfo(struct c2 *c2, const char *key, const char **val) { return c2_fail(c2, C2_ENOENT, "no dump"); }
int sym_lookup_global(struct c2 *c2, const char *name, struct c2_sym *out)
{
	return c2_fail(c2, C2_ENOENT, "no symbols");
}
int sym_data_range(struct c2 *c2, uint64_t addr, const char **range) { return SYM_DATA_UNKNOWN; }
int handle_module_btf(struct c2 *c2, c2_modbtf_fn *fn, void *arg) { return c2_fail(c2, C2_ENOENT, "no modules"); }
int c2_sym_lookup_core(struct c2 *c2, const char *name, struct c2_sym *out)
{
	return c2_fail(c2, C2_ENOENT, "no symbols");
}
const char *sym_missing_note(struct c2 *c2) { return ""; }
int sym_code_only(struct c2 *c2) { return 0; }
int sym_take_btf(struct c2 *c2, uint64_t start, void **buf, size_t *len, const uint8_t **btf) { return C2_ENOENT; }

static int memfd = -1;
static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if ((memfd = memfd_create("fuzz-types", 0)) < 0)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", memfd);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "task_struct", "struct list_head", "qstr", "enum pid_type", "pid_t",
					     "unsigned int", "char" };
	struct c2_assumption a[] = {
		{ "task_struct", "comm", C2_KIND_ARRAY, 16, C2_ANY, 0 },
		{ "task_struct", "tasks.next", C2_KIND_PTR, 8, C2_ANY, 0 },
		{ "qstr", "hash_len", C2_ANY, C2_ANY, 0, 0 },
		{ "list_head", NULL, C2_KIND_STRUCT, 16, C2_ANY, 0 },
	};
	struct c2 *c2 = calloc(1, sizeof(*c2));
	struct c2_type t;
	struct c2_member m;
	const char *ename;
	char name[256];
	uint32_t n, id, i, r;
	int64_t v;
	size_t k;

	if (!c2)
		return 0;
	if (ftruncate(memfd, 0) < 0 || pwrite(memfd, data, size, 0) != (ssize_t)size)
		abort();
	if (c2_set_types_file(c2, path) == 0 && c2_types_source(c2) && c2_type_count(c2, &n) == 0) {
		for (id = 0; id < n && id < 2048; id++) {
			if (c2_type_get(c2, id, &t) < 0)
				continue;
			c2_type_resolve(c2, id, &r);
			c2_type_name(c2, id, "x", name, sizeof(name));
			for (i = 0; i < t.nmembers && i < 32; i++) {
				c2_type_member(c2, id, i, &m);
				c2_type_enumerator(c2, id, i, &ename, &v);
			}
		}
		for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			if (c2_type_find(c2, names[k], &id) == 0) {
				c2_type_member_path(c2, id, "tasks.next", &m);
				c2_type_member_path(c2, id, "comm[15]", &m);
			}
		c2_type_enum_value(c2, 0, "PIDTYPE_TGID", &v);
		c2_type_check(c2, a, sizeof(a) / sizeof(a[0]));
		c2_assert_global(c2, "jiffies", C2_KIND_INT, 8, 0, NULL, NULL);
	}
	if (!c2->err[0] && c2->types == NULL)
		__builtin_trap();   /* a failure must say why */
	typesrc_free(c2->types);
	free(c2);
	return 0;
}
