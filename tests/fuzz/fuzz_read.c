/*
 * libFuzzer target: the read applet's command line (cmd/read.c): its
 * options through cmd/opt.c, then parse_location's "SYMBOL[+-OFFSET]" or
 * number, the count and type checks, and the output loops, over a fake
 * target with a few symbols and 64 KB of readable memory, expressions
 * through lib/types/expr.c and lib/types/eval.c (untyped: no type information here;
 * typed expressions are another target's). cmd/read.c is
 * included whole (parse_location is static); its exits (die, usage_error)
 * jump back here. Input: the arguments, separated by NUL bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>

/* read.c's buffers would leak when die() jumps back here (the real one
 * exits): remember the one live allocation and free it after the jump. */
static void *pending;
static void *fuzz_malloc(size_t n) { return pending = malloc(n); }
static void fuzz_free(void *p) { if (p == pending) pending = NULL; free(p); }
#define malloc fuzz_malloc
#define free fuzz_free
#include "../../cmd/read.c"
#include "../../lib/arch/arch.h"
#undef malloc
#undef free

#define KBASE 0xffffffff81000000ull
#define PBASE 0x100000ull
#define SPAN 65536

static jmp_buf exit_jmp;
static uint8_t memory[SPAN];
static struct c2 *fake = (struct c2 *)memory;   /* never dereferenced */
static const char *last_error = "";

_Noreturn void die(int code, const char *fmt, ...) { longjmp(exit_jmp, 100 + code); }
_Noreturn void usage_error(const char *fmt, ...) { longjmp(exit_jmp, 200); }
struct c2 *target(struct run *r) { return r->c2 = fake; }
const char *c2_error(const struct c2 *c2) { return last_error; }

/* Errors of lib/types/eval.c, and no type information: expressions are
 * evaluated untyped, over the fake symbols and memory. */
static char errbuf[512];
int c2_fail(struct c2 *c2, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(errbuf, sizeof(errbuf), fmt, ap);
	va_end(ap);
	last_error = errbuf;
	return code;
}
#define NO_TYPES { return c2_fail(c2, C2_ENOENT, "no type information in the fuzz target"); }
int c2_type_find(struct c2 *c2, const char *name, uint32_t *id) NO_TYPES
int c2_type_lookup(struct c2 *c2, const char *name, uint32_t *id) NO_TYPES
int c2_type_get(struct c2 *c2, uint32_t id, struct c2_type *out) NO_TYPES
int c2_type_resolve(struct c2 *c2, uint32_t id, uint32_t *out) NO_TYPES
int c2_type_name(struct c2 *c2, uint32_t id, const char *var, char *buf, size_t len) NO_TYPES
int c2_type_member(struct c2 *c2, uint32_t id, uint32_t i, struct c2_member *out) NO_TYPES
int c2_type_member_path(struct c2 *c2, uint32_t id, const char *path, struct c2_member *out) NO_TYPES
int c2_type_enumerator(struct c2 *c2, uint32_t id, uint32_t i, const char **name, int64_t *value) NO_TYPES
int types_check_global(struct c2 *c2, const char *name, struct c2_sym *s, int kind, int64_t size, int is_signed,
		       int *strength) NO_TYPES
/* A known global's lookup is the fake target's plain lookup. */
int sym_lookup_global(struct c2 *c2, const char *name, struct c2_sym *out) { return c2_sym_lookup(c2, name, out); }

/* The fake target is an x86_64-like kernel: values decode as the host's
 * back end decodes them. */
int c2_is_kernel_address(struct c2 *c2, uint64_t addr) { return addr >= KBASE; }
uint64_t c2_load_uint(struct c2 *c2, const void *p, size_t size) { return arch_load_uint(arch_host(), p, size); }
uint64_t c2_load_bits(struct c2 *c2, const uint8_t *p, uint64_t bit_offset, uint32_t bits)
{
	return arch_load_bits(arch_host(), p, bit_offset, bits);
}

