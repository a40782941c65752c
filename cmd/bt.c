/* core2 bt: stack traces from the kernel's own ORC tables (or its frame
 * records, on architectures that keep them), no debuginfo. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "applet.h"

enum { O_ALL_CPUS = 1, O_ALL_TASKS, O_STATE, O_SLOTS, O_REGS, O_DEADLINE };

static const struct opt bt_opts[] = {
	{ O_ALL_CPUS, 'a', "all-cpus", NULL, "every CPU with saved registers (a PRSTATUS note)" },
	{ O_ALL_TASKS, 'A', "all-tasks", NULL, "every task" },
	{ O_STATE, 's', "state", "STATES", "only tasks in these states (letters as ps shows them, e.g. D)" },
	{ O_SLOTS, 'S', "slots", NULL, "also print the stack address each return address was read from" },
	{ O_REGS, 'r', "regs", NULL, "also print the registers an interrupt, exception or system call saved on the stack" },
	{ O_DEADLINE, 0, "deadline", "SECONDS", "stop after SECONDS (decimal), print the traces made, exit 3" },
	{ 0 },
};

struct bt {
	struct run *r;
	struct c2 *c2;
	struct json j;
	int prev_stack;
	int failed;
	/* operands resolved against the task list */
	char **want;
	int nwant;
	int *found;
	const char *states;
	int all;
	uint64_t deadline, traced;   /* traced: traces printed */
	int late;
};

static const char *stack_name(int k)
{
	static const char *const n[] = { "TASK", "IRQ", "NMI", "EXC", "?" };

	return k >= 0 && k <= C2_STACK_UNKNOWN ? n[k] : "?";
}

/* As the kernel's %pS (an exact pc) and %pB (a return address: the symbol
 * of pc - 1, with pc's own offset). */
static int symbolize(struct c2 *c2, const struct c2_frame *f, struct c2_sym *s, uint64_t *off)
{
	uint64_t look = f->interrupted ? f->pc : f->pc - 1;

	if (c2_sym_resolve(c2, look, s, off) < 0)
		return -1;
	*off = f->pc - s->addr;
	return 0;
}

/* A register of a struct pt_regs: an integer member, or an anonymous
 * union's first (the x86_64 segment registers share their word with FRED's
 * fields); 0 and *name, *off, *size, or -1 to leave it out. */
static int reg_member(struct c2 *c2, const struct c2_member *m, const char **name, uint64_t *off, uint64_t *size)
{
	struct c2_member in;
	struct c2_type t;
	uint32_t id;

	if (c2_type_resolve(c2, m->type, &id) < 0 || c2_type_get(c2, id, &t) < 0)
		return -1;
	if (!m->name[0] && (t.kind == C2_KIND_UNION || t.kind == C2_KIND_STRUCT) && t.nmembers &&
	    c2_type_member(c2, id, 0, &in) == 0 && in.name[0] && !in.bit_size &&
	    c2_type_resolve(c2, in.type, &id) == 0 && c2_type_get(c2, id, &t) == 0) {
		*name = in.name;
		*off = m->offset + in.offset;
	} else if (m->name[0] && !m->bit_size) {
		*name = m->name;
		*off = m->offset;
	} else {
		return -1;
	}
	*size = t.size;
	return t.kind == C2_KIND_INT && t.size >= 1 && t.size <= 8 ? 0 : -1;
}

/* The struct pt_regs at addr, its bytes from from on, as BTF lays it out:
 * each integer register by its member's name, three a line under label
 * (JSON: an object of them, hex strings, under key). */
static void print_regs(struct bt *b, const char *key, const char *label, uint64_t addr, uint64_t from)
{
	struct c2 *c2 = b->c2;
	struct c2_type t;
	struct c2_member m;
	uint8_t buf[512];
	uint32_t id, i;
	int col = 0, ok;

	ok = c2_type_find(c2, "struct pt_regs", &id) == 0 && c2_type_get(c2, id, &t) == 0 && t.size <= sizeof(buf) &&
	     from < t.size && c2_read(c2, addr + from, buf + from, t.size - from) == 0;
	if (b->r->json) {
		json_key(&b->j, key);
		json_obj(&b->j);
		json_key(&b->j, "address");
		json_addr(&b->j, addr);
		if (!ok) {
			json_key(&b->j, "error");
			json_cstr(&b->j, c2_error(c2));
		}
	} else if (!ok) {
		printf("     %s at 0x%016" PRIx64 ": %s\n", label, addr, c2_error(c2));
		return;
	} else {
		printf("     %s at 0x%016" PRIx64 "%s:\n", label, addr, from ? " (the hardware's frame only)" : "");
	}
	for (i = 0; ok && i < t.nmembers && c2_type_member(c2, id, i, &m) == 0; i++) {
		const char *name;
		uint64_t off, size, v;

		if (reg_member(c2, &m, &name, &off, &size) < 0 || off < from || off + size > t.size)
			continue;
		v = c2_load_uint(c2, buf + off, size);
		if (b->r->json) {
			json_key(&b->j, name);
			json_addr(&b->j, v);
			continue;
		}
		printf("%s%7s: %016" PRIx64, col ? " " : "    ", name, v);
		if (++col == 3) {
			putchar('\n');
			col = 0;
		}
	}
	if (b->r->json)
		json_end_obj(&b->j);
	else if (col)
		putchar('\n');
}

