/*
 * What is built on type records alone, for every source that presents them
 * as btf.h does (btf.c's reader, ctf.c's view of libctf): a type's name in
 * C, and where a member path leads. So both formats name types and find
 * members alike, by one piece of code.
 */
#ifndef CORE2_TYPEWALK_H
#define CORE2_TYPEWALK_H

#include <stddef.h>
#include <stdint.h>

#include "btf.h"

struct typewalk {
	void *src;
	int (*type)(void *src, uint32_t id, struct btf_type *out);
	int (*member)(void *src, uint32_t id, uint32_t i, struct btf_member *out);
	int (*param)(void *src, uint32_t id, uint32_t i, struct btf_param *out);
	int (*resolve)(void *src, uint32_t id, uint32_t *out);
	int (*size_of)(void *src, uint32_t id, uint64_t *size);
	char *err;          /* the source's message buffer: failures write here */
	size_t errlen;
	unsigned budget;    /* steps left for the name being built */
};

/* As btf_type_name and btf_member_path (btf.h). */
int typewalk_name(struct typewalk *w, uint32_t id, const char *var, char *buf, size_t len);
int typewalk_member_path(struct typewalk *w, uint32_t id, const char *path, struct btf_loc *out);

#endif
