/*
 * Stack traces through the handle: where the ORC tables are (kallsyms),
 * which entry layout they use (BTF's struct orc_entry), the register and
 * frame layouts (BTF), the stacks a walk may use, and where a walk starts
 * (a CPU's PRSTATUS registers, a sleeping task's inactive_task_frame).
 * orc.c does the walking. Kernels that keep frame records instead (the
 * back end says so) are walked along them by frames.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"
#include "frames.h"
#include "oncpu.h"
#include "orc.h"

_Static_assert((int)C2_BT_DEPTH == (int)UNW_DEPTH && (int)C2_BT_END == (int)UNW_END && (int)C2_BT_MODULE == (int)UNW_MODULE,
	       "enum c2_bt_stop follows enum unw_stop");

#define MAX_STACKS 8

struct stackwalk {
	struct orc_table core;
	struct orc_format fmt;
	uint64_t text_lo, text_hi;      /* _stext, _etext: what the core table covers */
	uint64_t init_lo, init_hi;      /* _sinittext, _einittext: so does it */
	uint64_t image_lo, image_hi;    /* _text, _end: the kernel image, no module there */
	uint64_t thread_size;
	uint64_t per_cpu_offset;        /* __per_cpu_offset[] */
	uint64_t runqueues;             /* per-cpu struct rq */
	size_t task_stack, thread_sp, frame_size, frame_bp, frame_ret;
	struct oncpu_layout oncpu;      /* task_struct.cpu, .on_cpu, rq.curr */
	struct unw_regs_layout regs;
	int sp_indirect_old;
	/* A CPU's own stacks, looked up on a walk's first step off the task
	 * stack (cpu_stacks): 0 not yet, 1 done. */
	int cpu_syms;
	uint64_t irq_ptr;               /* per-cpu: the IRQ stack pointer; 0 unknown */
	uint64_t cea;                   /* per-cpu: struct cea_exception_stacks *; 0 unknown */
	/* struct module's arch.{num_orcs,orc_unwind_ip,orc_unwind}, from BTF
	 * on the first module frame: 0 not looked up, 1 found, -1 absent. */
	int mod_orc;
	size_t mod_num, mod_ip, mod_orc_tab;
	/* Frame records: a sleeping task's saved fp, sp and pc in task_struct. */
	size_t saved_fp, saved_sp, saved_pc;
	/* Each CPU's task found by its PRSTATUS pid (cpu_task_by_pid), all in
	 * one walk of the task list: 0 unknown; ncpu_tasks 0 until walked. */
	uint64_t *cpu_tasks;
	unsigned ncpu_tasks;
};

/* Stack kinds of one walk (bit numbers of its loop check). */
enum { K_TASK, K_IRQ, K_NMI, K_DF = 4, K_DB, K_MCE, K_VC, K_VC2 };

/* One walk's view: the handle, and the stacks it may read. */
struct walkctx {
	struct c2 *c2;
	struct stackwalk *w;
	struct unw_stack stacks[MAX_STACKS];
	int nstacks;
	/* The CPU whose own stacks (IRQ, exception) are added when the walk
	 * first reaches an address on none of the stacks above: a trace that
	 * never leaves the task's stack does not look them up. */
	unsigned cpu;
	int cpu_pending;
	int irq_by_code;        /* irq_stack_by_code() tried, or not wanted (a sleeping task's walk) */
	/* The module of the last module frame, and its ORC tables. */
	uint64_t mod_lo[C2_MOD_REGIONS], mod_hi[C2_MOD_REGIONS];
	unsigned mod_nregions;
	struct orc_table mod_table;
	int mod_ok;                     /* 1 mod_table usable, 0 not */
};

void stackwalk_free(struct stackwalk *w)
{
	if (w)
		free(w->cpu_tasks);
	free(w);
}

static int member(struct c2 *c2, const char *type, const char *path, size_t *off)
{
	struct c2_assumption a = { type, path, C2_ANY, C2_ANY, C2_ANY, 0 };
	int rc = c2_type_check(c2, &a, 1);

	*off = a.offset;
	return rc;
}

/* The entry layout, from BTF's struct orc_entry (its bitfields changed in
 * 6.3 and 6.4); never from the release. */
static int orc_layout(struct c2 *c2, struct orc_format *f)
{
	struct c2_member m;
	uint32_t id;
	int has_end, has_signal;

	if (c2_type_find(c2, "struct orc_entry", &id) < 0)
		return c2_fail(c2, C2_ETYPE, "stack: the types (%s) do not describe struct orc_entry: unknown ORC layout",
			       c2_types_source(c2) ? c2_types_source(c2) : "none");
	has_end = c2_type_member_path(c2, id, "end", &m) == 0;
	has_signal = c2_type_member_path(c2, id, "signal", &m) == 0;
	if (c2_type_member_path(c2, id, "type", &m) < 0 || c2_type_member_path(c2, id, "sp_reg", &m) < 0)
		return c2_fail(c2, C2_ETYPE, "stack: struct orc_entry has no type or sp_reg: unknown ORC layout");
	c2_type_member_path(c2, id, "type", &m);
	if (has_end && !has_signal && m.bit_size == 2 && m.bit_offset == 40)
		f->layout = ORC_LAYOUT_END;
	else if (has_end && has_signal && m.bit_size == 2 && m.bit_offset == 40)
		f->layout = ORC_LAYOUT_SIGNAL_END;
	else if (!has_end && has_signal && m.bit_size == 3 && m.bit_offset == 40)
		f->layout = ORC_LAYOUT_TYPE3;
	else
		return c2_fail(c2, C2_ETYPE,
			       "stack: struct orc_entry (type: %u bits at bit %llu, end %s, signal %s): unknown ORC layout",
			       m.bit_size, (unsigned long long)m.bit_offset, has_end ? "yes" : "no",
			       has_signal ? "yes" : "no");
	return 0;
}

static int read_c2(void *arg, uint64_t addr, void *buf, size_t len)
{
	return c2_read(arg, addr, buf, len);
}

/* THREAD_SIZE: the initial task's stack spans exactly one
 * (vmlinux.lds.h places __start_init_stack, or before 6.2
 * __start_init_task, and the end THREAD_SIZE after it). s and found hold
 * __start_init_stack, __end_init_stack, __start_init_task and
 * __end_init_task in this order. 0 if unknown. */
static uint64_t thread_size_of(const struct c2_sym *s, const int *found)
{
	uint64_t n = 0;

	if (found[0] && found[1])
		n = s[1].addr - s[0].addr;
	else if (found[2] && found[3])
		n = s[3].addr - s[2].addr;
	return !n || n > (1u << 20) || n & (n - 1) ? 0 : n;
}

/* THREAD_SIZE where the symbols lack the initial stack's bounds (a kernel
 * without CONFIG_KALLSYMS_ALL): a stack the kernel mapped in the vmalloc
 * area (CONFIG_VMAP_STACK) has a vm_struct (task_struct.stack_vm_area)
 * whose nr_pages counts its pages, the guard page not among them. Two of
 * the first tasks after init_task, each the owner of the area that starts
 * at its stack, must agree. 0 if unknown (the reason in the diagnostics). */
