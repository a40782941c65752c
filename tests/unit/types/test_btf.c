/*
 * The BTF reader on hand-built blobs: every kind the kernel emits, the
 * queries on them, and corrupt blobs that must give an error, never a crash
 * or a loop.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../../lib/core2.h"
#include "../../../lib/types/btf.h"
#include "../unit.h"

/* --- A blob builder ---------------------------------------------------------- */

static uint8_t types[1 << 16], strs[1 << 14], blob[1 << 17];
static uint32_t ntypes_len, nstrs, next_id;
static uint32_t str_base;   /* split BTF: the base's string section length */

static void reset(void)
{
	ntypes_len = 0;
	nstrs = 1;    /* offset 0: the empty name */
	strs[0] = 0;
	next_id = 1;
	str_base = 0;
}

/* Split BTF: ids after the base's, strings after the base's, no empty
 * string of its own. */
static void reset_split(uint32_t first_id, uint32_t base_strs)
{
	ntypes_len = 0;
	nstrs = 0;
	next_id = first_id;
	str_base = base_strs;
}

static uint32_t str(const char *s)
{
	uint32_t at = nstrs;

	memcpy(strs + nstrs, s, strlen(s) + 1);
	nstrs += strlen(s) + 1;
	return str_base + at;
}

static void u32(uint32_t v)
{
	memcpy(types + ntypes_len, &v, 4);
	ntypes_len += 4;
}

/* A record: name, kind, vlen, kind_flag, size or type. Returns its id. */
static uint32_t rec(const char *name, int kind, uint32_t vlen, int kflag, uint32_t size_type)
{
	u32(name ? str(name) : 0);
	u32((uint32_t)kflag << 31 | (uint32_t)kind << 24 | vlen);
	u32(size_type);
	return next_id++;
}

static uint32_t int_type(const char *name, uint32_t size, uint32_t enc, uint32_t bits)
{
	uint32_t id = rec(name, BTF_INT, 0, 0, size);

	u32(enc << 24 | bits);
	return id;
}

static void member(const char *name, uint32_t type, uint32_t off)
{
	u32(name ? str(name) : 0);
	u32(type);
	u32(off);
}

/* Assemble header, types and strings into blob; returns its length. */
static size_t build(void)
{
	uint32_t h[6] = { 0 };

	h[0] = BTF_MAGIC | 1u << 16;   /* magic, version 1, flags 0 */
	h[1] = 24;
	h[2] = 0;
	h[3] = ntypes_len;
	h[4] = ntypes_len;
	h[5] = nstrs;
	memcpy(blob, h, 24);
	memcpy(blob + 24, types, ntypes_len);
	memcpy(blob + 24 + ntypes_len, strs, nstrs);
	return 24 + ntypes_len + nstrs;
}

static struct btf *open_blob(size_t len, char *err, size_t errlen, int *rc)
{
	struct btf *b;
	/* A private copy exactly len long, so that reads past it are caught
	 * by tools like valgrind and ASan. */
	uint8_t *copy = malloc(len ? len : 1);

	memcpy(copy, blob, len);
	*rc = btf_open(&b, copy, len, 1, err, errlen);
	return b;
}

/* Number of ids: btf_count places every record. */
static uint32_t count(struct btf *b)
{
	uint32_t n = 0;

	return btf_count(b, &n) < 0 ? 0 : n;
}

/* --- Every kind, and queries ----------------------------------------------- */

static uint32_t id_int, id_uint, id_char, id_long, id_ptr_void, id_list, id_ptr_list, id_arr_char, id_flags,
	id_task, id_enum, id_enum64, id_typedef_pid, id_const_char, id_ptr_const_char, id_volatile_int, id_restrict,
	id_fn_proto, id_func, id_ptr_fn, id_var, id_datasec, id_float, id_decl_tag, id_type_tag, id_fwd, id_anon_union,
	id_anon_struct, id_bits_old, id_old_struct, id_arr_ptr, id_ptr_arr, id_ptr_mm;

static size_t build_all_kinds(void)
{
	reset();
	id_int = int_type("int", 4, BTF_INT_SIGNED, 32);
	id_uint = int_type("unsigned int", 4, 0, 32);
	id_char = int_type("char", 1, BTF_INT_SIGNED, 8);
	id_long = int_type("long int", 8, BTF_INT_SIGNED, 64);
	id_ptr_void = rec(NULL, BTF_PTR, 0, 0, 0);
	/* struct list_head { struct list_head *next, *prev; }: a forward
	 * reference to the pointer type defined next. */
	id_list = rec("list_head", BTF_STRUCT, 2, 0, 16);
	member("next", id_list + 1, 0);
	member("prev", id_list + 1, 64);
	id_ptr_list = rec(NULL, BTF_PTR, 0, 0, id_list);
	id_arr_char = rec(NULL, BTF_ARRAY, 0, 0, 0);
	u32(id_char);
	u32(id_int);
	u32(16);
	/* union { int a; unsigned int b; } (anonymous) */
	id_anon_union = rec(NULL, BTF_UNION, 2, 0, 4);
	member("a", id_int, 0);
	member("b", id_uint, 0);
	/* struct { long int inner_x; union {...}; } (anonymous) */
	id_anon_struct = rec(NULL, BTF_STRUCT, 2, 0, 16);
	member("inner_x", id_long, 0);
	member(NULL, id_anon_union, 64);
	id_enum = rec("pid_type", BTF_ENUM, 3, 0, 4);
	u32(str("PIDTYPE_PID"));
	u32(0);
	u32(str("PIDTYPE_TGID"));
	u32(1);
	u32(str("PIDTYPE_MAX"));
	u32(4);
	id_enum64 = rec("big", BTF_ENUM64, 2, 1, 8);
	u32(str("BIG_NEG"));
	u32(0xfffffffe);
	u32(0xffffffff);   /* -2 */
	u32(str("BIG_POS"));
	u32(0);
	u32(1);            /* 1 << 32 */
	id_typedef_pid = rec("pid_t", BTF_TYPEDEF, 0, 0, id_int);
	id_const_char = rec(NULL, BTF_CONST, 0, 0, id_char);
	id_ptr_const_char = rec(NULL, BTF_PTR, 0, 0, id_const_char);
	id_volatile_int = rec(NULL, BTF_VOLATILE, 0, 0, id_int);
	id_restrict = rec(NULL, BTF_RESTRICT, 0, 0, id_ptr_void);
	id_fn_proto = rec(NULL, BTF_FUNC_PROTO, 2, 0, id_int);
	u32(str("x"));
	u32(id_ptr_list);
	u32(0);
	u32(0);            /* ... */
	id_func = rec("do_thing", BTF_FUNC, 1 /* global */, 0, id_fn_proto);
	id_ptr_fn = rec(NULL, BTF_PTR, 0, 0, id_fn_proto);
	id_var = rec("runqueues", BTF_VAR, 0, 0, id_list);
	u32(1);
	id_datasec = rec(".data..percpu", BTF_DATASEC, 1, 0, 4096);
	u32(id_var);
	u32(128);
	u32(16);
	id_float = rec("double", BTF_FLOAT, 0, 0, 8);
	id_decl_tag = rec("user", BTF_DECL_TAG, 0, 0, id_func);
	u32((uint32_t)-1);
	id_type_tag = rec("percpu", BTF_TYPE_TAG, 0, 0, id_int);
	id_fwd = rec("mm_struct", BTF_FWD, 0, 0, 0);
	/* struct with bitfields, kind_flag set: flags:3 at bit 64, mode:5 at 67 */
	id_flags = rec("flags", BTF_STRUCT, 2, 1, 16);
	member("lo", id_uint, 3u << 24 | 64);
	member("mode", id_uint, 5u << 24 | 67);
	/* An old-style bitfield: the int itself is 3 bits wide at bit 2. */
	id_bits_old = rec("u3", BTF_INT, 0, 0, 4);
	u32(2u << 16 | 3);
	id_old_struct = rec("old", BTF_STRUCT, 1, 0, 4);
	member("f", id_bits_old, 8);
	/* int *[4] and int (*)[4] */
	id_arr_ptr = rec(NULL, BTF_ARRAY, 0, 0, 0);
	u32(id_ptr_void);
	u32(id_int);
	u32(4);
	id_ptr_arr = rec(NULL, BTF_PTR, 0, 0, id_arr_ptr + 2);
	rec(NULL, BTF_ARRAY, 0, 0, 0);   /* id_ptr_arr + 1: int [4] */
	u32(id_int);
	u32(id_int);
	u32(4);
	/* struct task_struct { pid_t pid; char comm[16]; struct list_head
	 * tasks; struct {...}; flags fl; void (*fn)(...); const char *name;
	 * volatile int v; tagged int t; struct mm_struct *mm; enum pid_type k;
	 * big b; double d; int *ap[4]; } */
	id_ptr_mm = rec(NULL, BTF_PTR, 0, 0, id_fwd);
	id_task = rec("task_struct", BTF_STRUCT, 14, 0, 136);
	member("pid", id_typedef_pid, 0);
	member("comm", id_arr_char, 32);
	member("tasks", id_list, 192);
	member(NULL, id_anon_struct, 320);
	member("fl", id_flags, 448);
	member("fn", id_ptr_fn, 576);
	member("name", id_ptr_const_char, 640);
	member("v", id_volatile_int, 704);
	member("t", id_type_tag, 736);
	member("mm", id_ptr_mm, 768);
	member("k", id_enum, 832);
	member("bg", id_enum64, 896);
	member("d", id_float, 960);
	member("ap", id_arr_ptr, 1024);
	return build();
}

