/*
 * Typed values for the applets that print objects from memory (struct,
 * read): a value printer that follows the type layer (integers, enums by
 * name, pointers with their symbol, char arrays as escaped strings, nested
 * structs to a depth limit), text or JSON, and the type helpers it needs.
 * Type errors end the applet (exit 1) with the library's message.
 */
#ifndef CORE2_VALUE_H
#define CORE2_VALUE_H

#include "applet.h"

#define MAX_NEST 32          /* anonymous members inside each other */

struct vctx {
	struct run *r;
	struct c2 *c2;
	struct json j;
	int depth_limit;         /* nested structs expanded this deep */
	unsigned long values;    /* printed so far: a bound whatever the types say */
	const uint8_t *obj;      /* the object read, for bounds: type data can lie */
	uint64_t obj_len;
};

/* The types whose members are being expanded in place, innermost first. An
 * anonymous member whose type is one of them is a loop in the type
 * information (C cannot declare a struct inside itself): vt_no_loop() ends
 * the applet with exit 1. Without it one damaged record was expanded
 * MAX_NEST levels deep, its lines doubling at each level. */
struct expanding {
	uint32_t id;
	const struct expanding *up;
};
void vt_no_loop(const struct expanding *up, uint32_t inner, const char *member);

_Noreturn void vt_die(struct c2 *c2);
void vt_get(struct vctx *x, uint32_t id, struct c2_type *t);
/* Skip typedefs and qualifiers; *t gets the type found, its id is returned. */
uint32_t vt_resolved(struct vctx *x, uint32_t id, struct c2_type *t);
void vt_name(struct vctx *x, uint32_t id, const char *var, char *buf, size_t len);
int vt_is_aggregate(int kind);
void vt_indent(int n);

/* A pointer: hex, and <symbol+off> when it points into a kernel symbol. */
void value_pointer(struct vctx *x, uint64_t v);
/* The value of type id at p (bit_offset bits in; bit_size for bitfields,
 * else 0) inside x->obj, at nesting level (for indentation and -d). */
void value_print(struct vctx *x, uint32_t id, const uint8_t *p, uint64_t bit_offset, uint32_t bit_size, int level);

#endif
