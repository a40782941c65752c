/* core2 info: what kernel this is, how it died, and its CPUs' registers. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "applet.h"

#define UTS_LEN 65      /* __NEW_UTS_LEN + 1, include/uapi/linux/utsname.h */
#define MAX_REGS 64
#define PANIC_MAX 512

struct facts {
	const char *release, *build_id;
	char version[UTS_LEN], machine[UTS_LEN], nodename[UTS_LEN];
	int have_uts;
	uint64_t page_size, kaslr, crash_time;
	int have_page_size, have_kaslr, have_crash_time;
	const char *compression;
	int flattened;
	char panic[PANIC_MAX];
	char log_error[256];   /* why the kernel log could not be read; "" if it was */
	int crashed_cpu;   /* -1: none did; -2: not known */
	char crashed_why[256];   /* why not known */
	unsigned ncpus;
};

/* struct new_utsname in init_uts_ns: sysname, nodename, release, version,
 * machine, domainname, each UTS_LEN bytes; VMCOREINFO gives where it sits. */
static void read_uts(struct c2 *c2, struct facts *f)
{
	uint64_t ns, off;
	char uts[6 * UTS_LEN];

	if (c2_vmcoreinfo_num(c2, "SYMBOL(init_uts_ns)", &ns) < 0 ||
	    c2_vmcoreinfo_num(c2, "OFFSET(uts_namespace.name)", &off) < 0 || c2_read(c2, ns + off, uts, sizeof(uts)) < 0)
		return;
	memcpy(f->nodename, uts + 1 * UTS_LEN, UTS_LEN);
	memcpy(f->version, uts + 3 * UTS_LEN, UTS_LEN);
	memcpy(f->machine, uts + 4 * UTS_LEN, UTS_LEN);
	f->nodename[UTS_LEN - 1] = f->version[UTS_LEN - 1] = f->machine[UTS_LEN - 1] = '\0';
	f->have_uts = 1;
}

/* The panic message: the last "Kernel panic" record, else the first oops. */
static int find_panic(void *arg, const struct c2_log_record *r)
{
	struct facts *f = arg;
	static const char *const oops[] = { "BUG: ", "Oops: ", "general protection fault", "sysrq: Trigger a crash" };
	size_t i, n = r->text_len < PANIC_MAX - 1 ? r->text_len : PANIC_MAX - 1;

	if (r->text_len >= 13 && !memcmp(r->text, "Kernel panic ", 13)) {
		memcpy(f->panic, r->text, n);
		f->panic[n] = '\0';
		return 0;
	}
	if (f->panic[0])
		return 0;
	for (i = 0; i < sizeof(oops) / sizeof(oops[0]); i++)
		if (r->text_len >= strlen(oops[i]) && !memcmp(r->text, oops[i], strlen(oops[i]))) {
			memcpy(f->panic, r->text, n);
			f->panic[n] = '\0';
		}
	return 0;
}

/* The CPU that panicked (c2_crashed_cpu); -1 when none did, -2 when the
 * dump does not tell (why in *why). */
static int crashed_cpu(struct c2 *c2, char *why, size_t len)
{
	unsigned cpu;
	int rc = c2_crashed_cpu(c2, &cpu);

	if (rc == 0)
		return (int)cpu;
	snprintf(why, len, "%s", c2_error(c2));
	return rc == C2_ENOENT ? -1 : -2;
}

static void symbolize(struct c2 *c2, uint64_t v, char *buf, size_t len)
{
	struct c2_sym s;
	uint64_t off;

	buf[0] = '\0';
	if (v && c2_sym_resolve(c2, v, &s, &off) == 0)
		snprintf(buf, len, "%s+0x%" PRIx64 "/0x%" PRIx64 "%s%s%s", s.name, off, s.size, s.module[0] ? " [" : "",
			 s.module, s.module[0] ? "]" : "");
}

static void utc(uint64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm))
		strftime(buf, len, "%Y-%m-%d %H:%M:%S UTC", &tm);
	else
		snprintf(buf, len, "%" PRIu64, t);
}

