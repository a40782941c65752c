/*
 * Types: choosing a source (a BTF or CTF file, BTF in the dump's memory, or
 * the running kernel's /sys/kernel/btf/vmlinux) and answering queries and
 * assertions on it; see core2.h. Parsing BTF is btf.c's business.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include <ctf-api.h>

#include "internal.h"
#include "btf.h"

#define TYPES_MAX_FILE (512u << 20)
/* vmlinux BTF is a few MB; a larger span between the symbols is a wrong
 * symbol table or a corrupt dump, not types worth reading. */
#define BTF_MAX_IN_MEMORY (64u << 20)
#define SYSFS_BTF "/sys/kernel/btf/vmlinux"

struct typesrc {
	char source[512];
	struct btf *btf;
	int is_ctf;          /* a CTF file was given: recognized, not yet queried */
	int failed;          /* no source could be found; err has why */
	char err[512];
};

void typesrc_free(struct typesrc *t)
{
	if (!t)
		return;
	btf_close(t->btf);
	free(t);
}

static int read_file(struct c2 *c2, const char *path, uint8_t **out, size_t *size, int sysfs)
{
	struct stat st;
	uint8_t *buf;
	size_t cap, len = 0;
	FILE *f;

	*out = NULL;
	if (!(f = fopen(path, "re")))
		return c2_fail(c2, errno == EACCES ? C2_EPERM : errno == ENOENT ? C2_ENOENT : C2_EIO, "%s: %s", path,
			       strerror(errno));
	/* sysfs files report a size but are read like any other; a regular
	 * file must be one of plausible size. */
	if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode) || (!sysfs && st.st_size < 4) ||
	    st.st_size > TYPES_MAX_FILE) {
		fclose(f);
		return c2_fail(c2, C2_EFORMAT, "%s: not a BTF or CTF file (not a regular file of plausible size)", path);
	}
	cap = st.st_size ? (size_t)st.st_size + 1 : 1u << 20;
	if (!(buf = malloc(cap))) {
		fclose(f);
		return c2_fail(c2, C2_ENOMEM, "out of memory");
	}
	for (;;) {
		size_t got = fread(buf + len, 1, cap - len, f);

		len += got;
		if (len < cap)
			break;
		if (cap >= TYPES_MAX_FILE) {
			free(buf);
			fclose(f);
			return c2_fail(c2, C2_EFORMAT, "%s: larger than %u MB", path, TYPES_MAX_FILE >> 20);
		}
		{
			uint8_t *nb = realloc(buf, cap * 2);

			if (!nb) {
				free(buf);
				fclose(f);
				return c2_fail(c2, C2_ENOMEM, "out of memory");
			}
			buf = nb;
			cap *= 2;
		}
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return c2_fail(c2, C2_EIO, "%s: read error", path);
	}
	fclose(f);
	*out = buf;
	*size = len;
	return C2_OK;
}

static int check_ctf(struct c2 *c2, const char *path, const uint8_t *buf, size_t size)
{
	ctf_sect_t sect = { .cts_name = ".ctf", .cts_data = buf, .cts_size = size };
	ctf_archive_t *arc;
	ctf_dict_t *dict;
	int err = 0;

	/* libctf opens both a single dict and an archive of dicts this way. */
	if (!(arc = ctf_arc_bufopen(&sect, NULL, NULL, &err)))
		return c2_fail(c2, C2_EFORMAT, "%s: not readable CTF: %s", path, ctf_errmsg(err));
	if (!(dict = ctf_dict_open(arc, NULL, &err))) {
		ctf_arc_close(arc);
		return c2_fail(c2, C2_EFORMAT, "%s: no CTF dictionary in it: %s", path, ctf_errmsg(err));
	}
	ctf_dict_close(dict);
	ctf_arc_close(arc);
	return C2_OK;
}

/* Open a BTF blob as the source; buf is taken over. */
static int use_btf(struct c2 *c2, struct typesrc *t, uint8_t *buf, size_t size, const char *what)
{
	char err[256];
	int rc;

	if ((rc = btf_open(&t->btf, buf, size, 1, err, sizeof(err))) < 0)
		return c2_fail(c2, rc, "%s: %s", what, err);
	return C2_OK;
}

