/*
 * core2's entry point: global options, then dispatch by exact applet name,
 * either `core2 APPLET ...` or through a `core2-APPLET` link.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "applet.h"

#ifndef CORE2_VERSION
#define CORE2_VERSION "unknown"
#endif

extern const char *progname;

extern const struct applet *const __start_core2_applets[];
extern const struct applet *const __stop_core2_applets[];

enum { G_CORE = 100, G_JSON, G_SYMBOLS, G_TYPES, G_MODULE, G_VERBOSE, G_HELP, G_LIST, G_INSTALL, G_VERSION };

/* Accepted before the applet name, and among an applet's own options. */
static const struct opt global_opts[] = {
	{ G_CORE, 'c', "core", "FILE", "dump to read (default: /proc/vmcore if present, else /proc/kcore); "
				      "give it once per file of a split dump" },
	{ G_JSON, 'j', "json", NULL, "JSON output (JSON lines for lists)" },
	{ G_SYMBOLS, 0, "symbols", "FILE", "symbols from a System.map or kallsyms-format file" },
	{ G_TYPES, 0, "types", "FILE", "types from a BTF or CTF file; \"none\": no type data at run time, only the "
				       "compiled-in offsets table (make OFFSETS_FROM=FILE)" },
	{ G_MODULE, 0, "module", "NAME", "type names missing from vmlinux's BTF: from this module's split BTF "
					 "(default: the first loaded module that has the name)" },
	{ G_VERBOSE, 'v', "verbose", NULL, "diagnostics on stderr: which sources were used and why" },
	{ G_HELP, 'h', "help", NULL, "show help and exit" },
	{ 0 },
};

/* Only before an applet name. */
static const struct opt main_opts[] = {
	{ G_LIST, 0, "list", NULL, "list the applets" },
	{ G_INSTALL, 0, "install", "DIR", "create core2-APPLET links in DIR" },
	{ G_VERSION, 0, "version", NULL, "print versions of core2 and its libraries" },
	{ 0 },
};

static size_t napplets(void)
{
	return __stop_core2_applets - __start_core2_applets;
}

static int by_name(const void *a, const void *b)
{
	return strcmp((*(const struct applet *const *)a)->name, (*(const struct applet *const *)b)->name);
}

/* Applets in name order (the linker gives them in link order). */
static const struct applet **sorted_applets(void)
{
	static const struct applet *v[128];
	size_t n = napplets(), i;

	if (n > 128)
		n = 128;
	for (i = 0; i < n; i++)
		v[i] = __start_core2_applets[i];
	qsort(v, n, sizeof(v[0]), by_name);
	return v;
}

static const struct applet *find_applet(const char *name)
{
	size_t i;

	for (i = 0; i < napplets(); i++)
		if (!strcmp(__start_core2_applets[i]->name, name))
			return __start_core2_applets[i];
	return NULL;
}

static void main_usage(FILE *f)
{
	const struct applet **v = sorted_applets();
	char opts[2048];
	size_t i;

	fprintf(f, "usage: core2 [GLOBAL OPTIONS] APPLET [OPTIONS] [ARGS]\n"
		   "       core2-APPLET [OPTIONS] [ARGS]\n\n"
		   "Read a Linux kernel's memory (/proc/kcore, /proc/vmcore or a dump file) without debuginfo.\n\n"
		   "Applets:\n");
	for (i = 0; i < napplets(); i++)
		fprintf(f, "  %-10s %s\n", v[i]->name, v[i]->summary);
	opt_help(global_opts, opts, sizeof(opts));
	fprintf(f, "\nGlobal options:\n%s", opts);
	opt_help(main_opts, opts, sizeof(opts));
	fprintf(f, "%s\nExit status: 0 success, 1 failure or not found, 2 usage error, 3 a --deadline passed (output partial).\n"
		   "Run 'core2 APPLET -h' for an applet's options.\n", opts);
}

static void applet_usage(const struct applet *a, FILE *f)
{
	char opts[4096];

	fprintf(f, "usage: core2 [GLOBAL OPTIONS] %s [OPTIONS] %s\n\n%s\n", a->name, a->usage, a->summary);
	if (a->options && a->options[0].id) {
		opt_help(a->options, opts, sizeof(opts));
		fprintf(f, "\nOptions:\n%s", opts);
	}
	opt_help(global_opts, opts, sizeof(opts));
	fprintf(f, "\nGlobal options:\n%s", opts);
	if (a->help)
		fprintf(f, "\n%s", a->help);
}