static int frame(void *arg, const struct c2_frame *f)
{
	struct bt *b = arg;
	struct c2_sym s;
	uint64_t off = 0;
	int have = symbolize(b->c2, f, &s, &off) == 0;
	char text[C2_SYM_NAME_MAX + 80] = "";

	if (have)
		snprintf(text, sizeof(text), "%s+0x%" PRIx64 "/0x%" PRIx64 "%s%s%s", s.name, off, s.size,
			 s.module[0] ? " [" : "", s.module, s.module[0] ? "]" : "");
	if (b->r->json) {
		json_obj(&b->j);
		json_key(&b->j, "n");
		json_u64(&b->j, f->n);
		json_key(&b->j, "pc");
		json_addr(&b->j, f->pc);
		json_key(&b->j, "sp");
		json_addr(&b->j, f->sp);
		json_key(&b->j, "slot");
		f->slot ? json_addr(&b->j, f->slot) : json_null(&b->j);
		json_key(&b->j, "symbol");
		have ? json_cstr(&b->j, text) : json_null(&b->j);
		json_key(&b->j, "stack");
		json_cstr(&b->j, stack_name(f->stack));
		json_key(&b->j, "interrupted");
		json_bool(&b->j, f->interrupted);
		if (f->how) {
			json_key(&b->j, "how");
			json_cstr(&b->j, f->how);
		}
		if (b->r->seen[O_REGS] && f->regs)
			print_regs(b, "registers", "registers", f->regs, f->regs_from);
		json_end_obj(&b->j);
		return 0;
	}
	if (f->stack != b->prev_stack)
		printf(" <%s>\n", stack_name(f->stack));
	b->prev_stack = f->stack;
	printf(" #%-2u ", f->n);
	if (b->r->seen[O_SLOTS])
		f->slot ? printf("[%016" PRIx64 "] ", f->slot) : printf("[%16s] ", "registers");
	printf("%016" PRIx64 "  %s\n", f->pc, have ? text : "?");
	if (f->how && b->r->verbose)
		printf("     (%s)\n", f->how);
	if (b->r->seen[O_REGS] && f->regs)
		print_regs(b, "registers", "registers", f->regs, f->regs_from);
	return 0;
}

static void end_text(const struct c2_bt_end *e, char *buf, size_t len)
{
	if (e->normal || !e->addr)
		snprintf(buf, len, "%s", e->text);
	else
		snprintf(buf, len, "%s at 0x%" PRIx64, e->text, e->addr);
}

/* One trace: a header, the frames, why it ended. */
static void trace(struct bt *b, int cpu, const struct c2_task *t)
{
	struct c2_bt_end e;
	char why[256];
	int rc;

	b->prev_stack = C2_STACK_TASK;
	if (b->r->json) {
		json_obj(&b->j);
		json_key(&b->j, "cpu");
		cpu >= 0 ? json_i64(&b->j, cpu) : json_null(&b->j);
		if (t) {
			json_key(&b->j, "pid");
			json_i64(&b->j, t->pid);
			json_key(&b->j, "task");
			json_addr(&b->j, t->addr);
			json_key(&b->j, "comm");
			json_str(&b->j, t->comm, strnlen(t->comm, 16));
			json_key(&b->j, "state");
			json_str(&b->j, &t->state, 1);
		}
		json_key(&b->j, "frames");
		json_arr(&b->j);
	} else if (t) {
		printf("PID: %" PRId32 "  TASK: 0x%016" PRIx64 "  CPU: %" PRIu32 "  STATE: %c  COMMAND: \"", t->pid, t->addr,
		       t->cpu, t->state);
		print_escaped(stdout, t->comm, strnlen(t->comm, 16));
		printf("\"\n");
	} else {
		uint64_t pid = 0;

		c2_cpu_pid(b->c2, (unsigned)cpu, &pid);
		printf("CPU: %d  PID: %" PRIu64 "\n", cpu, pid);
	}
	b->traced++;
	rc = t ? c2_bt_task(b->c2, t->addr, frame, b, &e) : c2_bt_cpu(b->c2, (unsigned)cpu, frame, b, &e);
	if (rc < 0) {
		b->failed = 1;
		snprintf(why, sizeof(why), "%s", c2_error(b->c2));
	} else {
		end_text(&e, why, sizeof(why));
	}
	if (b->r->json) {
		json_end_arr(&b->j);
		json_key(&b->j, "end");
		json_cstr(&b->j, why);
		json_key(&b->j, "complete");
		json_bool(&b->j, rc == 0 && e.normal);
		if (rc < 0) {    /* no walk at all: "end" holds why */
			json_key(&b->j, "error");
			json_bool(&b->j, 1);
		}
		if (rc == 0 && b->r->seen[O_REGS] && e.regs)
			print_regs(b, "user_registers", "user registers", e.regs, e.regs_from);
		json_end_obj(&b->j);
		json_line_end(&b->j);
	} else {
		printf(rc < 0 ? " error: %s\n" : e.normal ? " (%s)\n" : " stopped: %s\n", why);
		if (rc == 0 && b->r->seen[O_REGS] && e.regs)
			print_regs(b, "user_registers", "user registers", e.regs, e.regs_from);
	}
}

