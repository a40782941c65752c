/*
 * A reader of BTF, the kernel's compact type format, from a byte buffer.
 *
 * Format facts (include/uapi/linux/btf.h, Documentation/bpf/btf.rst): a
 * header gives the type and string sections; the type section is a sequence
 * of records, a 12-byte struct btf_type followed by data that depends on the
 * kind; type id 0 is void and the records are ids 1, 2, ... in order. Names
 * are offsets into the string section.
 *
 * btf_open() places every record (a kind it knows, fitting the section);
 * each record is checked when a query first reads it: every name offset
 * inside the string section, every type id it refers to existing. Queries
 * can still meet reference loops (a typedef of itself), so every walk along
 * references is bounded by BTF_MAX_DEPTH.
 *
 * Like kallsyms.c, this file knows nothing of dumps; it is a pure function
 * of its buffer, so that it can be tested on hand-built blobs.
 */
#ifndef CORE2_BTF_H
#define CORE2_BTF_H

#include <stddef.h>
#include <stdint.h>

#define BTF_MAGIC 0xeb9f
#define BTF_HEADER_MIN 24
/* A chain of typedefs and qualifiers longer than this is taken for a loop. */
#define BTF_MAX_DEPTH 64

enum btf_kind {
	BTF_VOID = 0,   /* id 0 only */
	BTF_INT = 1,
	BTF_PTR = 2,
	BTF_ARRAY = 3,
	BTF_STRUCT = 4,
	BTF_UNION = 5,
	BTF_ENUM = 6,
	BTF_FWD = 7,
	BTF_TYPEDEF = 8,
	BTF_VOLATILE = 9,
	BTF_CONST = 10,
	BTF_RESTRICT = 11,
	BTF_FUNC = 12,
	BTF_FUNC_PROTO = 13,
	BTF_VAR = 14,
	BTF_DATASEC = 15,
	BTF_FLOAT = 16,
	BTF_DECL_TAG = 17,
	BTF_TYPE_TAG = 18,
	BTF_ENUM64 = 19,
	BTF_NKINDS
};

/* BTF_INT encoding bits. */
#define BTF_INT_SIGNED 1
#define BTF_INT_CHAR 2
#define BTF_INT_BOOL 4

/* One type record, decoded. Fields that do not apply to the kind are 0. */
struct btf_type {
	uint32_t id;
	int kind;
	int kflag;          /* struct/union: members carry bitfield sizes;
			       enum: signed values; fwd: a union */
	const char *name;   /* "" when anonymous */
	uint32_t vlen;      /* members, enumerators, parameters, variables */
	uint64_t size;      /* int, float, struct, union, enum, datasec */
	uint32_t type;      /* ptr, typedef, qualifiers, tags, func, var: the
			       type referred to; array: the element type;
			       func_proto: the return type */
	uint32_t int_encoding, int_offset, int_bits;
	uint32_t index_type, nelems;        /* array */
	uint32_t linkage;                   /* func, var */
	int32_t component_idx;              /* decl_tag */
};

struct btf_member {
	const char *name;   /* "" for an anonymous struct or union member */
	uint32_t type;
	uint64_t bit_offset;
	uint32_t bit_size;  /* 0 unless a bitfield */
};

struct btf_enumerator {
	const char *name;
	int64_t value;      /* unsigned enums: the bits of a uint64_t */
};

struct btf_param {
	const char *name;
	uint32_t type;      /* 0 for a trailing "..." */
};

struct btf_secinfo {
	uint32_t type, offset, size;
};

/* A place inside a type: where a member path leads. */
struct btf_loc {
	uint32_t type;          /* the member's type as declared */
	uint64_t bit_offset;    /* from the start of the outer type */
	uint32_t bit_size;      /* 0 unless a bitfield */
};

struct btf;

/* Check buf and index its types. With own set, btf_close() frees buf (also
 * when btf_open fails). The buffer must stay unchanged while in use. */
int btf_open(struct btf **out, const void *buf, size_t len, int own, char *err, size_t errlen);

/*
 * A blob read on demand: fill(arg, off, len, avail, err, errlen) makes bytes
 * off .. off+len-1 of buf valid (reading them from a dump) and says in
 * *avail how many bytes from off on are valid (at least len), or returns a
 * C2_E* code with a message in err. btf.c asks before it reads any byte, and
 * places records (finds where each starts) only as far as its queries
 * reach: vmlinux's BTF is 4 to 5 MB and the structs applets ask for lie in
 * its first few hundred KB. A damaged record is refused by the query that
 * meets it; one no query reaches is never read. The caller keeps buf.
 */
typedef int (*btf_fill_fn)(void *arg, size_t off, size_t len, size_t *avail, char *err, size_t errlen);
int btf_open_lazy(struct btf **out, const void *buf, size_t len, btf_fill_fn fill, void *arg, char *err,
		  size_t errlen);