static void gather(struct c2 *c2, struct facts *f)
{
	memset(f, 0, sizeof(*f));
	if (c2_vmcoreinfo(c2, "OSRELEASE", &f->release) < 0)
		f->release = NULL;
	if (c2_vmcoreinfo(c2, "BUILD-ID", &f->build_id) < 0)
		f->build_id = NULL;
	f->have_page_size = c2_vmcoreinfo_num(c2, "PAGESIZE", &f->page_size) == 0;
	f->have_kaslr = c2_vmcoreinfo_num(c2, "KERNELOFFSET", &f->kaslr) == 0;
	f->have_crash_time = c2_vmcoreinfo_num(c2, "CRASHTIME", &f->crash_time) == 0;
	f->compression = c2_compression(c2, &f->flattened);
	read_uts(c2, f);
	/* An unreadable log is not a log without a panic message. */
	if (c2_log_foreach(c2, find_panic, f) < 0)
		snprintf(f->log_error, sizeof(f->log_error), "%s", c2_error(c2));
	f->crashed_cpu = crashed_cpu(c2, f->crashed_why, sizeof(f->crashed_why));
	if (c2_cpu_count(c2, &f->ncpus) < 0)
		f->ncpus = 0;
}

static void print_text(struct c2 *c2, const struct facts *f)
{
	char buf[C2_SYM_NAME_MAX + 144];   /* name+0xOFF/0xSIZE [module] */
	unsigned cpu;

#define ROW(k, ...) (printf("%-14s ", k), printf(__VA_ARGS__), putchar('\n'))
	ROW("release", "%s", f->release ? f->release : "unknown (no OSRELEASE in VMCOREINFO)");
	ROW("version", "%s", f->have_uts ? f->version : "unknown (init_uts_ns unreadable)");
	ROW("machine", "%s", f->have_uts ? f->machine : "unknown");
	ROW("hostname", "%s", f->have_uts ? f->nodename : "unknown");
	ROW("build id", "%s", f->build_id ? f->build_id : "unknown");
	ROW("architecture", "%s", c2_arch(c2));
	if (f->have_page_size)
		ROW("page size", "%" PRIu64, f->page_size);
	if (f->have_kaslr)
		ROW("kaslr offset", "0x%" PRIx64, f->kaslr);
	ROW("dump", "%s", c2_path(c2));
	ROW("format", "%s, compression %s%s", c2_format(c2), f->compression, f->flattened ? ", flattened" : "");
	if (f->have_crash_time) {
		utc(f->crash_time, buf, sizeof(buf));
		ROW("crash time", "%s", buf);
	} else {
		ROW("crash time", "none (no CRASHTIME: a live kernel, or a dump not taken by kdump)");
	}
	if (f->panic[0])
		ROW("panic", "%s", f->panic);
	else if (f->log_error[0])
		ROW("panic", "unknown (%s)", f->log_error);
	else
		ROW("panic", "none found in the kernel log");
	if (f->crashed_cpu >= 0)
		ROW("crashed cpu", "%d", f->crashed_cpu);
	else if (f->crashed_cpu == -2)
		ROW("crashed cpu", "unknown (%s)", f->crashed_why);
	else
		ROW("crashed cpu", "none (panic_cpu is -1)");
	for (cpu = 0; cpu < f->ncpus; cpu++) {
		struct c2_reg regs[MAX_REGS];
		uint64_t pid = 0;
		size_t n = 0, i;

		c2_cpu_pid(c2, cpu, &pid);
		printf("cpu %u%s: pid %" PRIu64 "\n", cpu, (int)cpu == f->crashed_cpu ? " (crashed)" : "", pid);
		if (c2_cpu_regs(c2, cpu, regs, MAX_REGS, &n) < 0)
			continue;
		for (i = 0; i < n; i++) {
			int sp = regs[i].symbolic;

			printf("  %-8s 0x%016" PRIx64, regs[i].name, regs[i].value);
			if (sp) {
				symbolize(c2, regs[i].addr, buf, sizeof(buf));
				printf("%s%s%s\n", buf[0] ? " <" : "", buf, buf[0] ? ">" : "");
			} else {
				putchar(i % 3 == 1 || i + 1 == n ? '\n' : ' ');
			}
		}
	}
#undef ROW
}