/* Stubs for what cmd/util.c's target() would call; never reached. */
struct c2 *c2_new(void) { return NULL; }
void c2_set_diag(struct c2 *c2, c2_diag_fn *fn, void *arg) {}
int c2_set_symbols_file(struct c2 *c2, const char *p) { return C2_EINVAL; }
int c2_set_types_file(struct c2 *c2, const char *p) { return C2_EINVAL; }
int c2_set_types_module(struct c2 *c2, const char *p) { return C2_EINVAL; }
int c2_open(struct c2 *c2, const char *const *p, int n) { return C2_EINVAL; }

static const struct c2_sym syms[] = {
	{ KBASE + 0x100, 8, 'D', "jiffies", "" },
	{ KBASE + 0x200, 0x100, 'D', "init_task", "" },
	{ KBASE + 0x300, 16, 'D', "linux_banner", "" },
	{ KBASE + SPAN - 8, 64, 'D', "edge", "" },   /* runs past readable memory */
	{ 0, 0, 'A', "zero", "" },
};

int c2_sym_lookup(struct c2 *c2, const char *name, struct c2_sym *out)
{
	size_t i;

	for (i = 0; i < sizeof(syms) / sizeof(syms[0]); i++)
		if (!strcmp(syms[i].name, name)) {
			*out = syms[i];
			return C2_OK;
		}
	last_error = "no such symbol";
	return C2_ENOENT;
}

int c2_sym_resolve(struct c2 *c2, uint64_t addr, struct c2_sym *out, uint64_t *offset)
{
	if (addr < KBASE || addr >= KBASE + SPAN)
		return C2_ENOENT;
	*out = syms[0];
	*offset = addr - syms[0].addr;
	return C2_OK;
}

static int fake_read(uint64_t base, uint64_t addr, void *buf, size_t len)
{
	if (addr < base || addr - base > SPAN || len > SPAN - (addr - base)) {
		last_error = "not in the dump";
		return C2_ENODATA;
	}
	memcpy(buf, memory + (addr - base), len);
	return C2_OK;
}

int c2_read(struct c2 *c2, uint64_t addr, void *buf, size_t len) { return fake_read(KBASE, addr, buf, len); }
int c2_read_phys(struct c2 *c2, uint64_t addr, void *buf, size_t len) { return fake_read(PBASE, addr, buf, len); }

int c2_read_cstr(struct c2 *c2, uint64_t addr, char *buf, size_t max, size_t *len)
{
	size_t n;

	for (n = 0; n < max - 1; n++) {
		if (c2_read(c2, addr + n, buf + n, 1) < 0)
			return C2_ENODATA;
		if (!buf[n])
			break;
	}
	buf[n] = '\0';
	if (len)
		*len = n;
	return C2_OK;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	size_t i;

	for (i = 0; i < SPAN; i++)
		memory[i] = i % 7 ? (uint8_t)(i * 31) : 0;
	if (!freopen("/dev/null", "w", stdout))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct run r;
	struct opt_state st;
	char *copy, *argv[34];
	int argc = 1, id;
	size_t i;

	if (size > 4096)
		return 0;
	if (!(copy = malloc(size + 1)))
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	argv[0] = "read";
	for (i = 0; i <= size && argc < 33; i++) {
		argv[argc++] = copy + i;
		i += strlen(copy + i);
	}
	argv[argc] = NULL;
	memset(&r, 0, sizeof(r));
	r.applet = &read_applet;
	r.json = argc > 1 && argv[1][0] == 'j';   /* a cheap switch for the JSON paths */
	if (setjmp(exit_jmp) == 0) {
		opt_init(&st, argc, argv);
		while ((id = opt_next(&st, read_opts, NULL)) > 0) {
			r.seen[id]++;
			r.arg[id] = st.arg;
		}
		if (id == 0)
			read_run(&r, argc - st.ind, argv + st.ind);
	}
	free(pending);
	pending = NULL;
	free(copy);
	return 0;
}