static void test_all_kinds(void)
{
	char err[256], name[256];
	struct btf_type t;
	struct btf_loc loc;
	struct btf_member m;
	struct btf_enumerator e;
	struct btf_param p;
	struct btf_secinfo si;
	uint64_t size;
	int64_t v;
	uint32_t id;
	int rc, sgn, k, seen[BTF_NKINDS] = { 0 };
	struct btf *b;
	size_t len = build_all_kinds();

	b = open_blob(len, err, sizeof(err), &rc);
	CHECK(rc == 0 && b, "a blob with every kind opens (%s)", rc ? err : "ok");
	if (!b)
		return;
	for (id = 1; id < count(b); id++)
		if (btf_type(b, id, &t) == 0)
			seen[t.kind]++;
	for (k = 1; k < BTF_NKINDS; k++)
		CHECK(seen[k] > 0, "kind %s is in the blob and decodes", btf_kind_name(k));

	CHECK(btf_find(b, "task_struct", BTF_VOID, &id) == 0 && id == id_task, "find task_struct");
	CHECK(btf_find(b, "struct task_struct", BTF_VOID, &id) == 0 && id == id_task, "find 'struct task_struct'");
	CHECK(btf_find(b, "union task_struct", BTF_VOID, &id) == C2_ENOENT, "'union task_struct' is not found");
	CHECK(btf_find(b, "pid_t", BTF_VOID, &id) == 0 && id == id_typedef_pid, "find a typedef");
	CHECK(btf_find(b, "enum pid_type", BTF_VOID, &id) == 0 && id == id_enum, "find an enum");
	CHECK(btf_find(b, "enum big", BTF_VOID, &id) == 0 && id == id_enum64, "find an enum64 as enum");
	CHECK(btf_find(b, "unsigned int", BTF_VOID, &id) == 0 && id == id_uint, "find a base type");
	CHECK(btf_find(b, "mm_struct", BTF_VOID, &id) == 0 && id == id_fwd, "a forward declaration is found");
	CHECK(btf_find(b, "nonexistent", BTF_VOID, &id) == C2_ENOENT, "a missing name is C2_ENOENT");
	CHECK(btf_find(b, "", BTF_VOID, &id) == C2_EINVAL, "an empty name is C2_EINVAL");

	CHECK(btf_sizeof(b, id_task, &size) == 0 && size == 136, "sizeof(struct task_struct) = 136");
	CHECK(btf_sizeof(b, id_arr_char, &size) == 0 && size == 16, "sizeof(char [16]) = 16");
	CHECK(btf_sizeof(b, id_typedef_pid, &size) == 0 && size == 4, "sizeof(pid_t) = 4");
	CHECK(btf_sizeof(b, id_ptr_fn, &size) == 0 && size == 8, "sizeof a pointer = 8");
	CHECK(btf_sizeof(b, id_var, &size) == 0 && size == 16, "sizeof a var is its type's");
	CHECK(btf_sizeof(b, id_func, &size) == C2_EINVAL, "a function has no size");
	CHECK(btf_sizeof(b, id_fwd, &size) == C2_EINVAL, "a forward declaration has no size");
	CHECK(btf_sizeof(b, 0, &size) == C2_EINVAL, "void has no size");

	CHECK(btf_resolve(b, id_typedef_pid, &id) == 0 && id == id_int, "pid_t resolves to int");
	CHECK(btf_resolve(b, id_type_tag, &id) == 0 && id == id_int, "a type tag resolves to its type");
	CHECK(btf_is_signed(b, id_typedef_pid, &sgn) == 0 && sgn == 1, "pid_t is signed");
	CHECK(btf_is_signed(b, id_uint, &sgn) == 0 && sgn == 0, "unsigned int is unsigned");
	CHECK(btf_is_signed(b, id_enum64, &sgn) == 0 && sgn == 1, "an enum64 with kind_flag is signed");

#define NAME(id, var, want)                                                                   \
	CHECK(btf_type_name(b, id, var, name, sizeof(name)) == 0 && !strcmp(name, want),       \
	      "type name %s%s%s: '%s'", want, var ? " for " : "", var ? (const char *)var : "", name)
	NAME(id_ptr_list, NULL, "struct list_head *");
	NAME(id_arr_char, NULL, "char [16]");
	NAME(id_arr_char, "comm", "char comm[16]");
	NAME(id_uint, NULL, "unsigned int");
	NAME(id_ptr_const_char, NULL, "const char *");
	NAME(id_ptr_fn, NULL, "int (*)(struct list_head *, ...)");
	NAME(id_ptr_fn, "fn", "int (*fn)(struct list_head *, ...)");
	NAME(id_arr_ptr, "ap", "void *ap[4]");
	NAME(id_ptr_arr, "pa", "int (*pa)[4]");
	NAME(id_restrict, NULL, "void *restrict");
	NAME(id_volatile_int, NULL, "volatile int");
	NAME(id_enum, NULL, "enum pid_type");
	NAME(id_anon_struct, NULL, "struct (anon)");
	NAME(id_func, NULL, "int (struct list_head *, ...)");
	NAME(0, NULL, "void");
	NAME(id_ptr_void, NULL, "void *");
	CHECK(btf_type_name(b, id_task, NULL, name, 8) == 0 && strlen(name) == 7, "a long name is cut to the buffer");

#define PATH(path, off, bits, want_type)                                                          \
	CHECK(btf_member_path(b, id_task, path, &loc) == 0 && loc.bit_offset == (off) && loc.bit_size == (bits) && \
		      loc.type == (want_type),                                                \
	      "path %s: bit %llu, %u bits, type %u", path, (unsigned long long)loc.bit_offset, loc.bit_size, loc.type)
	PATH("pid", 0, 0, id_typedef_pid);
	PATH("comm", 32, 0, id_arr_char);
	PATH("comm[3]", 56, 0, id_char);
	PATH("tasks.prev", 256, 0, id_ptr_list);
	PATH(".tasks.next", 192, 0, id_ptr_list);
	PATH("inner_x", 320, 0, id_long);
	PATH("bg", 896, 0, id_enum64);
	PATH("a", 384, 0, id_int);    /* in an anonymous union in an anonymous struct */
	PATH("fl.lo", 448 + 64, 3, id_uint);
	PATH("fl.mode", 448 + 67, 5, id_uint);
	PATH("ap[2]", 1024 + 128, 0, id_ptr_void);
	CHECK(btf_member_path(b, id_task, "comm[16]", &loc) == C2_EINVAL, "an index past the bound is an error: %s",
	      btf_error(b));
	CHECK(btf_member_path(b, id_task, "nope", &loc) == C2_ENOENT, "a missing member: %s", btf_error(b));
	CHECK(btf_member_path(b, id_task, "pid.x", &loc) == C2_EINVAL, "a member of an int: %s", btf_error(b));
	CHECK(btf_member_path(b, id_task, "name.x", &loc) == C2_EINVAL && strstr(btf_error(b), "pointer"),
	      "a path through a pointer says so: %s", btf_error(b));
	CHECK(btf_member_path(b, id_task, "pid[0]", &loc) == C2_EINVAL, "an index into an int: %s", btf_error(b));
	CHECK(btf_member_path(b, id_task, "comm[x]", &loc) == C2_EINVAL, "a bad index: %s", btf_error(b));
	CHECK(btf_member_path(b, id_task, "tasks..next", &loc) == C2_EINVAL, "an empty name: %s", btf_error(b));

	CHECK(btf_member(b, id_old_struct, 0, &m) == 0 && m.bit_offset == 10 && m.bit_size == 3,
	      "an old-style bitfield (no kind_flag): bit %llu, %u bits", (unsigned long long)m.bit_offset, m.bit_size);
	CHECK(btf_member(b, id_task, 14, &m) == C2_ENOENT, "member 14 of 14 is absent");
	CHECK(btf_member(b, id_int, 0, &m) == C2_EINVAL, "an int has no members");

	CHECK(btf_enumerator(b, id_enum, 1, &e) == 0 && !strcmp(e.name, "PIDTYPE_TGID") && e.value == 1,
	      "enumerator 1");
	CHECK(btf_enumerator(b, id_enum64, 0, &e) == 0 && e.value == -2, "a signed enum64 value");
	CHECK(btf_enum_value(b, 0, "BIG_POS", &v, &id) == 0 && v == 1ll << 32 && id == id_enum64,
	      "an enum64 value by name, in any enum");
	CHECK(btf_enum_value(b, id_enum, "PIDTYPE_MAX", &v, NULL) == 0 && v == 4, "an enum value by name");
	CHECK(btf_enum_value(b, id_enum, "BIG_POS", &v, NULL) == C2_ENOENT, "an enumerator of another enum");
	CHECK(btf_enum_value(b, id_int, "X", &v, NULL) == C2_EINVAL, "an int is no enum");

	CHECK(btf_param(b, id_fn_proto, 1, &p) == 0 && p.type == 0, "a varargs parameter has type 0");
	CHECK(btf_secinfo(b, id_datasec, 0, &si) == 0 && si.type == id_var && si.offset == 128 && si.size == 16,
	      "datasec variable info");
	CHECK(btf_type(b, id_func, &t) == 0 && t.linkage == 1 && t.type == id_fn_proto, "func linkage and proto");
	CHECK(btf_type(b, id_decl_tag, &t) == 0 && t.component_idx == -1, "decl_tag component -1");
	CHECK(btf_type(b, count(b), &t) == C2_EINVAL, "an id past the last is an error");
	btf_close(b);
}

