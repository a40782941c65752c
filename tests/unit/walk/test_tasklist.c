/*
 * The task list walker on synthetic memory: processes with threads, a
 * dangling pointer, a list that loops without returning to its head, a
 * task that appears twice, and the state letters /proc shows.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../../lib/walk/tasklist.h"
#include "../unit.h"

#define BASE 0xffff888000000000ull
#define TASK(i) (BASE + 0x1000 * (uint64_t)(i))
#define SIG(i) (BASE + 0x100000 + 0x100 * (uint64_t)(i))
static uint8_t mem[2 << 20];

static const struct tasklist_layout L = {
	.init_task = TASK(0), .tasks = 0x10, .pid = 0x20, .tgid = 0x24, .real_parent = 0x28,
	.state = 0x30, .state_size = 4, .exit_state = 0x34, .comm = 0x40, .cpu = 0x38,
	.signal = 0x50, .thread_node = 0x60, .sig_thread_head = 0x8,
};

static int rd(void *arg, uint64_t addr, void *buf, size_t len)
{
	if (addr < BASE || addr - BASE + len > sizeof(mem))
		return -1;
	memcpy(buf, mem + (addr - BASE), len);
	return 0;
}

static void put64(uint64_t a, uint64_t v) { memcpy(mem + (a - BASE), &v, 8); }
static void put32(uint64_t a, uint32_t v) { memcpy(mem + (a - BASE), &v, 4); }

static void task(int i, int pid, int tgid, int parent, uint32_t state, const char *comm)
{
	put32(TASK(i) + L.pid, pid);
	put32(TASK(i) + L.tgid, tgid);
	put64(TASK(i) + L.real_parent, TASK(parent));
	put32(TASK(i) + L.state, state);
	put32(TASK(i) + L.cpu, i % 2);
	memcpy(mem + (TASK(i) + L.comm - BASE), comm, strlen(comm) + 1);
	put64(TASK(i) + L.signal, SIG(tgid == pid ? i : 0));
}

/* Link a circular list: head, then the members' list_heads at offset off
 * (next and prev, as the kernel's). */
static void link_list(uint64_t head, const int *idx, int n, uint32_t off)
{
	uint64_t prev = head;
	int k;

	for (k = 0; k < n; k++) {
		put64(prev, TASK(idx[k]) + off);
		put64(TASK(idx[k]) + off + 8, prev);
		prev = TASK(idx[k]) + off;
	}
	put64(prev, head);
	put64(head + 8, prev);
}

/* Memory without the signal_structs (a dump that lacks their pages). */
static int rd_nosig(void *arg, uint64_t addr, void *buf, size_t len)
{
	return addr + len > SIG(0) && addr < SIG(0) + 0x100000 ? -1 : rd(arg, addr, buf, len);
}

struct seen {
	int n, pids[64];
	char comms[64][17], states[64];
	int ppids[64];
};

static int collect(void *arg, const struct c2_task *t)
{
	struct seen *s = arg;

	if (s->n < 64) {
		s->pids[s->n] = t->pid;
		s->ppids[s->n] = t->ppid;
		s->states[s->n] = t->state;
		strcpy(s->comms[s->n], t->comm);
	}
	s->n++;
	return 0;
}

static void build(void)
{
	static const int procs[] = { 1, 2, 3 }, threads3[] = { 3, 4, 5 }, self0[] = { 0 }, self1[] = { 1 },
			 self2[] = { 2 };

	memset(mem, 0, sizeof(mem));
	task(0, 0, 0, 0, 0, "swapper/0");
	task(1, 1, 1, 0, 1, "init");
	task(2, 2, 2, 0, 0x402, "kthreadd");   /* TASK_IDLE: I */
	task(3, 30, 30, 1, 2, "app");          /* D */
	task(4, 31, 30, 1, 0, "app-thread");
	task(5, 32, 30, 1, 4, "app-stopped");  /* T */
	put32(TASK(5) + L.exit_state, 0);
	link_list(TASK(0) + L.tasks, procs, 3, L.tasks);
	link_list(SIG(3) + L.sig_thread_head, threads3, 3, L.thread_node);
	link_list(SIG(0) + L.sig_thread_head, self0, 1, L.thread_node);
	link_list(SIG(1) + L.sig_thread_head, self1, 1, L.thread_node);
	link_list(SIG(2) + L.sig_thread_head, self2, 1, L.thread_node);
}

