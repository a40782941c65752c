/*
 * Typed expressions: expr.c parses, this file gives the tree meaning with
 * the type layer and the symbols, reading memory only where a pointer must
 * be followed; see core2.h.
 */
#include <stdio.h>
#include <string.h>

#include "../internal.h"
#include "expr.h"

/* The C spellings people write, and the names compilers give base types
 * in BTF and CTF. */
static const char *const base_names[][2] = {
	{ "unsigned", "unsigned int" }, { "signed", "int" }, { "signed int", "int" },
	{ "long", "long int" }, { "signed long", "long int" }, { "unsigned long", "long unsigned int" },
	{ "long long", "long long int" }, { "unsigned long long", "long long unsigned int" },
	{ "short", "short int" }, { "unsigned short", "short unsigned int" },
	{ "unsigned long int", "long unsigned int" }, { "unsigned short int", "short unsigned int" },
	{ "unsigned long long int", "long long unsigned int" }, { "long unsigned", "long unsigned int" },
};

/*
 * Globals every kernel from 5.0 on declares with the same type (include/
 * linux/sched/task.h "extern struct task_struct init_task;", utsname.h,
 * mm_types.h, nsproxy.h, pid_namespace.h, cred.h, fs_struct.h, fdtable.h,
 * net_namespace.h, user_namespace.h, jiffies.h, kernel.h, panic.h): an
 * expression may use them without -T or a cast. vmlinux BTF cannot say so,
 * so each is checked against its symbol when used: it must lie in the
 * kernel's data sections, and the next symbol no nearer than the type's
 * size (c2_assert_global).
 */
static const struct { const char *sym, *type; } known_globals[] = {
	{ "init_task", "struct task_struct" }, { "init_uts_ns", "struct uts_namespace" },
	{ "init_mm", "struct mm_struct" }, { "init_nsproxy", "struct nsproxy" },
	{ "init_pid_ns", "struct pid_namespace" }, { "init_cred", "struct cred" },
	{ "init_fs", "struct fs_struct" }, { "init_files", "struct files_struct" },
	{ "init_net", "struct net" }, { "init_user_ns", "struct user_namespace" },
	{ "jiffies_64", "u64" }, { "jiffies", "unsigned long" }, { "panic_cpu", "atomic_t" },
	{ "tainted_mask", "unsigned long" }, { "system_state", "enum system_states" },
	{ "oops_in_progress", "int" }, { "nr_threads", "int" }, { "max_threads", "int" },
};

const char *c2_known_global_type(const char *sym)
{
	size_t i;

	for (i = 0; i < sizeof(known_globals) / sizeof(known_globals[0]); i++)
		if (!strcmp(sym, known_globals[i].sym))
			return known_globals[i].type;
	return NULL;
}

/* Malformed syntax and untyped symbols used as objects, for both the pure
 * check and the evaluation. */
static int check_tree(const struct expr *e, int typed_symbols, char *err, size_t len)
{
	char text[256];
	int i;

	for (i = 0; i < e->count; i++) {
		const struct expr_node *n = &e->n[i], *k;

		if (n->op != EXPR_MEMBER && n->op != EXPR_ARROW && n->op != EXPR_INDEX && n->op != EXPR_DEREF)
			continue;
		k = &e->n[n->kid];
		if (k->op == EXPR_NUMBER) {
			expr_format(e, i, text, sizeof(text));
			snprintf(err, len, "%s: a number has no type: cast it, e.g. ((struct NAME *)0x%llx)->member", text,
				 (unsigned long long)k->value);
			return C2_EINVAL;
		}
		if (k->op == EXPR_SYMBOL && !typed_symbols && !c2_known_global_type(k->name)) {
			const char *op = n->op == EXPR_MEMBER ? "." : n->op == EXPR_ARROW ? "->" : "";

			snprintf(err, len, "%s has no type (vmlinux BTF describes no global variables, and it is not one "
				 "of the few core2 knows): give it one with "
				 "-T TYPE, e.g. -T 'struct task_struct', or a cast, e.g. '((struct task_struct *)&%s)%s%s'",
				 k->name, k->name, n->op == EXPR_MEMBER ? "->" : op,
				 n->op == EXPR_MEMBER || n->op == EXPR_ARROW ? n->name : "");
			return C2_EINVAL;
		}
	}
	return C2_OK;
}