/* Apply a global option; returns 1 if id was one. */
static int global_option(struct run *r, int id, const char *arg)
{
	switch (id) {
	case G_CORE:
		if (r->ncores == MAX_CORES)
			usage_error("too many -c files (at most %d)", MAX_CORES);
		r->cores[r->ncores++] = arg;
		return 1;
	case G_JSON: r->json = 1; return 1;
	case G_SYMBOLS: r->symbols = arg; return 1;
	case G_TYPES: r->types = arg; return 1;
	case G_MODULE: r->module = arg; return 1;
	case G_VERBOSE: r->verbose = 1; return 1;
	}
	return 0;
}

static int finish_output(void)
{
	if (fflush(stdout) != 0 || ferror(stdout))
		return failf("write error: %s", strerror(errno ? errno : EIO));
	return EXIT_OK;
}

static int run_applet(struct run *r, const struct applet *a, int argc, char **argv)
{
	static char name[64];
	struct opt_state s;
	int id, rc;

	snprintf(name, sizeof(name), "core2 %s", a->name);
	progname = name;
	r->applet = a;
	opt_init(&s, argc, argv);
	while ((id = opt_next(&s, a->options, global_opts)) != 0) {
		if (id < 0)
			usage_error("%s", s.err);
		if (id == G_HELP) {
			applet_usage(a, stdout);
			return finish_output();
		}
		if (global_option(r, id, s.arg))
			continue;
		if (id > 0 && id < MAX_OPT_ID) {
			r->seen[id]++;
			r->arg[id] = s.arg;
		}
	}
	rc = a->run(r, argc - s.ind, argv + s.ind);
	/* Past a deadline every millisecond counts: exit leaves the freeing
	 * to the kernel, which drops the whole address space at once instead
	 * of munmap by munmap (10 to 80 ms for a large walk's buffers). */
	if (r->c2 && rc != EXIT_DEADLINE)
		c2_free(r->c2);
	if (finish_output() != EXIT_OK && rc == EXIT_OK)
		rc = EXIT_FAIL;
	return rc;
}

static int install_links(const char *dir)
{
	char self[PATH_MAX], link[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	size_t i;

	if (n < 0)
		return failf("cannot find own path (/proc/self/exe): %s", strerror(errno));
	self[n] = '\0';
	for (i = 0; i < napplets(); i++) {
		struct stat st;

		snprintf(link, sizeof(link), "%s/core2-%s", dir, __start_core2_applets[i]->name);
		/* Replace our own old links, never a file someone else put there. */
		if (lstat(link, &st) == 0) {
			if (!S_ISLNK(st.st_mode))
				return failf("%s: exists and is not a link; not replacing it", link);
			unlink(link);
		}
		if (symlink(self, link) < 0)
			return failf("%s: %s", link, strerror(errno));
	}
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	struct run r = { 0 };
	const char *base = argc > 0 ? strrchr(argv[0], '/') : NULL;
	const struct applet *a;
	struct opt_state s;
	int id;

	base = base ? base + 1 : argc > 0 ? argv[0] : "core2";
	if (!strncmp(base, "core2-", 6)) {
		if (!(a = find_applet(base + 6)))
			usage_error("unknown applet '%s'", base + 6);
		return run_applet(&r, a, argc, argv);
	}

	opt_init(&s, argc, argv);
	while ((id = opt_next(&s, main_opts, global_opts)) != 0) {
		if (id < 0)
			usage_error("%s", s.err);
		if (global_option(&r, id, s.arg))
			continue;
		switch (id) {
		case G_HELP:
			main_usage(stdout);
			return finish_output();
		case G_LIST: {
			const struct applet **v = sorted_applets();
			size_t i;

			for (i = 0; i < napplets(); i++)
				printf("%s\n", v[i]->name);
			return finish_output();
		}
		case G_INSTALL:
			return install_links(s.arg);
		case G_VERSION:
			printf("core2 %s\n%s\n", CORE2_VERSION, c2_library_versions());
			return finish_output();
		}
	}
	if (s.ind >= argc) {
		main_usage(stderr);
		return EXIT_USAGE;
	}
	if (!(a = find_applet(argv[s.ind])))
		usage_error("unknown applet '%s' (core2 --list shows them)", argv[s.ind]);
	/* The applet parses from its own name on, with the globals seen so far. */
	return run_applet(&r, a, argc - s.ind, argv + s.ind);
}