int main(void)
{
	struct tasklist_stats st;
	struct seen s;
	char err[256];
	int rc;

	build();
	memset(&s, 0, sizeof(s));
	rc = tasklist_walk(&L, rd, NULL, collect, &s, &st, err, sizeof(err));
	CHECK(rc == 0 && s.n == 6, "every task once, threads included: %d (%s)", s.n, rc ? err : "ok");
	CHECK(s.pids[0] == 0 && s.pids[1] == 1 && s.pids[3] == 30 && s.pids[4] == 31 && s.pids[5] == 32,
	      "order: init_task, then each process followed by its threads");
	CHECK(s.ppids[1] == 0 && s.ppids[3] == 1 && s.ppids[4] == 1, "ppid is the real parent's tgid, 0 at the top");
	CHECK(s.states[1] == 'S' && s.states[2] == 'I' && s.states[3] == 'D' && s.states[5] == 'T' && s.states[0] == 'R',
	      "state letters: %.6s", s.states);
	CHECK(!strcmp(s.comms[4], "app-thread"), "comm");
	CHECK(tasklist_state_letter(0, 32) == 'Z' && tasklist_state_letter(0, 16) == 'X' &&
	      tasklist_state_letter(8, 0) == 't' && tasklist_state_letter(64, 0) == 'P', "Z X t P letters");

	/* A dangling next pointer ends that branch with a count. */
	put64(TASK(2) + L.tasks, 0xdead000000000100ull);
	memset(&s, 0, sizeof(s));
	rc = tasklist_walk(&L, rd, NULL, collect, &s, &st, err, sizeof(err));
	CHECK(rc == 0 && st.unreadable >= 1 && s.n == 3, "dangling pointer: %d tasks, %llu unreadable", s.n,
	      (unsigned long long)st.unreadable);

	/* A loop that never comes back to the head ends, counted. */
	build();
	put64(TASK(3) + L.tasks, TASK(2) + L.tasks);   /* 1 -> 2 -> 3 -> 2 -> ... */
	memset(&s, 0, sizeof(s));
	rc = tasklist_walk(&L, rd, NULL, collect, &s, &st, err, sizeof(err));
	CHECK(rc == 0 && s.n == 6 && st.cycles == 1 && !st.truncated, "loop in the task list: each task once (%d)",
	      s.n);

	/* A thread list pointing into itself (a list_head whose next is itself
	 * but is not the head) also ends, counted; the thread beyond it is
	 * found back from the head. */
	build();
	put64(TASK(4) + L.thread_node, TASK(4) + L.thread_node);
	memset(&s, 0, sizeof(s));
	rc = tasklist_walk(&L, rd, NULL, collect, &s, &st, err, sizeof(err));
	CHECK(rc == 0 && s.n == 6 && st.cycles == 1 && !st.truncated, "self-looping thread link: %d tasks, %llu cycles",
	      s.n, (unsigned long long)st.cycles);

	/* The signal_structs unreadable: every thread is still found through
	 * the tasks' own thread_node rings, and nothing counts as skipped. */
	build();
	memset(&s, 0, sizeof(s));
	rc = tasklist_walk(&L, rd_nosig, NULL, collect, &s, &st, err, sizeof(err));
	CHECK(rc == 0 && s.n == 6 && !st.unreadable && !st.cycles, "signal_structs unreadable: %d tasks, %llu skipped",
	      s.n, (unsigned long long)(st.unreadable + st.cycles));

	/* A leader in the middle of its thread ring (head, 4, 3, 5): the
	 * threads before it are found walking back. */
	{
		static const int ring[] = { 4, 3, 5 };

		build();
		link_list(SIG(3) + L.sig_thread_head, ring, 3, L.thread_node);
		memset(&s, 0, sizeof(s));
		rc = tasklist_walk(&L, rd_nosig, NULL, collect, &s, &st, err, sizeof(err));
		CHECK(rc == 0 && s.n == 6 && !st.unreadable && !st.cycles && s.pids[3] == 30,
		      "leader inside its thread ring: %d tasks, %llu skipped", s.n,
		      (unsigned long long)(st.unreadable + st.cycles));
	}

	/* A thread whose task_struct is unreadable is counted. */
	build();
	put64(TASK(4) + L.thread_node, 0xdead000000000100ull);
	memset(&s, 0, sizeof(s));
	rc = tasklist_walk(&L, rd, NULL, collect, &s, &st, err, sizeof(err));
	CHECK(rc == 0 && st.unreadable >= 1 && s.n == 6, "dangling thread link: %d tasks (5 found back), %llu unreadable",
	      s.n, (unsigned long long)st.unreadable);

	/* init_task unreadable: an error. */
	{
		struct tasklist_layout bad = L;

		bad.init_task = 0x1000;
		CHECK(tasklist_walk(&bad, rd, NULL, collect, &s, &st, err, sizeof(err)) < 0, "unreadable init_task: %s", err);
		bad = L;
		bad.state_size = 3;
		CHECK(tasklist_walk(&bad, rd, NULL, collect, &s, &st, err, sizeof(err)) < 0, "bad state size: %s", err);
	}
	UNIT_DONE();
}