int c2_set_types_file(struct c2 *c2, const char *path)
{
	static const uint64_t ctfa_magic = 0x8b47f2a4d7623eebull;
	struct typesrc *t;
	uint8_t *buf;
	size_t size;
	int rc;

	if ((rc = read_file(c2, path, &buf, &size, 0)) < 0)
		return rc;
	if (!(t = calloc(1, sizeof(*t)))) {
		free(buf);
		return c2_fail(c2, C2_ENOMEM, "out of memory");
	}
	if (size >= 2 && buf[0] == (BTF_MAGIC & 0xff) && buf[1] == BTF_MAGIC >> 8) {
		if ((rc = use_btf(c2, t, buf, size, path)) == 0) {
			snprintf(t->source, sizeof(t->source), "BTF from %s (given with --types, %u types)", path,
				 btf_count(t->btf) - 1);
		}
	} else if ((buf[0] == 0xf2 && buf[1] == 0xdf) || (size >= 8 && !memcmp(buf, &ctfa_magic, 8))) {
		rc = check_ctf(c2, path, buf, size);
		free(buf);
		t->is_ctf = 1;
		snprintf(t->source, sizeof(t->source), "CTF from %s (given with --types)", path);
	} else {
		free(buf);
		rc = c2_fail(c2, C2_EFORMAT, "%s: not a BTF or CTF file (unknown magic)", path);
	}
	if (rc < 0) {
		typesrc_free(t);
		return rc;
	}
	typesrc_free(c2->types);
	c2->types = t;
	c2_diagf(c2, "types: %s", t->source);
	return C2_OK;
}

/* BTF between __start_BTF and __stop_BTF, where the kernel keeps it for
 * /sys/kernel/btf/vmlinux; it is in every dump that has kernel data. */
static int btf_from_memory(struct c2 *c2, struct typesrc *t)
{
	static const char *const names[] = { "__start_BTF", "__stop_BTF" };
	struct c2_sym s[2];
	int found[2], rc;
	uint64_t size;
	uint8_t *buf;

	if ((rc = c2_sym_lookup_many(c2, names, 2, s, found)) < 0)
		return rc;
	if (!found[0] || !found[1])
		return c2_fail(c2, C2_ENOENT, "the symbols have no __start_BTF/__stop_BTF (a kernel without "
					      "CONFIG_DEBUG_INFO_BTF?)");
	size = s[1].addr - s[0].addr;
	if (s[1].addr <= s[0].addr || size >= BTF_MAX_IN_MEMORY)
		return c2_fail(c2, C2_EFORMAT, "__start_BTF 0x%llx and __stop_BTF 0x%llx do not bound BTF of "
					       "less than %u MB", (unsigned long long)s[0].addr,
			       (unsigned long long)s[1].addr, BTF_MAX_IN_MEMORY >> 20);
	if (!(buf = malloc(size)))
		return c2_fail(c2, C2_ENOMEM, "out of memory");
	if ((rc = c2_read(c2, s[0].addr, buf, size)) < 0) {
		free(buf);
		return rc;
	}
	if ((rc = use_btf(c2, t, buf, size, "BTF in the dump's memory")) < 0)
		return rc;
	snprintf(t->source, sizeof(t->source), "BTF in the dump's memory (0x%llx, %llu bytes, %u types)",
		 (unsigned long long)s[0].addr, (unsigned long long)size, btf_count(t->btf) - 1);
	return C2_OK;
}

/* The running kernel's build id from the GNU note in /sys/kernel/notes, as
 * lowercase hex. */
