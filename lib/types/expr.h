/*
 * Typed expressions, as `core2 read` takes them: a C subset for naming an
 * object in kernel memory.
 *
 *   expr    := unary
 *   unary   := '*' unary | '&' unary | '(' TYPE ')' unary | postfix
 *   postfix := primary { '.' NAME | '->' NAME | '[' INDEX ']' }
 *   primary := SYMBOL | NUMBER | '(' expr ')'
 *   TYPE    := [const|volatile] [struct|union|enum] NAME {NAME} {'*'}
 *
 * A parenthesized group is a cast when it starts with struct, union, enum,
 * a C type keyword (unsigned, int, char, ...), or ends in '*', or when an
 * operand follows it: "(u64)jiffies" is a cast, "(init_task).pid" is not.
 * Symbols may contain '.' followed by a digit ("__key.12"); other symbols
 * with dots ("x.isra.0") must be looked up whole by the caller.
 *
 * This file only parses: no types, no memory. The result is a tree of
 * nodes in one fixed-size array, so that parsing allocates nothing and
 * bounds itself (EXPR_MAX_NODES, EXPR_MAX_LEN).
 */
#ifndef CORE2_EXPR_H
#define CORE2_EXPR_H

#include <stddef.h>
#include <stdint.h>

#define EXPR_MAX_LEN 1024
#define EXPR_MAX_NODES 64
#define EXPR_MAX_PTRS 8      /* '*'s in a cast: "char **" */

enum expr_op {
	EXPR_SYMBOL = 1,     /* name */
	EXPR_NUMBER,         /* value */
	EXPR_MEMBER,         /* kid.name */
	EXPR_ARROW,          /* kid->name */
	EXPR_INDEX,          /* kid[index] */
	EXPR_CAST,           /* (type)kid: type and ptrs */
	EXPR_DEREF,          /* *kid */
	EXPR_ADDR,           /* &kid */
};

struct expr_node {
	int op;
	int kid;             /* operand node, -1 for symbols and numbers */
	const char *name;    /* symbol or member; points into expr.strs */
	const char *type;    /* cast: the type without its '*'s, e.g. "struct task_struct" */
	int ptrs;            /* cast: number of '*'s */
	uint64_t value;      /* number */
	int64_t index;       /* index */
	int pos;             /* byte offset in the text, for messages */
};

struct expr {
	struct expr_node n[EXPR_MAX_NODES];
	int count;
	int root;
	char strs[EXPR_MAX_LEN * 2];
	size_t strs_len;
	char err[160];
	int err_pos;         /* where the error is, -1 when not at a place */
};

/* Parse text into e. Returns 0, or -1 with e->err and e->err_pos set. */
int expr_parse(struct expr *e, const char *text);
/* The expression of node i back as text (normalized spacing). */
size_t expr_format(const struct expr *e, int i, char *buf, size_t len);

#endif
