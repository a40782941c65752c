/*
 * The compiled-in offsets table: the layouts core2's own applets assume,
 * taken at build time from a BTF or CTF file (make OFFSETS_FROM=FILE; the
 * generator is lib/types/gen/offsets.c), so that a binary built for a known
 * kernel reads it without type data at run time. types.c answers
 * assumptions from it when no type source is present, and compares it with
 * the source when there is one.
 *
 * For every struct or union that lib/ and cmd/ name in a string literal,
 * the table holds the type's size and every member path into it, nested
 * structs and unions to OFFSETS_DEPTH levels ("d_name.name",
 * "thread_info.cpu"), with members of anonymous types under their own names.
 */
#ifndef CORE2_OFFSETS_H
#define CORE2_OFFSETS_H

#include <stdint.h>

#define OFFSETS_DEPTH 3

struct offsets_member {
	const char *path;       /* "d_name.name" */
	uint64_t bit_offset;    /* from the start of the type */
	uint32_t bit_size;      /* 0 unless a bitfield */
	uint64_t size;          /* bytes of the member's type */
	int kind;               /* C2_KIND_* after typedefs and qualifiers */
	int is_signed;          /* ints and enums: 0 or 1; else -1 */
};

struct offsets_type {
	const char *name;       /* as found: "task_struct" */
	int kind;               /* C2_KIND_STRUCT or C2_KIND_UNION */
	uint64_t size;
	uint32_t first, count;  /* its members in offsets_table.members, sorted by path */
};

struct offsets_table {
	const char *source;     /* "BTF file vmlinux.btf" */
	const char *release;    /* the kernel release it is for, or "" */
	const struct offsets_type *types;
	uint32_t ntypes;
	const struct offsets_member *members;
	uint32_t nmembers;
};

extern const struct offsets_table offsets_table;

/* A type by name ("dentry" or "struct dentry"): its index, or -1. */
int offsets_find_type(const char *name);
/* A member path of type index ti, or NULL. */
const struct offsets_member *offsets_find_member(int ti, const char *path);

#endif