/* --- Corrupt blobs ------------------------------------------------------------ */

/* Records are checked when first used: query every one, as an applet
 * would reach it; the first error, in err. */
static int use_all(struct btf *b, char *err, size_t len)
{
	struct btf_type t;
	uint32_t id;
	int rc;

	for (id = btf_first_id(b); id < count(b); id++)
		if ((rc = btf_type(b, id, &t)) < 0) {
			snprintf(err, len, "%s", btf_error(b));
			return rc;
		}
	return C2_OK;
}

/* A bad frame (header, sections, record lengths) is refused at open, a bad
 * record by the first query that reads it. */
static void expect_bad(size_t len, const char *what, const char *needle)
{
	char err[256] = "";
	int rc;
	struct btf *b = open_blob(len, err, sizeof(err), &rc);

	if (b)
		rc = use_all(b, err, sizeof(err));
	CHECK(rc == C2_EFORMAT && strstr(err, needle), "%s is refused: %s", what, err);
	btf_close(b);
}

static size_t small_valid(void)
{
	reset();
	int_type("int", 4, BTF_INT_SIGNED, 32);
	rec("pid_t", BTF_TYPEDEF, 0, 0, 1);
	return build();
}

static void test_corrupt(void)
{
	size_t len, cut;
	uint32_t v;
	char err[256];
	int rc, ok = 1;
	struct btf *b;

	len = small_valid();
	b = open_blob(len, err, sizeof(err), &rc);
	CHECK(rc == 0, "the small blob is valid");
	btf_close(b);

	/* Every truncation must fail cleanly. */
	for (cut = 0; cut < len; cut++) {
		b = open_blob(cut, err, sizeof(err), &rc);
		if (rc != C2_EFORMAT || b)
			ok = 0;
		btf_close(b);
	}
	CHECK(ok, "every truncation of a valid blob is refused");

	len = small_valid();
	blob[0] = 0x12;
	expect_bad(len, "a bad magic", "not BTF");
	len = small_valid();
	blob[0] = 0xeb;
	blob[1] = 0x9f;
	expect_bad(len, "big-endian BTF", "big-endian");
	len = small_valid();
	blob[2] = 2;
	expect_bad(len, "version 2", "version");
	len = small_valid();
	v = 0x7fffffff;
	memcpy(blob + 20, &v, 4);   /* str_len */
	expect_bad(len, "a string section past the end", "does not fit");
	len = small_valid();
	v = 0xfffffff0;
	memcpy(blob + 8, &v, 4);    /* type_off: wraps in 32 bits */
	expect_bad(len, "a type offset that would wrap", "does not fit");

	/* A name offset past the strings. */
	reset();
	int_type("int", 4, 0, 32);
	memcpy(types, &(uint32_t){ 5000 }, 4);
	expect_bad(build(), "a name offset out of bounds", "name offset");
	/* A member name offset past the strings. */
	reset();
	int_type("int", 4, 0, 32);
	rec("s", BTF_STRUCT, 1, 0, 4);
	member("m", 1, 0);
	memcpy(types + 16 + 12, &(uint32_t){ 99999 }, 4);
	expect_bad(build(), "a member name out of bounds", "member 0");
	/* Strings that do not end in NUL. */
	reset();
	int_type("int", 4, 0, 32);
	len = build();
	blob[len - 1] = 'x';
	expect_bad(len, "strings without a final NUL", "NUL");
	/* Type ids out of range. */
	reset();
	rec("p", BTF_TYPEDEF, 0, 0, 7);
	expect_bad(build(), "a typedef of a missing type", "past the last");
	reset();
	int_type("int", 4, 0, 32);
	rec(NULL, BTF_ARRAY, 0, 0, 0);
	u32(1);
	u32(1);
	u32(0xfff0);
	rec("s", BTF_STRUCT, 1, 0, 4);
	member("m", 42, 0);
	expect_bad(build(), "a member of a missing type", "member 0");
	reset();
	rec(NULL, BTF_ARRAY, 0, 0, 0);
	u32(9);
	u32(9);
	u32(1);
	expect_bad(build(), "an array of a missing type", "past the last");
	reset();
	rec(NULL, BTF_FUNC_PROTO, 1, 0, 0);
	u32(0);
	u32(77);
	expect_bad(build(), "a parameter of a missing type", "parameter 0");
	reset();
	rec(".data", BTF_DATASEC, 1, 0, 8);
	u32(55);
	u32(0);
	u32(8);
	expect_bad(build(), "a datasec of a missing var", "datasec");
	/* Unknown kinds, bad sizes, records cut by the section end. */
	reset();
	rec("x", 25, 0, 0, 0);
	expect_bad(build(), "kind 25", "unknown kind");
	reset();
	rec("x", 0, 0, 0, 0);
	expect_bad(build(), "kind 0", "unknown kind");
	reset();
	int_type("int", 3, 0, 24);
	expect_bad(build(), "a 3-byte int", "int of 3 bytes");
	reset();
	int_type("int", 4, 0, 40);
	expect_bad(build(), "an int wider than its size", "does not fit");
	reset();
	rec("e", BTF_ENUM, 0, 0, 5);
	expect_bad(build(), "a 5-byte enum", "enum of 5");
	reset();
	rec("s", BTF_STRUCT, 1000, 0, 4);
	expect_bad(build(), "a struct with more members than bytes", "cut short");
	reset();
	int_type("int", 4, 0, 32);
	rec("s", BTF_STRUCT, 1, 0, 4);
	member("m", 1, 64);
	expect_bad(build(), "a member past the struct's end", "past the end");
	reset();
	int_type("int", 4, 0, 32);
	rec("f", BTF_FUNC, 0, 0, 1);
	expect_bad(build(), "a func whose type is no func_proto", "no func_proto");
	reset();
	int_type("int", 4, 0, 32);
	len = build();
	memcpy(blob + 12, &(uint32_t){ 18 }, 4);   /* type_len not a multiple of 4 */
	expect_bad(len, "an unaligned type section", "aligned");
}

/* A query pays for the records it reads: a bad record elsewhere does not
 * stop it, and is refused each time it is read, never taken as checked. */
static void test_on_demand(void)
{
	size_t len_forge;
	struct btf_type t;
	struct btf_member m;
	uint32_t id, id_s, id_bad;
	char err[256];
	int rc;
	struct btf *b;

	reset();
	int_type("int", 4, BTF_INT_SIGNED, 32);             /* 1 */
	id_s = rec("s", BTF_STRUCT, 1, 0, 4);             /* 2 */
	member("x", 1, 0);
	id_bad = int_type("bad", 3, 0, 24);               /* 3: a 3-byte int */
	rec("lost", BTF_TYPEDEF, 0, 0, 1);                /* 4: its name forged below */
	len_forge = build();
	memcpy(blob + 24 + 12 + 4 + 12 + 12 + 12 + 4, &(uint32_t){ 99999 }, 4);
	b = open_blob(len_forge, err, sizeof(err), &rc);
	CHECK(rc == 0, "a blob with bad records opens: %s", rc ? err : "ok");
	if (!b)
		return;
	CHECK(btf_find(b, "s", BTF_STRUCT, &id) == 0 && id == id_s && btf_type(b, id, &t) == 0 &&
	      btf_member(b, id, 0, &m) == 0 && !strcmp(m.name, "x") && m.type == 1,
	      "a good struct is read beside bad records");
	CHECK(btf_find(b, "bad", BTF_VOID, &id) == 0 && id == id_bad, "the bad record is found by name");
	CHECK(btf_type(b, id_bad, &t) == C2_EFORMAT && strstr(btf_error(b), "int of 3 bytes"),
	      "reading it is refused: %s", btf_error(b));
	CHECK(btf_type(b, id_bad, &t) == C2_EFORMAT, "and refused again the second time");
	CHECK(btf_type(b, 4, &t) == C2_EFORMAT && strstr(btf_error(b), "name offset 99999"),
	      "a forged name offset is refused when read: %s", btf_error(b));
	CHECK(btf_find(b, "lost", BTF_VOID, &id) == C2_ENOENT, "and its name is not found");
	CHECK(btf_find(b, "s", BTF_STRUCT, &id) == 0 && id == id_s && btf_find(b, "nope", BTF_VOID, &id) == C2_ENOENT &&
	      btf_find(b, "nope", BTF_VOID, &id) == C2_ENOENT && strstr(btf_error(b), "nope: no such type"),
	      "repeated finds answer as the first (%s)", btf_error(b));
	btf_close(b);
}

