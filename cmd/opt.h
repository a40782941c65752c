/*
 * Command-line option parsing shared by every applet, so that their options
 * and help texts behave alike. Parsing stops at the first operand or "--"
 * (options come before operands, as POSIX getopt does).
 */
#ifndef CORE2_OPT_H
#define CORE2_OPT_H

#include <stddef.h>

struct opt {
	int id;               /* returned when the option is seen (> 0) */
	char short_name;      /* 0 when there is none */
	const char *long_name;/* NULL when there is none */
	const char *arg_name; /* NULL: takes no argument */
	const char *help;
};

struct opt_state {
	int argc;
	char **argv;
	int ind;              /* next argv element (start at 1) */
	int cluster;          /* position inside "-abc", 0 when not in one */
	const char *arg;      /* argument of the option just returned */
	char err[160];
};

void opt_init(struct opt_state *s, int argc, char **argv);
/* Next option among up to two tables (the second may be NULL). Returns its
 * id, 0 at the end of the options (s->ind is then the first operand), or -1
 * with a message in s->err. */
int opt_next(struct opt_state *s, const struct opt *a, const struct opt *b);
/* Write the help lines of a table ("  -c, --core FILE   text") into buf. */
size_t opt_help(const struct opt *t, char *buf, size_t len);

#endif
