#include "opt.h"

#include <stdio.h>
#include <string.h>

void opt_init(struct opt_state *s, int argc, char **argv)
{
	memset(s, 0, sizeof(*s));
	s->argc = argc;
	s->argv = argv;
	s->ind = 1;
}

static const struct opt *find_short(const struct opt *t, char c)
{
	for (; t && t->id; t++)
		if (t->short_name == c)
			return t;
	return NULL;
}

static const struct opt *find_long(const struct opt *t, const char *name, size_t len)
{
	/* Exact names only: a prefix must never select an option. */
	for (; t && t->id; t++)
		if (t->long_name && strlen(t->long_name) == len && !strncmp(t->long_name, name, len))
			return t;
	return NULL;
}

static int parse_long(struct opt_state *s, const struct opt *a, const struct opt *b)
{
	const char *name = s->argv[s->ind] + 2, *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	const struct opt *o = find_long(a, name, len);

	if (!o)
		o = find_long(b, name, len);
	s->ind++;
	if (!o) {
		snprintf(s->err, sizeof(s->err), "unknown option '--%.*s'", (int)len, name);
		return -1;
	}
	if (!o->arg_name) {
		if (eq) {
			snprintf(s->err, sizeof(s->err), "option '--%s' takes no argument", o->long_name);
			return -1;
		}
		return o->id;
	}
	if (eq) {
		s->arg = eq + 1;
	} else if (s->ind < s->argc) {
		s->arg = s->argv[s->ind++];
	} else {
		snprintf(s->err, sizeof(s->err), "option '--%s' needs an argument (%s)", o->long_name, o->arg_name);
		return -1;
	}
	return o->id;
}

int opt_next(struct opt_state *s, const struct opt *a, const struct opt *b)
{
	const struct opt *o;
	const char *cur;
	char c;

	s->arg = NULL;
	if (s->cluster == 0) {
		if (s->ind >= s->argc)
			return 0;
		cur = s->argv[s->ind];
		if (cur[0] != '-' || cur[1] == '\0')
			return 0;
		if (!strcmp(cur, "--")) {
			s->ind++;
			return 0;
		}
		if (cur[1] == '-')
			return parse_long(s, a, b);
		s->cluster = 1;
	}
	cur = s->argv[s->ind];
	c = cur[s->cluster++];
	o = find_short(a, c);
	if (!o)
		o = find_short(b, c);
	if (!o) {
		snprintf(s->err, sizeof(s->err), "unknown option '-%c'", c);
		s->cluster = 0;
		s->ind++;
		return -1;
	}
	if (o->arg_name) {
		if (cur[s->cluster]) {
			s->arg = cur + s->cluster;
		} else if (s->ind + 1 < s->argc) {
			s->arg = s->argv[++s->ind];
		} else {
			snprintf(s->err, sizeof(s->err), "option '-%c' needs an argument (%s)", c, o->arg_name);
			s->cluster = 0;
			s->ind++;
			return -1;
		}
		s->cluster = 0;
		s->ind++;
		return o->id;
	}
	if (!cur[s->cluster]) {
		s->cluster = 0;
		s->ind++;
	}
	return o->id;
}

size_t opt_help(const struct opt *t, char *buf, size_t len)
{
	size_t n = 0;

	if (len)
		buf[0] = '\0';
	for (; t && t->id; t++) {
		char left[64], sh[4] = "   ";
		int w;

		if (t->short_name)
			snprintf(sh, sizeof(sh), "-%c%s", t->short_name, t->long_name ? "," : "");
		if (t->long_name)
			snprintf(left, sizeof(left), "%-3s --%s%s%s", sh, t->long_name, t->arg_name ? " " : "",
				 t->arg_name ? t->arg_name : "");
		else
			snprintf(left, sizeof(left), "%s%s%s", sh, t->arg_name ? " " : "", t->arg_name ? t->arg_name : "");
		w = snprintf(buf + n, n < len ? len - n : 0, "  %-22s %s\n", left, t->help);
		if (w > 0)
			n += w;
	}
	return n;
}
