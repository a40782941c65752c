/* Typed values from memory, printed by their type; see value.h. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "value.h"

#define MAX_ARRAY_SHOWN 64   /* elements of a non-char array printed */
#define MAX_VALUES 100000    /* values printed for one object, whatever the types say */
#define MAX_SYMBOL (64u << 20)   /* larger "symbols" are gaps between them */

_Noreturn void vt_die(struct c2 *c2)
{
	die(EXIT_FAIL, "%s", c2_error(c2));
}

void vt_no_loop(const struct expanding *up, uint32_t inner, const char *member)
{
	for (; up; up = up->up)
		if (up->id == inner)
			die(EXIT_FAIL, "type %u holds itself through member %s: the type information is damaged", inner,
			    member[0] ? member : "(anon)");
}

void vt_get(struct vctx *x, uint32_t id, struct c2_type *t)
{
	if (c2_type_get(x->c2, id, t) < 0)
		vt_die(x->c2);
}

uint32_t vt_resolved(struct vctx *x, uint32_t id, struct c2_type *t)
{
	if (c2_type_resolve(x->c2, id, &id) < 0)
		vt_die(x->c2);
	vt_get(x, id, t);
	return id;
}

void vt_name(struct vctx *x, uint32_t id, const char *var, char *buf, size_t len)
{
	if (c2_type_name(x->c2, id, var, buf, len) < 0)
		vt_die(x->c2);
}

int vt_is_aggregate(int kind)
{
	return kind == C2_KIND_STRUCT || kind == C2_KIND_UNION;
}

void vt_indent(int n)
{
	while (n-- > 0)
		putchar('\t');
}

void value_pointer(struct vctx *x, uint64_t v)
{
	struct c2_sym s;
	uint64_t off;

	if (x->r->json) {
		json_addr(&x->j, v);
		return;
	}
	printf("0x%016" PRIx64, v);
	/* Only kernel-half addresses inside a symbol of sane extent: small
	 * values would land on per-cpu offsets, and the last symbol before
	 * the direct map would claim every heap pointer. */
	if (c2_is_kernel_address(x->c2, v) && c2_sym_resolve(x->c2, v, &s, &off) == 0 && off < s.size && s.size <= MAX_SYMBOL) {
		if (off)
			printf(" <%s+0x%" PRIx64 "%s%s%s>", s.name, off, s.module[0] ? " [" : "", s.module,
			       s.module[0] ? "]" : "");
		else
			printf(" <%s%s%s%s>", s.name, s.module[0] ? " [" : "", s.module, s.module[0] ? "]" : "");
	}
}

static void print_enum(struct vctx *x, uint32_t id, const struct c2_type *t, uint64_t raw)
{
	int64_t v = t->is_signed && t->size < 8 ? (int64_t)(raw << (64 - 8 * t->size)) >> (64 - 8 * t->size)
						: (int64_t)raw;
	const char *name;
	int64_t ev;
	uint32_t i;

	for (i = 0; i < t->nmembers; i++)
		if (c2_type_enumerator(x->c2, id, i, &name, &ev) == 0 && ev == v) {
			if (x->r->json)
				json_cstr(&x->j, name);
			else
				printf("%s", name);
			return;
		}
	if (x->r->json)
		json_i64(&x->j, v);
	else
		printf("%" PRId64, v);
}


static void members_values(struct vctx *x, uint32_t id, const uint8_t *p, uint64_t base, int level, int nest,
			   const struct expanding *up)
{
	struct c2_type t, mt;
	uint32_t i;
	struct expanding here;

	here.id = vt_resolved(x, id, &t);
	here.up = up;
	for (i = 0; i < t.nmembers; i++) {
		struct c2_member m;
		uint32_t inner;

		if (c2_type_member(x->c2, id, i, &m) < 0)
			vt_die(x->c2);
		inner = vt_resolved(x, m.type, &mt);
		/* Anonymous members' members belong to the outer object. */
		if (!m.name[0] && vt_is_aggregate(mt.kind) && nest < MAX_NEST) {
			vt_no_loop(&here, inner, m.name);
			members_values(x, m.type, p, base + m.bit_offset, level, nest + 1, &here);
			continue;
		}
		if (x->r->json) {
			json_key(&x->j, m.name[0] ? m.name : "(anon)");
		} else {
			vt_indent(level + 1);
			printf(".%s = ", m.name[0] ? m.name : "(anon)");
		}
		value_print(x, m.type, p, base + m.bit_offset, m.bit_size, level + 1);
		if (!x->r->json)
			printf(",\n");
	}
}