static uint64_t thread_size_vmapped(struct c2 *c2)
{
	size_t tasks, stack, area, addr, nr_pages;
	uint64_t t, first = 0, size = 0, agreed = 0;
	struct c2_sym init;
	int i;

	if (c2_sym_lookup_core(c2, "init_task", &init) < 0 || member(c2, "task_struct", "tasks", &tasks) < 0 ||
	    member(c2, "task_struct", "stack", &stack) < 0 ||
	    member(c2, "task_struct", "stack_vm_area", &area) < 0 || member(c2, "vm_struct", "addr", &addr) < 0 ||
	    member(c2, "vm_struct", "nr_pages", &nr_pages) < 0) {
		c2_diagf(c2, "stack: no stack size from a vmapped stack: %s", c2_error(c2));
		return 0;
	}
	t = init.addr;
	for (i = 0; i < 8 && agreed < 2; i++) {
		uint64_t next, st, vm, start;
		uint32_t n;

		if (c2_read_u64(c2, t + tasks, &next) < 0 || (t = next - tasks) == init.addr)
			break;
		if (c2_read_u64(c2, t + stack, &st) < 0 || c2_read_u64(c2, t + area, &vm) < 0 || !vm ||
		    c2_read_u64(c2, vm + addr, &start) < 0 || start != st || c2_read_u32(c2, vm + nr_pages, &n) < 0)
			continue;
		if (!agreed++)
			size = (uint64_t)n * c2->page_size;
		else if ((uint64_t)n * c2->page_size != size)
			size = 0;
		if (!first)
			first = t;
	}
	if (agreed < 2 || !size || size > (1u << 20) || size & (size - 1)) {
		c2_diagf(c2, "stack: no stack size from a vmapped stack (%llu tasks with one agreed)",
			 (unsigned long long)agreed);
		return 0;
	}
	c2_diagf(c2, "stack: stacks of %llu bytes, as the vmapped stacks of two tasks from 0x%llx count them",
		 (unsigned long long)size, (unsigned long long)first);
	return size;
}

/* Which task each CPU runs (oncpu.h), for both unwinders: the per-CPU
 * symbols already found, where a task keeps its CPU (in thread_info since
 * 5.16), the runqueue's curr, and task_struct.on_cpu (an int, a u8 beside
 * on_rq in 7.x; absent without SMP, when the runqueue alone tells). */
static int oncpu_setup(struct c2 *c2, struct stackwalk *w)
{
	static const int64_t on_cpu_sizes[] = { 4, 1 };
	size_t i;
	int rc;

	w->oncpu.per_cpu_offset = w->per_cpu_offset;
	w->oncpu.runqueues = w->runqueues;
	if ((member(c2, "task_struct", "cpu", &w->oncpu.task_cpu) < 0 &&
	     (rc = member(c2, "task_struct", "thread_info.cpu", &w->oncpu.task_cpu)) < 0) ||
	    (rc = member(c2, "rq", "curr", &w->oncpu.rq_curr)) < 0)
		return rc;
	for (i = 0; i < sizeof(on_cpu_sizes) / sizeof(on_cpu_sizes[0]) && !w->oncpu.has_on_cpu; i++) {
		uint64_t off;

		if (c2_assert_member(c2, "task_struct", "on_cpu", C2_KIND_INT, on_cpu_sizes[i], &off) == 0) {
			w->oncpu.has_on_cpu = 1;
			w->oncpu.task_on_cpu = off;
			w->oncpu.on_cpu_size = on_cpu_sizes[i];
		}
	}
	return 0;
}

/* The task-struct layout a walk along frame records needs, and the
 * per-CPU facts that tell which task a CPU runs. */
static int setup_frames(struct c2 *c2, struct stackwalk **out)
{
	static const char *const names[] = {
		"__start_init_stack", "__end_init_stack", "__start_init_task", "__end_init_task",
		"__per_cpu_offset", "runqueues",
	};
	enum { STK0, STK1, TASK0, TASK1, PCPU, RQ, N };
	const struct arch *a = c2->arch;
	struct c2_sym s[N];
	int found[N], rc;
	struct stackwalk *w;

	if ((rc = sym_lookup_many_core(c2, names, N, s, found)) < 0)
		return rc;
	if (!(w = calloc(1, sizeof(*w))))
		return c2_fail(c2, C2_ENOMEM, "out of memory");
	if (!(w->thread_size = thread_size_of(s, found)) && !(w->thread_size = thread_size_vmapped(c2))) {
		free(w);
		return c2_fail(c2, C2_ENOENT, "stack: the kernel stack size is unknown (no __start_init_stack/__end_init_stack in %s)",
			       c2_sym_source(c2));
	}
	w->per_cpu_offset = found[PCPU] ? s[PCPU].addr : 0;
	w->runqueues = found[RQ] ? s[RQ].addr : 0;
	if ((rc = member(c2, "task_struct", "stack", &w->task_stack)) < 0 || (rc = oncpu_setup(c2, w)) < 0 ||
	    (rc = member(c2, "task_struct", a->task_saved_fp, &w->saved_fp)) < 0 ||
	    (rc = member(c2, "task_struct", a->task_saved_sp, &w->saved_sp)) < 0 ||
	    (rc = member(c2, "task_struct", a->task_saved_pc, &w->saved_pc)) < 0) {
		free(w);
		return rc;
	}
	c2_diagf(c2, "stack: frame records (%s kernels); stacks of %llu bytes", a->name,
		 (unsigned long long)w->thread_size);
	c2->stack = w;
	*out = w;
	return 0;
}