static int running_build_id(char *hex, size_t len)
{
	uint8_t buf[4096];
	size_t n, pos = 0;
	FILE *f = fopen("/sys/kernel/notes", "re");

	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	while (pos + 12 <= n) {
		uint32_t namesz, descsz, type;
		size_t name_at = pos + 12, desc_at, i;

		memcpy(&namesz, buf + pos, 4);
		memcpy(&descsz, buf + pos + 4, 4);
		memcpy(&type, buf + pos + 8, 4);
		if (namesz > n || descsz > n)
			return -1;
		desc_at = name_at + ((namesz + 3) & ~3u);
		if (desc_at + descsz > n)
			return -1;
		if (type == 3 && namesz == 4 && !memcmp(buf + name_at, "GNU", 4)) {
			if (descsz * 2 + 1 > len || descsz == 0)
				return -1;
			for (i = 0; i < descsz; i++)
				snprintf(hex + 2 * i, 3, "%02x", buf[desc_at + i]);
			return 0;
		}
		pos = desc_at + ((descsz + 3) & ~3u);
	}
	return -1;
}

/* /sys/kernel/btf/vmlinux describes the running kernel: usable only when
 * the target is provably that kernel. */
static int btf_from_sysfs(struct c2 *c2, struct typesrc *t)
{
	char running[128], why[160];
	const char *want;
	struct utsname u;
	uint8_t *buf;
	size_t size;
	int rc;

	if (strcmp(c2_path(c2), "/proc/kcore"))
		return c2_fail(c2, C2_ENOENT, "%s is not the running kernel's /proc/kcore", c2_path(c2));
	if (c2_vmcoreinfo(c2, "BUILD-ID", &want) == 0 && running_build_id(running, sizeof(running)) == 0) {
		if (strncasecmp(want, running, strlen(running)) || strlen(want) < strlen(running))
			return c2_fail(c2, C2_ENOENT, "the running kernel's build id %s differs from the target's %s",
				       running, want);
		snprintf(why, sizeof(why), "build id %s matches", running);
	} else if (c2_vmcoreinfo(c2, "OSRELEASE", &want) == 0 && uname(&u) == 0) {
		if (strcmp(want, u.release))
			return c2_fail(c2, C2_ENOENT, "the running kernel's release %s differs from the target's %s",
				       u.release, want);
		snprintf(why, sizeof(why), "release %s matches; no build id to compare", u.release);
	} else {
		return c2_fail(c2, C2_ENOENT, "no build id or release in the target's VMCOREINFO to compare with the "
					      "running kernel");
	}
	if ((rc = read_file(c2, SYSFS_BTF, &buf, &size, 1)) < 0)
		return rc;
	if ((rc = use_btf(c2, t, buf, size, SYSFS_BTF)) < 0)
		return rc;
	snprintf(t->source, sizeof(t->source), "BTF from %s (%s; %u types)", SYSFS_BTF, why, btf_count(t->btf) - 1);
	return C2_OK;
}

/* The source, found at first use; a failure is remembered so that every
 * query gives the same answer without retrying. */
static int types_init(struct c2 *c2, struct btf **out)
{
	struct typesrc *t = c2->types;
	char mem_err[256];
	int rc;

	if (!t) {
		if (!(t = calloc(1, sizeof(*t))))
			return c2_fail(c2, C2_ENOMEM, "out of memory");
		c2->types = t;
		if (!c2->kdump) {
			t->failed = 1;
			snprintf(t->err, sizeof(t->err), "no type source: give a BTF file with --types, or a dump");
		} else if ((rc = btf_from_memory(c2, t)) == 0) {
			c2_diagf(c2, "types: %s", t->source);
		} else {
			snprintf(mem_err, sizeof(mem_err), "%s", c2_error(c2));
			c2_diagf(c2, "types: no BTF from the dump's memory: %s", mem_err);
			if ((rc = btf_from_sysfs(c2, t)) == 0) {
				c2_diagf(c2, "types: %s", t->source);
			} else {
				c2_diagf(c2, "types: not using %s: %s", SYSFS_BTF, c2_error(c2));
				t->failed = 1;
				snprintf(t->err, sizeof(t->err), "no type information: %s; give a BTF file with --types",
					 mem_err);
			}
		}
	}
	if (t->failed)
		return c2_fail(c2, C2_ENOENT, "%s", t->err);
	if (t->is_ctf)
		return c2_fail(c2, C2_EINVAL, "%s: type queries on CTF are not implemented yet; give a BTF file",
			       t->source);
	*out = t->btf;
	return C2_OK;
}