/* --- Read on demand (btf_open_lazy) ------------------------------------------ */

/* The blob as a dump holds it: fill copies what btf.c asks for into a
 * buffer that starts out poisoned, so that a byte read without asking
 * shows up as a different answer. Bytes in fail_lo .. fail_hi-1 cannot be
 * read. */
static struct lazysrc {
	uint8_t *src, *work, *asked;
	size_t len, fail_lo, fail_hi;
} lz;

static int lazy_fill(void *arg, size_t off, size_t len, size_t *avail, char *err, size_t errlen)
{
	struct lazysrc *z = arg;
	size_t end;

	if (off > z->len || len > z->len - off) {
		snprintf(err, errlen, "fill past the blob");
		return C2_EINVAL;
	}
	if (off < z->fail_hi && off + len > z->fail_lo) {
		snprintf(err, errlen, "test fill failed at %zu", off);
		return C2_EIO;
	}
	/* As a dump gives pages: the rest of a 256-byte block comes along. */
	end = (off + len + 255) & ~(size_t)255;
	if (end > z->len)
		end = z->len;
	if (off < z->fail_hi && end > z->fail_lo)
		end = z->fail_lo;   /* off+len ends before it (checked above) */
	memcpy(z->work + off, z->src + off, end - off);
	memset(z->asked + off, 1, len);
	*avail = end - off;
	return C2_OK;
}

static struct btf *open_lazy(size_t len, size_t fail_lo, size_t fail_hi, char *err, size_t errlen, int *rc)
{
	struct btf *b;

	free(lz.src);
	free(lz.work);
	free(lz.asked);
	lz.src = malloc(len);
	memcpy(lz.src, blob, len);
	lz.len = len;
	lz.work = malloc(len);
	lz.asked = calloc(len, 1);
	memset(lz.work, 0xa5, len);
	lz.fail_lo = fail_lo;
	lz.fail_hi = fail_hi;
	*rc = btf_open_lazy(&b, lz.work, len, lazy_fill, &lz, err, errlen);
	return b;
}

static size_t asked_in(size_t from, size_t to)
{
	size_t n = 0;

	for (; from < to; from++)
		n += lz.asked[from];
	return n;
}

/* Every query on every id answers alike from the blob read whole and read
 * on demand. */
static int same_answers(struct btf *e, struct btf *l, uint32_t n, char *why, size_t len)
{
	static const char *const finds[] = { "task_struct", "struct list_head", "pid_t", "enum pid_type", "big",
					     "unsigned int", "long int", "double", "mm_struct", "nonexistent", "old" };
	uint32_t id, i, a, c;
	size_t k;

	for (id = 0; id <= n; id++) {
		struct btf_type te, tl;
		char ne[128] = "", nl[128] = "";
		uint64_t se = 0, sl = 0;
		int re = btf_type(e, id, &te), rl = btf_type(l, id, &tl);

		if (re != rl || (re == 0 && (te.kind != tl.kind || strcmp(te.name, tl.name) || te.size != tl.size ||
					     te.type != tl.type || te.vlen != tl.vlen))) {
			snprintf(why, len, "type %u: %d/%d", id, re, rl);
			return 0;
		}
		if (btf_type_name(e, id, "v", ne, sizeof(ne)) != btf_type_name(l, id, "v", nl, sizeof(nl)) ||
		    strcmp(ne, nl) || btf_sizeof(e, id, &se) != btf_sizeof(l, id, &sl) || se != sl) {
			snprintf(why, len, "type %u: name %s/%s or size %llu/%llu", id, ne, nl, (unsigned long long)se,
				 (unsigned long long)sl);
			return 0;
		}
		for (i = 0; re == 0 && i < te.vlen; i++) {
			struct btf_member me, ml;
			struct btf_enumerator ee, el;
			struct btf_param pe, pl;
			int m1 = btf_member(e, id, i, &me), m2 = btf_member(l, id, i, &ml);
			int e1 = btf_enumerator(e, id, i, &ee), e2 = btf_enumerator(l, id, i, &el);
			int p1 = btf_param(e, id, i, &pe), p2 = btf_param(l, id, i, &pl);

			if (m1 != m2 || (!m1 && (strcmp(me.name, ml.name) || me.type != ml.type ||
						 me.bit_offset != ml.bit_offset || me.bit_size != ml.bit_size)) ||
			    e1 != e2 || (!e1 && (strcmp(ee.name, el.name) || ee.value != el.value)) || p1 != p2 ||
			    (!p1 && (strcmp(pe.name, pl.name) || pe.type != pl.type))) {
				snprintf(why, len, "type %u entry %u", id, i);
				return 0;
			}
		}
	}
	for (k = 0; k < sizeof(finds) / sizeof(finds[0]); k++) {
		a = c = 0;
		if (btf_find(e, finds[k], BTF_VOID, &a) != btf_find(l, finds[k], BTF_VOID, &c) || a != c) {
			snprintf(why, len, "find %s: %u/%u", finds[k], a, c);
			return 0;
		}
	}
	return 1;
}

