/*
 * C names and member paths over type records (typewalk.h): from btf.c,
 * where they were first written for BTF, now shared with ctf.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core2.h"
#include "typewalk.h"

static int fail(struct typewalk *w, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(struct typewalk *w, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(w->err, w->errlen, fmt, ap);
	va_end(ap);
	return code;
}

/* --- C names ----------------------------------------------------------------- */

/* A string builder that never overflows; too long output is cut and noted. */
struct sb {
	char *buf;
	size_t len, cap;
	int cut;
};

static void sb_puts(struct sb *s, const char *str)
{
	size_t n = strlen(str);

	if (s->len + n >= s->cap) {
		n = s->cap - 1 - s->len;
		s->cut = 1;
	}
	memcpy(s->buf + s->len, str, n);
	s->len += n;
	s->buf[s->len] = '\0';
}

/* The type under qualifiers and type tags, but not under typedefs. */
static int unqualified(struct typewalk *w, uint32_t id, struct btf_type *t)
{
	int depth, rc;

	for (depth = 0; depth < BTF_MAX_DEPTH; depth++) {
		if ((rc = w->type(w->src, id, t)) < 0)
			return rc;
		if (t->kind != BTF_CONST && t->kind != BTF_VOLATILE && t->kind != BTF_RESTRICT &&
		    t->kind != BTF_TYPE_TAG)
			return C2_OK;
		id = t->type;
	}
	return fail(w, C2_EFORMAT, "type %u: qualifier chain longer than %d (a reference loop?)", id, BTF_MAX_DEPTH);
}

/*
 * C declarators read inside out: "int (*p)[4]" is a pointer to an array. We
 * build the declarator text around the name (decl) while walking from the
 * outer type inwards, then put the base type name in front. Pointers add a
 * prefix, arrays and functions a suffix; a pointer to an array or function
 * needs parentheses.
 */
