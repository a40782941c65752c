/*
 * Kernel variables found by what they hold, for a symbol table that lists
 * code only (symbols/recover.c asks through the handle; internal.h):
 *  - init_task: below an address VMCOREINFO gives in .data (the printk
 *    ring buffer's, else the UTS namespace's), a task_struct whose comm is
 *    "swapper" or "swapper/N", pid 0, its own parent, on a tasks list
 *    whose next entry points back at it;
 *  - modules: above init_task, a list head whose first and last entries
 *    are modules (in the modules area, with a name and a state, inside
 *    their own memory) pointing back at it;
 *  - saved_command_line: a word in the image pointing outside it at the
 *    string the kernel logged at boot ("Kernel command line: ...").
 * Each check ties the candidate to the live structure around it, so that
 * no stray copy of a name can pass.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"

#define DATA_SCAN_MAX (64ull << 20)     /* from an anchor in .data */

/* A member's offset in a struct; its size in *size (may be NULL). */
static int offset_of(struct c2 *c2, uint32_t id, const char *path, uint64_t *off, uint64_t *size)
{
	struct c2_member m;
	int rc;

	if ((rc = c2_type_member_path(c2, id, path, &m)) < 0)
		return rc;
	*off = m.offset;
	if (size)
		*size = m.size;
	return 0;
}

/* The initial task: comm "swapper" or "swapper/N", pid 0, its own parent,
 * and on a tasks list whose next entry points back at it. */
struct task_scan {
	uint64_t comm, comm_size, pid, parent, tasks, next, prev, found;
};

static int is_swapper(const char *c, size_t n)
{
	size_t i = 7;

	if (n < 8 || memcmp(c, "swapper", 7))
		return 0;
	if (c[i] == '/')
		for (i++; i < n && c[i] >= '0' && c[i] <= '9'; i++)
			;
	return i < n && c[i] == '\0' && (i == 7 || i > 8);
}

static int task_at(struct c2 *c2, struct task_scan *s, uint64_t t)
{
	char comm[64];
	uint32_t pid;
	uint64_t parent, next, back;

	if (s->comm_size > sizeof(comm) || c2_read(c2, t + s->comm, comm, s->comm_size) < 0 ||
	    !is_swapper(comm, s->comm_size))
		return 0;
	if (c2_read_u32(c2, t + s->pid, &pid) < 0 || pid != 0 || c2_read_u64(c2, t + s->parent, &parent) < 0 ||
	    parent != t)
		return 0;
	if (c2_read_u64(c2, t + s->next, &next) < 0 || c2_read_u64(c2, next + (s->prev - s->tasks), &back) < 0 ||
	    back != t + s->tasks)
		return 0;
	s->found = t;
	return 1;
}

static int task_chunk(struct c2 *c2, void *arg, uint64_t addr, const uint8_t *p, size_t len)
{
	struct task_scan *s = arg;
	const uint8_t *h;

	for (h = p; (h = memmem(h, p + len - h, "swapper", 7)); h++)
		if (addr + (h - p) >= s->comm && task_at(c2, s, addr + (h - p) - s->comm))
			return 1;
	return 0;
}

/* An address in the kernel's .data from VMCOREINFO, above init_task in
 * every layout: the printk ring buffer's, else the UTS namespace's. */
static int data_anchor(struct c2 *c2, uint64_t *a, const char **name)
{
	*name = "prb";
	if (c2_vmcoreinfo_num(c2, "SYMBOL(prb)", a) == 0)
		return 0;
	*name = "init_uts_ns";
	if (c2_vmcoreinfo_num(c2, "SYMBOL(init_uts_ns)", a) == 0)
		return 0;
	return c2_fail(c2, C2_ENOENT, "VMCOREINFO has neither SYMBOL(prb) nor SYMBOL(init_uts_ns) to start from");
}

