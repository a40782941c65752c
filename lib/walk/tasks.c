/* Tasks: the task_struct layout from the type layer, then tasklist.c walks. */
#include <stdio.h>
#include <string.h>

#include "../internal.h"
#include "tasklist.h"

static int read_mem(void *arg, uint64_t addr, void *buf, size_t len)
{
	return c2_read(arg, addr, buf, len);
}

/* Every field the walk reads, with what it assumes of it. */
static int layout(struct c2 *c2, struct tasklist_layout *l)
{
	struct c2_assumption a[] = {
		{ "task_struct", "tasks", C2_KIND_STRUCT, 16, C2_ANY, 0 },
		{ "task_struct", "pid", C2_KIND_INT, 4, 1, 0 },
		{ "task_struct", "tgid", C2_KIND_INT, 4, 1, 0 },
		{ "task_struct", "real_parent", C2_KIND_PTR, 8, C2_ANY, 0 },
		{ "task_struct", "exit_state", C2_KIND_INT, 4, C2_ANY, 0 },
		{ "task_struct", "comm", C2_KIND_ARRAY, 16, C2_ANY, 0 },
		{ "task_struct", "signal", C2_KIND_PTR, 8, C2_ANY, 0 },
		{ "task_struct", "thread_node", C2_KIND_STRUCT, 16, C2_ANY, 0 },
		{ "signal_struct", "thread_head", C2_KIND_STRUCT, 16, C2_ANY, 0 },
	};
	struct c2_assumption state = { "task_struct", "__state", C2_KIND_INT, 4, C2_ANY, 0 };
	struct c2_assumption cpu = { "task_struct", "cpu", C2_KIND_INT, 4, C2_ANY, 0 };
	struct c2_sym init;
	int rc;

	if ((rc = c2_type_check(c2, a, sizeof(a) / sizeof(a[0]))) < 0)
		return rc;
	/* The state became unsigned int __state in 5.14; before, long state. */
	if (c2_type_check(c2, &state, 1) < 0) {
		state.member = "state";
		state.size = 8;
		if ((rc = c2_type_check(c2, &state, 1)) < 0)
			return rc;
	}
	/* The CPU moved from task_struct into thread_info (5.16, x86). */
	if (c2_type_check(c2, &cpu, 1) < 0) {
		cpu.member = "thread_info.cpu";
		if ((rc = c2_type_check(c2, &cpu, 1)) < 0)
			return rc;
	}
	if ((rc = c2_sym_lookup_core(c2, "init_task", &init)) < 0)
		return rc;
	l->init_task = init.addr;
	l->tasks = a[0].offset;
	l->pid = a[1].offset;
	l->tgid = a[2].offset;
	l->real_parent = a[3].offset;
	l->exit_state = a[4].offset;
	l->comm = a[5].offset;
	l->signal = a[6].offset;
	l->thread_node = a[7].offset;
	l->sig_thread_head = a[8].offset;
	l->state = state.offset;
	l->state_size = state.size;
	l->cpu = cpu.offset;
	c2_diagf(c2, "tasks: task_struct.%s and .%s, from %s", state.member, cpu.member, c2_types_source(c2));
	return 0;
}

int c2_task_foreach(struct c2 *c2, int (*cb)(void *arg, const struct c2_task *t), void *arg, uint64_t *skipped)
{
	struct tasklist_layout l;
	struct tasklist_stats st;
	char err[256];
	int rc;

	memset(&l, 0, sizeof(l));
	if ((rc = layout(c2, &l)) < 0)
		return rc;
	rc = tasklist_walk(&l, read_mem, c2, cb, arg, &st, err, sizeof(err));
	if (rc < 0)
		return c2_fail(c2, rc, "tasks: %s", err);
	if (skipped)
		*skipped = st.unreadable + st.cycles + (uint64_t)st.truncated;
	if (st.unreadable || st.cycles || st.truncated)
		c2_diagf(c2, "tasks: %llu unreadable links, %llu loops%s", (unsigned long long)st.unreadable,
			 (unsigned long long)st.cycles, st.truncated ? ", step limit reached" : "");
	return rc;
}