static int c_name(struct typewalk *w, uint32_t id, const char *decl, struct sb *out, int depth)
{
	char tmp[512], inner[512];
	struct btf_type t, pt;
	int rc;
	uint32_t i;

	/* Parameters branch: depth alone would not bound a function type whose
	 * parameters point back at it. */
	if (depth > BTF_MAX_DEPTH || !w->budget--)
		return fail(w, C2_EFORMAT, "type %u: nesting deeper than %d (a reference loop?)", id, BTF_MAX_DEPTH);
	if ((rc = w->type(w->src, id, &t)) < 0)
		return rc;
	switch (t.kind) {
	case BTF_PTR: {
		int paren;

		/* A typedef names the pointee: "arr_t *p" needs no parentheses. */
		if ((rc = unqualified(w, t.type, &pt)) < 0)
			return rc;
		paren = pt.kind == BTF_ARRAY || pt.kind == BTF_FUNC_PROTO;
		snprintf(inner, sizeof(inner), paren ? "(*%s)" : "*%s", decl);
		return c_name(w, t.type, inner, out, depth + 1);
	}
	case BTF_ARRAY:
		snprintf(inner, sizeof(inner), "%s[%u]", decl, t.nelems);
		return c_name(w, t.type, inner, out, depth + 1);
	case BTF_FUNC_PROTO: {
		struct sb params = { tmp, 0, sizeof(tmp), 0 };

		tmp[0] = '\0';
		sb_puts(&params, decl);
		sb_puts(&params, "(");
		for (i = 0; i < t.vlen; i++) {
			struct btf_param p = { 0 };

			if ((rc = w->param(w->src, id, i, &p)) < 0)
				return rc;
			if (i)
				sb_puts(&params, ", ");
			if (p.type == 0) {
				sb_puts(&params, "...");
				continue;
			}
			{
				char pbuf[256];
				struct sb ps = { pbuf, 0, sizeof(pbuf), 0 };

				pbuf[0] = '\0';
				if ((rc = c_name(w, p.type, "", &ps, depth + 1)) < 0)
					return rc;
				sb_puts(&params, pbuf);
			}
		}
		if (t.vlen == 0)
			sb_puts(&params, "void");
		sb_puts(&params, ")");
		return c_name(w, t.type, tmp, out, depth + 1);
	}
	case BTF_CONST: case BTF_VOLATILE: case BTF_RESTRICT: {
		const char *q = t.kind == BTF_CONST ? "const" : t.kind == BTF_VOLATILE ? "volatile" : "restrict";

		/* A qualified pointer reads "char *const p"; a qualified base
		 * type reads "const char". */
		if ((rc = unqualified(w, t.type, &pt)) < 0)
			return rc;
		/* A qualified array is an array of qualified elements, and
		 * compilers qualify the elements too: say it once. */
		if (pt.kind == BTF_ARRAY)
			return c_name(w, t.type, decl, out, depth + 1);
		if (pt.kind == BTF_PTR || pt.kind == BTF_FUNC_PROTO) {
			snprintf(inner, sizeof(inner), "%s%s%s", q, decl[0] ? " " : "", decl);
			return c_name(w, t.type, inner, out, depth + 1);
		}
		sb_puts(out, q);
		sb_puts(out, " ");
		return c_name(w, t.type, decl, out, depth + 1);
	}
	case BTF_TYPE_TAG: case BTF_DECL_TAG: case BTF_VAR: case BTF_FUNC:
		/* Tags do not change the C type; a var or func is named by its type. */
		return c_name(w, t.type, decl, out, depth + 1);
	default:
		break;
	}
	switch (t.kind) {
	case BTF_VOID: sb_puts(out, "void"); break;
	case BTF_STRUCT: sb_puts(out, "struct "); break;
	case BTF_UNION: sb_puts(out, "union "); break;
	case BTF_ENUM: case BTF_ENUM64: sb_puts(out, "enum "); break;
	case BTF_FWD: sb_puts(out, t.kflag ? "union " : "struct "); break;
	default: break;
	}
	if (t.kind != BTF_VOID)
		sb_puts(out, t.name[0] ? t.name : "(anon)");
	if (decl[0]) {
		sb_puts(out, " ");
		sb_puts(out, decl);
	}
	return C2_OK;
}

int typewalk_name(struct typewalk *w, uint32_t id, const char *var, char *buf, size_t len)
{
	struct sb s = { buf, 0, len, 0 };
	int rc;

	if (len == 0)
		return fail(w, C2_EINVAL, "no room for a type name");
	buf[0] = '\0';
	w->budget = 4096;
	if ((rc = c_name(w, id, var ? var : "", &s, 0)) < 0)
		return rc;
	return C2_OK;
}

/* --- Member paths ------------------------------------------------------------- */

/* Find member name in struct/union id (resolved), looking into anonymous
 * members; *loc gets the member, bit offsets relative to id. */
static int find_member(struct typewalk *w, uint32_t id, const char *name, size_t nlen, struct btf_loc *loc, int depth)
{
	struct btf_type t;
	uint32_t i;
	int rc;

	if (depth > BTF_MAX_DEPTH)
		return fail(w, C2_EFORMAT, "type %u: anonymous members nested deeper than %d (a loop?)", id,
			    BTF_MAX_DEPTH);
	if ((rc = w->type(w->src, id, &t)) < 0)
		return rc;
	for (i = 0; i < t.vlen; i++) {
		struct btf_member m;
		uint32_t inner;
		struct btf_type it;

		if ((rc = w->member(w->src, id, i, &m)) < 0)
			return rc;
		if (m.name[0]) {
			if (strlen(m.name) == nlen && !memcmp(m.name, name, nlen)) {
				loc->type = m.type;
				loc->bit_offset = m.bit_offset;
				loc->bit_size = m.bit_size;
				return C2_OK;
			}
			continue;
		}
		if ((rc = w->resolve(w->src, m.type, &inner)) < 0 || (rc = w->type(w->src, inner, &it)) < 0)
			return rc;
		if (it.kind != BTF_STRUCT && it.kind != BTF_UNION)
			continue;
		rc = find_member(w, inner, name, nlen, loc, depth + 1);
		if (rc == C2_OK) {
			loc->bit_offset += m.bit_offset;
			return C2_OK;
		}
		if (rc != C2_ENOENT)
			return rc;
	}
	return C2_ENOENT;
}

