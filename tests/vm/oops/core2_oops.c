// SPDX-License-Identifier: GPL-2.0
/*
 * A module that oopses on demand, for core2's VM tests (Debian's kernels
 * have no LKDTM). Writing anything to /proc/core2_oops calls
 * core2_oops_fault, which stores through a NULL pointer: with
 * panic_on_oops set, the guest then kdumps with the faulting registers,
 * inside this module, reached through the write system call:
 *   core2_oops_fault <- core2_oops_write <- proc_reg_write <- vfs_write ...
 */
#include <linux/module.h>
#include <linux/proc_fs.h>

/* Read through a volatile pointer so the compiler cannot see the NULL. */
static int *volatile core2_oops_target;

static noinline void core2_oops_fault(int *p)
{
	WRITE_ONCE(*p, 0x2c0e);
}

static ssize_t core2_oops_write(struct file *f, const char __user *buf,
				size_t len, loff_t *pos)
{
	core2_oops_fault(core2_oops_target);
	return len;
}

static const struct proc_ops core2_oops_ops = {
	.proc_write = core2_oops_write,
};

static int __init core2_oops_init(void)
{
	return proc_create("core2_oops", 0200, NULL, &core2_oops_ops) ? 0 : -ENOMEM;
}

static void __exit core2_oops_exit(void)
{
	remove_proc_entry("core2_oops", NULL);
}

module_init(core2_oops_init);
module_exit(core2_oops_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("oops on demand for core2's VM tests");