/* A btf.c failure as the handle's error. */
static int btf_fail(struct c2 *c2, struct btf *b, int rc)
{
	return c2_fail(c2, rc, "%s", btf_error(b));
}

const char *c2_types_source(struct c2 *c2)
{
	struct btf *b;

	return types_init(c2, &b) < 0 ? NULL : c2->types->source;
}

int c2_type_count(struct c2 *c2, uint32_t *n)
{
	struct btf *b;
	int rc;

	if ((rc = types_init(c2, &b)) < 0)
		return rc;
	*n = btf_count(b);
	return C2_OK;
}

int c2_type_find(struct c2 *c2, const char *name, uint32_t *id)
{
	struct btf *b;
	int rc;

	if ((rc = types_init(c2, &b)) < 0)
		return rc;
	return (rc = btf_find(b, name, BTF_VOID, id)) < 0 ? btf_fail(c2, b, rc) : C2_OK;
}

int c2_type_get(struct c2 *c2, uint32_t id, struct c2_type *out)
{
	struct btf_type t;
	struct btf *b;
	int rc;

	if ((rc = types_init(c2, &b)) < 0)
		return rc;
	if ((rc = btf_type(b, id, &t)) < 0)
		return btf_fail(c2, b, rc);
	memset(out, 0, sizeof(*out));
	out->id = id;
	out->kind = t.kind;
	out->name = t.name;
	out->type = t.type;
	out->nelems = t.nelems;
	out->nmembers = t.vlen;
	if (btf_sizeof(b, id, &out->size) < 0)
		out->size = 0;   /* void, functions, forward declarations */
	if (t.kind == BTF_INT) {
		out->is_signed = !!(t.int_encoding & BTF_INT_SIGNED);
		out->is_char = t.size == 1 && ((t.int_encoding & BTF_INT_CHAR) || strstr(t.name, "char"));
	} else if (t.kind == BTF_ENUM || t.kind == BTF_ENUM64) {
		out->is_signed = t.kflag;
	}
	return C2_OK;
}

int c2_type_resolve(struct c2 *c2, uint32_t id, uint32_t *out)
{
	struct btf *b;
	int rc;

	if ((rc = types_init(c2, &b)) < 0)
		return rc;
	return (rc = btf_resolve(b, id, out)) < 0 ? btf_fail(c2, b, rc) : C2_OK;
}

int c2_type_name(struct c2 *c2, uint32_t id, const char *var, char *buf, size_t len)
{
	struct btf *b;
	int rc;

	if ((rc = types_init(c2, &b)) < 0)
		return rc;
	return (rc = btf_type_name(b, id, var, buf, len)) < 0 ? btf_fail(c2, b, rc) : C2_OK;
}

static void fill_member(struct btf *b, struct c2_member *out, const char *name, uint32_t type, uint64_t bit_offset,
			uint32_t bit_size)
{
	out->name = name;
	out->type = type;
	out->bit_offset = bit_offset;
	out->bit_size = bit_size;
	out->offset = bit_offset / 8;
	if (btf_sizeof(b, type, &out->size) < 0)
		out->size = 0;
}

int c2_type_member(struct c2 *c2, uint32_t id, uint32_t i, struct c2_member *out)
{
	struct btf_member m;
	struct btf *b;
	int rc;

	if ((rc = types_init(c2, &b)) < 0)
		return rc;
	if ((rc = btf_resolve(b, id, &id)) < 0 || (rc = btf_member(b, id, i, &m)) < 0)
		return btf_fail(c2, b, rc);
	fill_member(b, out, m.name, m.type, m.bit_offset, m.bit_size);
	return C2_OK;
}

int c2_type_member_path(struct c2 *c2, uint32_t id, const char *path, struct c2_member *out)
{
	const char *last;
	struct btf_loc loc;
	struct btf *b;
	int rc;

	if ((rc = types_init(c2, &b)) < 0)
		return rc;
	if ((rc = btf_member_path(b, id, path, &loc)) < 0)
		return btf_fail(c2, b, rc);
	/* The name is the last component, as written in the path. */
	last = strrchr(path, '.');
	fill_member(b, out, last ? last + 1 : path, loc.type, loc.bit_offset, loc.bit_size);
	return C2_OK;
}