static void test_lazy(void)
{
	size_t len = build_all_kinds(), types_end = 24 + ntypes_len, asked, name_at;
	struct btf *e, *l;
	struct btf_type t;
	char err[256], why[128] = "";
	uint32_t id, n;
	int64_t v;
	int rc;

	e = open_blob(len, err, sizeof(err), &rc);
	l = open_lazy(len, 0, 0, err, sizeof(err), &rc);
	CHECK(rc == 0 && l, "a blob read on demand opens (%s)", rc ? err : "ok");
	if (!e || !l)
		return;
	asked = asked_in(24, types_end);
	CHECK(asked == 0, "opening reads no record (%zu bytes of the type section asked for)", asked);
	CHECK(btf_find(l, "struct list_head", BTF_VOID, &id) == 0 && id == id_list,
	      "a struct early in the blob is found");
	asked = asked_in(24, types_end);
	CHECK(asked > 0 && asked < ntypes_len / 4, "finding it read %zu of the %u bytes of records", asked,
	      ntypes_len);
	CHECK(btf_enum_value(l, 0, "PIDTYPE_TGID", &v, &id) == 0 && v == 1 && id == id_enum,
	      "an enumerator is found without reading the records after its enum");
	CHECK(asked_in(24, types_end) < (size_t)(24 + 12 * 3 + 8 * 3 + 12 + 12 * 4) + asked +
	      (id_enum - id_list) * 64, "and the records after it were not read");
	CHECK(same_answers(e, l, count(e), why, sizeof(why)), "every query answers as on the blob read whole (%s)",
	      why[0] ? why : "same");
	CHECK(count(l) == count(e), "the count, once asked, is the whole blob's (%u)", count(l));
	btf_close(l);

	/* Reads that fail: the header, the strings, a record. */
	l = open_lazy(len, 0, 8, err, sizeof(err), &rc);
	CHECK(rc == C2_EIO && !l && strstr(err, "test fill failed"), "an unreadable header fails the open: %s", err);
	name_at = (size_t)((uint8_t *)memmem(blob + types_end, len - types_end, "task_struct", 12) - blob);
	l = open_lazy(len, name_at + 2, name_at + 4, err, sizeof(err), &rc);
	CHECK(rc == 0, "a blob with unreadable strings opens (%s)", rc ? err : "ok");
	rc = btf_find(l, "task_struct", BTF_VOID, &id);
	CHECK(rc == C2_EIO && strstr(btf_error(l), "test fill failed"), "a name that cannot be read is an error, "
	      "not a miss: %d %s", rc, btf_error(l));
	btf_close(l);
	l = open_lazy(len, types_end - 8, types_end - 4, err, sizeof(err), &rc);
	CHECK(rc == 0 && btf_find(l, "list_head", BTF_STRUCT, &id) == 0 && id == id_list,
	      "an unreadable last record does not stop a find before it (%s)", rc ? err : btf_error(l));
	CHECK(btf_find(l, "nonexistent", BTF_VOID, &id) == C2_ENOENT && btf_count(l, &n) == 0 && n == count(e),
	      "searches and the count read records' heads only, not its members (%s)", btf_error(l));
	CHECK(btf_type(l, id_task, &t) == C2_EIO && strstr(btf_error(l), "test fill failed"),
	      "reading that record is an error: %s", btf_error(l));
	btf_close(l);
	l = open_lazy(len, types_end - 12 - 14 * 12, types_end - 14 * 12, err, sizeof(err), &rc);
	CHECK(rc == 0 && btf_find(l, "inner_x", BTF_VOID, &id) == C2_EIO && btf_count(l, &n) == C2_EIO,
	      "an unreadable record head stops searches (for a name the strings hold) and the count: %s",
	      rc ? err : btf_error(l));
	btf_close(l);
	btf_close(e);

	/* A record of an unknown kind at the end: refused at open when read
	 * whole; read on demand, found by the searches that reach it. */
	rec("oops", 31, 0, 0, 0);
	len = build();
	e = open_blob(len, err, sizeof(err), &rc);
	CHECK(rc == C2_EFORMAT && !e, "a blob with an unknown kind at its end fails to open whole: %s", err);
	l = open_lazy(len, 0, 0, err, sizeof(err), &rc);
	CHECK(rc == 0 && btf_find(l, "task_struct", BTF_STRUCT, &id) == 0 && id == id_task,
	      "read on demand, the types before it are found (%s)", rc ? err : btf_error(l));
	CHECK(btf_find(l, "inner_x", BTF_VOID, &id) == C2_EFORMAT && strstr(btf_error(l), "unknown kind 31"),
	      "a search that reaches it fails, not a miss: %s", btf_error(l));
	CHECK(btf_find(l, "nonexistent", BTF_VOID, &id) == C2_ENOENT,
	      "a name the strings lack is a miss without reading a record (%s)", btf_error(l));
	btf_close(l);

	/* A member's type past the last: refused when the struct is first read
	 * from the blob read whole; read on demand, when the reference is
	 * followed (placing every member's type would read most of the type
	 * section for one struct). */
	reset();
	int_type("int", 4, BTF_INT_SIGNED, 32);           /* 1 */
	rec("s", BTF_STRUCT, 2, 0, 8);                    /* 2 */
	member("x", 1, 0);
	member("lost", 99, 32);
	len = build();
	e = open_blob(len, err, sizeof(err), &rc);
	CHECK(e && btf_type(e, 2, &t) == C2_EFORMAT && strstr(btf_error(e), "member 1"),
	      "read whole, the struct is refused: %s", e ? btf_error(e) : err);
	btf_close(e);
	l = open_lazy(len, 0, 0, err, sizeof(err), &rc);
	if (l) {
		struct btf_member m;
		struct btf_loc loc;
		char name[64];

		CHECK(btf_type(l, 2, &t) == 0 && btf_member(l, 2, 0, &m) == 0 && m.type == 1 &&
		      btf_member_path(l, 2, "x", &loc) == 0 && loc.type == 1,
		      "read on demand, its good member answers (%s)", btf_error(l));
		CHECK(btf_member(l, 2, 1, &m) == 0 && m.type == 99 && btf_type(l, m.type, &t) == C2_EINVAL &&
		      strstr(btf_error(l), "out of range"), "the bad one is refused when followed: %s", btf_error(l));
		CHECK(btf_type_name(l, 99, "lost", name, sizeof(name)) < 0 && btf_sizeof(l, 99, &(uint64_t){ 0 }) < 0,
		      "its name and size are errors, never a guess (%s)", btf_error(l));
		btf_close(l);
	}

	/* Split BTF on a base read on demand: the base is placed whole. */
	len = small_valid();
	l = open_lazy(len, 0, 0, err, sizeof(err), &rc);
	if (l) {
		struct btf *sp;
		uint32_t base_strs = nstrs;

		reset_split(3, base_strs);
		rec("s_ptr", BTF_TYPEDEF, 0, 0, 2);
		rc = btf_open_split(&sp, l, 0, blob, build(), 0, err, sizeof(err));
		CHECK(rc == 0 && btf_first_id(sp) == 3 && btf_type(sp, 3, &t) == 0 && !strcmp(t.name, "s_ptr"),
		      "split BTF opens on a base read on demand (%s)", rc ? err : "ok");
		if (!rc)
			btf_close(sp);
		btf_close(l);
	}
	free(lz.src);
	free(lz.work);
	free(lz.asked);
	lz.src = lz.work = lz.asked = NULL;
}

/* --- Names a blob read on demand lacks: answered from its strings ------------- */

static void test_lazy_names(void)
{
	char err[256], name[8300];
	size_t len, types_end;
	struct btf *e, *l;
	uint32_t id, straddle, late;
	int rc;

	/* A member name long enough that the next type's name crosses the
	 * first 4 KB of the strings, where the search's first window ends,
	 * and one more long name so that a third lies in the third window. */
	reset();
	int_type("int", 4, BTF_INT_SIGNED, 32);                      /* 1 */
	rec("a", BTF_STRUCT, 1, 0, 4);                                /* 2 */
	memset(name, 'm', 4086);
	name[4086] = 0;
	member(name, 1, 0);
	straddle = rec("straddle_type", BTF_TYPEDEF, 0, 0, 1);       /* 3 */
	rec("b", BTF_STRUCT, 1, 0, 4);                                /* 4 */
	memset(name, 'n', 8200);
	name[8200] = 0;
	member(name, 1, 0);
	late = rec("late_type", BTF_TYPEDEF, 0, 0, 1);               /* 5 */
	rec(NULL, BTF_PTR, 0, 0, 1);                                  /* 6 */
	len = build();
	types_end = 24 + ntypes_len;
	CHECK(nstrs > 12288, "the strings span three windows (%u bytes)", nstrs);
	e = open_blob(len, err, sizeof(err), &rc);
	CHECK(e && btf_find(e, "straddle_type", BTF_VOID, &id) == 0 && id == straddle,
	      "read whole, the name across 4 KB is found (%s)", e ? btf_error(e) : err);
	btf_close(e);
	l = open_lazy(len, 0, 0, err, sizeof(err), &rc);
	if (!l)
		return;
	CHECK(btf_find(l, "missing_type", BTF_VOID, &id) == C2_ENOENT && asked_in(24, types_end) == 0,
	      "read on demand, a name the strings lack is a miss that reads no record (%zu bytes of records "
	      "asked for)", asked_in(24, types_end));
	CHECK(!memcmp(lz.work + types_end, lz.src + types_end, nstrs), "and it read the strings whole (%u bytes)",
	      nstrs);
	CHECK(btf_find(l, "straddle_type", BTF_VOID, &id) == 0 && id == straddle,
	      "a name across the first window's end is found (%s)", btf_error(l));
	CHECK(btf_find(l, "late_type", BTF_TYPEDEF, &id) == 0 && id == late,
	      "a name in the third window is found (%s)", btf_error(l));
	CHECK(btf_find(l, "straddle", BTF_VOID, &id) == C2_ENOENT && btf_find(l, "type", BTF_VOID, &id) == C2_ENOENT,
	      "a name's head or tail alone is no match (%s)", btf_error(l));
	btf_close(l);
	l = open_lazy(len, 0, 0, err, sizeof(err), &rc);
	if (!l)
		return;
	CHECK(btf_find(l, "mmmm", BTF_VOID, &id) == C2_ENOENT && asked_in(24, types_end) > 0,
	      "the tail of a longer string, not a type's name: a miss, looked for in the records (%zu bytes "
	      "asked for; %s)", asked_in(24, types_end), btf_error(l));
	btf_close(l);

	/* The first window: a name in it reads no more of the strings. */
	l = open_lazy(len, 0, 0, err, sizeof(err), &rc);
	if (!l)
		return;
	CHECK(btf_find(l, "int", BTF_INT, &id) == 0 && id == 1 && asked_in(types_end + 4096, len - 1) == 0,
	      "a name in the first 4 KB of strings reads none past it (%zu bytes; the last is read at open)",
	      asked_in(types_end + 4096, len - 1));
	btf_close(l);

	/* Strings that cannot be read: an error, not a miss. */
	l = open_lazy(len, types_end + 5000, types_end + 5004, err, sizeof(err), &rc);
	if (!l)
		return;
	CHECK(btf_find(l, "missing_type", BTF_VOID, &id) == C2_EIO && strstr(btf_error(l), "test fill failed"),
	      "strings that cannot be read make a search an error: %s", btf_error(l));
	btf_close(l);
}

/* --- Split BTF on a base read on demand, with the kernel's count ------------- */

