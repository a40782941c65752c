/*
 * Queries on a CTF dictionary through libctf, answered in btf.h's records
 * and kind numbers, so that types.c serves both formats alike.
 *
 * What CTF says differently, and how it is presented:
 *  - A bitfield's member has a "slice" type (an int or enum of the field's
 *    width, referring to the declared type): the member gets the declared
 *    type and the slice's width as bit_size, as BTF with kind_flag has it.
 *  - Functions are CTF_K_FUNCTION: presented as func_proto, a trailing 0
 *    parameter for "...". CTF has no FUNC, VAR, DATASEC or tag kinds.
 *  - Enums carry no signedness: an enum is signed when a value is negative.
 *    Values are 32-bit (CTF has no 64-bit enums).
 *  - Global variables may have types (ctfdict_var), unlike vmlinux BTF.
 *  - Only the default (parent) dictionary of an archive is read.
 */
#ifndef CORE2_CTF_H
#define CORE2_CTF_H

#include <stddef.h>
#include <stdint.h>

#include "btf.h"

struct ctfdict;

/* A CTF dict or archive (by magic). The buffer is taken over: freed by
 * ctfdict_close(), also when the open fails. */
int ctfdict_open(struct ctfdict **out, void *buf, size_t len, char *err, size_t errlen);
void ctfdict_close(struct ctfdict *d);
const char *ctfdict_error(const struct ctfdict *d);
/* Number of ids, void included. */
uint32_t ctfdict_count(const struct ctfdict *d);

int ctfdict_type(struct ctfdict *d, uint32_t id, struct btf_type *out);
int ctfdict_member(struct ctfdict *d, uint32_t id, uint32_t i, struct btf_member *out);
int ctfdict_enumerator(struct ctfdict *d, uint32_t id, uint32_t i, struct btf_enumerator *out);
int ctfdict_param(struct ctfdict *d, uint32_t id, uint32_t i, struct btf_param *out);
/* Like btf_find: "struct x", or a bare name preferring struct, union,
 * typedef, enum, then base types. */
int ctfdict_find(struct ctfdict *d, const char *name, int kind, uint32_t *id);
int ctfdict_resolve(struct ctfdict *d, uint32_t id, uint32_t *out);
int ctfdict_sizeof(struct ctfdict *d, uint32_t id, uint64_t *size);
int ctfdict_type_name(struct ctfdict *d, uint32_t id, const char *var, char *buf, size_t len);
int ctfdict_member_path(struct ctfdict *d, uint32_t id, const char *path, struct btf_loc *out);
int ctfdict_enum_value(struct ctfdict *d, uint32_t id, const char *name, int64_t *value);
int ctfdict_is_signed(struct ctfdict *d, uint32_t id, int *is_signed);
/* The type of a global variable, when the dict records it. */
int ctfdict_var(struct ctfdict *d, const char *name, uint32_t *type);

#endif
