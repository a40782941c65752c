/* lib/types/expr.c: typed expressions parse to the right tree, and bad ones fail
 * with a message at the right place, never a crash. */
#include <stdlib.h>

#include "../unit.h"
#include "../../../lib/types/expr.h"

static struct expr e;

/* Parse, then print back: the normalized text shows the tree's shape
 * (what binds to what). */
static const char *round_trip(const char *text)
{
	static char buf[EXPR_MAX_LEN * 2];

	if (expr_parse(&e, text) < 0) {
		snprintf(buf, sizeof(buf), "ERROR %s @%d", e.err, e.err_pos);
		return buf;
	}
	expr_format(&e, e.root, buf, sizeof(buf));
	return buf;
}

static void same(const char *text, const char *want)
{
	const char *got = round_trip(text);

	CHECK(!strcmp(got, want), "%s -> %s (want %s)", text, got, want);
}

static void bad(const char *text, const char *msg, int pos)
{
	int rc = expr_parse(&e, text);

	CHECK(rc < 0 && strstr(e.err, msg) && e.err_pos == pos, "'%s' fails: %s @%d (want '%s' @%d)", text, e.err,
	      e.err_pos, msg, pos);
}

int main(void)
{
	const struct expr_node *n;
	char big[EXPR_MAX_LEN + 8];
	int i;

	/* Trees. */
	same("init_task", "init_task");
	same("init_task.comm", "init_task.comm");
	same("  init_task . comm ", "init_task.comm");
	same("init_task.mm->pgd", "init_task.mm->pgd");
	same("x.a[3].b", "x.a[3].b");
	same("x[0x10]", "x[16]");
	same("p[-1]", "p[-1]");
	same("((struct task_struct *)0xffff888000000000)->pid", "((struct task_struct *)0xffff888000000000)->pid");
	same("(struct task_struct *)0x10", "(struct task_struct *)0x10");
	same("(unsigned long)jiffies", "(unsigned long)jiffies");
	same("(u64)jiffies", "(u64)jiffies");
	same("(char **)&argv", "(char **)&argv");
	same("*(struct list_head *)0x20", "*(struct list_head *)0x20");
	same("&init_task.comm", "&init_task.comm");
	same("*p->next", "*p->next");
	same("(init_task).pid", "init_task.pid");
	same("((init_task)).pid", "init_task.pid");
	same("(struct task_struct)init_task.comm", "(struct task_struct)init_task.comm");
	same("((struct task_struct)init_task).comm", "((struct task_struct)init_task).comm");
	same("__key.12", "__key.12");
	same("x.isra.0", "ERROR isra.0: not a member name @2");
	same("init_task.3", "init_task.3");
	same("a.b.12", "ERROR b.12: not a member name @2");

	/* What binds to what: postfix before prefix, as in C. */
	CHECK(expr_parse(&e, "(struct s *)x->y") == 0 && e.n[e.root].op == EXPR_CAST, "a cast applies to x->y");
	CHECK(expr_parse(&e, "*a.b") == 0 && e.n[e.root].op == EXPR_DEREF, "'*' applies to a.b");
	CHECK(expr_parse(&e, "&a[2]") == 0 && e.n[e.root].op == EXPR_ADDR &&
	      e.n[e.n[e.root].kid].op == EXPR_INDEX, "'&' applies to a[2]");

	/* Node contents. */
	CHECK(expr_parse(&e, "(const struct dentry **)0x1") == 0, "a cast with const and two '*'");
	n = &e.n[e.root];
	CHECK(n->op == EXPR_CAST && !strcmp(n->type, "const struct dentry") && n->ptrs == 2, "cast type '%s', %d '*'",
	      n->type, n->ptrs);
	CHECK(e.n[n->kid].op == EXPR_NUMBER && e.n[n->kid].value == 1, "cast operand is the number 1");
	CHECK(expr_parse(&e, "a[18446744073709551615]") < 0 && strstr(e.err, "too large"), "an index past INT64_MAX");
	CHECK(expr_parse(&e, "(unsigned long long)x") == 0 && !strcmp(e.n[e.root].type, "unsigned long long"),
	      "a multi-word base type");
	CHECK(expr_parse(&e, "x.y") == 0 && e.n[e.root].pos == 1 && e.n[e.n[e.root].kid].pos == 0,
	      "nodes know their position");

	/* Errors, each at its place. */
	bad("", "empty expression", 0);
	bad("   ", "empty expression", 3);
	bad("init_task.", "expected a member name after '.', found the end", 10);
	bad("init_task..comm", "expected a member name", 10);
	bad("init_task->", "expected a member name after '->'", 11);
	bad("a.(b)", "expected a member name after '.', found '('", 2);
	bad("x[", "an index must be a number", 2);
	bad("x[y]", "an index must be a number, found 'y'", 2);
	bad("x[1", "expected ']'", 3);
	bad("x[1)", "expected ']', found ')'", 3);
	bad("x[0xz]", "not a number", 2);
	bad("x[0x]", "not a number", 2);
	bad("x[99999999999999999999]", "too large", 2);
	bad("(x", "'(' is never closed", 0);
	bad("x)", "unbalanced ')'", 1);
	bad("x y", "unexpected 'y' after the expression", 2);
	bad("x + 1", "unexpected '+'", 2);
	bad("x # 1", "unexpected '#'", 2);
	bad("(struct task_struct *)", "needs something to cast", 22);
	bad("(struct)x", "a type name must follow 'struct'", 0);
	bad("(struct x ********* )y", "more than 8 '*'", 0);
	bad("struct x", "'struct' is a type", 0);
	bad("()", "unexpected ')'", 1);
	bad("*", "expression ends too early", 1);
	bad("&", "expression ends too early", 1);
	bad("x.y.", "expected a member name", 4);
	bad("-1", "unexpected '-'", 0);

	/* Limits: never a crash, always a message. */
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CHECK(expr_parse(&e, big) < 0 && strstr(e.err, "longer than"), "an expression too long: %s", e.err);
	for (i = 0; i < 200; i++)
		big[i] = '(';
	big[200] = 'x';
	for (i = 201; i < 401; i++)
		big[i] = ')';
	big[401] = '\0';
	CHECK(expr_parse(&e, big) < 0 && strstr(e.err, "too deeply"), "200 nested parentheses: %s", e.err);
	big[0] = '\0';
	for (i = 0; i < 100; i++)
		strcat(big, ".a");
	memmove(big + 1, big, strlen(big) + 1);
	big[0] = 'x';
	big[1] = 'x';
	CHECK(expr_parse(&e, big) < 0 && strstr(e.err, "too complex"), "100 members: %s", e.err);
	for (i = 0; i < 300; i++)
		big[i] = '*';
	strcpy(big + 300, "x");
	CHECK(expr_parse(&e, big) < 0, "300 '*': %s", e.err);

	/* Random bytes from the expression alphabet: parse or fail, nothing else. */
	{
		static const char alpha[] = "ab_0x19().[]->*& \tstruct";
		unsigned seed = 12345;
		int ok = 0, failed = 0, k;

		for (i = 0; i < 100000; i++) {
			int len = (seed = seed * 1103515245 + 12345) >> 16 & 31;
			char buf[40];

			for (k = 0; k < len; k++)
				buf[k] = alpha[((seed = seed * 1103515245 + 12345) >> 16) % (sizeof(alpha) - 1)];
			buf[len] = '\0';
			if (expr_parse(&e, buf) == 0) {
				char out[256];

				ok++;
				expr_format(&e, e.root, out, sizeof(out));
				/* A parsed tree prints back to text that parses. */
				if (expr_parse(&e, out) < 0) {
					CHECK(0, "'%s' printed back as '%s' does not parse: %s", buf, out, e.err);
					break;
				}
			} else {
				failed++;
				if (!e.err[0]) {
					CHECK(0, "'%s' fails without a message", buf);
					break;
				}
			}
		}
		CHECK(i == 100000, "100000 random expressions: %d parse, %d fail with a message", ok, failed);
	}
	UNIT_DONE();
}
