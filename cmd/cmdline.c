/* core2 cmdline: the dumped kernel's command line, as /proc/cmdline showed it. */
#include <stdlib.h>

#include "applet.h"

/* Far above COMMAND_LINE_SIZE on every architecture (bootconfig can append). */
#define CMDLINE_MAX (1 << 20)

static int cmdline_run(struct run *r, int argc, char **argv)
{
	struct c2 *c2;
	struct c2_sym lensym;
	uint64_t ptr, addr, lenaddr;
	uint32_t len = 0;
	size_t got;
	char *buf;
	int have_len, strength;

	if (argc)
		usage_error("no operands expected");
	c2 = target(r);
	/* The assumptions, checked as far as the dump can prove them (see
	 * c2_assert_global): a pointer, and a 4-byte unsigned length. */
	if (c2_assert_global(c2, "saved_command_line", C2_KIND_PTR, 8, C2_ANY, &strength, &addr) < 0 ||
	    c2_read_u64(c2, addr, &ptr) < 0)
		die(EXIT_FAIL, "%s", c2_error(c2));
	/* Newer kernels keep the length, which also bounds the read. */
	have_len = c2_sym_lookup_core(c2, "saved_command_line_len", &lensym) == 0;
	if (have_len &&
	    c2_assert_global(c2, "saved_command_line_len", C2_KIND_INT, 4, 0, &strength, &lenaddr) < 0)
		die(EXIT_FAIL, "%s", c2_error(c2));
	if (have_len && c2_read_u32(c2, lenaddr, &len) < 0)
		die(EXIT_FAIL, "%s", c2_error(c2));
	if (have_len && len >= CMDLINE_MAX)
		die(EXIT_FAIL, "saved_command_line_len is %u: not plausible", len);
	if (!(buf = malloc(CMDLINE_MAX)))
		die(EXIT_FAIL, "out of memory");
	if (c2_read_cstr(c2, ptr, buf, have_len ? len + 1 : CMDLINE_MAX, &got) < 0)
		die(EXIT_FAIL, "saved_command_line: %s", c2_error(c2));
	if (r->json) {
		struct json j;

		json_begin(&j, stdout);
		json_obj(&j);
		json_key(&j, "cmdline");
		json_str(&j, buf, got);
		json_end_obj(&j);
		json_line_end(&j);
	} else {
		/* /proc/cmdline is the string and a newline. */
		fwrite(buf, 1, got, stdout);
		putchar('\n');
	}
	free(buf);
	return EXIT_OK;
}

static const struct applet cmdline_applet = {
	.name = "cmdline",
	.summary = "print the dumped kernel's command line",
	.usage = "",
	.run = cmdline_run,
};
APPLET(cmdline_applet);
