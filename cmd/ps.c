/* core2 ps: every task of the dumped kernel, threads included. */
#include <inttypes.h>
#include <string.h>

#include "applet.h"

enum { O_DEADLINE = 1 };

static const struct opt ps_opts[] = {
	{ O_DEADLINE, 0, "deadline", "SECONDS", "stop after SECONDS (decimal), print what was found, exit 3" },
	{ 0 },
};

/* The clock is read every this many tasks. */
#define DEADLINE_EVERY 64

struct ps_ctx {
	struct run *r;
	struct json j;
	uint64_t deadline, listed;
	int late;
};

static int print_task(void *arg, const struct c2_task *t)
{
	struct ps_ctx *p = arg;
	size_t n = strnlen(t->comm, 16);

	if (p->listed % DEADLINE_EVERY == 0 && deadline_passed(p->deadline)) {
		p->late = 1;
		return 1;
	}
	p->listed++;
	if (p->r->json) {
		json_obj(&p->j);
		json_key(&p->j, "pid");
		json_i64(&p->j, t->pid);
		json_key(&p->j, "tgid");
		json_i64(&p->j, t->tgid);
		json_key(&p->j, "ppid");
		t->ppid >= 0 ? json_i64(&p->j, t->ppid) : json_null(&p->j);
		json_key(&p->j, "state");
		json_str(&p->j, &t->state, 1);
		json_key(&p->j, "cpu");
		json_u64(&p->j, t->cpu);
		json_key(&p->j, "comm");
		json_str(&p->j, t->comm, n);
		json_key(&p->j, "task");
		json_addr(&p->j, t->addr);
		json_end_obj(&p->j);
		json_line_end(&p->j);
		return 0;
	}
	printf("%7" PRId32 " %7" PRId32 " %7" PRId32 " %c %3" PRIu32 " 0x%016" PRIx64 " ", t->pid, t->tgid, t->ppid,
	       t->state, t->cpu, t->addr);
	print_escaped(stdout, t->comm, n);
	putchar('\n');
	return 0;
}

static int ps_run(struct run *r, int argc, char **argv)
{
	struct ps_ctx p = { .r = r };
	uint64_t skipped = 0;
	struct c2 *c2;

	if (argc)
		usage_error("no operands expected");
	if (r->seen[O_DEADLINE])
		p.deadline = deadline_at(r->arg[O_DEADLINE]);
	c2 = target(r);
	json_begin(&p.j, stdout);
	if (!r->json)
		printf("%7s %7s %7s %c %3s %-18s %s\n", "PID", "TGID", "PPID", 'S', "CPU", "TASK", "COMM");
	if (c2_task_foreach(c2, print_task, &p, &skipped) < 0)
		die(EXIT_FAIL, "%s", c2_error(c2));
	if (skipped)
		warnf("%" PRIu64 " unreadable or looping links in the task list were skipped", skipped);
	if (p.late)
		return deadline_stop(r, p.listed, "the list is partial (%" PRIu64 " tasks listed; the rest of the "
				     "task list was not reached)", p.listed);
	return EXIT_OK;
}

static const struct applet ps_applet = {
	.name = "ps",
	.summary = "list the tasks of the dumped kernel, threads included",
	.usage = "",
	.help = "Columns: PID, TGID, PPID (the real parent's TGID), state letter as in\n"
		"/proc (R S D T t X Z P I), CPU, the task_struct address, COMM.\n"
		"--deadline SECONDS stops the walk when SECONDS have passed: the tasks found\n"
		"are printed (with -j a last line {\"partial\":true,...}), a note goes to\n"
		"stderr, and the exit status is 3.\n",
	.options = ps_opts,
	.run = ps_run,
};
APPLET(ps_applet);
