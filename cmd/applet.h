/*
 * The command layer: what every applet file needs. An applet is one file in
 * cmd/ that defines a `struct applet` and registers it with APPLET(); the
 * linker gathers the registrations, so no central list exists.
 */
#ifndef CORE2_APPLET_H
#define CORE2_APPLET_H

#include <stdint.h>
#include <stdio.h>

#include "../lib/core2.h"
#include "opt.h"

#define MAX_CORES 16
#define MAX_OPT_ID 64

struct run;

struct applet {
	const char *name;
	const char *summary;        /* one line, for --list and --help */
	const char *usage;          /* operands, e.g. "NAME..." */
	const char *help;           /* extra text after the options, or NULL */
	const struct opt *options;  /* the applet's own options, ids < MAX_OPT_ID */
	/* Runs with the applet's operands; returns the exit code. */
	int (*run)(struct run *r, int argc, char **argv);
};

#define APPLET(var)                                                              \
	static const struct applet *const applet_reg_##var                        \
		__attribute__((used, section("core2_applets"), aligned(sizeof(void *)))) = &var

/* Everything an applet run knows: global options and its own. */
struct run {
	const struct applet *applet;
	int json;
	int verbose;
	const char *cores[MAX_CORES];
	int ncores;
	const char *symbols;
	const char *types;
	const char *module;   /* --module */
	int seen[MAX_OPT_ID];           /* how often each applet option was given */
	const char *arg[MAX_OPT_ID];    /* its last argument */
	struct c2 *c2;                  /* the target, once target() opened it */
};

/* Exit codes, the same for every applet. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2, EXIT_DEADLINE = 3 /* --deadline passed: output partial */ };

/* Messages on stderr, as "core2 APPLET: text". */
void warnf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* warnf, then return EXIT_FAIL: `return failf(...)`. */
int failf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* warnf, then exit with code. */
_Noreturn void die(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A usage error: the message, a hint to -h, exit 2. */
_Noreturn void usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The opened target; on failure prints why and exits 1. */
struct c2 *target(struct run *r);

/* Output helpers shared by all applets (cmd/output.c). */
/* Text: bytes as they are when printable, else \n, \t, \\ or \xNN. */
void print_escaped(FILE *f, const char *s, size_t len);

/* JSON: a small writer for one value at a time; commas are inserted. */
struct json {
	FILE *f;
	int depth;
	unsigned char first[32];   /* per depth: no element written yet */
};
void json_begin(struct json *j, FILE *f);
void json_obj(struct json *j);           /* { */
void json_arr(struct json *j);           /* [ */
void json_end_obj(struct json *j);       /* } */
void json_end_arr(struct json *j);       /* ] */
void json_key(struct json *j, const char *key);
void json_str(struct json *j, const char *s, size_t len);
void json_cstr(struct json *j, const char *s);
void json_u64(struct json *j, uint64_t v);
void json_i64(struct json *j, int64_t v);
void json_addr(struct json *j, uint64_t v);  /* "0x..." string */
void json_bool(struct json *j, int v);
void json_null(struct json *j);
/* Finish a JSON-lines record: newline. */
void json_line_end(struct json *j);

/* Parse an unsigned number: 0x hex, or decimal. Returns 0 or -1. */
int parse_u64(const char *s, uint64_t *out);

/* The monotonic clock in ns. */
uint64_t now_ns(void);
/* --deadline SECONDS (a positive decimal): when it ends, on now_ns()'s
 * clock; a usage error for anything else. */
uint64_t deadline_at(const char *seconds);
/* Whether a deadline from deadline_at() has passed; 0 never passes. */
int deadline_passed(uint64_t deadline);
/* The note and exit of an applet a deadline stopped: with -j a last line
 * {"partial":true,"reason":"deadline","listed":N}, then on stderr
 * "deadline passed: WHAT"; returns EXIT_DEADLINE. */
int deadline_stop(struct run *r, uint64_t listed, const char *what, ...) __attribute__((format(printf, 3, 4)));

#endif
