/* core2 dentries: walk the dentry cache: paths, negative dentries, statistics */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "applet.h"

enum { O_NEG = 1, O_POS, O_LIMIT, O_UNDER, O_STATS, O_NUL, O_TREE, O_HASH, O_STEPS, O_DEADLINE };

static const struct opt dentries_opts[] = {
	{ O_NEG, 'n', "negative", NULL, "only negative dentries (no inode)" },
	{ O_POS, 'p', "positive", NULL, "only positive dentries" },
	{ O_LIMIT, 'l', "limit", "N", "stop after N dentries" },
	{ O_UNDER, 0, "under", "PATH", "only PATH and the dentries below it" },
	{ O_STATS, 's', "stats", NULL, "statistics instead of a list" },
	{ O_NUL, '0', "null", NULL, "paths only, raw bytes, each ended by a NUL" },
	{ O_TREE, 0, "tree", NULL, "walk the directory trees of the mounted filesystems" },
	{ O_HASH, 0, "hash", NULL, "walk the dentry hash table (the default, unless the kernel's symbols lack it)" },
	{ O_DEADLINE, 0, "deadline", "SECONDS", "stop after SECONDS (decimal), print what was found, exit 3" },
	{ O_STEPS, 0, "max-steps", "N", "give up after visiting N dentries and links (default 50000000)" },
	{ 0 },
};

#define TOP_DIRS 10
/* Bytes of directory paths -s keeps for directories seen with one dentry;
 * past it, a directory's path is kept from its second dentry on (deep
 * trees hold far more bytes of paths than of dentries). */
#define SINGLE_PATHS (1u << 20)
#define MAX_FSTYPES 256
#define SKIPS_SHOWN 10

struct fs_count {
	char name[64];
	uint64_t positive, negative;
};

struct dir_count {          /* a directory and how many of its dentries were seen */
	uint64_t addr, n;
	char *path;
};

struct ctx {
	struct run *r;
	struct json j;
	uint64_t limit, listed, positive, negative, skips_shown;
	int stats;
	/* Statistics: per filesystem type, per directory (open addressing). */
	struct fs_count fs[MAX_FSTYPES];
	size_t nfs;
	struct dir_count *dirs;
	size_t dcap, ndirs, path_bytes;
	int dirs_full, paths_tight;
	/* Progress on a terminal: a line overwritten in place, once the walk
	 * has taken a second; seen counts every dentry the walk gave. */
	int tty, shown;
	uint64_t seen, start_ns;
};

static void progress(struct ctx *x)
{
	if (now_ns() - x->start_ns < 1000000000u)
		return;
	fprintf(stderr, "\rcore2 dentries: %" PRIu64 " dentries seen, %" PRIu64 " listed...", x->seen, x->listed);
	fflush(stderr);
	x->shown = 1;
}

static void print_entry(struct ctx *x, const struct c2_dentry *d)
{
	if (x->r->seen[O_NUL]) {
		fwrite(d->path, 1, d->path_len, stdout);
		putchar('\0');
		return;
	}
	if (x->r->json) {
		struct json *j = &x->j;

		json_obj(j);
		json_key(j, "path");
		json_str(j, d->path, d->path_len);
		json_key(j, "negative");
		json_bool(j, d->negative);
		if (!d->negative) {
			json_key(j, "ino");
			json_u64(j, d->ino);
			json_key(j, "mode");
			json_u64(j, d->mode);
		}
		json_key(j, "fstype");
		json_cstr(j, d->fstype);
		json_key(j, "reachable");
		json_bool(j, d->reachable);
		json_key(j, "address");
		json_addr(j, d->addr);
		json_end_obj(j);
		json_line_end(j);
		return;
	}
	if (d->negative)
		printf("neg - - %s ", d->fstype);
	else
		printf("pos %" PRIu64 " %06o %s ", d->ino, d->mode, d->fstype);
	print_escaped(stdout, d->path, d->path_len);
	putchar('\n');
}

static size_t dir_slot(const struct ctx *x, uint64_t addr)
{
	return (size_t)((addr >> 6) * 0x9e3779b97f4a7c15ull >> 16) & (x->dcap - 1);
}

