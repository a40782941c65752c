/*
 * Build-time generator of the compiled-in offsets table (lib/types/offsets.h):
 *
 *   offsets [--types FILE] [--release R] -o OUT.c SOURCE...
 *
 * Every string literal in the SOURCE files that is followed by a comma and
 * names a struct or union in FILE (a BTF or CTF file, read through
 * libcore2's own type layer) becomes an entry: the type's size and every
 * member path into it, nested structs to OFFSETS_DEPTH levels. The literals are the type names core2's applets
 * pass to c2_type_check() and friends ({ "task_struct", "pid", ... }), so
 * the table covers what they assume without a list kept by hand; a literal
 * that happens to name a type only adds a few entries. Without --types the
 * table is empty. Runs on the build machine; prints what it did on stderr.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core2.h"
#include "../offsets.h"

#define MAX_TYPES 256
#define MAX_PATH 256

struct entry {
	char path[MAX_PATH];
	uint64_t bit_offset;
	uint32_t bit_size;
	uint64_t size;
	int kind, is_signed;
	unsigned seq;          /* declaration order: the first of equal paths wins */
};

static struct c2 *c2;
static struct entry *entries;
static size_t nentries, cap;
static const char *prog = "offsets";

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void add(const char *path, uint64_t bit_offset, uint32_t bit_size, uint32_t type)
{
	struct c2_type t;
	uint32_t r;

	if (nentries == cap) {
		cap = cap ? 2 * cap : 1024;
		if (!(entries = realloc(entries, cap * sizeof(*entries))))
			die("out of memory");
	}
	if (c2_type_resolve(c2, type, &r) < 0 || c2_type_get(c2, r, &t) < 0)
		die("%s: %s", path, c2_error(c2));
	snprintf(entries[nentries].path, MAX_PATH, "%s", path);
	entries[nentries].bit_offset = bit_offset;
	entries[nentries].bit_size = bit_size;
	/* As types.c finds them: the declared type's size, one enum kind. */
	entries[nentries].size = t.size;
	entries[nentries].kind = t.kind == C2_KIND_ENUM64 ? C2_KIND_ENUM : t.kind;
	entries[nentries].is_signed = t.kind == C2_KIND_INT || t.kind == C2_KIND_ENUM || t.kind == C2_KIND_ENUM64 ?
				      t.is_signed : -1;
	entries[nentries].seq = (unsigned)nentries;
	nentries++;
}

static int is_aggregate(uint32_t id)
{
	struct c2_type t;

	return c2_type_resolve(c2, id, &id) == 0 && c2_type_get(c2, id, &t) == 0 &&
	       (t.kind == C2_KIND_STRUCT || t.kind == C2_KIND_UNION);
}

/* Members of id under prefix; anonymous members' members under their own
 * names, as member paths name them. */
static void walk(uint32_t id, const char *prefix, uint64_t base, int depth, int nest)
{
	struct c2_type t;
	char path[MAX_PATH];
	uint32_t i;

	if (nest > 32 || c2_type_resolve(c2, id, &id) < 0 || c2_type_get(c2, id, &t) < 0)
		return;
	for (i = 0; i < t.nmembers; i++) {
		struct c2_member m;

		if (c2_type_member(c2, id, i, &m) < 0)
			die("member %u of type %u: %s", i, id, c2_error(c2));
		if (!m.name[0]) {
			if (is_aggregate(m.type))
				walk(m.type, prefix, base + m.bit_offset, depth, nest + 1);
			continue;
		}
		if ((size_t)snprintf(path, sizeof(path), "%s%s", prefix, m.name) >= sizeof(path))
			continue;
		add(path, base + m.bit_offset, m.bit_size, m.type);
		if (depth + 1 < OFFSETS_DEPTH && is_aggregate(m.type)) {
			strcat(path, ".");
			walk(m.type, path, base + m.bit_offset, depth + 1, nest + 1);
		}
	}
}

static int by_path(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	return c ? c : x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* C string literal contents, escaped for the output. */
static void put_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		if (*s >= ' ' && *s < 127)
			fputc(*s, f);
	}
	fputc('"', f);
}

/* Identifier-like string literals of a C file ("task_struct", "struct x"). */
static size_t scan(const char *file, char names[][128], size_t n, size_t max)
{
	FILE *f = fopen(file, "r");
	char line[4096];

	if (!f)
		die("%s: %s", file, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char *p = line;

		while ((p = strchr(p, '"'))) {
			char *end = strchr(p + 1, '"'), *s = p + 1;
			size_t len, k;

			if (!end)
				break;
			len = (size_t)(end - s);
			p = end + 1;
			/* A type name is an argument or an initializer, never
			 * the last one: "task_struct", "pid" ... */
			if (len >= 128 || len == 0 || p[strspn(p, " \t")] != ',')
				continue;
			if (!strncmp(s, "struct ", 7) || !strncmp(s, "union ", 6)) {
				size_t skip = s[0] == 's' ? 7 : 6;

				s += skip;
				len -= skip;
			}
			if (len == 0 || strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != len ||
			    (s[0] >= '0' && s[0] <= '9'))
				continue;
			for (k = 0; k < n; k++)
				if (strlen(names[k]) == len && !strncmp(names[k], s, len))
					break;
			if (k < n || n == max)
				continue;
			memcpy(names[n], s, len);
			names[n++][len] = '\0';
		}
	}
	fclose(f);
	return n;
}