static int find_init_task(struct c2 *c2, uint64_t *addr)
{
	struct task_scan s = { 0 };
	uint64_t anchor, lo, hi;
	const char *from;
	uint32_t id;
	int rc;

	if ((rc = data_anchor(c2, &anchor, &from)) < 0 || (rc = c2_type_find(c2, "struct task_struct", &id)) < 0 ||
	    (rc = offset_of(c2, id, "comm", &s.comm, &s.comm_size)) < 0 ||
	    (rc = offset_of(c2, id, "pid", &s.pid, NULL)) < 0 ||
	    (rc = offset_of(c2, id, "real_parent", &s.parent, NULL)) < 0 ||
	    (rc = offset_of(c2, id, "tasks", &s.tasks, NULL)) < 0 ||
	    (rc = offset_of(c2, id, "tasks.next", &s.next, NULL)) < 0 ||
	    (rc = offset_of(c2, id, "tasks.prev", &s.prev, NULL)) < 0)
		return rc;
	if ((rc = sym_bounds(c2, "_stext", "_etext", &lo, &hi)) < 0)
		return rc;
	if (anchor <= hi)
		return c2_fail(c2, C2_ENOENT, "VMCOREINFO's %s 0x%llx lies below _etext", from,
			       (unsigned long long)anchor);
	lo = anchor - hi > DATA_SCAN_MAX ? anchor - DATA_SCAN_MAX : hi;
	if ((rc = dump_scan(c2, lo, anchor, 1, NULL, task_chunk, &s)) < 0)
		return rc == C2_ENOENT ? c2_fail(c2, rc, "no initial task (pid 0, swapper, its own parent) in the "
							 "%llu MB below %s", (unsigned long long)((anchor - lo) >> 20),
						 from)
				       : rc;
	*addr = s.found;
	c2_diagf(c2, "symbols: init_task 0x%llx found below VMCOREINFO's %s: pid 0, comm swapper, its own parent, "
		     "its tasks list closing", (unsigned long long)s.found, from);
	return 0;
}

/* The modules list's head: a word in .data pointing at a module's list,
 * whose prev points back at the word; the last module's next points at it
 * too; each of the two modules has a name and a state and lies inside a
 * memory region it records (a loaded module's struct is in its own
 * allocation). No bound on the image is needed: on x86_64 a kernel that
 * KASLR placed high lies within 64 MB of the modules (an image bound of
 * init_task + 128 MB once hid them: the fresh 6.12 and 7.2 fixtures of a
 * CI run), and arm64's modules area spans the image. */
struct mod_scan {
	uint64_t list, name, name_size, state, lnext, lprev, ptr, found;
};

static int is_module(struct c2 *c2, struct mod_scan *s, uint64_t list)
{
	char name[64];
	uint32_t state;
	size_t n;

	if (s->name_size > sizeof(name) || c2_read(c2, list - s->list + s->name, name, s->name_size) < 0)
		return 0;
	for (n = 0; n < s->name_size && name[n] > ' ' && name[n] < 127; n++)
		;
	if (!n || n == s->name_size || name[n])
		return 0;
	return c2_read_u32(c2, list - s->list + s->state, &state) == 0 && state <= 3 &&
	       modules_holds_itself(c2, list - s->list);
}

static int head_at(struct c2 *c2, struct mod_scan *s, uint64_t head, uint64_t first)
{
	uint64_t back, last;

	if (first == head || !sym_in_modules_area(c2, first) || c2_read_u64(c2, first + s->lprev, &back) < 0 ||
	    back != head || c2_read_u64(c2, head + s->lprev, &last) < 0 || !sym_in_modules_area(c2, last) ||
	    c2_read_u64(c2, last + s->lnext, &back) < 0 || back != head)
		return 0;
	if (!is_module(c2, s, first) || !is_module(c2, s, last))
		return 0;
	s->found = head;
	return 1;
}

static int mod_chunk(struct c2 *c2, void *arg, uint64_t addr, const uint8_t *p, size_t len)
{
	struct mod_scan *s = arg;
	size_t i;

	for (i = (s->ptr - addr % s->ptr) % s->ptr; i + s->ptr <= len; i += s->ptr) {
		uint64_t v = c2_load_uint(c2, p + i, s->ptr);

		if (v && sym_in_modules_area(c2, v) && head_at(c2, s, addr + i - s->lnext, v))
			return 1;
	}
	return 0;
}

static int find_modules(struct c2 *c2, uint64_t *addr)
{
	struct mod_scan s = { 0 };
	struct c2_sym init;
	uint32_t id;
	int rc;

	s.ptr = c2->arch ? c2->arch->pointer_size : 8;
	if ((rc = c2_type_find(c2, "struct module", &id)) < 0 || (rc = offset_of(c2, id, "list", &s.list, NULL)) < 0 ||
	    (rc = offset_of(c2, id, "list.next", &s.lnext, NULL)) < 0 ||
	    (rc = offset_of(c2, id, "list.prev", &s.lprev, NULL)) < 0 ||
	    (rc = offset_of(c2, id, "name", &s.name, &s.name_size)) < 0 ||
	    (rc = offset_of(c2, id, "state", &s.state, NULL)) < 0)
		return rc;
	s.lprev -= s.list;
	s.lnext -= s.list;
	/* .data from the initial task upwards (its start in every layout). */
	if ((rc = c2_sym_lookup_core(c2, "init_task", &init)) < 0)
		return rc;
	if ((rc = dump_scan(c2, init.addr, init.addr + DATA_SCAN_MAX, 0, NULL, mod_chunk, &s)) < 0)
		return rc == C2_ENOENT ? c2_fail(c2, rc, "no modules list (a head a loaded module's list points back "
							 "at) in the %llu MB above init_task: no module loaded?",
						 DATA_SCAN_MAX >> 20)
				       : rc;
	*addr = s.found;
	c2_diagf(c2, "symbols: modules 0x%llx found above init_task: the head of a list of modules",
		 (unsigned long long)s.found);
	return 0;
}

