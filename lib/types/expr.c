/* Typed expressions: tokens, then a recursive-descent parse; see expr.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"

enum tok { T_END, T_NAME, T_NUMBER, T_LPAREN, T_RPAREN, T_LBRACK, T_RBRACK, T_DOT, T_ARROW, T_STAR, T_AMP,
	   T_MINUS, T_BAD };

struct parser {
	struct expr *e;
	const char *text;
	size_t pos;          /* where the next token starts */
	int depth;
	/* The current token. */
	enum tok tok;
	size_t tok_pos, tok_len;
};

static int fail(struct parser *p, size_t pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(struct parser *p, size_t pos, const char *fmt, ...)
{
	va_list ap;

	/* The first error is the one to report; later ones follow from it. */
	if (p->e->err[0])
		return -1;
	va_start(ap, fmt);
	vsnprintf(p->e->err, sizeof(p->e->err), fmt, ap);
	va_end(ap);
	p->e->err_pos = (int)pos;
	return -1;
}

static int is_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}

static int is_name_char(char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static void next(struct parser *p)
{
	const char *s = p->text;
	size_t i = p->pos;

	while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')
		i++;
	p->tok_pos = i;
	p->tok_len = 1;
	switch (s[i]) {
	case '\0': p->tok = T_END; p->tok_len = 0; break;
	case '(': p->tok = T_LPAREN; break;
	case ')': p->tok = T_RPAREN; break;
	case '[': p->tok = T_LBRACK; break;
	case ']': p->tok = T_RBRACK; break;
	case '.': p->tok = T_DOT; break;
	case '*': p->tok = T_STAR; break;
	case '&': p->tok = T_AMP; break;
	case '-':
		if (s[i + 1] == '>') {
			p->tok = T_ARROW;
			p->tok_len = 2;
		} else {
			p->tok = T_MINUS;
		}
		break;
	default:
		if (is_name_start(s[i])) {
			size_t n = 1;

			/* Compiler-made symbols ("__key.12") keep their dots: a
			 * member name never starts with a digit. Names like
			 * "x.isra.0" are left to the caller to look up whole. */
			for (;;) {
				if (is_name_char(s[i + n]))
					n++;
				else if (s[i + n] == '.' && is_digit(s[i + n + 1]))
					n += 2;
				else
					break;
			}
			p->tok = T_NAME;
			p->tok_len = n;
		} else if (is_digit(s[i])) {
			size_t n = 1;

			while (is_name_char(s[i + n]))
				n++;
			p->tok = T_NUMBER;
			p->tok_len = n;
		} else {
			p->tok = T_BAD;
		}
	}
	p->pos = i + p->tok_len;
}

static const char *tok_text(struct parser *p, char *buf, size_t len)
{
	if (p->tok == T_END)
		return "the end";
	snprintf(buf, len, "'%.*s'", (int)(p->tok_len ? p->tok_len : 1), p->text + p->tok_pos);
	return buf;
}

static const char *save(struct parser *p, const char *s, size_t n)
{
	struct expr *e = p->e;
	char *d;

	if (e->strs_len + n + 1 > sizeof(e->strs))
		return NULL;
	d = e->strs + e->strs_len;
	memcpy(d, s, n);
	d[n] = '\0';
	e->strs_len += n + 1;
	return d;
}

static int node(struct parser *p, int op, int kid, size_t pos)
{
	struct expr *e = p->e;
	struct expr_node *n;

	if (e->count == EXPR_MAX_NODES)
		return fail(p, pos, "expression too complex (more than %d parts)", EXPR_MAX_NODES);
	n = &e->n[e->count];
	memset(n, 0, sizeof(*n));
	n->op = op;
	n->kid = kid;
	n->pos = (int)pos;
	return e->count++;
}

static int parse_number(struct parser *p, uint64_t *v)
{
	const char *s = p->text + p->tok_pos;
	char buf[32], *end;
	int base = 10;

	if (p->tok_len >= sizeof(buf))
		return fail(p, p->tok_pos, "%.*s: number too long", (int)p->tok_len, s);
	memcpy(buf, s, p->tok_len);
	buf[p->tok_len] = '\0';
	if (buf[0] == '0' && (buf[1] == 'x' || buf[1] == 'X')) {
		base = 16;
		if (!buf[2])
			return fail(p, p->tok_pos, "%s: not a number", buf);
	}
	errno = 0;
	*v = strtoull(buf, &end, base);
	if (*end)
		return fail(p, p->tok_pos, "%s: not a number", buf);
	if (errno)
		return fail(p, p->tok_pos, "%s: number too large", buf);
	return 0;
}

static int unary(struct parser *p);

/* Words that only a type name can hold. */
static int type_word(const char *s, size_t n)
{
	static const char *const words[] = {
		"struct", "union", "enum", "const", "volatile", "unsigned", "signed", "int", "char", "short",
		"long", "void", "_Bool", "float", "double",
	};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == n && !memcmp(words[i], s, n))
			return 1;
	return 0;
}