static int setup(struct c2 *c2, struct stackwalk **out)
{
	static const char *const names[] = {
		"__start_orc_unwind_ip", "__stop_orc_unwind_ip", "__start_orc_unwind", "__stop_orc_unwind",
		"_stext", "_etext", "__start_init_stack", "__end_init_stack", "__start_init_task", "__end_init_task",
		"__per_cpu_offset", "runqueues", "asm_call_on_stack", "_sinittext", "_einittext", "_text", "_end",
	};
	enum { IP0, IP1, ORC0, ORC1, STEXT, ETEXT, STK0, STK1, TASK0, TASK1, PCPU, RQ, ACOS, SINIT, EINIT, TEXT, END, N };
	struct c2_sym s[N];
	int found[N], rc;
	const struct arch *a = c2->arch;
	struct stackwalk *w;
	uint32_t id;
	struct c2_type t;
	unsigned raw_sp, raw_bp, ncall;
	uint64_t bad;

	if (c2->stack) {
		*out = c2->stack;
		return 0;
	}
	if (a && a->unwinder == ARCH_UNWIND_FRAME_RECORDS)
		return setup_frames(c2, out);
	if (!a || a->unwinder != ARCH_UNWIND_ORC)
		return c2_fail(c2, a ? C2_ENOTSUP : C2_EINVAL, "stack: no unwinder for %s kernels", a ? a->name : "this dump's");
	if ((rc = sym_lookup_many_core(c2, names, N, s, found)) < 0)
		return rc;
	if (!found[IP0] || !found[IP1] || !found[ORC0])
		return c2_fail(c2, C2_ENOENT,
			       "stack: no ORC tables (__start_orc_unwind_ip, __stop_orc_unwind_ip, __start_orc_unwind) in %s",
			       c2_sym_source(c2));
	if (!found[STEXT] || !found[ETEXT])
		return c2_fail(c2, C2_ENOENT, "stack: no _stext or _etext in %s", c2_sym_source(c2));
	if (!(w = calloc(1, sizeof(*w))))
		return c2_fail(c2, C2_ENOMEM, "out of memory");
	w->core.ip_table = s[IP0].addr;
	w->core.orc_table = s[ORC0].addr;
	w->core.n = (s[IP1].addr - s[IP0].addr) / 4;
	w->text_lo = s[STEXT].addr;
	w->text_hi = s[ETEXT].addr;
	/* The tables cover the init text too (freed after boot, but the
	 * boot CPU's idle task still returns into it). */
	if (found[SINIT] && found[EINIT] && s[SINIT].addr < s[EINIT].addr) {
		w->init_lo = s[SINIT].addr;
		w->init_hi = s[EINIT].addr;
	}
	if (found[TEXT] && found[END] && s[TEXT].addr < s[END].addr) {
		w->image_lo = s[TEXT].addr;
		w->image_hi = s[END].addr;
	}
	if (s[IP1].addr <= s[IP0].addr || (s[IP1].addr - s[IP0].addr) % 4 ||
	    (found[ORC1] && s[ORC1].addr - s[ORC0].addr != w->core.n * ORC_ENTRY_SIZE)) {
		uint64_t n = w->core.n;

		free(w);
		return c2_fail(c2, C2_EFORMAT, "stack: the ORC tables' bounds disagree (%llu ip entries)",
			       (unsigned long long)n);
	}
	if (!(w->thread_size = thread_size_of(s + STK0, found + STK0)) && !(w->thread_size = thread_size_vmapped(c2))) {
		free(w);
		return c2_fail(c2, C2_ENOENT, "stack: the kernel stack size is unknown (no __start_init_stack/__end_init_stack)");
	}
	w->per_cpu_offset = found[PCPU] ? s[PCPU].addr : 0;
	w->runqueues = found[RQ] ? s[RQ].addr : 0;
	/* SP_INDIRECT changed meaning in 5.12, with the IRQ stack switch
	 * that replaced asm_call_on_stack. */
	w->sp_indirect_old = found[ACOS];

	if ((rc = orc_layout(c2, &w->fmt)) < 0 ||
	    (rc = member(c2, "task_struct", "stack", &w->task_stack)) < 0 ||
	    (rc = member(c2, "task_struct", "thread.sp", &w->thread_sp)) < 0 || (rc = oncpu_setup(c2, w)) < 0 ||
	    (rc = member(c2, "inactive_task_frame", "bp", &w->frame_bp)) < 0 ||
	    (rc = member(c2, "inactive_task_frame", "ret_addr", &w->frame_ret)) < 0 ||
	    (rc = member(c2, "pt_regs", a->ptregs_pc, &w->regs.ip)) < 0 ||
	    (rc = member(c2, "pt_regs", a->ptregs_sp, &w->regs.sp)) < 0 ||
	    (rc = member(c2, "pt_regs", a->ptregs_fp, &w->regs.bp)) < 0 ||
	    (rc = member(c2, "pt_regs", a->ptregs_cs, &w->regs.cs)) < 0 ||
	    (rc = member(c2, "pt_regs", a->ptregs_r10, &w->regs.r10)) < 0 ||
	    (rc = member(c2, "pt_regs", a->ptregs_r13, &w->regs.r13)) < 0 ||
	    (rc = member(c2, "pt_regs", a->ptregs_di, &w->regs.di)) < 0 ||
	    (rc = member(c2, "pt_regs", a->ptregs_dx, &w->regs.dx)) < 0) {
		free(w);
		return rc;
	}
	if (c2_type_find(c2, "struct pt_regs", &id) < 0 || c2_type_get(c2, id, &t) < 0 || t.size > 512) {
		free(w);
		return c2_fail(c2, C2_ETYPE, "stack: no size for struct pt_regs");
	}
	w->regs.size = t.size;
	if (c2_type_find(c2, "struct inactive_task_frame", &id) < 0 || c2_type_get(c2, id, &t) < 0 || t.size > 512) {
		free(w);
		return c2_fail(c2, C2_ETYPE, "stack: no size for struct inactive_task_frame");
	}
	w->frame_size = t.size;
	w->regs.user_mode_mask = a->user_mode_mask;
	rc = orc_detect_numbering(&w->core, &w->fmt, read_c2, c2, 256, &raw_sp, &raw_bp, &ncall, &bad);
	if (rc) {
		free(w);
		if (rc < 0)
			return rc;
		return c2_fail(c2, C2_ETYPE, "stack: the ORC table's register numbers are not any known numbering "
			       "(%u call frames sampled: most take their CFA from register %u, their frame pointer "
			       "from %u): unknown ORC layout", ncall, raw_sp, raw_bp);
	}
	c2_diagf(c2, "stack: ORC tables at %#llx, %llu entries, layout %s, register numbers %s; stacks of %llu bytes",
		 (unsigned long long)w->core.ip_table, (unsigned long long)w->core.n,
		 w->fmt.layout == ORC_LAYOUT_END ? "type:2 end:1 (before 6.3)"
		 : w->fmt.layout == ORC_LAYOUT_SIGNAL_END ? "type:2 signal:1 end:1 (6.3)"
							  : "type:3 signal:1 (6.4 on)",
		 w->fmt.numbering == ORC_NUM_71 ? "of 7.1 on (SP 3)" : "classic (SP 5)",
		 (unsigned long long)w->thread_size);
	c2->stack = w;
	*out = w;
	return 0;
}

static int rd(void *arg, uint64_t addr, void *buf, size_t len)
{
	return c2_read(((struct walkctx *)arg)->c2, addr, buf, len);
}

static int core_text(const struct stackwalk *w, uint64_t ip)
{
	return (ip >= w->text_lo && ip < w->text_hi) || (ip >= w->init_lo && ip < w->init_hi);
}

static int module_text(const struct c2 *c2, const struct stackwalk *w, uint64_t ip)
{
	return ip >= c2->arch->module_start && ip < c2->arch->module_end && !(ip >= w->image_lo && ip < w->image_hi);
}

static int in_cached_module(const struct walkctx *x, uint64_t ip)
{
	unsigned i;

	for (i = 0; i < x->mod_nregions; i++)
		if (ip >= x->mod_lo[i] && ip < x->mod_hi[i])
			return 1;
	return 0;
}

/*
 * The ORC tables of the module holding ip (mod->arch, as the kernel's
 * orc_module_find reads them): 0 with x->mod_table; UNW_NO_ORC when ip is
 * in no module; UNW_MODULE when the module's tables are missing or not
 * believable (a count larger than the module, a table outside its memory);
 * UNW_UNREADABLE with *bad.
 */