static int per_task(void *arg, const struct c2_task *t)
{
	struct bt *b = arg;
	char buf[32];
	int i, hit = b->all;

	for (i = 0; i < b->nwant; i++) {
		uint64_t v;

		snprintf(buf, sizeof(buf), "%" PRId32, t->pid);
		if (!strcmp(b->want[i], buf) || (parse_u64(b->want[i], &v) == 0 && v == t->addr && v > 0xffff)) {
			b->found[i] = 1;
			hit = 1;
		}
	}
	if (hit && b->states && !strchr(b->states, t->state))
		hit = 0;
	if (deadline_passed(b->deadline)) {
		b->late = 1;
		return 1;
	}
	if (hit) {
		if (!b->r->json && (b->all || b->nwant > 1))
			putchar('\n');
		trace(b, -1, t);
	}
	return 0;
}

static int bt_run(struct run *r, int argc, char **argv)
{
	struct bt b = { .r = r };
	int i, rc = EXIT_OK;

	b.states = r->seen[O_STATE] ? r->arg[O_STATE] : NULL;
	b.all = r->seen[O_ALL_TASKS] || (b.states && !argc);
	if (argc && (r->seen[O_ALL_CPUS] || b.all))
		usage_error("-a and -A take no operands");
	if (r->seen[O_DEADLINE])
		b.deadline = deadline_at(r->arg[O_DEADLINE]);
	b.c2 = target(r);
	if (c2_bt_supported(b.c2) < 0)
		die(EXIT_FAIL, "%s", c2_error(b.c2));
	json_begin(&b.j, stdout);
	if (r->seen[O_ALL_CPUS]) {
		unsigned n, cpu;

		if (c2_cpu_count(b.c2, &n) < 0)
			die(EXIT_FAIL, "%s", c2_error(b.c2));
		for (cpu = 0; cpu < n && !(b.late = deadline_passed(b.deadline)); cpu++) {
			if (cpu && !r->json)
				putchar('\n');
			trace(&b, (int)cpu, NULL);
		}
	} else if (argc || b.all) {
		uint64_t skipped = 0;

		b.want = argv;
		b.nwant = argc;
		if (!(b.found = calloc(argc + 1, sizeof(int))))
			die(EXIT_FAIL, "out of memory");
		if (c2_task_foreach(b.c2, per_task, &b, &skipped) < 0)
			die(EXIT_FAIL, "%s", c2_error(b.c2));
		for (i = 0; i < argc && !b.late; i++)
			if (!b.found[i]) {
				warnf("%s: no such task", argv[i]);
				rc = EXIT_FAIL;
			}
		free(b.found);
	} else {
		unsigned cpu;

		if (c2_crashed_cpu(b.c2, &cpu) < 0)
			die(EXIT_FAIL, "%s: give PIDs, -a or -A", c2_error(b.c2));
		trace(&b, (int)cpu, NULL);
	}
	if (b.late)
		return deadline_stop(r, b.traced, "%" PRIu64 " traces printed; the rest were not reached", b.traced);
	if (b.failed)
		rc = EXIT_FAIL;
	return rc;
}

static const struct applet bt_applet = {
	.name = "bt",
	.summary = "stack traces of the crashed CPU, every CPU, or tasks, from the kernel's ORC tables or frame records",
	.usage = "[PID|TASK]...",
	.help = "Without operands: the CPU that panicked or oopsed, from its saved registers.\n"
		"Frames print as the kernel prints them (function+0xoff/0xsize); a last line\n"
		"says why the walk ended. A step the tables cannot prove ends the trace.\n"
		"-r prints, below a frame reached through an interrupt, exception or system\n"
		"call, the registers it saved (struct pt_regs, as BTF names them), and below\n"
		"a trace that ends in user mode the user's registers.\n"
		"--deadline SECONDS stops before the next trace once SECONDS have passed:\n"
		"the traces made are printed (with -j a last line {\"partial\":true,...}),\n"
		"a note goes to stderr, and the exit status is 3.\n",
	.options = bt_opts,
	.run = bt_run,
};
APPLET(bt_applet);