/*
 * At '(' : a cast if what follows is NAME... '*'... ')' and it reads as a
 * type (see expr.h). Returns 1 with the node made, 0 if not a cast (nothing
 * consumed), -1 on error.
 */
static int try_cast(struct parser *p, int *out)
{
	struct parser save_state = *p;
	char type[EXPR_MAX_LEN];
	size_t tlen = 0, start = p->tok_pos;
	int words = 0, ptrs = 0, keyword = 0, kid, n;

	next(p);
	while (p->tok == T_NAME) {
		if (tlen + p->tok_len + 2 > sizeof(type))
			break;
		if (type_word(p->text + p->tok_pos, p->tok_len))
			keyword = 1;
		if (tlen)
			type[tlen++] = ' ';
		memcpy(type + tlen, p->text + p->tok_pos, p->tok_len);
		tlen += p->tok_len;
		words++;
		next(p);
	}
	while (words && p->tok == T_STAR) {
		ptrs++;
		next(p);
	}
	if (!words || p->tok != T_RPAREN) {
		*p = save_state;
		return 0;
	}
	next(p);
	if (!keyword && !ptrs && words == 1 && p->tok != T_NAME && p->tok != T_NUMBER && p->tok != T_LPAREN &&
	    p->tok != T_STAR && p->tok != T_AMP) {
		*p = save_state;   /* "(init_task).pid": a grouping */
		return 0;
	}
	type[tlen] = '\0';
	if (ptrs > EXPR_MAX_PTRS)
		return fail(p, start, "(%s ...): more than %d '*' in a cast", type, EXPR_MAX_PTRS);
	if (!strcmp(type, "struct") || !strcmp(type, "union") || !strcmp(type, "enum"))
		return fail(p, start, "(%s): a type name must follow '%s'", type, type);
	if (p->tok == T_END)
		return fail(p, p->tok_pos, "a cast to (%s%s%.*s) needs something to cast", type, ptrs ? " " : "",
			    ptrs, "********");
	if ((kid = unary(p)) < 0)
		return -1;
	if ((n = node(p, EXPR_CAST, kid, start)) < 0)
		return -1;
	p->e->n[n].ptrs = ptrs;
	if (!(p->e->n[n].type = save(p, type, tlen)))
		return fail(p, start, "expression too long");
	*out = n;
	return 1;
}

static int primary(struct parser *p)
{
	char b[64];
	int n, rc;

	switch (p->tok) {
	case T_NAME:
		if (type_word(p->text + p->tok_pos, p->tok_len))
			return fail(p, p->tok_pos, "'%.*s' is a type: put it in parentheses to cast, e.g. "
					"'(struct task_struct *)0xffff...'", (int)p->tok_len, p->text + p->tok_pos);
		if ((n = node(p, EXPR_SYMBOL, -1, p->tok_pos)) < 0)
			return -1;
		if (!(p->e->n[n].name = save(p, p->text + p->tok_pos, p->tok_len)))
			return fail(p, p->tok_pos, "expression too long");
		next(p);
		return n;
	case T_NUMBER:
		if ((n = node(p, EXPR_NUMBER, -1, p->tok_pos)) < 0 || parse_number(p, &p->e->n[n].value) < 0)
			return -1;
		next(p);
		return n;
	case T_LPAREN: {
		size_t open = p->tok_pos;

		if ((rc = try_cast(p, &n)) != 0)
			return rc < 0 ? -1 : n;
		next(p);
		if ((n = unary(p)) < 0)
			return -1;
		if (p->tok != T_RPAREN)
			return fail(p, p->tok == T_END ? open : p->tok_pos, p->tok == T_END ? "'(' is never closed" :
				    "expected ')', found %s", tok_text(p, b, sizeof(b)));
		next(p);
		return n;
	}
	case T_END:
		return fail(p, p->tok_pos, p->e->count == 0 && p->depth == 1 ? "empty expression" :
			    "expression ends too early");
	default:
		return fail(p, p->tok_pos, "unexpected %s", tok_text(p, b, sizeof(b)));
	}
}

static int postfix(struct parser *p)
{
	char b[64];
	int n = primary(p);

	while (n >= 0) {
		size_t at = p->tok_pos;

		if (p->tok == T_DOT || p->tok == T_ARROW) {
			int op = p->tok == T_DOT ? EXPR_MEMBER : EXPR_ARROW;

			next(p);
			if (p->tok != T_NAME)
				return fail(p, p->tok_pos, "expected a member name after '%s', found %s",
					    op == EXPR_MEMBER ? "." : "->", tok_text(p, b, sizeof(b)));
			/* A member name has no dots; a token with one is a
			 * member followed by an index-like part: refuse it. */
			if (memchr(p->text + p->tok_pos, '.', p->tok_len))
				return fail(p, p->tok_pos, "%.*s: not a member name", (int)p->tok_len,
					    p->text + p->tok_pos);
			if ((n = node(p, op, n, at)) < 0)
				return -1;
			if (!(p->e->n[n].name = save(p, p->text + p->tok_pos, p->tok_len)))
				return fail(p, p->tok_pos, "expression too long");
			next(p);
		} else if (p->tok == T_LBRACK) {
			int neg = 0;
			uint64_t v;

			next(p);
			if (p->tok == T_MINUS) {
				neg = 1;
				next(p);
			}
			if (p->tok != T_NUMBER)
				return fail(p, p->tok_pos, "an index must be a number, found %s",
					    tok_text(p, b, sizeof(b)));
			if (parse_number(p, &v) < 0)
				return -1;
			if (v > (uint64_t)INT64_MAX)
				return fail(p, p->tok_pos, "index too large");
			next(p);
			if (p->tok != T_RBRACK)
				return fail(p, p->tok_pos, "expected ']', found %s", tok_text(p, b, sizeof(b)));
			next(p);
			if ((n = node(p, EXPR_INDEX, n, at)) < 0)
				return -1;
			p->e->n[n].index = neg ? -(int64_t)v : (int64_t)v;
		} else {
			break;
		}
	}
	return n;
}

