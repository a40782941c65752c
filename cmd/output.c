/* The text and JSON writers: escaping and number formats live only here. */
#include <inttypes.h>
#include <string.h>

#include "applet.h"

void print_escaped(FILE *f, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c == '\\')
			fputs("\\\\", f);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
}

void json_begin(struct json *j, FILE *f)
{
	memset(j, 0, sizeof(*j));
	j->f = f;
	j->first[0] = 1;
}

/* Before a value: a comma unless it is the first in its container, and
 * nothing after a key (the key wrote the separator). */
static void sep(struct json *j)
{
	if (j->first[j->depth] == 2) {
		j->first[j->depth] = 0;
		return;
	}
	if (!j->first[j->depth])
		fputc(',', j->f);
	j->first[j->depth] = 0;
}

static void open_c(struct json *j, char c)
{
	sep(j);
	fputc(c, j->f);
	if (j->depth + 1 < (int)sizeof(j->first))
		j->depth++;
	j->first[j->depth] = 1;
}

void json_obj(struct json *j) { open_c(j, '{'); }
void json_arr(struct json *j) { open_c(j, '['); }

static void close_c(struct json *j, char c)
{
	fputc(c, j->f);
	if (j->depth > 0)
		j->depth--;
}

void json_end_obj(struct json *j) { close_c(j, '}'); }
void json_end_arr(struct json *j) { close_c(j, ']'); }

void json_key(struct json *j, const char *key)
{
	json_cstr(j, key);
	fputc(':', j->f);
	j->first[j->depth] = 2;
}

void json_str(struct json *j, const char *s, size_t len)
{
	size_t i;

	sep(j);
	fputc('"', j->f);
	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		/* Bytes that are not ASCII are written as \u00XX (Latin-1), so
		 * that the output is always valid JSON whatever the kernel held. */
		if (c == '"' || c == '\\')
			fprintf(j->f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", j->f);
		else if (c == '\t')
			fputs("\\t", j->f);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(j->f, "\\u%04x", c);
		else
			fputc(c, j->f);
	}
	fputc('"', j->f);
}

void json_cstr(struct json *j, const char *s) { json_str(j, s, strlen(s)); }

void json_u64(struct json *j, uint64_t v)
{
	sep(j);
	fprintf(j->f, "%" PRIu64, v);
}

void json_i64(struct json *j, int64_t v)
{
	sep(j);
	fprintf(j->f, "%" PRId64, v);
}

void json_addr(struct json *j, uint64_t v)
{
	sep(j);
	fprintf(j->f, "\"0x%" PRIx64 "\"", v);
}

void json_bool(struct json *j, int v)
{
	sep(j);
	fputs(v ? "true" : "false", j->f);
}

void json_null(struct json *j)
{
	sep(j);
	fputs("null", j->f);
}

void json_line_end(struct json *j)
{
	fputc('\n', j->f);
	j->depth = 0;
	j->first[0] = 1;
}
