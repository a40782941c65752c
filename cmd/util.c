/* Messages, exits and the target: the small helpers every applet uses. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "applet.h"

const char *progname = "core2";   /* "core2 APPLET" once an applet runs */

static void vwarn(const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "%s: ", progname);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void warnf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

int failf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	return EXIT_FAIL;
}

void die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	exit(code);
}

void usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try '%s -h' for help.\n", progname);
	exit(EXIT_USAGE);
}

static void diag_to_stderr(void *arg, const char *msg)
{
	fprintf(stderr, "%s: %s\n", progname, msg);
}

struct c2 *target(struct run *r)
{
	if (r->c2)
		return r->c2;
	r->c2 = c2_new();
	if (!r->c2)
		die(EXIT_FAIL, "out of memory");
	if (r->verbose)
		c2_set_diag(r->c2, diag_to_stderr, NULL);
	if (r->symbols && c2_set_symbols_file(r->c2, r->symbols) < 0)
		die(EXIT_FAIL, "%s", c2_error(r->c2));
	if (r->types && c2_set_types_file(r->c2, r->types) < 0)
		die(EXIT_FAIL, "%s", c2_error(r->c2));
	if (r->module && c2_set_types_module(r->c2, r->module) < 0)
		die(EXIT_FAIL, "%s", c2_error(r->c2));
	if (c2_open(r->c2, r->cores, r->ncores) < 0)
		die(EXIT_FAIL, "%s", c2_error(r->c2));
	return r->c2;
}

int parse_u64(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;
	int base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!((*s >= '0' && *s <= '9') || (base == 16 && ((*s >= 'a' && *s <= 'f') || (*s >= 'A' && *s <= 'F')))))
		return -1;
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t deadline_at(const char *seconds)
{
	char *end;
	double sec = strtod(seconds, &end);
	uint64_t at;

	if (!*seconds || *end || !isfinite(sec) || sec <= 0 || sec > 1e9)
		usage_error("--deadline %s: not a positive number of seconds", seconds);
	at = now_ns() + (uint64_t)(sec * 1e9);
	return at ? at : 1;
}

int deadline_passed(uint64_t deadline)
{
	return deadline && now_ns() >= deadline;
}

int deadline_stop(struct run *r, uint64_t listed, const char *what, ...)
{
	char buf[512];
	va_list ap;

	if (r->json)
		printf("{\"partial\":true,\"reason\":\"deadline\",\"listed\":%" PRIu64 "}\n", listed);
	fflush(stdout);
	va_start(ap, what);
	vsnprintf(buf, sizeof(buf), what, ap);
	va_end(ap);
	warnf("deadline passed: %s", buf);
	return EXIT_DEADLINE;
}