int c2_type_enumerator(struct c2 *c2, uint32_t id, uint32_t i, const char **name, int64_t *value)
{
	struct btf_enumerator e;
	struct btf *b;
	int rc;

	if ((rc = types_init(c2, &b)) < 0)
		return rc;
	if ((rc = btf_resolve(b, id, &id)) < 0 || (rc = btf_enumerator(b, id, i, &e)) < 0)
		return btf_fail(c2, b, rc);
	*name = e.name;
	*value = e.value;
	return C2_OK;
}

int c2_type_enum_value(struct c2 *c2, uint32_t id, const char *name, int64_t *value)
{
	struct btf *b;
	int rc;

	if ((rc = types_init(c2, &b)) < 0)
		return rc;
	return (rc = btf_enum_value(b, id, name, value, NULL)) < 0 ? btf_fail(c2, b, rc) : C2_OK;
}

/* --- Assertions --------------------------------------------------------------- */

static void describe(char *buf, size_t len, int kind, int64_t size, int is_signed)
{
	snprintf(buf, len, "%s%s%s", kind == C2_ANY ? "any kind" : btf_kind_name(kind),
		 is_signed == C2_ANY ? "" : is_signed ? ", signed" : ", unsigned", "");
	if (size != C2_ANY)
		snprintf(buf + strlen(buf), len - strlen(buf), ", %lld bytes", (long long)size);
}

/* Compare what was found at type id (as declared) with the assumption. */
static int check_found(struct c2 *c2, struct btf *b, uint32_t id, const char *what, int kind, int64_t size,
		       int is_signed)
{
	char want[128], got[128], cname[256];
	struct btf_type t;
	uint32_t r;
	uint64_t sz = 0;
	int sgn = C2_ANY, rc;

	if ((rc = btf_resolve(b, id, &r)) < 0 || (rc = btf_type(b, r, &t)) < 0)
		return btf_fail(c2, b, rc);
	btf_sizeof(b, r, &sz);
	if (t.kind == BTF_INT || t.kind == BTF_ENUM || t.kind == BTF_ENUM64)
		btf_is_signed(b, r, &sgn);
	/* ENUM and ENUM64 are one kind to a reader of memory. */
	if ((kind == C2_ANY || kind == t.kind || (kind == BTF_ENUM && t.kind == BTF_ENUM64)) &&
	    (size == C2_ANY || (uint64_t)size == sz) && (is_signed == C2_ANY || is_signed == sgn))
		return C2_OK;
	describe(want, sizeof(want), kind, size, is_signed);
	describe(got, sizeof(got), t.kind, (int64_t)sz, is_signed == C2_ANY ? C2_ANY : sgn);
	if (btf_type_name(b, id, NULL, cname, sizeof(cname)) < 0)
		snprintf(cname, sizeof(cname), "type %u", id);
	return c2_fail(c2, C2_ETYPE, "%s: assumed %s, but the kernel's type is %s (%s)", what, want, cname, got);
}

int c2_type_check(struct c2 *c2, struct c2_assumption *a, size_t n)
{
	struct btf *b;
	size_t i;
	int rc;

	if ((rc = types_init(c2, &b)) < 0)
		return rc;
	for (i = 0; i < n; i++) {
		char what[300];
		uint32_t id;
		struct btf_loc loc = { 0, 0, 0 };
		int has_member = a[i].member && a[i].member[0];

		snprintf(what, sizeof(what), "%s%s%s", a[i].type, has_member ? "." : "", has_member ? a[i].member : "");
		if ((rc = btf_find(b, a[i].type, BTF_VOID, &id)) < 0)
			return c2_fail(c2, rc == C2_ENOENT ? C2_ETYPE : rc, "%s: assumed to exist: %s", what,
				       btf_error(b));
		if (has_member && (rc = btf_member_path(b, id, a[i].member, &loc)) < 0)
			return c2_fail(c2, rc == C2_ENOENT ? C2_ETYPE : rc, "%s: assumed to exist: %s", what,
				       btf_error(b));
		if (has_member && loc.bit_size)
			return c2_fail(c2, C2_ETYPE, "%s: assumed a whole member, but it is a bitfield of %u bits", what,
				       loc.bit_size);
		if ((rc = check_found(c2, b, has_member ? loc.type : id, what, a[i].kind, a[i].size,
				      a[i].is_signed)) < 0)
			return rc;
		a[i].offset = loc.bit_offset / 8;
	}
	return C2_OK;
}