int main(int argc, char **argv)
{
	static char names[4096][128];
	const char *types = NULL, *release = "", *out = NULL;
	struct { char name[128]; int kind; uint64_t size; size_t first, count; } found[MAX_TYPES];
	size_t nnames = 0, nfound = 0, i, k;
	int a;
	FILE *f;

	for (a = 1; a < argc && argv[a][0] == '-'; a++) {
		if (!strcmp(argv[a], "--types") && a + 1 < argc)
			types = argv[++a];
		else if (!strcmp(argv[a], "--release") && a + 1 < argc)
			release = argv[++a];
		else if (!strcmp(argv[a], "-o") && a + 1 < argc)
			out = argv[++a];
		else
			die("usage: offsets [--types FILE] [--release R] -o OUT.c SOURCE...");
	}
	if (!out)
		die("usage: offsets [--types FILE] [--release R] -o OUT.c SOURCE...");
	if (types) {
		if (!(c2 = c2_new()))
			die("out of memory");
		if (c2_set_types_file(c2, types) < 0)
			die("%s", c2_error(c2));
		for (; a < argc; a++)
			nnames = scan(argv[a], names, nnames, sizeof(names) / sizeof(names[0]));
		/* Each name that is a struct or union (or a typedef of one). */
		for (i = 0; i < nnames && nfound < MAX_TYPES; i++) {
			struct c2_type t;
			uint32_t id;

			if (c2_type_find(c2, names[i], &id) < 0 || !is_aggregate(id))
				continue;
			c2_type_resolve(c2, id, &id);
			c2_type_get(c2, id, &t);
			snprintf(found[nfound].name, sizeof(found[nfound].name), "%s", names[i]);
			found[nfound].kind = t.kind;
			found[nfound].size = t.size;
			found[nfound].first = nentries;
			walk(id, "", 0, 0, 0);
			/* Sorted for lookup; of equal paths (a name in two
			 * anonymous unions) the first declared, as lookups find. */
			qsort(entries + found[nfound].first, nentries - found[nfound].first, sizeof(*entries), by_path);
			for (k = found[nfound].first + 1; k < nentries; k++)
				if (!strcmp(entries[k].path, entries[k - 1].path)) {
					memmove(entries + k, entries + k + 1, (nentries - k - 1) * sizeof(*entries));
					nentries--;
					k--;
				}
			found[nfound].count = nentries - found[nfound].first;
			nfound++;
		}
	}
	if (!(f = fopen(out, "w")))
		die("%s: %s", out, strerror(errno));
	fprintf(f, "/* Generated by lib/types/gen/offsets.c%s%s: do not edit, do not commit. */\n\n", types ? " from " : "",
		types ? types : " (no OFFSETS_FROM: empty)");
	fprintf(f, "static const struct offsets_member offsets_members[] = {\n");
	for (i = 0; i < nentries; i++) {
		fprintf(f, "\t{ ");
		put_str(f, entries[i].path);
		fprintf(f, ", %llu, %u, %llu, %d, %d },\n", (unsigned long long)entries[i].bit_offset, entries[i].bit_size,
			(unsigned long long)entries[i].size, entries[i].kind, entries[i].is_signed);
	}
	fprintf(f, "\t{ 0 }\n};\n\nstatic const struct offsets_type offsets_types[] = {\n");
	for (i = 0; i < nfound; i++) {
		fprintf(f, "\t{ ");
		put_str(f, found[i].name);
		fprintf(f, ", %d, %llu, %zu, %zu },\n", found[i].kind, (unsigned long long)found[i].size, found[i].first,
			found[i].count);
	}
	fprintf(f, "\t{ 0 }\n};\n\nconst struct offsets_table offsets_table = {\n\t");
	put_str(f, types ? types : "");
	fprintf(f, ", ");
	put_str(f, release);
	fprintf(f, ",\n\toffsets_types, %zu, offsets_members, %zu,\n};\n", nfound, nentries);
	if (fclose(f) != 0)
		die("%s: write error", out);
	fprintf(stderr, "%s: %zu types, %zu member paths%s%s\n", out, nfound, nentries, types ? " from " : "",
		types ? types : " (empty)");
	if (c2)
		c2_free(c2);
	return 0;
}
