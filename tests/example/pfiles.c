/*
 * pfiles: the tasks whose name matches a shell pattern, with how many files
 * each has open -- a small drgn-style helper ported to libcore2, built
 * against the installed library only:
 *
 *   musl-gcc -static -o pfiles pfiles.c $(pkg-config --static --cflags --libs core2)
 *   ./pfiles -c /proc/vmcore 'sshd*'
 *
 * The open-file count walks task->files->fdt: fdtable.fd is an array of
 * max_fds pointers to struct file, NULL where no file is open.
 */
#include <core2.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ctx {
	struct c2 *c2;
	const char *pattern;
	uint64_t off_files, off_fdt, off_max_fds, off_fd;
	int matched, failed;
};

/* Open files of one task, or -1 when its tables cannot be read. */
static long open_files(struct ctx *x, uint64_t task)
{
	uint64_t files, fdt, fd, slots[256];
	uint32_t max_fds, i, n;
	long count = 0;

	if (c2_read_u64(x->c2, task + x->off_files, &files) < 0)
		return -1;
	if (!files)
		return 0;   /* kernel threads have no file table */
	if (c2_read_u64(x->c2, files + x->off_fdt, &fdt) < 0 || c2_read_u32(x->c2, fdt + x->off_max_fds, &max_fds) < 0 ||
	    c2_read_u64(x->c2, fdt + x->off_fd, &fd) < 0 || max_fds > (1u << 20))
		return -1;
	for (i = 0; i < max_fds; i += n) {
		n = max_fds - i < 256 ? max_fds - i : 256;
		if (c2_read(x->c2, fd + 8ull * i, slots, 8ull * n) < 0)
			return -1;
		while (n--)
			count += slots[n] != 0;
		n = max_fds - i < 256 ? max_fds - i : 256;
	}
	return count;
}

static int each_task(void *arg, const struct c2_task *t)
{
	struct ctx *x = arg;
	long n;

	if (fnmatch(x->pattern, t->comm, 0) != 0)
		return 0;
	x->matched++;
	n = open_files(x, t->addr);
	if (n < 0) {
		fprintf(stderr, "pfiles: pid %" PRId32 ": %s\n", t->pid, c2_error(x->c2));
		x->failed++;
		printf("%" PRId32 "\t%s\t?\n", t->pid, t->comm);
	} else {
		printf("%" PRId32 "\t%s\t%ld\n", t->pid, t->comm, n);
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *core = NULL;
	struct ctx x = { 0 };
	int rc;

	if (argc == 4 && !strcmp(argv[1], "-c")) {
		core = argv[2];
		x.pattern = argv[3];
	} else if (argc == 2) {
		x.pattern = argv[1];
	} else {
		fprintf(stderr, "usage: pfiles [-c DUMP] PATTERN\n");
		return 2;
	}
	if (!(x.c2 = c2_new()))
		return 1;
	/* Declare what the walk assumes; a kernel that differs is an error
	 * here, not a wrong count later. */
	if (c2_open(x.c2, core ? &core : NULL, core ? 1 : 0) < 0 ||
	    c2_assert_member(x.c2, "task_struct", "files", C2_KIND_PTR, 8, &x.off_files) < 0 ||
	    c2_assert_member(x.c2, "files_struct", "fdt", C2_KIND_PTR, 8, &x.off_fdt) < 0 ||
	    c2_assert_member(x.c2, "fdtable", "max_fds", C2_KIND_INT, 4, &x.off_max_fds) < 0 ||
	    c2_assert_member(x.c2, "fdtable", "fd", C2_KIND_PTR, 8, &x.off_fd) < 0) {
		fprintf(stderr, "pfiles: %s\n", c2_error(x.c2));
		c2_free(x.c2);
		return 1;
	}
	rc = c2_task_foreach(x.c2, each_task, &x, NULL);
	if (rc < 0)
		fprintf(stderr, "pfiles: %s\n", c2_error(x.c2));
	c2_free(x.c2);
	return rc < 0 || x.failed ? 1 : x.matched ? 0 : 1;
}