int typewalk_member_path(struct typewalk *w, uint32_t id, const char *path, struct btf_loc *out)
{
	struct btf_loc loc = { id, 0, 0 };
	const char *p = path;
	char tname[256];
	int rc, steps = 0;

	while (*p) {
		struct btf_type t;
		uint32_t r;

		if (++steps > 4 * BTF_MAX_DEPTH)
			return fail(w, C2_EINVAL, "%s: path too long", path);
		if ((rc = w->resolve(w->src, loc.type, &r)) < 0 || (rc = w->type(w->src, r, &t)) < 0)
			return rc;
		if (*p == '[') {
			char *end;
			unsigned long long idx;
			uint64_t esize;

			if (t.kind != BTF_ARRAY) {
				typewalk_name(w, loc.type, NULL, tname, sizeof(tname));
				return fail(w, C2_EINVAL, "%s: index at \"%s\" into %s, which is no array%s", path, p,
					    tname, t.kind == BTF_PTR ? " (a pointer: a path cannot go through it)" : "");
			}
			if (p[1] < '0' || p[1] > '9')
				return fail(w, C2_EINVAL, "%s: bad index at \"%s\"", path, p);
			idx = strtoull(p + 1, &end, 0);
			if (*end != ']')
				return fail(w, C2_EINVAL, "%s: bad index at \"%s\"", path, p);
			if (t.nelems && idx >= t.nelems)
				return fail(w, C2_EINVAL, "%s: index %llu past the end of [%u]", path, idx, t.nelems);
			if ((rc = w->size_of(w->src, t.type, &esize)) < 0)
				return rc;
			if (esize && idx > (UINT64_MAX / 8 - loc.bit_offset / 8) / esize)
				return fail(w, C2_EINVAL, "%s: index %llu too large", path, idx);
			loc.type = t.type;
			loc.bit_offset += idx * esize * 8;
			loc.bit_size = 0;
			p = end + 1;
			continue;
		}
		if (steps > 1) {
			if (*p != '.')
				return fail(w, C2_EINVAL, "%s: expected '.' or '[' at \"%s\"", path, p);
			p++;
		} else if (*p == '.') {
			p++;   /* a leading '.' is allowed: "task_struct" ".pid" */
		}
		{
			size_t n = strcspn(p, ".[");
			struct btf_loc m;

			if (n == 0)
				return fail(w, C2_EINVAL, "%s: empty member name", path);
			if (t.kind != BTF_STRUCT && t.kind != BTF_UNION) {
				typewalk_name(w, loc.type, NULL, tname, sizeof(tname));
				return fail(w, C2_EINVAL, "%s: \"%.*s\" is looked up in %s, which is no struct or union%s",
					    path, (int)n, p, tname,
					    t.kind == BTF_PTR ? " (a pointer: a path cannot go through it)" : "");
			}
			rc = find_member(w, r, p, n, &m, 0);
			if (rc == C2_ENOENT) {
				typewalk_name(w, r, NULL, tname, sizeof(tname));
				return fail(w, C2_ENOENT, "%s: %s has no member \"%.*s\"", path, tname, (int)n, p);
			}
			if (rc < 0)
				return rc;
			loc.type = m.type;
			loc.bit_offset += m.bit_offset;
			loc.bit_size = m.bit_size;
			p += n;
		}
	}
	*out = loc;
	return C2_OK;
}