/* saved_command_line: the boot log's "Kernel command line: " record is
 * the witness; the variable is a pointer in the image (in .bss, or in
 * .data..ro_after_init between the code and init_task on newer kernels)
 * to a copy outside the image holding the same string, aligned to a
 * cache line (memblock_alloc(..., SMP_CACHE_BYTES) in init/main.c). A record cut short
 * (the kernel logs at most about 1,000 bytes) must be the string's start. */
#define CMDLINE_PREFIX "Kernel command line: "
#define CMDLINE_CUT 900
/* The copy comes from memblock_alloc(..., SMP_CACHE_BYTES): a cache line,
 * at least 16 bytes on every architecture. */
#define CMDLINE_ALIGN 16

struct cmdline_scan {
	char witness[2048];
	size_t wlen;
	int logged;
	uint64_t image_lo, image_hi, ptr;
	uint64_t found[8], last;        /* the words pointing at it, the last one */
	unsigned n;
};

static int cmdline_record(void *arg, const struct c2_log_record *r)
{
	struct cmdline_scan *s = arg;
	size_t n = sizeof(CMDLINE_PREFIX) - 1;

	if (r->text_len <= n || memcmp(r->text, CMDLINE_PREFIX, n))
		return 0;
	s->wlen = r->text_len - n < sizeof(s->witness) ? r->text_len - n : sizeof(s->witness);
	memcpy(s->witness, r->text + n, s->wlen);
	s->logged = 1;
	return 1;
}

static int cmdline_at(struct c2 *c2, struct cmdline_scan *s, uint64_t v)
{
	char head[8], str[sizeof(s->witness) + 1];
	size_t n = s->wlen < sizeof(head) ? s->wlen : sizeof(head), got;

	if (c2_read(c2, v, head, n) < 0 || memcmp(head, s->witness, n) ||
	    c2_read_cstr(c2, v, str, sizeof(str), &got) < 0)
		return 0;
	return got == s->wlen ? !memcmp(str, s->witness, got)
			      : s->wlen >= CMDLINE_CUT && got > s->wlen && !memcmp(str, s->witness, s->wlen);
}

/* Whether v, a word in the image, points at the copy: a kernel address
 * outside the image, aligned as memblock's, holding the logged line. */
static int cmdline_pointer(struct c2 *c2, struct cmdline_scan *s, uint64_t v)
{
	return v >> (8 * s->ptr - 1) && !(v % CMDLINE_ALIGN) && (v < s->image_lo || v >= s->image_hi) &&
	       cmdline_at(c2, s, v);
}

static int cmdline_chunk(struct c2 *c2, void *arg, uint64_t addr, const uint8_t *p, size_t len)
{
	struct cmdline_scan *s = arg;
	size_t i;

	for (i = (s->ptr - addr % s->ptr) % s->ptr; i + s->ptr <= len; i += s->ptr) {
		const uint8_t *w = p + i, lo = w[0], hi = w[s->ptr - 1];
		uint64_t v;

		/* Cheap first, either byte order: the low byte aligned, the top bit set. */
		if (!((lo % CMDLINE_ALIGN == 0 && hi & 0x80) || (hi % CMDLINE_ALIGN == 0 && lo & 0x80)))
			continue;
		v = c2_load_uint(c2, w, s->ptr);
		if (cmdline_pointer(c2, s, v)) {
			if (s->n && s->last == addr + i)   /* again, in the chunks' overlap */
				continue;
			if (s->n < sizeof(s->found) / sizeof(s->found[0]))
				s->found[s->n] = addr + i;
			s->n++;
			s->last = addr + i;
		}
	}
	return 0;
}

/* More than one word points at the copy: start_kernel's stale locals on
 * the idle task's stack (in .data, found on 5.10) besides the variable,
 * which lies in .bss or .data..ro_after_init, never on a stack. Drop the
 * words within 64 KB (THREAD_SIZE at most) of init_task's stack. */
