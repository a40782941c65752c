#include <stdio.h>

#include "internal.h"

int c2_fail(struct c2 *c2, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c2->err, sizeof(c2->err), fmt, ap);
	va_end(ap);
	return code;
}

void c2_diagf(struct c2 *c2, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	if (!c2->diag)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	c2->diag(c2->diag_arg, line);
}

const char *c2_error(const struct c2 *c2)
{
	return c2->err[0] ? c2->err : "unknown error";
}

void c2_set_diag(struct c2 *c2, c2_diag_fn *fn, void *arg)
{
	c2->diag = fn;
	c2->diag_arg = arg;
}