int c2_expr_check(const char *text, int typed_symbols, char *err, size_t len)
{
	static struct expr e;   /* 130 KB: not on the stack */

	if (expr_parse(&e, text) < 0) {
		if (e.err_pos >= 0)
			snprintf(err, len, "%s (at byte %d of '%s')", e.err, e.err_pos + 1, text);
		else
			snprintf(err, len, "%s", e.err);
		return C2_EINVAL;
	}
	return check_tree(&e, typed_symbols, err, len);
}

/* --- Evaluation ----------------------------------------------------------------- */

struct eval {
	struct c2 *c2;
	const struct expr *e;
	uint32_t sym_type;
	int has_sym_type;
	char text[256];   /* the node being evaluated, for messages */
};

static int efail(struct eval *ev, int i, int code, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int efail(struct eval *ev, int i, int code, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	expr_format(ev->e, i, ev->text, sizeof(ev->text));
	return c2_fail(ev->c2, code, "%s: %s", ev->text, msg);
}

/* A type by the name written in a cast. */
static int find_type(struct c2 *c2, const char *written, uint32_t *id)
{
	char name[EXPR_MAX_LEN];
	const char *s = written;
	size_t i;
	int rc;

	/* Qualifiers change no layout. */
	for (;;) {
		if (!strncmp(s, "const ", 6))
			s += 6;
		else if (!strncmp(s, "volatile ", 9))
			s += 9;
		else
			break;
	}
	if (!strcmp(s, "void")) {
		*id = 0;
		return C2_OK;
	}
	snprintf(name, sizeof(name), "%s", s);
	for (i = 0; i < sizeof(base_names) / sizeof(base_names[0]); i++)
		if (!strcmp(name, base_names[i][0]))
			snprintf(name, sizeof(name), "%s", base_names[i][1]);
	if ((rc = c2_type_lookup(c2, name, id)) < 0 && rc == C2_ENOENT && strcmp(name, s))
		return c2_fail(c2, rc, "%s (%s): no such type", s, name);
	return rc;
}

static int get_resolved(struct c2 *c2, uint32_t id, struct c2_type *t)
{
	int rc;

	if ((rc = c2_type_resolve(c2, id, &id)) < 0 || (rc = c2_type_get(c2, id, t)) < 0)
		return rc;
	return C2_OK;
}

static int is_pointer(struct c2 *c2, const struct c2_value *v, struct c2_type *t)
{
	if (v->type == C2_UNTYPED)
		return 0;
	if (v->ptrs)
		return 1;
	return get_resolved(c2, v->type, t) == 0 && t->kind == C2_KIND_PTR;
}

/* The value of a scalar, reading it when it is in memory. */
static int scalar(struct eval *ev, int i, const struct c2_value *v, uint64_t *out)
{
	uint64_t raw = 0;
	struct c2_type t;
	int rc;

	if (!v->in_memory) {
		*out = v->value;
		return C2_OK;
	}
	if (v->bit_size)
		return efail(ev, i, C2_EINVAL, "a bitfield cannot be used here");
	if (v->size == 0 || v->size > 8)
		return efail(ev, i, C2_EINVAL, "not a number or pointer (%llu bytes)", (unsigned long long)v->size);
	if ((rc = c2_read(ev->c2, v->addr, &raw, v->size)) < 0)
		return rc;
	/* Sign-extend signed integers narrower than 64 bits. */
	if (!v->ptrs && v->type != C2_UNTYPED && get_resolved(ev->c2, v->type, &t) == 0 && t.is_signed &&
	    v->size < 8)
		raw = (uint64_t)((int64_t)(raw << (64 - 8 * v->size)) >> (64 - 8 * v->size));
	*out = raw;
	return C2_OK;
}

/* The object a pointer value points to, as an in-memory value. */
static int pointee(struct eval *ev, int i, const struct c2_value *p, struct c2_value *out)
{
	struct c2_type t;
	uint64_t addr;
	int rc;

	if (!is_pointer(ev->c2, p, &t)) {
		char name[256];

		c2_value_type_name(ev->c2, p, name, sizeof(name));
		return efail(ev, i, C2_EINVAL, "%s is not a pointer", name);
	}
	if ((rc = scalar(ev, i, p, &addr)) < 0)
		return rc;
	memset(out, 0, sizeof(*out));
	out->in_memory = 1;
	out->addr = addr;
	if (p->ptrs) {
		out->type = p->type;
		out->ptrs = p->ptrs - 1;
	} else {
		out->type = t.type;
	}
	if (out->ptrs) {
		out->size = 8;
	} else if (out->type) {
		if ((rc = get_resolved(ev->c2, out->type, &t)) < 0)
			return rc;
		out->size = t.size;
	}
	if (!out->ptrs && out->type == 0)
		return efail(ev, i, C2_EINVAL, "a void pointer points to nothing to read: cast it first");
	if (addr == 0)
		return efail(ev, i, C2_ENODATA, "a NULL pointer");
	return C2_OK;
}

static int eval_node(struct eval *ev, int i, struct c2_value *v, int depth);
static int eval_symbol(struct eval *ev, int i, struct c2_value *v, int may_know);

static int eval_cast(struct eval *ev, int i, const struct expr_node *n, struct c2_value *v, int depth)
{
	struct c2_value src;
	struct c2_type t, st;
	uint32_t id;
	int rc;

	if ((rc = find_type(ev->c2, n->type, &id)) < 0)
		return efail(ev, i, rc, "%s", c2_error(ev->c2));
	/* "(struct T)sym" and "(int)sym" see the memory at sym as T: not as
	 * the type core2 knows sym by. */
	rc = ev->e->n[n->kid].op == EXPR_SYMBOL ? eval_symbol(ev, n->kid, &src, 0)
						 : eval_node(ev, n->kid, &src, depth + 1);
	if (rc < 0)
		return rc;
	memset(v, 0, sizeof(*v));
	v->type = id;
	v->ptrs = n->ptrs;
	if (n->ptrs) {
		v->size = 8;
		t.kind = C2_KIND_PTR;
	} else if (id == 0) {
		return efail(ev, i, C2_EINVAL, "a cast to void leaves nothing to read");
	} else {
		if ((rc = get_resolved(ev->c2, id, &t)) < 0)
			return rc;
		v->size = t.size;
		if (t.kind == C2_KIND_FWD || t.size == 0)
			return efail(ev, i, C2_EINVAL, "%s is incomplete (no size)", n->type);
	}
	/* An untyped symbol takes the type where it lies. */
	if (src.type == C2_UNTYPED && src.in_memory) {
		v->in_memory = 1;
		v->addr = src.addr;
		return C2_OK;
	}
	if (t.kind == C2_KIND_STRUCT || t.kind == C2_KIND_UNION || t.kind == C2_KIND_ARRAY) {
		if (!src.in_memory)
			return efail(ev, i, C2_EINVAL, "a number cast to %s: cast it to a pointer and use '*' or '->'",
				     n->type);
		if (src.bit_size)
			return efail(ev, i, C2_EINVAL, "a bitfield cannot be seen as %s", n->type);
		v->in_memory = 1;
		v->addr = src.addr;
		return C2_OK;
	}
	if (t.kind != C2_KIND_PTR && t.kind != C2_KIND_INT && t.kind != C2_KIND_ENUM && t.kind != C2_KIND_ENUM64)
		return efail(ev, i, C2_EINVAL, "cannot cast to %s", n->type);
	/* A scalar: the source's value, converted. An array decays to its
	 * address, as in C. */
	if (src.in_memory && !src.ptrs && src.type != C2_UNTYPED && get_resolved(ev->c2, src.type, &st) == 0 &&
	    st.kind == C2_KIND_ARRAY) {
		v->value = src.addr;
	} else if (src.in_memory && !src.ptrs && src.type != C2_UNTYPED && (st.kind == C2_KIND_STRUCT ||
									     st.kind == C2_KIND_UNION)) {
		return efail(ev, i, C2_EINVAL, "a struct or union cannot become a number: take its address with '&'");
	} else if ((rc = scalar(ev, n->kid, &src, &v->value)) < 0) {
		return rc;
	}
	if (!n->ptrs && t.kind != C2_KIND_PTR && v->size < 8) {
		uint64_t mask = (1ull << (8 * v->size)) - 1;

		v->value &= mask;
		if (t.is_signed && v->value >> (8 * v->size - 1))
			v->value |= ~mask;
	}
	return C2_OK;
}

/* A symbol: untyped memory, or of the -T type, or (may_know: not the
 * operand of a cast, which gives it a type in place) of the type core2
 * knows it by, if that fits before the next symbol. */
static int eval_symbol(struct eval *ev, int i, struct c2_value *v, int may_know)
{
	const struct expr_node *n = &ev->e->n[i];
	const char *known = NULL;
	struct c2_sym s;
	struct c2_type t;
	uint32_t id;
	int rc;

	known = may_know && !ev->has_sym_type ? c2_known_global_type(n->name) : NULL;
	if ((rc = known ? sym_lookup_global(ev->c2, n->name, &s) : c2_sym_lookup(ev->c2, n->name, &s)) < 0)
		return rc;
	memset(v, 0, sizeof(*v));
	v->in_memory = 1;
	v->addr = s.addr;
	v->type = C2_UNTYPED;
	if (ev->has_sym_type) {
		id = ev->sym_type;
	} else if (known) {
		if ((rc = find_type(ev->c2, known, &id)) < 0)
			return efail(ev, i, rc, "core2 knows it as %s, but: %s", known, c2_error(ev->c2));
	} else {
		return C2_OK;
	}
	if ((rc = get_resolved(ev->c2, id, &t)) < 0)
		return rc;
	if (known && (rc = types_check_global(ev->c2, n->name, &s, C2_ANY, t.size, C2_ANY, NULL)) < 0)
		return efail(ev, i, rc, "core2 knows it as %s, but %s; give its type with -T or a cast", known,
			     c2_error(ev->c2));
	v->type = id;
	v->size = t.size;
	return C2_OK;
}

static int eval_node(struct eval *ev, int i, struct c2_value *v, int depth)
{
	const struct expr_node *n = &ev->e->n[i];
	struct c2_value k;
	struct c2_member m;
	struct c2_type t;
	int rc;

	if (depth > EXPR_MAX_NODES)
		return efail(ev, i, C2_EINVAL, "nested too deeply");
	memset(v, 0, sizeof(*v));
	switch (n->op) {
	case EXPR_SYMBOL:
		return eval_symbol(ev, i, v, 1);
	case EXPR_NUMBER:
		v->type = C2_UNTYPED;
		v->value = n->value;
		return C2_OK;
	case EXPR_CAST:
		return eval_cast(ev, i, n, v, depth);
	case EXPR_ADDR:
		if ((rc = eval_node(ev, n->kid, &k, depth + 1)) < 0)
			return rc;
		if (!k.in_memory)
			return efail(ev, i, C2_EINVAL, "a value that is not in memory has no address");
		if (k.bit_size)
			return efail(ev, i, C2_EINVAL, "a bitfield has no address");
		v->value = k.addr;
		v->size = 8;
		v->type = k.type;
		v->ptrs = k.type == C2_UNTYPED ? 0 : k.ptrs + 1;
		if (v->ptrs > EXPR_MAX_PTRS)
			return efail(ev, i, C2_EINVAL, "too many pointer levels");
		return C2_OK;
	case EXPR_DEREF:
		if ((rc = eval_node(ev, n->kid, &k, depth + 1)) < 0)
			return rc;
		return pointee(ev, i, &k, v);
	case EXPR_ARROW: case EXPR_MEMBER:
		if ((rc = eval_node(ev, n->kid, &k, depth + 1)) < 0)
			return rc;
		if (k.type == C2_UNTYPED)
			return efail(ev, i, C2_EINVAL, "no type to find member \"%s\" in", n->name);
		if (n->op == EXPR_ARROW) {
			struct c2_value obj;

			if ((rc = pointee(ev, n->kid, &k, &obj)) < 0)
				return rc;
			k = obj;
		} else if (is_pointer(ev->c2, &k, &t)) {
			return efail(ev, i, C2_EINVAL, "a pointer: use '->%s'", n->name);
		}
		if (k.ptrs)
			return efail(ev, i, C2_EINVAL, "a pointer to a pointer has no members");
		if ((rc = get_resolved(ev->c2, k.type, &t)) < 0)
			return rc;
		if (t.kind != C2_KIND_STRUCT && t.kind != C2_KIND_UNION) {
			char name[256];

			c2_value_type_name(ev->c2, &k, name, sizeof(name));
			return efail(ev, i, C2_EINVAL, "%s is no struct or union", name);
		}
		if ((rc = c2_type_member_path(ev->c2, k.type, n->name, &m)) < 0) {
			char name[256];

			if (rc != C2_ENOENT)
				return rc;
			c2_value_type_name(ev->c2, &k, name, sizeof(name));
			return efail(ev, i, rc, "%s has no member \"%s\"", name, n->name);
		}
		v->type = m.type;
		v->in_memory = 1;
		v->addr = k.addr + m.bit_offset / 8;
		v->bit_size = m.bit_size;
		v->bit_offset = m.bit_size ? m.bit_offset % 8 : 0;
		v->size = m.size;
		return C2_OK;
	case EXPR_INDEX: {
		uint64_t esize;

		if ((rc = eval_node(ev, n->kid, &k, depth + 1)) < 0)
			return rc;
		if (k.type == C2_UNTYPED)
			return efail(ev, i, C2_EINVAL, "no type to index");
		if (!k.ptrs && get_resolved(ev->c2, k.type, &t) == 0 && t.kind == C2_KIND_ARRAY && k.in_memory) {
			struct c2_type et;

			/* [0] is a flexible array: any index reads past it. */
			if (n->index < 0 || (t.nelems && (uint64_t)n->index >= t.nelems))
				return efail(ev, i, C2_EINVAL, "index %lld out of range [0, %u)", (long long)n->index,
					     t.nelems);
			if ((rc = get_resolved(ev->c2, t.type, &et)) < 0)
				return rc;
			v->type = t.type;
			v->size = esize = et.size;
			v->in_memory = 1;
			v->addr = k.addr + (uint64_t)n->index * esize;
			return C2_OK;
		}
		if (!is_pointer(ev->c2, &k, &t))
			return efail(ev, i, C2_EINVAL, "neither an array nor a pointer");
		if ((rc = pointee(ev, n->kid, &k, v)) < 0)
			return rc;
		if (v->size == 0)
			return efail(ev, i, C2_EINVAL, "the elements have no size");
		if (n->index > 0 && (uint64_t)n->index > UINT64_MAX / v->size)
			return efail(ev, i, C2_EINVAL, "index too large");
		v->addr += (uint64_t)n->index * v->size;   /* negative indexes wrap to below, as in C */
		return C2_OK;
	}
	default:
		return efail(ev, i, C2_EINVAL, "unknown operation %d", n->op);
	}
}

int c2_eval(struct c2 *c2, const char *text, const char *sym_type, struct c2_value *out)
{
	static struct expr e;   /* not reentrant, like the handle itself */
	struct eval ev = { .c2 = c2, .e = &e };
	char err[400];
	int rc;

	if ((rc = c2_expr_check(text, sym_type != NULL, err, sizeof(err))) < 0)
		return c2_fail(c2, rc, "%s", err);
	expr_parse(&e, text);
	if (sym_type) {
		if ((rc = find_type(c2, sym_type, &ev.sym_type)) < 0) {
			snprintf(err, sizeof(err), "%s", c2_error(c2));
			return c2_fail(c2, rc, "the symbols' type: %s", err);
		}
		ev.has_sym_type = 1;
	}
	return eval_node(&ev, e.root, out, 0);
}

int c2_value_type_name(struct c2 *c2, const struct c2_value *v, char *buf, size_t len)
{
	size_t n;
	int rc, k;

	if (v->type == C2_UNTYPED) {
		snprintf(buf, len, "(untyped)");
		return C2_OK;
	}
	if ((rc = c2_type_name(c2, v->type, NULL, buf, len)) < 0)
		return rc;
	n = strlen(buf);
	for (k = 0; k < v->ptrs && n + 2 < len; k++) {
		if (k == 0 && buf[n - 1] != '*')
			buf[n++] = ' ';
		buf[n++] = '*';
	}
	buf[n] = '\0';
	return C2_OK;
}
