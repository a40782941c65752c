/* core2 dmesg: the kernel log from the dump, as makedumpfile --dump-dmesg prints it. */
#include <ctype.h>
#include <inttypes.h>
#include <string.h>

#include "applet.h"

enum { O_RAW = 1 };

static const struct opt dmesg_opts[] = {
	{ O_RAW, 'r', "raw", NULL, "prefix each record with its syslog <priority>" },
	{ 0 },
};

struct dmesg_ctx {
	struct run *r;
	struct json j;
	unsigned long records;
};

static void caller(char *buf, size_t len, uint32_t id)
{
	/* Bit 31 set means a CPU number (kernel/printk/printk.c). */
	if (id & 0x80000000u)
		snprintf(buf, len, "C%u", id & ~0x80000000u);
	else
		snprintf(buf, len, "T%u", id);
}

static int print_record(void *arg, const struct c2_log_record *rec)
{
	struct dmesg_ctx *d = arg;
	char prefix[80];
	size_t i;
	int indent;

	d->records++;
	if (d->r->json) {
		struct json *j = &d->j;
		char who[16];

		json_obj(j);
		json_key(j, "seq");
		json_u64(j, rec->seq);
		json_key(j, "ts_nsec");
		json_u64(j, rec->ts_nsec);
		json_key(j, "level");
		if (rec->level >= 0)
			json_i64(j, rec->level);
		else
			json_null(j);
		json_key(j, "facility");
		if (rec->facility >= 0)
			json_i64(j, rec->facility);
		else
			json_null(j);
		caller(who, sizeof(who), rec->caller_id);
		json_key(j, "caller");
		if (rec->has_caller)
			json_cstr(j, who);
		else
			json_null(j);
		json_key(j, "text");
		json_str(j, rec->text, rec->text_len);
		if (rec->subsystem[0]) {
			json_key(j, "subsystem");
			json_cstr(j, rec->subsystem);
		}
		if (rec->device[0]) {
			json_key(j, "device");
			json_cstr(j, rec->device);
		}
		json_end_obj(j);
		json_line_end(j);
		return 0;
	}
	if (d->r->seen[O_RAW] && rec->level >= 0)
		printf("<%d>", (rec->facility > 0 ? rec->facility << 3 : 0) | rec->level);
	/* The layout of makedumpfile --dump-dmesg: continuation lines of a
	 * record are indented under its text; other control bytes escaped. */
	indent = snprintf(prefix, sizeof(prefix), "[%5" PRIu64 ".%06" PRIu64 "] ", rec->ts_nsec / 1000000000,
			  rec->ts_nsec % 1000000000 / 1000);
	if (rec->has_caller) {
		char who[16];

		caller(who, sizeof(who), rec->caller_id);
		indent += snprintf(prefix + indent, sizeof(prefix) - indent, "[%8s] ", who);
	}
	fputs(prefix, stdout);
	for (i = 0; i < rec->text_len; i++) {
		unsigned char c = rec->text[i];

		if (c == '\n')
			printf("\n%*s", indent, "");
		else if (c < 0x80 && (isprint(c) || isspace(c)))
			putchar(c);
		else
			printf("\\x%02x", c);
	}
	putchar('\n');
	return 0;
}

static int dmesg_run(struct run *r, int argc, char **argv)
{
	struct dmesg_ctx d = { .r = r };
	struct c2 *c2;

	if (argc)
		usage_error("no operands expected");
	c2 = target(r);
	json_begin(&d.j, stdout);
	if (c2_log_foreach(c2, print_record, &d) < 0)
		die(EXIT_FAIL, "%s", c2_error(c2));
	return EXIT_OK;
}

static const struct applet dmesg_applet = {
	.name = "dmesg",
	.summary = "print the kernel log from the dump",
	.usage = "",
	.help = "Text output has the layout of makedumpfile --dump-dmesg. With -j, one JSON\n"
		"object per record: seq, ts_nsec, level, facility, caller, text (and the\n"
		"subsystem and device of the record's dictionary when it has one).\n",
	.options = dmesg_opts,
	.run = dmesg_run,
};
APPLET(dmesg_applet);