/* The kernel's own index of a blob read on demand (vmlinux's: struct
 * btf's types[], a pointer per id, in the dump): locate(arg, id, off,
 * count) says at which byte of the type section record id starts and how
 * many ids there are (void's included), or returns a C2_E* code. A record
 * far past the last one placed is then read through it instead of placing
 * every record before it (struct task_struct's members reach id 48,000 of
 * 6.1's 100,000 through a few pointers). It is checked against the blob:
 * record 1 at the section's start and the last ending at its end, each
 * record read through it ending where the next id's starts, and every
 * record placed in order later where it said; where it fails or disagrees
 * before a record is taken from it, records are placed in order as without
 * it. Only for a blob read on demand that is not split. */
typedef int (*btf_locate_fn)(void *arg, uint32_t id, uint32_t *off, uint32_t *count);
void btf_set_locate(struct btf *b, btf_locate_fn fn, void *arg);
/* Named records sorted by name (strcmp) from id from to the locate
 * index's count, as the kernel's vmlinux BTF is from 7.x on (struct btf's
 * named_start_id; the kernel bisects it too): btf_find then bisects. Checked
 * against the blob: from is the first named record. Every name a search
 * reads must keep the order, else the search fails (C2_EFORMAT). */
int btf_set_sorted(struct btf *b, uint32_t from);
/* One search by bisection, as if the blob were sorted from id 1 (the
 * records without a name sort first): a way to find whether it is, found
 * only where the names it reads keep the order. */
int btf_find_bisect(struct btf *b, const char *name, int kind, uint32_t *id);
/* The size of the record whose first 12 bytes are head, or 0 for a kind
 * BTF does not have. */
uint64_t btf_record_size(const uint8_t head[12]);
/* Split BTF on top of base (a module's on vmlinux's): its type ids continue
 * base's numbering (the first is btf_count(base)) and its string offsets
 * continue base's string section, as the kernel lays them out. Every id and
 * offset it holds is checked against base and itself; base must outlive it.
 * Queries by id reach the base's types too; btf_find and btf_enum_value
 * without an id search only the split blob's own types. base_n, when not 0,
 * is base's count as the kernel numbered it (the first split id): a base
 * read on demand is then placed only as far as queries reach, and a count
 * that turns out otherwise is an error when it shows; 0, or a base that is
 * all there, places the base whole (btf_first_id() tells its count). */
int btf_open_split(struct btf **out, struct btf *base, uint32_t base_n, const void *buf, size_t len, int own,
		   char *err, size_t errlen);
/* The first id this blob holds itself: 1, or btf_count(base) for split BTF. */
uint32_t btf_first_id(const struct btf *b);
/* The length of the blob's own string section. */
uint32_t btf_strings_len(const struct btf *b);
void btf_close(struct btf *b);
/* The message of the last failed query. */
const char *btf_error(const struct btf *b);

/* Number of ids, void included: valid ids are 0 .. n-1. On a blob read on
 * demand this places every record (reads the whole type section). */
int btf_count(struct btf *b, uint32_t *n);
const char *btf_kind_name(int kind);

int btf_type(struct btf *b, uint32_t id, struct btf_type *out);
int btf_member(struct btf *b, uint32_t id, uint32_t i, struct btf_member *out);
int btf_enumerator(struct btf *b, uint32_t id, uint32_t i, struct btf_enumerator *out);
int btf_param(struct btf *b, uint32_t id, uint32_t i, struct btf_param *out);
int btf_secinfo(struct btf *b, uint32_t id, uint32_t i, struct btf_secinfo *out);

/*
 * A type by name. kind BTF_VOID means any of struct, union, typedef, enum,
 * int and float, in that order of preference; a complete type is preferred
 * to a forward declaration of the same name. "struct x", "union x" and
 * "enum x" name the kind in the name itself.
 */
int btf_find(struct btf *b, const char *name, int kind, uint32_t *id);
/* Skip typedefs, qualifiers and type tags. */
int btf_resolve(struct btf *b, uint32_t id, uint32_t *out);
/* Bytes of an object of the type (pointers: 8). */
int btf_sizeof(struct btf *b, uint32_t id, uint64_t *size);
/* The type's name in C: "struct list_head *", "char [16]", "void (*)(int)".
 * With var set, as a declaration of var: "char comm[16]". */
int btf_type_name(struct btf *b, uint32_t id, const char *var, char *buf, size_t len);
/* Follow a member path from a struct or union (or a typedef of one):
 * "a.b.c", "a[3].b", members of anonymous structs and unions by their own
 * names. An array index past the declared bound is an error, except for a
 * flexible array ([0]). */
int btf_member_path(struct btf *b, uint32_t id, const char *path, struct btf_loc *out);
/* An enumerator's value, in one enum type, or (id 0) in any enum. */
int btf_enum_value(struct btf *b, uint32_t id, const char *name, int64_t *value, uint32_t *enum_id);
/* Whether an integer type (after typedefs) is signed; enums per kflag. */
int btf_is_signed(struct btf *b, uint32_t id, int *is_signed);

#endif
