#include <stdio.h>
#include <string.h>

#include "internal.h"

/* Formatted apart first: callers wrap the previous message
 * (c2_fail(c2, rc, "modules: %s", c2_error(c2))), which must not be
 * overwritten while it is read. */
int c2_fail(struct c2 *c2, int code, const char *fmt, ...)
{
	char msg[sizeof(c2->err)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	memcpy(c2->err, msg, sizeof(msg));
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