static int module_table(struct walkctx *x, uint64_t ip, uint64_t *bad)
{
	struct c2 *c2 = x->c2;
	struct stackwalk *w = x->w;
	struct c2_module m;
	uint64_t ipt, orct;
	uint32_t n;
	unsigned i;

	if (x->mod_nregions && in_cached_module(x, ip))
		return x->mod_ok ? 0 : UNW_MODULE;
	if (!w->mod_orc) {
		w->mod_orc = member(c2, "module", "arch.num_orcs", &w->mod_num) == 0 &&
					     member(c2, "module", "arch.orc_unwind_ip", &w->mod_ip) == 0 &&
					     member(c2, "module", "arch.orc_unwind", &w->mod_orc_tab) == 0
				     ? 1
				     : -1;
		if (w->mod_orc < 0)
			c2_diagf(c2, "stack: struct module has no arch.num_orcs, arch.orc_unwind_ip, arch.orc_unwind: "
				 "module code cannot be unwound");
	}
	if (c2_module_by_addr(c2, ip, &m) < 0)
		return UNW_NO_ORC;
	x->mod_ok = 0;
	for (i = 0; i < m.nregions && i < C2_MOD_REGIONS; i++) {
		x->mod_lo[i] = m.region[i].base;
		x->mod_hi[i] = m.region[i].base + m.region[i].size;
	}
	x->mod_nregions = i;
	if (w->mod_orc < 0)
		return UNW_MODULE;
	if (c2_read_u32(c2, m.addr + w->mod_num, &n) < 0) {
		*bad = m.addr + w->mod_num;
		return UNW_UNREADABLE;
	}
	if (c2_read_u64(c2, m.addr + w->mod_ip, &ipt) < 0) {
		*bad = m.addr + w->mod_ip;
		return UNW_UNREADABLE;
	}
	if (c2_read_u64(c2, m.addr + w->mod_orc_tab, &orct) < 0) {
		*bad = m.addr + w->mod_orc_tab;
		return UNW_UNREADABLE;
	}
	/* Both tables lie whole in the module's own memory (the kernel
	 * points them into its read-only data). */
	x->mod_table.ip_table = ipt;
	x->mod_table.orc_table = orct;
	x->mod_table.n = n;
	if (!orc_table_within(&x->mod_table, x->mod_lo, x->mod_hi, x->mod_nregions)) {
		c2_diagf(c2, "stack: module %s (%#llx): its ORC tables (%u entries, ip table %#llx, entries %#llx) "
			 "are not within the module: not used",
			 m.name, (unsigned long long)m.addr, n, (unsigned long long)ipt, (unsigned long long)orct);
		return UNW_MODULE;
	}
	x->mod_ok = 1;
	return 0;
}

static int find(void *arg, uint64_t ip, struct orc_entry *e, uint64_t *bad)
{
	struct walkctx *x = arg;
	const struct orc_table *t = &x->w->core;
	int rc;

	if (!core_text(x->w, ip)) {
		if (!module_text(x->c2, x->w, ip))
			return UNW_NO_ORC;
		if ((rc = module_table(x, ip, bad)) != 0)
			return rc;
		t = &x->mod_table;
	}
	rc = orc_find(t, &x->w->fmt, rd, x, ip, e, bad);
	if (rc < 0)
		return UNW_UNREADABLE;
	return rc ? UNW_NO_ORC : 0;
}

static int is_text(void *arg, uint64_t ip)
{
	struct walkctx *x = arg;

	return core_text(x->w, ip) || module_text(x->c2, x->w, ip);
}

static void cpu_stacks(struct walkctx *x, unsigned cpu);
static void irq_stack_by_code(struct walkctx *x, unsigned cpu, uint64_t addr, size_t len);

static int stack_of(void *arg, uint64_t addr, size_t len, struct unw_stack *s)
{
	struct walkctx *x = arg;
	int i;

	for (i = 0; i < x->nstacks; i++)
		if (addr >= x->stacks[i].lo && addr + len <= x->stacks[i].hi && addr + len >= addr) {
			*s = x->stacks[i];
			return 0;
		}
	if (x->cpu_pending) {
		x->cpu_pending = 0;
		cpu_stacks(x, x->cpu);
		return stack_of(arg, addr, len, s);
	}
	if (!x->irq_by_code && x->w->cpu_syms && (!x->w->irq_ptr || !x->w->per_cpu_offset)) {
		x->irq_by_code = 1;
		irq_stack_by_code(x, x->cpu, addr, len);
		return stack_of(arg, addr, len, s);
	}
	return -1;
}

static void ops_init(struct unw_ops *o, struct walkctx *x)
{
	memset(o, 0, sizeof(*o));
	o->read = rd;
	o->find = find;
	o->is_text = is_text;
	o->stack_of = stack_of;
	o->arg = x;
	o->regs = x->w->regs;
	o->sp_indirect_old = x->w->sp_indirect_old;
}

/* A CPU's IRQ stack from its per-cpu pointer p (arch.h: at its lowest
 * byte or at its top word), THREAD_SIZE bytes. */
static uint64_t irq_stack_lo(const struct arch *a, const struct stackwalk *w, uint64_t p)
{
	return a->irq_stack_at_base ? p : p + 8 - w->thread_size;
}

static void add_stack(struct walkctx *x, uint64_t lo, uint64_t hi, int kind)
{
	if (x->nstacks < MAX_STACKS && lo < hi) {
		x->stacks[x->nstacks].lo = lo;
		x->stacks[x->nstacks].hi = hi;
		x->stacks[x->nstacks].kind = kind;
		x->nstacks++;
	}
}

static int task_stack(struct walkctx *x, uint64_t task)
{
	uint64_t stack;
	int rc;

	if ((rc = c2_read_u64(x->c2, task + x->w->task_stack, &stack)) < 0)
		return rc;
	if (stack & (x->c2->page_size - 1))
		return c2_fail(x->c2, C2_EFORMAT, "stack: task %#llx: its stack %#llx is not page-aligned",
			       (unsigned long long)task, (unsigned long long)stack);
	add_stack(x, stack, stack + x->w->thread_size, K_TASK);
	return 0;
}

/* A CPU's own stacks: the IRQ stack (IRQ_STACK_SIZE is THREAD_SIZE) and the
 * exception stacks in its cpu_entry_area, each as BTF's struct
 * cea_exception_stacks lays them out. What cannot be read is left out: a
 * walk that needs it stops there, saying so. */