int c2_assert_member(struct c2 *c2, const char *type, const char *member, int kind, int64_t size, uint64_t *offset)
{
	struct c2_assumption a = { type, member, kind, size, C2_ANY, 0 };
	int rc = c2_type_check(c2, &a, 1);

	if (rc == 0 && offset)
		*offset = a.offset;
	return rc;
}

int c2_assert_type_size(struct c2 *c2, const char *type, uint64_t size)
{
	struct c2_assumption a = { type, NULL, C2_ANY, (int64_t)size, C2_ANY, 0 };

	return c2_type_check(c2, &a, 1);
}

/* A VAR of that name in BTF (per-cpu variables only, in vmlinux BTF). */
static int find_var(struct btf *b, const char *name, uint32_t *type)
{
	uint32_t i, n = btf_count(b);
	struct btf_type t;

	for (i = 1; i < n; i++)
		if (btf_type(b, i, &t) == 0 && t.kind == BTF_VAR && !strcmp(t.name, name)) {
			*type = t.type;
			return 1;
		}
	return 0;
}

/* Per-cpu symbols are absolute ('A') where the kernel keeps them as offsets,
 * else they lie between __per_cpu_start and __per_cpu_end. */
static int might_be_percpu(struct c2 *c2, const struct c2_sym *s)
{
	static const char *const bounds[] = { "__per_cpu_start", "__per_cpu_end" };
	struct c2_sym b[2];
	int found[2];

	if (s->type == 'A' || s->type == 'a' || c2->types)
		return 1;
	if (c2_sym_lookup_many(c2, bounds, 2, b, found) < 0 || !found[0] || !found[1])
		return 1;
	return s->addr >= b[0].addr && s->addr < b[1].addr;
}

int c2_assert_global(struct c2 *c2, const char *name, int kind, int64_t size, int is_signed, int *strength,
		     uint64_t *addr)
{
	struct c2_sym s, at;
	struct btf *b = NULL;
	uint64_t off;
	uint32_t type;
	int rc;

	if ((rc = c2_sym_lookup(c2, name, &s)) < 0)
		return rc == C2_ENOENT ? c2_fail(c2, C2_ETYPE, "%s: assumed a global variable, but there is no such "
								"symbol", name) : rc;
	if (addr)
		*addr = s.addr;
	/* vmlinux BTF has VARs only for per-cpu variables; do not load it
	 * (megabytes from the dump) for a symbol that cannot be one. A
	 * missing type source is no violation: the bound check still runs. */
	if (might_be_percpu(c2, &s) && types_init(c2, &b) == 0 && find_var(b, name, &type)) {
		if ((rc = check_found(c2, b, type, name, kind, size, is_signed)) < 0)
			return rc;
		if (strength)
			*strength = C2_CHECKED_TYPE;
		return C2_OK;
	}
	if (s.type == '?') {
		if (strength)
			*strength = C2_CHECKED_NAME;
		return C2_OK;
	}
	if (!strchr("dDbBrR", s.type))
		return c2_fail(c2, C2_ETYPE, "%s: assumed a variable, but the symbol is of type '%c' (not data)", name,
			       s.type);
	/* The lookup usually knows the distance to the next symbol already;
	 * a reverse lookup (which indexes every address) only when not. */
	if (!s.size && c2_sym_resolve(c2, s.addr, &at, &off) == 0)
		s.size = at.size;
	if (size != C2_ANY && s.size && s.size < (uint64_t)size)
		return c2_fail(c2, C2_ETYPE, "%s: assumed %lld bytes, but the next symbol is %llu bytes after it", name,
			       (long long)size, (unsigned long long)s.size);
	if (strength)
		*strength = C2_CHECKED_BOUND;
	return C2_OK;
}