static void test_split_counted(void)
{
	char err[256];
	size_t len, types_end;
	struct btf *e, *l, *sp;
	struct btf_type t;
	uint32_t n, base_strs, own, ptr;
	int rc;

	len = build_all_kinds();
	types_end = 24 + ntypes_len;
	base_strs = nstrs;
	e = open_blob(len, err, sizeof(err), &rc);
	if (!e)
		return;
	n = count(e);
	btf_close(e);

	/* The right count: the base is not placed whole at open. */
	l = open_lazy(len, 0, 0, err, sizeof(err), &rc);
	if (!l)
		return;
	reset_split(n, base_strs);
	own = rec("mod_s", BTF_STRUCT, 2, 0, 24);
	member("list", id_list, 0);
	member("count", id_int, 128);
	ptr = rec(NULL, BTF_PTR, 0, 0, own);
	rc = btf_open_split(&sp, l, n, blob, build(), 0, err, sizeof(err));
	CHECK(rc == 0 && btf_first_id(sp) == n, "split BTF opens on a base read on demand given its count %u (%s)", n,
	      rc ? err : "ok");
	if (rc) {
		btf_close(l);
		return;
	}
	CHECK(asked_in(24, types_end) < ntypes_len / 2, "the base's records were not all read (%zu of %u bytes)",
	      asked_in(24, types_end), ntypes_len);
	CHECK(btf_type(sp, ptr, &t) == 0 && t.type == own && btf_type(sp, own, &t) == 0 && t.vlen == 2,
	      "its own ids answer (%s)", btf_error(sp));
	CHECK(btf_type(sp, id_list, &t) == 0 && !strcmp(t.name, "list_head"), "a base id answers through it (%s)",
	      btf_error(sp));
	CHECK(btf_type(sp, n - 1, &t) == 0, "the base's last id answers (%s)", btf_error(sp));
	btf_close(sp);

	/* One more than the base has (on a base not yet placed to its end):
	 * the id below the split's first is the base's and does not exist. */
	btf_close(l);
	l = open_lazy(len, 0, 0, err, sizeof(err), &rc);
	if (!l)
		return;
	rc = btf_open_split(&sp, l, n + 1, blob, build(), 0, err, sizeof(err));
	if (rc == 0) {
		CHECK(btf_type(sp, n, &t) == C2_EFORMAT && strstr(btf_error(sp), "past the end of the base"),
		      "a count above the base's: its missing id is an error: %s", btf_error(sp));
		btf_close(sp);
	} else
		CHECK(0, "a count above the base's opens, read on demand (%s)", err);
	btf_close(l);

	/* One fewer: once the base is placed past it, every query says so. */
	l = open_lazy(len, 0, 0, err, sizeof(err), &rc);
	if (!l)
		return;
	rc = btf_open_split(&sp, l, n - 1, blob, build(), 0, err, sizeof(err));
	if (rc == 0) {
		CHECK(btf_type(sp, id_list, &t) == 0, "a count below the base's: the early ids answer before it shows (%s)",
		      btf_error(sp));
		CHECK(btf_count(l, &(uint32_t){ 0 }) == 0 && btf_type(sp, id_list, &t) == C2_EFORMAT &&
		      strstr(btf_error(sp), "more types"), "once the base is placed whole, queries fail: %s",
		      btf_error(sp));
		btf_close(sp);
	} else
		CHECK(0, "a count below the base's opens, read on demand (%s)", err);
	/* A base placed already: its own count wins, whatever was said. */
	rc = btf_open_split(&sp, l, n - 1, blob, build(), 0, err, sizeof(err));
	CHECK(rc == 0 && btf_first_id(sp) == n, "on a base placed whole, the split starts at its count (%u: %s)",
	      rc ? 0 : btf_first_id(sp), rc ? err : "ok");
	if (!rc)
		btf_close(sp);
	btf_close(l);
}

/* --- The kernel's index of a blob read on demand (btf_set_locate) ------------- */

#define NPTR 5400
static uint32_t idx_off[NPTR + 8], idx_n;   /* where each id's record starts */
static uint32_t idx_bad_id;
static int idx_shift_first, idx_count_delta;

static int test_locate(void *arg, uint32_t id, uint32_t *off, uint32_t *count)
{
	(void)arg;
	if (id >= idx_n)
		return C2_ENOENT;
	*off = idx_off[id] + (id == 1 ? idx_shift_first : 0);
	if (idx_bad_id && id == idx_bad_id)
		*off = idx_off[id - 1];
	*count = idx_n + idx_count_delta;
	return C2_OK;
}

static void test_locate_index(void)
{
	char err[256];
	size_t len, types_end;
	struct btf *e, *l;
	struct btf_type t;
	uint32_t id, far, i, n;
	int rc;

	/* An int, NPTR pointers to it, then a struct far past LOCATE_GAP. */
	reset();
	idx_off[1] = ntypes_len;
	int_type("int", 4, BTF_INT_SIGNED, 32);                            /* 1 */
	for (i = 0; i < NPTR; i++) {
		idx_off[next_id] = ntypes_len;
		rec(NULL, BTF_PTR, 0, 0, 1);
	}
	idx_off[next_id] = ntypes_len;
	far = rec("far_s", BTF_STRUCT, 2, 0, 8);
	member("a", 1, 0);
	member("b", next_id + 1, 32);   /* the typedef after the pointer */
	idx_off[next_id] = ntypes_len;
	rec(NULL, BTF_PTR, 0, 0, far);
	idx_off[next_id] = ntypes_len;
	rec("far_t", BTF_TYPEDEF, 0, 0, 1);
	idx_n = next_id;
	len = build();
	types_end = 24 + ntypes_len;
	e = open_blob(len, err, sizeof(err), &rc);
	CHECK(e && count(e) == idx_n, "the blob of %u ids opens whole (%s)", idx_n, e ? "ok" : err);
	if (!e)
		return;

	/* The right index: the far struct read through it, the records
	 * before it not. */
	idx_shift_first = idx_bad_id = idx_count_delta = 0;
	l = open_lazy(len, 0, 0, err, sizeof(err), &rc);
	if (!l)
		return;
	btf_set_locate(l, test_locate, NULL);
	CHECK(btf_type(l, far, &t) == 0 && !strcmp(t.name, "far_s") && t.vlen == 2,
	      "a record far past the last placed is read through the index (%s)", btf_error(l));
	CHECK(asked_in(24, types_end) < ntypes_len / 4, "without reading the records before it (%zu of %u bytes)",
	      asked_in(24, types_end), ntypes_len);
	CHECK(btf_type(l, far + 2, &t) == 0 && !strcmp(t.name, "far_t") && btf_type(l, far + 1, &t) == 0 &&
	      t.type == far, "and its neighbours, the last id too (%s)", btf_error(l));
	CHECK(btf_find(l, "far_s", BTF_STRUCT, &id) == 0 && id == far && btf_count(l, &n) == 0 && n == idx_n,
	      "a search by name and the count place every record where the index said (%s)", btf_error(l));
	CHECK(same_answers(e, l, count(e), err, sizeof(err)), "every query answers as on the blob read whole (%s)",
	      err[0] ? err : "same");
	btf_close(l);

	/* Indexes that disagree with the blob: not used, records placed in
	 * order, the same answers. */
	{
		static const struct { int shift, bad, delta; const char *what; } bad[] = {
			{ 4, 0, 0, "record 1 not at the section's start" },
			{ 0, 0, -1, "a count one short (the last record does not end the section)" },
			{ 0, 0, 1, "a count one over" },
			{ 0, 0, 0, "a record where the one before starts" },
		};
		size_t k;

		for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
			idx_shift_first = bad[k].shift;
			idx_count_delta = bad[k].delta;
			idx_bad_id = k == 3 ? far : 0;
			l = open_lazy(len, 0, 0, err, sizeof(err), &rc);
			if (!l)
				continue;
			btf_set_locate(l, test_locate, NULL);
			CHECK(btf_type(l, far, &t) == 0 && !strcmp(t.name, "far_s") &&
			      !memcmp(lz.work + 24 + idx_off[far - 100], lz.src + 24 + idx_off[far - 100], 12),
			      "%s: not used, the struct found by placing the records before it (%s)", bad[k].what,
			      btf_error(l));
			btf_close(l);
		}
	}
	/* An index wrong in a way no single record shows: three pointers
	 * each said to start where the one before does (12 bytes each, so
	 * each ends where the next is said to start). The middle one is taken
	 * from it; placing the records in order then finds the index wrong:
	 * an error, not a second answer. */
	idx_shift_first = idx_count_delta = 0;
	idx_bad_id = 0;
	l = open_lazy(len, 0, 0, err, sizeof(err), &rc);
	if (l) {
		uint32_t keep[3] = { idx_off[far - 3], idx_off[far - 2], idx_off[far - 1] };

		idx_off[far - 3] = keep[0] - 12;
		idx_off[far - 2] = keep[0];
		idx_off[far - 1] = keep[1];
		btf_set_locate(l, test_locate, NULL);
		rc = btf_type(l, far - 2, &t);
		CHECK(rc == 0 && t.kind == BTF_PTR && t.type == 1, "a pointer read through the index (%s)", btf_error(l));
		CHECK(btf_count(l, &n) == C2_EFORMAT && strstr(btf_error(l), "the kernel's index"),
		      "placing the records in order finds the index wrong: %s", btf_error(l));
		idx_off[far - 3] = keep[0];
		idx_off[far - 2] = keep[1];
		idx_off[far - 1] = keep[2];
		btf_close(l);
	}
	btf_close(e);
}