void value_print(struct vctx *x, uint32_t id, const uint8_t *p, uint64_t bit_offset, uint32_t bit_size, int level)
{
	const uint8_t *at = p + bit_offset / 8;
	struct c2_type t, et;
	uint64_t raw = 0, i;

	if (++x->values > MAX_VALUES)
		die(EXIT_FAIL, "more than %d values: the type is too large to print (a loop in the BTF?)", MAX_VALUES);
	id = vt_resolved(x, id, &t);
	/* A member that BTF places past the object read is not shown. */
	if ((uint64_t)(p - x->obj) * 8 + bit_offset + (bit_size ? bit_size : t.size * 8) > x->obj_len * 8) {
		if (x->r->json)
			json_null(&x->j);
		else
			printf("(past the end of the object)");
		return;
	}
	if (bit_size) {
		raw = c2_load_bits(x->c2, p, bit_offset, bit_size > 64 ? 64 : bit_size);
		if (t.is_signed && bit_size < 64 && raw >> (bit_size - 1) & 1)
			raw |= ~0ull << bit_size;
	} else if (t.size && t.size <= 8) {
		raw = c2_load_uint(x->c2, at, t.size);
	}
	switch (t.kind) {
	case C2_KIND_INT:
		if (!bit_size && t.is_signed && t.size < 8)
			raw = (uint64_t)((int64_t)(raw << (64 - 8 * t.size)) >> (64 - 8 * t.size));
		if (t.size > 8) {   /* __int128: two halves in hex */
			uint64_t lo, hi;

			lo = c2_load_uint(x->c2, at, 8);
			hi = c2_load_uint(x->c2, at + 8, 8);
			if (x->r->json) {
				char s[40];

				snprintf(s, sizeof(s), "0x%016" PRIx64 "%016" PRIx64, hi, lo);
				json_cstr(&x->j, s);
			} else {
				printf("0x%016" PRIx64 "%016" PRIx64, hi, lo);
			}
		} else if (x->r->json) {
			if (t.is_signed)
				json_i64(&x->j, (int64_t)raw);
			else
				json_u64(&x->j, raw);
		} else if (t.is_signed) {
			printf("%" PRId64, (int64_t)raw);
		} else {
			printf("%" PRIu64, raw);
		}
		return;
	case C2_KIND_ENUM: case C2_KIND_ENUM64:
		print_enum(x, id, &t, raw);
		return;
	case C2_KIND_PTR:
		value_pointer(x, raw);
		return;
	case C2_KIND_FLOAT:
		/* Raw bits: the kernel hardly has floats, and printing them
		 * would need the FPU format of each size. */
		if (x->r->json) {
			json_u64(&x->j, raw);
		} else {
			printf("0x%" PRIx64 " (float bits)", raw);
		}
		return;
	case C2_KIND_ARRAY:
		vt_resolved(x, t.type, &et);
		if (et.kind == C2_KIND_INT && et.is_char) {
			size_t len = strnlen((const char *)at, t.nelems);

			if (x->r->json) {
				json_str(&x->j, (const char *)at, len);
			} else {
				putchar('"');
				print_escaped(stdout, (const char *)at, len);
				putchar('"');
			}
			return;
		}
		if (x->r->json)
			json_arr(&x->j);
		else
			printf("{");
		for (i = 0; i < t.nelems && i < MAX_ARRAY_SHOWN; i++) {
			if (!x->r->json && i)
				printf(", ");
			if (level >= x->depth_limit && vt_is_aggregate(et.kind)) {
				if (x->r->json)
					json_null(&x->j);
				else
					printf("{...}");
				continue;
			}
			value_print(x, t.type, at, i * et.size * 8, 0, level);
		}
		if (x->r->json) {
			json_end_arr(&x->j);
		} else {
			if (i < t.nelems)
				printf(", ... (%u elements)", t.nelems);
			printf("}");
		}
		return;
	case C2_KIND_STRUCT: case C2_KIND_UNION:
		if (level > x->depth_limit) {
			if (x->r->json)
				json_null(&x->j);
			else
				printf("{...}");
			return;
		}
		if (x->r->json) {
			json_obj(&x->j);
		} else {
			printf("{\n");
		}
		members_values(x, id, at, bit_offset % 8, level, 0, NULL);
		if (x->r->json) {
			json_end_obj(&x->j);
		} else {
			vt_indent(level);
			printf("}");
		}
		return;
	default: {
		char tname[256];

		vt_name(x, id, NULL, tname, sizeof(tname));
		if (x->r->json)
			json_null(&x->j);
		else
			printf("(%s)", tname);
	}
	}
}