/* Let go of the paths of directories seen with one dentry so far. */
static void drop_single_paths(struct ctx *x)
{
	size_t i;

	x->paths_tight = 1;
	for (i = 0; i < x->dcap; i++)
		if (x->dirs[i].addr && x->dirs[i].n == 1 && x->dirs[i].path) {
			x->path_bytes -= strlen(x->dirs[i].path) + 1;
			free(x->dirs[i].path);
			x->dirs[i].path = NULL;
		}
}

/* Count d in its directory's total. Directories only: memory grows with
 * them, not with the dentries. */
static void count_dir(struct ctx *x, const struct c2_dentry *d)
{
	struct dir_count *c;
	size_t i;

	if (d->parent == d->addr || x->dirs_full)
		return;
	if ((x->ndirs + 1) * 2 > x->dcap) {
		size_t cap = x->dcap ? x->dcap * 2 : 1024, k;
		struct dir_count *n = calloc(cap, sizeof(*n)), *old = x->dirs;

		if (!n) {
			x->dirs_full = 1;
			return;
		}
		x->dirs = n;
		k = x->dcap;
		x->dcap = cap;
		while (k--)
			if (old[k].addr) {
				for (i = dir_slot(x, old[k].addr); n[i].addr; i = (i + 1) & (cap - 1))
					;
				n[i] = old[k];
			}
		free(old);
	}
	for (i = dir_slot(x, d->parent); x->dirs[i].addr && x->dirs[i].addr != d->parent; i = (i + 1) & (x->dcap - 1))
		;
	c = &x->dirs[i];
	if (!c->addr) {
		c->addr = d->parent;
		x->ndirs++;
	}
	c->n++;
	if (!c->path && (c->n >= 2 || !x->paths_tight)) {
		/* The directory's path is this one's without its last part;
		 * a root keeps its slash ("/", "tracefs:/"). */
		size_t len = d->name_off ? d->name_off - 1 : 0;

		if (d->name_off && (len == 0 || d->path[len - 1] == ':'))
			len++;
		if (!(c->path = malloc(len + 1))) {
			x->dirs_full = 1;
			return;
		}
		memcpy(c->path, d->path, len);
		c->path[len] = '\0';
		x->path_bytes += len + 1;
		if (x->path_bytes > SINGLE_PATHS && !x->paths_tight)
			drop_single_paths(x);
	}
}

static void count(struct ctx *x, const struct c2_dentry *d)
{
	size_t i;

	for (i = 0; i < x->nfs && strcmp(x->fs[i].name, d->fstype); i++)
		;
	if (i == x->nfs && x->nfs < MAX_FSTYPES)
		snprintf(x->fs[x->nfs++].name, sizeof(x->fs[0].name), "%s", d->fstype);
	if (i < x->nfs) {
		if (d->negative)
			x->fs[i].negative++;
		else
			x->fs[i].positive++;
	}
	count_dir(x, d);
}

static int entry(void *arg, const struct c2_dentry *d)
{
	struct ctx *x = arg;

	if (x->tty && !(++x->seen & 16383))
		progress(x);
	if ((x->r->seen[O_NEG] && !d->negative) || (x->r->seen[O_POS] && d->negative))
		return 0;
	x->listed++;
	if (d->negative)
		x->negative++;
	else
		x->positive++;
	if (x->stats)
		count(x, d);
	else
		print_entry(x, d);
	return x->limit && x->listed >= x->limit;
}

static void skipped(void *arg, int reason, uint64_t addr)
{
	struct ctx *x = arg;

	if (x->r->verbose && x->skips_shown++ < SKIPS_SHOWN)
		warnf("skipped a branch at 0x%" PRIx64 ": %s", addr, c2_dcache_skip_name(reason));
}

static int by_count(const void *a, const void *b)
{
	const struct dir_count *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->path ? x->path : "", y->path ? y->path : "");
}

static int by_fs_count(const void *a, const void *b)
{
	const struct fs_count *x = a, *y = b;
	uint64_t nx = x->positive + x->negative, ny = y->positive + y->negative;

	if (nx != ny)
		return nx < ny ? 1 : -1;
	return strcmp(x->name, y->name);
}