static void cpu_stacks(struct walkctx *x, unsigned cpu)
{
	static const struct {
		const char *member;
		int kind;
	} exc[] = {
		{ "NMI_stack", K_NMI }, { "DF_stack", K_DF }, { "DB_stack", K_DB },
		{ "MCE_stack", K_MCE }, { "VC_stack", K_VC }, { "VC2_stack", K_VC2 },
	};
	const struct arch *a = x->c2->arch;
	const char *names[] = { a->irq_stack_var, a->irq_stack_holder ? a->irq_stack_holder : a->irq_stack_var,
				"cea_exception_stacks" };
	enum { HSP, HOT, CEA, N };
	struct c2 *c2 = x->c2;
	struct stackwalk *w = x->w;
	struct c2_member m;
	struct c2_sym s[N];
	uint64_t off, top, cea;
	uint32_t id;
	int found[N];
	size_t i;

	if (!a->irq_stack_var)
		return;
	if (!w->cpu_syms && sym_lookup_many_core(c2, names, N, s, found) == 0) {
		/* The IRQ stack: a per-cpu pointer of its own, or a member of
		 * that name in a per-cpu struct (x86_64's pcpu_hot, 6.2 on). */
		if (found[HSP])
			w->irq_ptr = s[HSP].addr;
		else if (a->irq_stack_holder && found[HOT] &&
			 member(c2, a->irq_stack_holder, a->irq_stack_var, &w->irq_ptr) == 0)
			w->irq_ptr += s[HOT].addr;
		w->cea = found[CEA] ? s[CEA].addr : 0;
	}
	w->cpu_syms = 1;
	if (!w->per_cpu_offset || c2_read_u64(c2, w->per_cpu_offset + 8ull * cpu, &off) < 0)
		return;
	if (w->irq_ptr && c2_read_u64(c2, w->irq_ptr + off, &top) == 0 && top)
		add_stack(x, irq_stack_lo(a, w, top), irq_stack_lo(a, w, top) + w->thread_size, K_IRQ);
	if (!w->cea || c2_read_u64(c2, w->cea + off, &cea) < 0 || !cea ||
	    c2_type_find(c2, "struct cea_exception_stacks", &id) < 0)
		return;
	for (i = 0; i < sizeof(exc) / sizeof(exc[0]); i++)
		if (c2_type_member_path(c2, id, exc[i].member, &m) == 0 && m.size)
			add_stack(x, cea + m.offset, cea + m.offset + m.size, exc[i].kind);
}

/* The generic function that indexes __per_cpu_offset (cpu_rq(cpu) in
 * kernel/sched/core.c: the CPU's offset plus &runqueues). */
#define PER_CPU_OFFSET_CODE "nr_iowait_cpu"

/* A CPU's IRQ stack on a kernel whose symbols list no variables (no
 * CONFIG_KALLSYMS_ALL: Debian 12's arm64 one): the arch's irq_stack_code
 * function loads the per-cpu pointer's address, PER_CPU_OFFSET_CODE that
 * of __per_cpu_offset (or the symbol is there). Each pair of candidates
 * the back end reads in their code gives a stack; the one that holds addr,
 * a frame record the walk reached off the task's stack, is taken: a
 * THREAD_SIZE range that holds an address of the walk's own is no
 * coincidence, and the walk still checks every record on it. */
static void irq_stack_by_code(struct walkctx *x, unsigned cpu, uint64_t addr, size_t len)
{
	const struct arch *a = x->c2->arch;
	struct stackwalk *w = x->w;
	struct arch_code_addr *ir = NULL, *pc = NULL, kir = { w->irq_ptr, 0 }, kpc = { w->per_cpu_offset, 0 };
	size_t nir = 1, npc = 1, i, j;
	uint64_t off, p, lo;

	/* The symbols' address where there is one, else the code's. */
	if (!a->irq_stack_code || (!w->irq_ptr && sym_code_addrs(x->c2, a->irq_stack_code, &ir, &nir) < 0) ||
	    (!w->per_cpu_offset && sym_code_addrs(x->c2, PER_CPU_OFFSET_CODE, &pc, &npc) < 0))
		goto out;
	for (j = 0; j < npc; j++) {
		const struct arch_code_addr *o = pc ? &pc[j] : &kpc;

		if (o->load || c2_read_u64(x->c2, o->addr + 8ull * cpu, &off) < 0)
			continue;
		for (i = 0; i < nir; i++) {
			const struct arch_code_addr *v = ir ? &ir[i] : &kir;

			if (v->load || c2_read_u64(x->c2, v->addr + off, &p) < 0 || !p)
				continue;
			lo = irq_stack_lo(a, w, p);
			if (addr >= lo && addr + len <= lo + w->thread_size && addr + len >= addr) {
				add_stack(x, lo, lo + w->thread_size, K_IRQ);
				c2_diagf(x->c2, "stack: CPU %u's IRQ stack at %#llx: %s%s, __per_cpu_offset%s", cpu,
					 (unsigned long long)lo, ir ? "its pointer found in the code of " : a->irq_stack_var,
					 ir ? a->irq_stack_code : "", pc ? " in the code of " PER_CPU_OFFSET_CODE : "");
				goto out;
			}
		}
	}
out:
	free(ir);
	free(pc);
}

static int public_kind(int k)
{
	return k == K_TASK ? C2_STACK_TASK : k == K_IRQ ? C2_STACK_IRQ : k == K_NMI ? C2_STACK_NMI : C2_STACK_EXCEPTION;
}

static void end_of(const struct unw_state *s, struct c2_bt_end *end)
{
	end->reason = s->stop;
	end->addr = s->stop_addr;
	end->text = unw_stop_text(s->stop);
	end->normal = s->stop == UNW_END || s->stop == UNW_USER;
	if (s->stop == UNW_USER) {
		end->regs = s->regs;
		end->regs_from = s->regs_from;
	}
}

static int emit(int (*cb)(void *, const struct c2_frame *), void *arg, const struct unw_state *s, unsigned n,
		const char *how)
{
	struct c2_frame f = { n, s->ip, s->sp, s->slot, s->signal, public_kind(s->stack.kind), how, s->regs, s->regs_from };

	return cb(arg, &f);
}

/* Walk on from s until it stops or cb says so. */
static int walk(const struct unw_ops *o, struct unw_state *s, unsigned n, int (*cb)(void *, const struct c2_frame *),
		void *arg, struct c2_bt_end *end)
{
	int rc;

	while (unw_next(o, s)) {
		if ((rc = emit(cb, arg, s, ++n, NULL)) != 0)
			return rc;
	}
	end_of(s, end);
	return 0;
}

/* The tasks with each CPU's PRSTATUS pid (a pid of -1: none); a few at
 * most per pid (threads of an exec'ing process may share it briefly). */
struct by_pid {
	unsigned n;
	int32_t *pid;
	uint64_t (*task)[4];
	unsigned *found;
};

static int add_by_pid(void *arg, const struct c2_task *t)
{
	struct by_pid *f = arg;
	unsigned i;

	for (i = 0; i < f->n; i++)
		if (t->pid == f->pid[i] && f->found[i] < 4)
			f->task[i][f->found[i]++] = t->addr;
	return 0;
}

/* Every CPU's task by its PRSTATUS pid, in one walk of the task list: the
 * task with that pid that says it is on that CPU (on_cpu set, its cpu that
 * one). The pid is only a hint: a QEMU dump's notes number the CPUs. */