static int unary(struct parser *p)
{
	int n, op;
	size_t at = p->tok_pos;

	/* Each level is one token at least, and the node limit bounds
	 * those that make nodes; bound the rest ("((((x))))") here. */
	if (++p->depth > EXPR_MAX_NODES)
		return fail(p, at, "expression nested too deeply");
	if (p->tok == T_STAR || p->tok == T_AMP) {
		op = p->tok == T_STAR ? EXPR_DEREF : EXPR_ADDR;
		next(p);
		if ((n = unary(p)) < 0)
			return -1;
		n = node(p, op, n, at);
	} else {
		n = postfix(p);
	}
	p->depth--;
	return n;
}

int expr_parse(struct expr *e, const char *text)
{
	struct parser p = { .e = e, .text = text };
	char b[64];
	size_t len = strnlen(text, EXPR_MAX_LEN + 1);

	memset(e, 0, sizeof(*e));
	e->err_pos = -1;
	e->root = -1;
	if (len > EXPR_MAX_LEN) {
		snprintf(e->err, sizeof(e->err), "expression longer than %d bytes", EXPR_MAX_LEN);
		return -1;
	}
	next(&p);
	if ((e->root = unary(&p)) < 0)
		return -1;
	if (p.tok != T_END)
		return fail(&p, p.tok_pos, p.tok == T_RPAREN ? "unbalanced ')'" : "unexpected %s after the expression",
			    tok_text(&p, b, sizeof(b)));
	return 0;
}

/* --- Back to text -------------------------------------------------------------- */

struct out {
	char *buf;
	size_t len, cap;
};

static void put(struct out *o, const char *s)
{
	size_t n = strlen(s);

	/* Count everything (the caller learns the full length), store what fits. */
	if (o->cap && o->len < o->cap - 1) {
		size_t room = o->cap - 1 - o->len;

		memcpy(o->buf + o->len, s, n < room ? n : room);
		o->buf[o->len + (n < room ? n : room)] = '\0';
	}
	o->len += n;
}

static void format(const struct expr *e, int i, struct out *o, int depth)
{
	const struct expr_node *n;
	char num[32];
	int k;

	if (i < 0 || i >= e->count || depth > EXPR_MAX_NODES) {
		put(o, "?");
		return;
	}
	n = &e->n[i];
	switch (n->op) {
	case EXPR_SYMBOL:
		put(o, n->name);
		break;
	case EXPR_NUMBER:
		snprintf(num, sizeof(num), "0x%llx", (unsigned long long)n->value);
		put(o, num);
		break;
	case EXPR_MEMBER: case EXPR_ARROW: {
		/* A cast or prefix operator binds less tightly: parenthesize. */
		int op = e->n[n->kid].op, paren = op == EXPR_CAST || op == EXPR_DEREF || op == EXPR_ADDR;

		put(o, paren ? "(" : "");
		format(e, n->kid, o, depth + 1);
		put(o, paren ? ")" : "");
		put(o, n->op == EXPR_MEMBER ? "." : "->");
		put(o, n->name);
		break;
	}
	case EXPR_INDEX: {
		int op = e->n[n->kid].op, paren = op == EXPR_CAST || op == EXPR_DEREF || op == EXPR_ADDR;

		put(o, paren ? "(" : "");
		format(e, n->kid, o, depth + 1);
		put(o, paren ? ")" : "");
		snprintf(num, sizeof(num), "[%lld]", (long long)n->index);
		put(o, num);
		break;
	}
	case EXPR_CAST:
		put(o, "(");
		put(o, n->type);
		if (n->ptrs)
			put(o, " ");
		for (k = 0; k < n->ptrs; k++)
			put(o, "*");
		put(o, ")");
		format(e, n->kid, o, depth + 1);
		break;
	case EXPR_DEREF: case EXPR_ADDR:
		put(o, n->op == EXPR_DEREF ? "*" : "&");
		format(e, n->kid, o, depth + 1);
		break;
	default:
		put(o, "?");
	}
}

size_t expr_format(const struct expr *e, int i, char *buf, size_t len)
{
	struct out o = { buf, 0, len };

	if (len)
		buf[0] = '\0';
	format(e, i, &o, 0);
	return o.len;
}