static void print_stats(struct ctx *x, const struct c2_dcache_summary *sum)
{
	struct json *j = &x->j;
	size_t i, n = 0;
	int k;

	/* Compact the directory table, then sort it by count. A directory
	 * of one dentry whose path was let go cannot be named: left out
	 * (only when fewer than TOP_DIRS directories hold two or more). */
	for (i = 0; i < x->dcap; i++)
		if (x->dirs[i].addr && x->dirs[i].path) {
			x->dirs[n] = x->dirs[i];
			if (i != n++)
				memset(&x->dirs[i], 0, sizeof(x->dirs[i]));
		}
	if (n)
		qsort(x->dirs, n, sizeof(x->dirs[0]), by_count);
	/* Filesystems by their count, whatever order the walk met them in. */
	qsort(x->fs, x->nfs, sizeof(x->fs[0]), by_fs_count);
	if (!x->r->json) {
		printf("dentries %" PRIu64 "\npositive %" PRIu64 "\nnegative %" PRIu64 "\n", x->listed, x->positive,
		       x->negative);
		for (i = 0; i < x->nfs; i++)
			printf("filesystem %s %" PRIu64 " positive %" PRIu64 " negative %" PRIu64 "\n", x->fs[i].name,
			       x->fs[i].positive + x->fs[i].negative, x->fs[i].positive, x->fs[i].negative);
		for (i = 0; i < n && i < TOP_DIRS; i++) {
			printf("directory %" PRIu64 " ", x->dirs[i].n);
			print_escaped(stdout, x->dirs[i].path, strlen(x->dirs[i].path));
			putchar('\n');
		}
		return;
	}
	json_obj(j);
	json_key(j, "dentries");
	json_u64(j, x->listed);
	json_key(j, "positive");
	json_u64(j, x->positive);
	json_key(j, "negative");
	json_u64(j, x->negative);
	json_key(j, "filesystems");
	json_arr(j);
	for (i = 0; i < x->nfs; i++) {
		json_obj(j);
		json_key(j, "type");
		json_cstr(j, x->fs[i].name);
		json_key(j, "positive");
		json_u64(j, x->fs[i].positive);
		json_key(j, "negative");
		json_u64(j, x->fs[i].negative);
		json_end_obj(j);
	}
	json_end_arr(j);
	json_key(j, "directories");
	json_arr(j);
	for (i = 0; i < n && i < TOP_DIRS; i++) {
		json_obj(j);
		json_key(j, "path");
		json_cstr(j, x->dirs[i].path);
		json_key(j, "dentries");
		json_u64(j, x->dirs[i].n);
		json_end_obj(j);
	}
	json_end_arr(j);
	json_key(j, "skipped");
	json_obj(j);
	for (k = 0; k < C2_DSKIP_COUNT; k++) {
		json_key(j, c2_dcache_skip_name(k));
		json_u64(j, sum->skipped[k]);
	}
	json_end_obj(j);
	json_end_obj(j);
	json_line_end(j);
}