static int find_cpu_tasks(struct c2 *c2, struct stackwalk *w)
{
	struct by_pid f = { 0 };
	unsigned n, cpu, i, on;
	uint64_t pid, bad;
	int rc;

	if ((rc = c2_cpu_count(c2, &n)) < 0)
		return rc;
	if (!n)
		return c2_fail(c2, C2_ENOENT, "stack: the dump has no CPU notes");
	f.n = n;
	f.pid = calloc(n, sizeof(*f.pid));
	f.task = calloc(n, sizeof(*f.task));
	f.found = calloc(n, sizeof(*f.found));
	w->cpu_tasks = calloc(n, sizeof(*w->cpu_tasks));
	if (!f.pid || !f.task || !f.found || !w->cpu_tasks) {
		rc = c2_fail(c2, C2_ENOMEM, "out of memory");
		goto out;
	}
	for (cpu = 0; cpu < n; cpu++)
		f.pid[cpu] = c2_cpu_pid(c2, cpu, &pid) < 0 || pid > INT32_MAX ? -1 : (int32_t)pid;
	if ((rc = c2_task_foreach(c2, add_by_pid, &f, NULL)) < 0)
		goto out;
	for (cpu = 0; cpu < n; cpu++)
		for (i = 0; i < f.found[cpu] && !w->cpu_tasks[cpu]; i++)
			if (oncpu_task(&w->oncpu, read_c2, c2, f.task[cpu][i], &on, &bad) == ONCPU_CURR && on == cpu)
				w->cpu_tasks[cpu] = f.task[cpu][i];
	w->ncpu_tasks = n;
out:
	if (rc < 0) {
		free(w->cpu_tasks);
		w->cpu_tasks = NULL;
	}
	free(f.pid);
	free(f.task);
	free(f.found);
	return rc;
}

/* A CPU's task without the runqueues (a kernel whose symbols list no
 * variables), from find_cpu_tasks. */
static int cpu_task_by_pid(struct c2 *c2, struct stackwalk *w, unsigned cpu, uint64_t *task)
{
	uint64_t pid;
	int rc;

	if (!w->oncpu.has_on_cpu || c2_cpu_pid(c2, cpu, &pid) < 0 || pid > INT32_MAX)
		return c2_fail(c2, C2_ENOENT, "stack: no __per_cpu_offset or runqueues, and no pid in PRSTATUS to "
					      "tell CPU %u's task", cpu);
	if (!w->ncpu_tasks && (rc = find_cpu_tasks(c2, w)) < 0)
		return rc;
	if (cpu < w->ncpu_tasks && w->cpu_tasks[cpu]) {
		c2_diagf(c2, "stack: CPU %u runs pid %llu (its PRSTATUS note's pid, on that CPU by its on_cpu)", cpu,
			 (unsigned long long)pid);
		*task = w->cpu_tasks[cpu];
		return 0;
	}
	return c2_fail(c2, C2_ENOENT, "stack: no __per_cpu_offset or runqueues, and no task with CPU %u's PRSTATUS pid "
				      "%llu is on that CPU: its task is unknown", cpu, (unsigned long long)pid);
}

static int cpu_task(struct c2 *c2, struct stackwalk *w, unsigned cpu, uint64_t *task)
{
	uint64_t off;
	int rc;

	if (!w->per_cpu_offset || !w->runqueues)
		return cpu_task_by_pid(c2, w, cpu, task);
	if ((rc = c2_read_u64(c2, w->per_cpu_offset + 8ull * cpu, &off)) < 0 ||
	    (rc = c2_read_u64(c2, w->runqueues + off + w->oncpu.rq_curr, task)) < 0)
		return rc;
	return 0;
}

/* The log's last report of a crash: "Kernel panic - not syncing", an
 * oops ("Oops", arm64's "Internal error"), then the header dump_stack
 * prints on the CPU that crashes, "CPU: N [UID: U ]PID: P Comm: ...". */
struct crash_header {
	int after_crash;         /* the record before was a panic or oops line */
	int found;
	unsigned cpu;
	unsigned long long pid;
};

static int starts(const struct c2_log_record *r, const char *word)
{
	size_t n = strlen(word);

	return r->text_len >= n && !memcmp(r->text, word, n);
}

static int crash_header_cb(void *arg, const struct c2_log_record *r)
{
	struct crash_header *h = arg;
	char line[160];
	const char *pid;
	unsigned cpu;
	unsigned long long v;

	if (h->after_crash && starts(r, "CPU: ")) {
		snprintf(line, sizeof(line), "%.*s", (int)(r->text_len < 159 ? r->text_len : 159), r->text);
		if (sscanf(line, "CPU: %u ", &cpu) == 1 && (pid = strstr(line, " PID: ")) &&
		    sscanf(pid, " PID: %llu ", &v) == 1) {
			h->found = 1;
			h->cpu = cpu;
			h->pid = v;
		}
	}
	h->after_crash = starts(r, "Kernel panic - not syncing") || starts(r, "Oops") ||
			 starts(r, "Internal error:");
	return 0;
}

/* Which CPU crashed, without panic_cpu (a kernel whose symbols list no
 * variables): the CPU the log's last crash report names, when that CPU's
 * PRSTATUS note holds the pid the report names and that task says it runs
 * there (on_cpu, its cpu). */
static int crashed_cpu_from_log(struct c2 *c2, unsigned *cpu)
{
	struct crash_header h = { 0 };
	struct stackwalk *w;
	uint64_t pid, task;
	int rc;

	if ((rc = c2_log_foreach(c2, crash_header_cb, &h)) < 0)
		return rc;
	if (!h.found)
		return c2_fail(c2, C2_ENODATA, "no panic_cpu, and no crash report (\"CPU: N ... PID: P\" after a panic "
					       "or oops) in the log");
	if (c2_cpu_pid(c2, h.cpu, &pid) < 0 || pid != h.pid)
		return c2_fail(c2, C2_ENODATA, "no panic_cpu, and the log's crash report (CPU %u, pid %llu) is not "
					       "what CPU %u's PRSTATUS note holds", h.cpu, h.pid, h.cpu);
	/* Only the layout that tells where a task runs (not the unwinder's,
	 * which may need tables a code-only table does not name either). */
	if (!(w = calloc(1, sizeof(*w))))
		return c2_fail(c2, C2_ENOMEM, "out of memory");
	if ((rc = oncpu_setup(c2, w)) == 0)
		rc = cpu_task_by_pid(c2, w, h.cpu, &task);
	free(w);
	if (rc < 0)
		return c2_fail(c2, C2_ENODATA, "no panic_cpu, and the log's crash report (CPU %u, pid %llu) is not "
					       "confirmed: %s", h.cpu, h.pid, c2_error(c2));
	c2_diagf(c2, "stack: CPU %u crashed: the log's last crash report names it and pid %llu, which its PRSTATUS "
		     "note holds and which runs there", h.cpu, h.pid);
	*cpu = h.cpu;
	return 0;
}

int c2_crashed_cpu(struct c2 *c2, unsigned *cpu)
{
	struct c2_sym s;
	int32_t v;
	int rc;

	if ((rc = c2_sym_lookup_core(c2, "panic_cpu", &s)) < 0) {
		if (*sym_missing_note(c2))
			return crashed_cpu_from_log(c2, cpu);
		return c2_fail(c2, C2_ENODATA, "%s", c2_error(c2));
	}
	if ((rc = c2_read(c2, s.addr, &v, 4)) < 0)
		return rc;
	if (v < 0)
		return c2_fail(c2, C2_ENOENT, "no CPU panicked (panic_cpu is %d)", v);
	*cpu = (unsigned)v;
	return 0;
}