/* --- Loops ------------------------------------------------------------------- */

static void test_loops(void)
{
	char err[256], name[256];
	struct btf_loc loc;
	uint64_t size;
	uint32_t id;
	int rc;
	struct btf *b;

	reset();
	rec("a", BTF_TYPEDEF, 0, 0, 2);             /* 1: a -> b */
	rec("b", BTF_CONST, 0, 0, 1);               /* 2: b -> a */
	rec(NULL, BTF_ARRAY, 0, 0, 0);              /* 3: array of itself */
	u32(3);
	u32(3);
	u32(2);
	rec("s", BTF_STRUCT, 1, 0, 8);              /* 4: anonymous member of its own type */
	member(NULL, 4, 0);
	rec(NULL, BTF_FUNC_PROTO, 2, 0, 6);         /* 5: params point back at it */
	u32(0);
	u32(6);
	u32(0);
	u32(6);
	rec(NULL, BTF_PTR, 0, 0, 5);                /* 6 */
	rec(NULL, BTF_PTR, 0, 0, 7);                /* 7: pointer to itself */
	b = open_blob(build(), err, sizeof(err), &rc);
	CHECK(rc == 0, "a blob with reference loops opens (loops are found by queries)");
	if (!b)
		return;
	CHECK(btf_resolve(b, 1, &id) == C2_EFORMAT && strstr(btf_error(b), "loop"), "a typedef loop: %s",
	      btf_error(b));
	CHECK(btf_sizeof(b, 1, &size) == C2_EFORMAT, "sizeof a typedef loop is an error");
	CHECK(btf_sizeof(b, 3, &size) == C2_EFORMAT, "sizeof an array of itself: %s", btf_error(b));
	CHECK(btf_type_name(b, 3, NULL, name, sizeof(name)) == C2_EFORMAT, "the name of an array of itself: %s",
	      btf_error(b));
	CHECK(btf_type_name(b, 6, NULL, name, sizeof(name)) == C2_EFORMAT, "a function type pointing at itself: %s",
	      btf_error(b));
	CHECK(btf_type_name(b, 7, NULL, name, sizeof(name)) == C2_EFORMAT, "a pointer to itself: %s", btf_error(b));
	CHECK(btf_member_path(b, 4, "x", &loc) == C2_EFORMAT, "a member search through a self-containing "
	      "anonymous member: %s", btf_error(b));
	CHECK(btf_find(b, "a", BTF_VOID, &id) == 0 && id == 1, "lookups by name still work");
	btf_close(b);
}

/* --- Split BTF: a module's on top of vmlinux's -------------------------------- */

static struct btf *open_split(struct btf *base, size_t len, char *err, size_t errlen, int *rc)
{
	struct btf *b;
	uint8_t *copy = malloc(len ? len : 1);

	memcpy(copy, blob, len);
	*rc = btf_open_split(&b, base, 0, copy, len, 1, err, errlen);
	return b;
}

static void test_split(void)
{
	char err[256], name[64];
	struct btf *base, *sp, *sp2;
	struct btf_type t;
	struct btf_member m;
	struct btf_loc loc;
	uint32_t id_bint, id_base_s, id_journal, id_jptr, id, base_strs, base_n, cut;
	uint64_t size;
	size_t len;
	int rc;

	reset();
	id_bint = int_type("int", 4, BTF_INT_SIGNED, 32);
	id_base_s = rec("base_s", BTF_STRUCT, 1, 0, 4);
	member("a", id_bint, 0);
	base = open_blob(build(), err, sizeof(err), &rc);
	CHECK(rc == 0, "the base opens (%s)", rc ? err : "ok");
	if (rc)
		return;
	base_strs = nstrs;
	base_n = count(base);

	reset_split(base_n, base_strs);
	id_journal = rec("journal_s", BTF_STRUCT, 3, 0, 16);
	member("j_flags", id_bint, 0);
	member("b", id_base_s, 32);
	member("self", base_n + 1, 64);
	id_jptr = rec(NULL, BTF_PTR, 0, 0, id_journal);
	len = build();
	sp = open_split(base, len, err, sizeof(err), &rc);
	CHECK(rc == 0 && sp, "split BTF opens on its base (%s)", rc ? err : "ok");
	if (rc) {
		btf_close(base);
		return;
	}
	CHECK(id_journal == base_n && btf_first_id(sp) == base_n, "split ids continue the base's (first %u, base has %u)",
	      btf_first_id(sp), base_n);
	CHECK(count(sp) == base_n + 2, "split count includes the base's ids (%u)", count(sp));
	CHECK(btf_first_id(base) == 1, "a base's first own id is 1");
	CHECK(btf_find(sp, "journal_s", BTF_VOID, &id) == 0 && id == id_journal, "a split type is found by name");
	CHECK(btf_find(sp, "base_s", BTF_VOID, &id) == C2_ENOENT, "btf_find on split BTF searches its own types only");
	CHECK(btf_find(base, "journal_s", BTF_VOID, &id) == C2_ENOENT, "the base does not see split types");
	CHECK(btf_type(sp, id_bint, &t) == 0 && !strcmp(t.name, "int") && t.kind == BTF_INT,
	      "a base id read through the split BTF, its name from the base's strings");
	CHECK(btf_type(sp, id_journal, &t) == 0 && !strcmp(t.name, "journal_s") && t.size == 16,
	      "a split type's name at an offset past the base's strings");
	CHECK(btf_member(sp, id_journal, 0, &m) == 0 && !strcmp(m.name, "j_flags") && m.type == id_bint,
	      "a split member refers to a base type");
	CHECK(btf_member_path(sp, id_journal, "b.a", &loc) == 0 && loc.bit_offset == 32,
	      "a member path crosses from split into base types");
	CHECK(btf_sizeof(sp, id_jptr, &size) == 0 && size == 8, "sizeof a split pointer");
	CHECK(btf_type_name(sp, id_jptr, NULL, name, sizeof(name)) == 0 && !strcmp(name, "struct journal_s *"),
	      "a split type's C name: %s", name);
	CHECK(btf_type(sp, count(sp), &t) == C2_EINVAL, "an id past the split's last is an error");

	/* Split BTF on split BTF: a third level continues both. */
	reset_split(count(sp), base_strs + nstrs);
	id = rec("deeper", BTF_TYPEDEF, 0, 0, id_journal);
	len = build();
	sp2 = open_split(sp, len, err, sizeof(err), &rc);
	CHECK(rc == 0 && btf_find(sp2, "deeper", BTF_VOID, &id) == 0 && btf_resolve(sp2, id, &id) == 0 &&
	      id == id_journal, "split on split resolves through both levels (%s)", rc ? err : "ok");
	btf_close(sp2);

	/* Every truncation of the split blob: an error or a good open, never a crash. */
	reset_split(base_n, base_strs);
	id_journal = rec("journal_s", BTF_STRUCT, 1, 0, 4);
	member("j_flags", id_bint, 0);
	len = build();
	for (cut = 0; cut < len; cut++) {
		struct btf *x = open_split(base, cut, err, sizeof(err), &rc);

		if (rc == 0)
			btf_close(x);
	}
	CHECK(1, "every truncation of split BTF returns");

	/* An empty split blob (no types, no strings) is valid, as in the kernel. */
	reset_split(base_n, base_strs);
	sp2 = open_split(base, build(), err, sizeof(err), &rc);
	CHECK(rc == 0 && count(sp2) == base_n, "empty split BTF opens with the base's count (%s)", rc ? err : "ok");
	btf_close(sp2);

	/* A reference past base and split: a clear error. */
	reset_split(base_n, base_strs);
	rec("bad", BTF_STRUCT, 1, 0, 4);
	member("x", base_n + 7, 0);
	sp2 = open_split(base, build(), err, sizeof(err), &rc);
	if (sp2)
		rc = use_all(sp2, err, sizeof(err));
	CHECK(rc == C2_EFORMAT && strstr(err, "bad name offset or type id"), "split member past the last id: %s", err);
	btf_close(sp2);

	/* A typedef that refers past the last id. */
	reset_split(base_n, base_strs);
	rec("t", BTF_TYPEDEF, 0, 0, base_n + 1);
	sp2 = open_split(base, build(), err, sizeof(err), &rc);
	if (sp2)
		rc = use_all(sp2, err, sizeof(err));
	CHECK(rc == C2_EFORMAT && strstr(err, "past the last"), "split typedef past the last id: %s", err);
	btf_close(sp2);

	/* A forged name offset past base and split strings. */
	reset_split(base_n, base_strs);
	rec("t", BTF_STRUCT, 0, 0, 0);
	len = build();
	{
		uint32_t forged = base_strs + nstrs;

		memcpy(blob + 24, &forged, 4);
	}
	sp2 = open_split(base, len, err, sizeof(err), &rc);
	if (sp2)
		rc = use_all(sp2, err, sizeof(err));
	CHECK(rc == C2_EFORMAT && strstr(err, "name offset"), "split name offset just past the strings: %s", err);
	btf_close(sp2);

	/* Offsets as if the split had no base (a non-split blob read as split):
	 * its names fall into the base's strings, read as such, never past. */
	reset();
	rec("journal_s", BTF_STRUCT, 0, 0, 0);
	len = build();
	sp2 = open_split(base, len, err, sizeof(err), &rc);
	CHECK(rc == 0 && btf_type(sp2, base_n, &t) == 0 && strlen(t.name) < base_strs,
	      "a blob with a base's own offsets reads base strings, never past them");
	btf_close(sp2);

	/* Strings without the final NUL. */
	reset_split(base_n, base_strs);
	rec("t", BTF_STRUCT, 0, 0, 0);
	len = build();
	blob[len - 1] = 'x';
	sp2 = open_split(base, len, err, sizeof(err), &rc);
	CHECK(rc == C2_EFORMAT && strstr(err, "NUL"), "split strings not ending with NUL: %s", err);

	btf_close(sp);
	btf_close(base);
}