static void json_opt_str(struct json *j, const char *key, const char *v)
{
	json_key(j, key);
	if (v)
		json_cstr(j, v);
	else
		json_null(j);
}

static void print_json(struct c2 *c2, const struct facts *f)
{
	struct json j;
	char buf[C2_SYM_NAME_MAX + 144];   /* name+0xOFF/0xSIZE [module] */
	unsigned cpu;

	json_begin(&j, stdout);
	json_obj(&j);
	json_opt_str(&j, "release", f->release);
	json_opt_str(&j, "version", f->have_uts ? f->version : NULL);
	json_opt_str(&j, "machine", f->have_uts ? f->machine : NULL);
	json_opt_str(&j, "hostname", f->have_uts ? f->nodename : NULL);
	json_opt_str(&j, "build_id", f->build_id);
	json_opt_str(&j, "architecture", c2_arch(c2));
	json_key(&j, "page_size");
	f->have_page_size ? json_u64(&j, f->page_size) : json_null(&j);
	json_key(&j, "kaslr_offset");
	f->have_kaslr ? json_addr(&j, f->kaslr) : json_null(&j);
	json_opt_str(&j, "dump", c2_path(c2));
	json_opt_str(&j, "format", c2_format(c2));
	json_opt_str(&j, "compression", f->compression);
	json_key(&j, "flattened");
	json_bool(&j, f->flattened);
	json_key(&j, "crash_time");
	f->have_crash_time ? json_u64(&j, f->crash_time) : json_null(&j);
	if (f->have_crash_time)
		utc(f->crash_time, buf, sizeof(buf));
	json_opt_str(&j, "crash_time_utc", f->have_crash_time ? buf : NULL);
	json_opt_str(&j, "panic", f->panic[0] ? f->panic : NULL);
	json_key(&j, "crashed_cpu");
	f->crashed_cpu >= 0 ? json_i64(&j, f->crashed_cpu) : json_null(&j);
	json_key(&j, "cpus");
	json_arr(&j);
	for (cpu = 0; cpu < f->ncpus; cpu++) {
		struct c2_reg regs[MAX_REGS];
		uint64_t pid = 0;
		size_t n = 0, i;

		json_obj(&j);
		json_key(&j, "cpu");
		json_u64(&j, cpu);
		json_key(&j, "pid");
		c2_cpu_pid(c2, cpu, &pid) == 0 ? json_u64(&j, pid) : json_null(&j);
		c2_cpu_regs(c2, cpu, regs, MAX_REGS, &n);
		json_key(&j, "registers");
		json_obj(&j);
		for (i = 0; i < n; i++) {
			json_key(&j, regs[i].name);
			json_addr(&j, regs[i].value);
		}
		json_end_obj(&j);
		for (i = 0; i < n; i++)
			if (regs[i].symbolic) {
				char key[32];

				snprintf(key, sizeof(key), "%.15s_symbol", regs[i].name);
				symbolize(c2, regs[i].addr, buf, sizeof(buf));
				json_opt_str(&j, key, buf[0] ? buf : NULL);
			}
		json_end_obj(&j);
	}
	json_end_arr(&j);
	json_end_obj(&j);
	json_line_end(&j);
}

static int info_run(struct run *r, int argc, char **argv)
{
	struct facts f;
	struct c2 *c2;

	if (argc)
		usage_error("no operands expected");
	c2 = target(r);
	gather(c2, &f);
	if (r->json)
		print_json(c2, &f);
	else
		print_text(c2, &f);
	return EXIT_OK;
}

static const struct applet info_applet = {
	.name = "info",
	.summary = "kernel release, build id, dump format, crash time, panic message and CPU registers",
	.usage = "",
	.help = "What the dump does not hold is said so (\"unknown\", \"none\"; null in JSON).\n",
	.run = info_run,
};
APPLET(info_applet);