static uint64_t reg(const struct c2_reg *r, size_t n, const char *name, int *found)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(r[i].name, name)) {
			*found = 1;
			return r[i].value;
		}
	*found = 0;
	return 0;
}

/*
 * A register snapshot taken where ORC has nothing to say (kdump's
 * crash_setup_regs inside __crash_kexec, which objtool leaves undefined):
 * the caller's frame holds the return address of the call into the
 * function. Look for it upward from sp, among the words of the same stack:
 * a text address right after a direct call to the function that holds pc.
 * Only that exact proof counts; anything else ends the walk as before.
 */
static int past_snapshot(struct walkctx *x, const struct unw_ops *o, struct unw_state *s, const char **how)
{
	static char buf[C2_SYM_NAME_MAX + 64];
	struct c2 *c2 = x->c2;
	const struct arch *a = c2->arch;
	struct c2_sym fn;
	uint64_t off, addr, v, target, bad;
	uint8_t code[16];
	unsigned i;

	if (!a->call_target || a->call_len > sizeof(code) || c2_sym_resolve(c2, s->ip, &fn, &off) < 0)
		return -1;
	for (i = 0, addr = s->sp; i < 512 && addr + 8 <= s->stack.hi; i++, addr += 8) {
		if (c2_read_u64(c2, addr, &v) < 0)
			return -1;
		if (!core_text(x->w, v) || c2_read(c2, v - a->call_len, code, a->call_len) < 0 ||
		    a->call_target(code, v, &target) < 0)
			continue;
		/* The function itself, or its padding before it (calls
		 * through a call-depth thunk land there). */
		if (target > fn.addr || fn.addr - target > 16)
			continue;
		snprintf(buf, sizeof(buf), "the call into %s found on the stack at %#llx", fn.name,
			 (unsigned long long)addr);
		*how = buf;
		c2_diagf(c2, "stack: ORC is undefined at the registers' pc (%s+%#llx), a register snapshot: %s", fn.name,
			 (unsigned long long)off, buf);
		s->stop = 0;
		s->stop_addr = 0;
		s->ip = v;
		s->sp = addr + 8;
		s->slot = addr;
		s->signal = 0;
		/* bp is still the caller's when the function never saves it
		 * (no ORC entry of it says where a saved bp is). */
		s->bp_known = s->bp_known && fn.size &&
			      orc_saves_bp(&x->w->core, &x->w->fmt, rd, x, fn.addr, fn.addr + fn.size, &bad) == 0;
		s->regs = s->prev_regs = 0;
		s->full_regs = 0;
		(void)o;
		return 0;
	}
	return -1;
}

/* Where a CPU's walk starts: the registers of its note. */
struct cpu_start {
	uint64_t ip, sp, bp, cs;
	int has_bp, has_cs;
};

/* 0 with *r; 1 when the note holds no registers (a live kernel's
 * /proc/kcore has one note, of zeros); negative when there is no note. */
static int cpu_start(struct c2 *c2, unsigned cpu, struct cpu_start *r)
{
	struct c2_reg regs[64];
	size_t n;
	int rc, f1, f2;

	if ((rc = c2_cpu_regs(c2, cpu, regs, 64, &n)) < 0)
		return rc;
	r->ip = reg(regs, n, c2->arch->pc_reg, &f1);
	r->sp = reg(regs, n, c2->arch->sp_reg, &f2);
	r->bp = reg(regs, n, c2->arch->fp_reg, &r->has_bp);
	r->cs = reg(regs, n, "cs", &r->has_cs);
	if (!f1 || !f2)
		return c2_fail(c2, C2_ENOENT, "CPU %u: no %s or %s in its note", cpu, c2->arch->pc_reg, c2->arch->sp_reg);
	return !r->ip && !r->sp;
}

/* The walk from a CPU's registers, on the stacks of task (the CPU's
 * current task, or one it is switching away from) and of the CPU. */
static int bt_regs(struct c2 *c2, struct stackwalk *w, unsigned cpu, uint64_t task, const struct cpu_start *r,
		   int (*cb)(void *arg, const struct c2_frame *f), void *arg, struct c2_bt_end *end)
{
	struct walkctx x = { .c2 = c2, .w = w };
	struct unw_ops o;
	struct unw_state s;
	const char *how = NULL;
	int rc;

	if ((rc = task_stack(&x, task)) < 0)
		return rc;
	x.cpu = cpu;
	x.cpu_pending = 1;
	ops_init(&o, &x);
	if (r->has_cs && r->cs & c2->arch->user_mode_mask) {
		end->reason = C2_BT_USER;
		end->addr = r->ip;
		end->text = unw_stop_text(UNW_USER);
		end->normal = 1;
		return 0;
	}
	if (unw_start(&o, &s, r->ip, r->sp, r->bp, r->has_bp, 1)) {
		end_of(&s, end);
		return 0;
	}
	if ((rc = emit(cb, arg, &s, 0, NULL)) != 0)
		return rc;
	if (!unw_next(&o, &s)) {
		if (s.stop != UNW_UNDEFINED || past_snapshot(&x, &o, &s, &how) < 0) {
			end_of(&s, end);
			return 0;
		}
	}
	if ((rc = emit(cb, arg, &s, 1, how)) != 0)
		return rc;
	return walk(&o, &s, 1, cb, arg, end);
}

static int fr_read(void *arg, uint64_t addr, void *buf, size_t len)
{
	return c2_read(((struct walkctx *)arg)->c2, addr, buf, len);
}

static uint64_t fr_word(void *arg, const uint8_t *p)
{
	return c2_load_uint(((struct walkctx *)arg)->c2, p, 8);
}

static uint64_t fr_strip(void *arg, uint64_t ret)
{
	return c2_strip_code_address(((struct walkctx *)arg)->c2, ret);
}

/* A walk along frame records from pc (frame 0: where the CPU was,
 * interrupted, or where a sleeping task resumes) and the frame pointer fp,
 * on the stack of task and, for the registers of a CPU (cpu >= 0), that
 * CPU's IRQ stack: a trace that starts in an interrupt handler crosses to
 * the stack it interrupted. Each frame's sp is its record's address. */