static int not_on_init_stack(struct c2 *c2, struct cmdline_scan *s)
{
	struct c2_sym init;
	uint64_t off, stack;
	unsigned i, kept = 0;
	uint32_t id;
	int rc;

	if (s->n > sizeof(s->found) / sizeof(s->found[0]))
		return c2_fail(c2, C2_ENOENT, "%u words point at the logged command line: none is certain", s->n);
	if ((rc = c2_sym_lookup_core(c2, "init_task", &init)) < 0 ||
	    (rc = c2_type_find(c2, "struct task_struct", &id)) < 0 || (rc = offset_of(c2, id, "stack", &off, NULL)) < 0 ||
	    (rc = c2_read_u64(c2, init.addr + off, &stack)) < 0)
		return rc;
	for (i = 0; i < s->n; i++)
		if (s->found[i] < stack || s->found[i] - stack >= (64u << 10))
			s->found[kept++] = s->found[i];
	if (kept != 1)
		return c2_fail(c2, C2_ENOENT, "%u words point at the logged command line, %u of them off the initial "
					      "task's stack: none is certain", s->n, kept);
	s->n = 1;
	return 0;
}

/* Where /proc/cmdline's cmdline_proc_show() (fs/proc/cmdline.c) reads
 * it from: of the addresses its code makes (the back end's reading), the
 * one word that points outside the image at a copy of the logged line.
 * 1 and *addr; 0 when no such function, word, or more than one. */
static int cmdline_from_code(struct c2 *c2, struct cmdline_scan *s, uint64_t *addr)
{
	struct arch_code_addr *cand;
	uint64_t hit = 0;
	size_t n, i;
	int hits = 0;

	if (sym_code_addrs(c2, "cmdline_proc_show", &cand, &n) < 0)
		return 0;
	for (i = 0; i < n && hits < 2; i++) {
		uint64_t at = cand[i].addr, v;
		uint8_t w[8];

		/* The variable itself (a load through the word at a slot's
		 * address is a read of the variable too), in the image. */
		if (at < s->image_lo || at >= s->image_hi || at == hit || s->ptr > sizeof(w) ||
		    c2_read(c2, at, w, s->ptr) < 0)
			continue;
		v = c2_load_uint(c2, w, s->ptr);
		if (cmdline_pointer(c2, s, v)) {
			hit = at;
			hits++;
		}
	}
	free(cand);
	if (hits != 1)
		return 0;
	*addr = hit;
	return 1;
}

static int find_saved_command_line(struct c2 *c2, uint64_t *addr)
{
	struct cmdline_scan s = { 0 };
	uint64_t text, anchor;
	const char *from;
	int rc;

	s.ptr = c2->arch ? c2->arch->pointer_size : 8;
	if ((rc = c2_log_foreach(c2, cmdline_record, &s)) < 0)
		return rc;
	if (!s.logged || !s.wlen)
		return c2_fail(c2, C2_ENOENT, "the kernel log no longer holds the boot's \"" CMDLINE_PREFIX
					      "...\" line to recognise it by");
	/* No types needed: from the code's end to well past .bss, bounded
	 * by VMCOREINFO's address in .data. */
	if ((rc = data_anchor(c2, &anchor, &from)) < 0 ||
	    (rc = sym_bounds(c2, "_stext", "_etext", &s.image_lo, &text)) < 0)
		return rc;
	s.image_hi = anchor + DATA_SCAN_MAX;
	if (cmdline_from_code(c2, &s, addr)) {
		c2_diagf(c2, "symbols: saved_command_line 0x%llx found where cmdline_proc_show's code reads it: it "
			     "points at the command line the boot log shows", (unsigned long long)*addr);
		return 0;
	}
	if (anchor <= text)
		return c2_fail(c2, C2_ENOENT, "VMCOREINFO's %s 0x%llx lies below _etext", from,
			       (unsigned long long)anchor);
	if ((rc = dump_scan(c2, text, s.image_hi, 0, NULL, cmdline_chunk, &s)) < 0 && rc != C2_ENOENT)
		return rc;
	if (!s.n)
		return c2_fail(c2, C2_ENOENT, "no pointer to the logged command line between _etext and %llu MB above "
					      "VMCOREINFO's %s", DATA_SCAN_MAX >> 20, from);
	if (s.n > 1 && (rc = not_on_init_stack(c2, &s)) < 0)
		return rc;
	*addr = s.found[0];
	c2_diagf(c2, "symbols: saved_command_line 0x%llx found in the image: it points at the command line the "
		     "boot log shows", (unsigned long long)s.found[0]);
	return 0;
}

int walk_find_variable(struct c2 *c2, const char *name, uint64_t *addr)
{
	if (!strcmp(name, "init_task"))
		return find_init_task(c2, addr);
	if (!strcmp(name, "modules"))
		return find_modules(c2, addr);
	if (!strcmp(name, "saved_command_line"))
		return find_saved_command_line(c2, addr);
	return c2_fail(c2, C2_ENOENT, "%s: not a variable core2 can find in memory", name);
}