/* --- Named records sorted by name (btf_set_sorted, btf_find_bisect) ------------ */

#define NANON 4200     /* anonymous records first, as 7.x's vmlinux BTF has */
#define NNAMED 1100

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* NANON pointers, then NNAMED named records in strcmp order (reversed
 * when reverse is set): structs n0000, n0003, ...; "dup" as a forward
 * declaration, a struct and a typedef; "long int"; "zz_last". The index
 * (idx_off) says where each starts. Returns the blob's length. */
static size_t build_sorted(int reverse, uint32_t *from)
{
	static char store[NNAMED][16];
	const char *names[NNAMED];
	uint32_t i, k;
	int dups = 0;

	for (i = 0; i < NNAMED - 5; i++) {
		snprintf(store[i], sizeof(store[i]), "n%04u", 3 * i);
		names[i] = store[i];
	}
	names[i++] = "dup";
	names[i++] = "dup";
	names[i++] = "dup";
	names[i++] = "long int";
	names[i++] = "zz_last";
	qsort(names, NNAMED, sizeof(names[0]), by_name);
	reset();
	idx_off[1] = ntypes_len;
	int_type(NULL, 4, BTF_INT_SIGNED, 32);                 /* 1, anonymous */
	for (i = 2; i <= NANON; i++) {
		idx_off[next_id] = ntypes_len;
		rec(NULL, BTF_PTR, 0, 0, 1);
	}
	*from = next_id;
	for (k = 0; k < NNAMED; k++) {
		const char *n = names[reverse ? NNAMED - 1 - k : k];

		idx_off[next_id] = ntypes_len;
		if (!strcmp(n, "long int"))
			int_type(n, 8, BTF_INT_SIGNED, 64);
		else if (!strcmp(n, "dup") && dups++ != 1)
			rec(n, dups == 1 ? BTF_FWD : BTF_TYPEDEF, 0, 0, dups == 1 ? 0 : 1);   /* around the struct */
		else
			rec(n, BTF_STRUCT, 0, 0, 8);
	}
	idx_n = next_id;
	return build();
}

static void test_sorted_names(void)
{
	static const char *const finds[] = { "n0000", "n0300", "struct n1500", "n3282", "n3285", "n0001", "n9999",
					     "a", "zz_last", "zz_lasu", "dup", "struct dup", "long int", "long",
					     "union n0300", "enum n0300", "n" };
	char err[256];
	size_t len, k;
	struct btf *e, *l;
	uint32_t from, a, b;
	int rc, ra, rb, same = 1;

	idx_shift_first = idx_bad_id = idx_count_delta = 0;
	len = build_sorted(0, &from);
	e = open_blob(len, err, sizeof(err), &rc);
	l = open_lazy(len, 0, 0, err, sizeof(err), &rc);
	CHECK(e && l, "a blob of %u anonymous then %u sorted named records opens (%s)", NANON, NNAMED,
	      e && l ? "ok" : err);
	if (!e || !l)
		return;
	btf_set_locate(l, test_locate, NULL);
	CHECK(btf_set_sorted(l, from) == 0, "sorted from the first named id, %u (%s)", from, btf_error(l));
	CHECK(btf_find(l, "n1500", BTF_STRUCT, &a) == 0 && asked_in(24, 24 + ntypes_len) < ntypes_len / 20,
	      "a search reads a few records (%zu of %u bytes)", asked_in(24, 24 + ntypes_len), ntypes_len);
	for (k = 0; k < sizeof(finds) / sizeof(finds[0]); k++) {
		a = b = 0;
		ra = btf_find(e, finds[k], BTF_VOID, &a);
		rb = btf_find(l, finds[k], BTF_VOID, &b);
		if (ra != rb || a != b) {
			CHECK(0, "%s: %d/%u in order, %d/%u bisected (%s)", finds[k], ra, a, rb, b, btf_error(l));
			same = 0;
		}
	}
	CHECK(same, "every name (misses, a forward declaration beside a struct and a typedef, a base type's "
		    "words) answers as the search in order does");
	CHECK(btf_find(l, "dup", BTF_STRUCT, &a) == 0 && btf_find(e, "dup", BTF_STRUCT, &b) == 0 && a == b &&
	      btf_find(l, "dup", BTF_TYPEDEF, &a) == 0 && btf_find(e, "dup", BTF_TYPEDEF, &b) == 0 && a == b,
	      "by kind too (%s)", btf_error(l));
	btf_close(l);

	/* Where the first named record is not where said: refused. */
	l = open_lazy(len, 0, 0, err, sizeof(err), &rc);
	btf_set_locate(l, test_locate, NULL);
	CHECK(btf_set_sorted(l, from - 1) < 0 && btf_set_sorted(l, from + 1) < 0 && btf_set_sorted(l, idx_n) < 0 &&
	      btf_set_sorted(l, 0) < 0, "not sorted from an anonymous record, from after a named one, past the end");
	/* One search by bisection, where the order holds: found. */
	CHECK(btf_find_bisect(l, "n2400", BTF_STRUCT, &a) == 0 && btf_find(e, "n2400", BTF_STRUCT, &b) == 0 && a == b,
	      "btf_find_bisect finds on the sorted blob (%s)", btf_error(l));
	btf_close(l);
	/* Without an index there is nothing to bisect by. */
	l = open_lazy(len, 0, 0, err, sizeof(err), &rc);
	CHECK(btf_set_sorted(l, from) < 0 && btf_find_bisect(l, "n2400", BTF_STRUCT, &a) < 0,
	      "no index: no bisection (%s)", btf_error(l));
	btf_close(l);
	btf_close(e);

	/* A record out of order on the search's way: an error, not a miss. */
	memcpy(blob + 24 + idx_off[from + 3 * NNAMED / 4], "\0\0\0\0", 4);   /* its name: "" */
	l = open_lazy(len, 0, 0, err, sizeof(err), &rc);
	btf_set_locate(l, test_locate, NULL);
	rc = btf_set_sorted(l, from) == 0 ? btf_find(l, "n3270", BTF_STRUCT, &a) : 0;
	CHECK(rc == C2_EFORMAT && strstr(btf_error(l), "out of the order"), "caught: %s", btf_error(l));
	btf_close(l);

	/* A blob in the reverse order: bisection finds nothing, never another
	 * record. */
	len = build_sorted(1, &from);
	l = open_lazy(len, 0, 0, err, sizeof(err), &rc);
	btf_set_locate(l, test_locate, NULL);
	rc = btf_find_bisect(l, "n0300", BTF_STRUCT, &a);
	CHECK(rc < 0, "reverse order: not found by bisection (%d: %s)", rc, btf_error(l));
	btf_close(l);
}

int main(void)
{
	test_all_kinds();
	test_corrupt();
	test_on_demand();
	test_lazy();
	test_lazy_names();
	test_split_counted();
	test_locate_index();
	test_sorted_names();
	test_loops();
	test_split();
	UNIT_DONE();
}