static int dentries_run(struct run *r, int argc, char **argv)
{
	struct ctx x = { .r = r };
	struct c2_dcache_opts o = { 0 };
	struct c2_dcache_summary sum;
	char summary[512];
	size_t n = 0, i;
	uint64_t total = 0;
	struct c2 *c2;
	int rc, k;

	if (argc)
		usage_error("no operands expected");
	if (r->seen[O_NEG] && r->seen[O_POS])
		usage_error("-n and -p exclude each other");
	if (r->seen[O_TREE] && r->seen[O_HASH])
		usage_error("--tree and --hash exclude each other");
	if (r->seen[O_NUL] && (r->json || r->seen[O_STATS]))
		usage_error("-0 prints raw paths only: not with -j or -s");
	if (r->seen[O_LIMIT] && (parse_u64(r->arg[O_LIMIT], &x.limit) < 0 || x.limit == 0))
		usage_error("-l %s: not a positive number", r->arg[O_LIMIT]);
	if (r->seen[O_STEPS] && (parse_u64(r->arg[O_STEPS], &o.max_steps) < 0 || o.max_steps == 0))
		usage_error("--max-steps %s: not a positive number", r->arg[O_STEPS]);
	if (r->seen[O_UNDER] && r->arg[O_UNDER][0] != '/')
		usage_error("--under %s: not an absolute path", r->arg[O_UNDER]);
	if (r->seen[O_DEADLINE])
		o.deadline_ns = deadline_at(r->arg[O_DEADLINE]);
	o.walk = r->seen[O_TREE] ? C2_DCACHE_TREE : r->seen[O_HASH] ? C2_DCACHE_HASH : C2_DCACHE_AUTO;
	o.under = r->seen[O_UNDER] ? r->arg[O_UNDER] : NULL;
	o.skip = skipped;
	x.stats = r->seen[O_STATS];
	json_begin(&x.j, stdout);
	c2 = target(r);
	x.tty = isatty(2);
	x.start_ns = now_ns();
	rc = c2_dentry_foreach(c2, &o, entry, &x, &sum);
	if (x.shown)
		fputs("\r\033[K", stderr);
	if (rc < 0 && rc != C2_ETIMEDOUT)
		return failf("%s", c2_error(c2));
	if (x.stats)
		print_stats(&x, &sum);
	for (i = 0; i < x.dcap; i++)
		free(x.dirs[i].path);
	free(x.dirs);
	/* What the walk could not follow: one line on stderr. */
	for (k = 0; k < C2_DSKIP_COUNT; k++) {
		if (!sum.skipped[k])
			continue;
		total += sum.skipped[k];
		n += snprintf(summary + n, sizeof(summary) - n, "%s%" PRIu64 " %s", n ? ", " : "", sum.skipped[k],
			      c2_dcache_skip_name(k));
		if (n >= sizeof(summary))
			n = sizeof(summary) - 1;
	}
	if (total)
		warnf("%" PRIu64 " dentries listed; branches skipped: %s", sum.listed, summary);
	if (rc == C2_ETIMEDOUT) {
		if (r->json) {
			fprintf(stdout, "{\"partial\":true,\"reason\":\"deadline\",\"listed\":%" PRIu64
				",\"steps\":%" PRIu64 "}\n", sum.listed, sum.steps);
		}
		fflush(stdout);
		warnf("deadline passed: the list is partial (%" PRIu64 " dentries listed after %" PRIu64
		      " steps; the rest of the walk was not reached)", sum.listed, sum.steps);
		return EXIT_DEADLINE;
	}
	if (sum.skipped[C2_DSKIP_STEP_LIMIT])
		return failf("stopped after %" PRIu64 " steps: the list is incomplete (--max-steps)", sum.steps);
	return EXIT_OK;
}

static const struct applet dentries_applet = {
	.name = "dentries",
	.summary = "walk the dentry cache: paths, negative dentries, statistics",
	.usage = "",
	.help = "Each dentry is a line \"pos INODE MODE FSTYPE PATH\" or \"neg - - FSTYPE PATH\"\n"
		"(MODE in octal); in PATH a newline is \\n, a tab \\t, a backslash \\\\, and other\n"
		"bytes that are not printable ASCII \\xNN. -0 gives the raw path bytes only,\n"
		"NUL-ended; -j one JSON object per dentry (bytes above 0x7f as \\u00XX).\n"
		"Paths are absolute across the mounts of init's mount namespace; a dentry of\n"
		"a filesystem mounted nowhere there shows as FSTYPE:/PATH-INSIDE-IT.\n"
		"The hash walk lists every hashed dentry; --tree lists what the mounted\n"
		"filesystems' directories link to as children (unhashed ones included).\n"
		"A kernel whose symbols list no variables (no CONFIG_KALLSYMS_ALL) has no\n"
		"hash table to find: there the tree walk is the default.\n"
		"Branches that cannot be followed (unreadable or filtered memory, loops,\n"
		"names over 255 or paths over 4095 bytes) are skipped and summed up on\n"
		"stderr (-v names the first ones). Exit 1 when --max-steps stopped the walk.\n"
		"--deadline SECONDS stops the walk when SECONDS have passed: what was found\n"
		"is printed (with -j a last line {\"partial\":true,...}), a note goes to\n"
		"stderr, and the exit status is 3.\n",
	.options = dentries_opts,
	.run = dentries_run,
};
APPLET(dentries_applet);