static int bt_frames(struct c2 *c2, struct stackwalk *w, uint64_t task, int cpu, uint64_t pc, uint64_t sp, uint64_t fp,
		     int interrupted, int (*cb)(void *arg, const struct c2_frame *f), void *arg, struct c2_bt_end *end)
{
	struct walkctx x = { .c2 = c2, .w = w };
	struct fr_ops o = { fr_read, fr_word, fr_strip, &x, c2->arch->frame_next, c2->arch->frame_ret, { 0, 0, K_TASK },
			    stack_of };
	struct fr_state st = { .pc = c2_strip_code_address(c2, pc), .fp = fp };
	struct c2_frame f = { 0, st.pc, sp, 0, interrupted, C2_STACK_TASK, NULL, 0, 0 };
	struct unw_stack on;
	int rc;

	if ((rc = task_stack(&x, task)) < 0)
		return rc;
	if (cpu >= 0) {
		x.cpu = (unsigned)cpu;
		x.cpu_pending = 1;
	} else {
		/* A sleeping task's walk has no CPU's stacks to go to, nor to
		 * look for by code (stack_of). */
		o.stack_of = NULL;
		x.irq_by_code = 1;
	}
	/* The walk starts on the stack that holds the first record; frame 0
	 * is on the one that holds sp. */
	o.stack = x.stacks[0];
	if (fp && stack_of(&x, fp, 16, &on) == 0)
		o.stack = on;
	if (stack_of(&x, sp, 8, &on) == 0)
		f.stack = public_kind(on.kind);
	if ((rc = cb(arg, &f)) != 0)
		return rc;
	while (fr_next(&o, &st)) {
		struct c2_frame g = { st.n, st.pc, st.slot - o.ret_off, st.slot, 0, public_kind(st.on.kind), NULL, 0, 0 };

		if ((rc = cb(arg, &g)) != 0)
			return rc;
	}
	end->reason = st.stop;
	end->addr = st.stop_addr;
	end->text = st.stop == UNW_OFF_STACK ? (cpu >= 0 ? "frame pointer outside the task's stack and its CPU's IRQ stack"
							  : "frame pointer outside the task's stack")
		    : st.stop == UNW_BACKWARDS ? "frame pointer went backwards"
					       : unw_stop_text(st.stop);
	end->normal = st.stop == UNW_END;
	return 0;
}

int c2_bt_supported(struct c2 *c2)
{
	if (!c2->arch)
		return c2_fail(c2, C2_EINVAL, "no target open");
	if (c2->arch->unwinder == ARCH_UNWIND_NONE)
		return c2_fail(c2, C2_ENOTSUP, "stack traces of %s kernels are not supported yet", c2->arch->name);
	return 0;
}

int c2_bt_cpu(struct c2 *c2, unsigned cpu, int (*cb)(void *arg, const struct c2_frame *f), void *arg,
	      struct c2_bt_end *end)
{
	struct stackwalk *w;
	struct cpu_start r;
	uint64_t task;
	int rc;

	memset(end, 0, sizeof(*end));
	if ((rc = setup(c2, &w)) < 0)
		return rc;
	if (dump_is_live(c2))
		return c2_fail(c2, C2_ENODATA, "CPU %u: no saved registers on a live kernel", cpu);
	if ((rc = cpu_start(c2, cpu, &r)) < 0)
		return rc;
	if (rc > 0)
		return c2_fail(c2, C2_ENODATA, "CPU %u: its note holds no registers", cpu);
	if ((rc = cpu_task(c2, w, cpu, &task)) < 0)
		return rc;
	if (c2->arch->unwinder == ARCH_UNWIND_FRAME_RECORDS) {
		if (!r.has_bp)
			return c2_fail(c2, C2_ENODATA, "CPU %u: no %s in its note", cpu, c2->arch->fp_reg);
		return bt_frames(c2, w, task, (int)cpu, r.ip, r.sp, r.bp, 1, cb, arg, end);
	}
	return bt_regs(c2, w, cpu, task, &r, cb, arg, end);
}

int c2_bt_task(struct c2 *c2, uint64_t task, int (*cb)(void *arg, const struct c2_frame *f), void *arg,
	       struct c2_bt_end *end)
{
	struct stackwalk *w;
	struct walkctx x = { .c2 = c2 };
	struct unw_ops o;
	struct unw_state s;
	uint64_t sp, bp, ret, bad;
	unsigned cpu;
	int rc, on;

	memset(end, 0, sizeof(*end));
	if ((rc = setup(c2, &w)) < 0)
		return rc;
	x.w = w;
	if ((rc = task_stack(&x, task)) < 0)
		return rc;
	/* A task on a CPU has no saved frame (oncpu.h): its registers are
	 * the CPU's, in the dump's note for that CPU when there is one. */
	if ((on = oncpu_task(&w->oncpu, read_c2, c2, task, &cpu, &bad)) < 0)
		return on;
	if (on != ONCPU_NO) {
		struct cpu_start r;

		if (dump_is_live(c2))
			return c2_fail(c2, C2_ENODATA, "task %#llx is running on CPU %u: no saved registers on a live kernel",
				       (unsigned long long)task, cpu);
		if (cpu_start(c2, cpu, &r) != 0)
			return c2_fail(c2, C2_ENODATA, "task %#llx is running on CPU %u: the dump holds no registers of that CPU",
				       (unsigned long long)task, cpu);
		/* A CPU switching away from the task runs on the task's
		 * stack until switch_to has saved its frame. */
		if (on == ONCPU_CURR || (r.sp >= x.stacks[0].lo && r.sp < x.stacks[0].hi)) {
			if (c2->arch->unwinder == ARCH_UNWIND_FRAME_RECORDS)
				return r.has_bp ? bt_frames(c2, w, task, (int)cpu, r.ip, r.sp, r.bp, 1, cb, arg, end)
						: c2_fail(c2, C2_ENODATA, "CPU %u: no %s in its note", cpu, c2->arch->fp_reg);
			return bt_regs(c2, w, cpu, task, &r, cb, arg, end);
		}
		c2_diagf(c2, "stack: task %#llx: CPU %u is switching away from it, on another stack: its frame is saved",
			 (unsigned long long)task, cpu);
	}
	if (c2->arch->unwinder == ARCH_UNWIND_FRAME_RECORDS) {
		uint64_t fp, pc;

		if ((rc = c2_read_u64(c2, task + w->saved_fp, &fp)) < 0 || (rc = c2_read_u64(c2, task + w->saved_sp, &sp)) < 0 ||
		    (rc = c2_read_u64(c2, task + w->saved_pc, &pc)) < 0)
			return rc;
		return bt_frames(c2, w, task, -1, pc, sp, fp, 0, cb, arg, end);
	}
	if ((rc = c2_read_u64(c2, task + w->thread_sp, &sp)) < 0)
		return rc;
	if (sp < x.stacks[0].lo || sp + w->frame_size > x.stacks[0].hi)
		return c2_fail(c2, C2_EFORMAT, "stack: task %#llx: thread.sp %#llx is outside its stack", (unsigned long long)task,
			       (unsigned long long)sp);
	if ((rc = c2_read_u64(c2, sp + w->frame_bp, &bp)) < 0 || (rc = c2_read_u64(c2, sp + w->frame_ret, &ret)) < 0)
		return rc;
	ops_init(&o, &x);
	/* The frame __switch_to_asm pushed: its return address is where
	 * the task will resume (in __schedule, or ret_from_fork). */
	if (unw_start(&o, &s, ret, sp + w->frame_size, bp, 1, 0)) {
		end_of(&s, end);
		return 0;
	}
	s.slot = sp + w->frame_ret;
	if ((rc = emit(cb, arg, &s, 0, NULL)) != 0)
		return rc;
	return walk(&o, &s, 0, cb, arg, end);
}
