# The benchmark's queries answered by drgn with its own helpers, for
# tests/bench/compare.sh.  Run by drgn itself, which defines `prog`:
#   drgn -q -c DUMP -s VMLINUX --no-default-symbols drgn_queries.py QUERY [ARG]
# QUERY: sym NAME | symr ADDR | struct NAME | offset NAME.MEMBER | cmdline |
#        dmesg | ps | dentries | bta
# Each prints the same facts as the matching core2 applet, one record a line
# (compare.py normalises both).
import sys

import drgn
from drgn import Object, TypeKind, offsetof, sizeof
from drgn.helpers.linux.fs import d_path, dentry_path, for_each_mount
from drgn.helpers.linux.printk import get_dmesg
from drgn.helpers.linux.rbtree import rbtree_inorder_for_each_entry
from drgn.helpers.linux.pid import for_each_task
from drgn.helpers.linux.sched import task_cpu, task_state_to_char

out = sys.stdout.write


def q_sym(name):
    s = prog.symbol(name)
    out("%016x %s\n" % (s.address, s.name))


def q_symr(addr):
    a = int(addr, 0)
    s = prog.symbol(a)
    out("%s+0x%x/0x%x\n" % (s.name, a - s.address, s.size))


def unaliased(t):
    while t.kind == TypeKind.TYPEDEF:
        t = t.type
    return t


def members(t, base):
    # Named members with byte offset and size; members of anonymous structs
    # and unions are flattened, as C lets them be named directly.
    for m in t.members:
        off = base + m.bit_offset // 8
        if m.name is None:
            yield from members(unaliased(m.type), off)
            continue
        try:
            size = sizeof(m.type)
        except TypeError:  # flexible array
            size = 0
        yield off, size, m.name


def q_struct(name):
    t = prog.type(name if " " in name else "struct " + name)
    for off, size, n in members(unaliased(t), 0):
        out("%d %d %s\n" % (off, size, n))
    out("size %d\n" % sizeof(t))


def q_offset(spec):
    name, member = spec.split(".", 1)
    t = prog.type(name if " " in name else "struct " + name)
    mt = t.member(member).type
    out("%d %d\n" % (offsetof(t, member), sizeof(mt)))


def q_cmdline():
    out(prog["saved_command_line"].string_().decode(errors="replace") + "\n")


def q_dmesg():
    sys.stdout.flush()
    sys.stdout.buffer.write(get_dmesg(prog))


def q_ps():
    # for_each_task walks the PID table, which has no PID 0: add init_task
    # (swapper/0), which core2's and crash's lists begin with.
    tasks = [prog["init_task"].address_of_()] + list(for_each_task(prog))
    for t in tasks:
        out("%d %d %d %s %d 0x%x %s\n" % (
            t.pid.value_(), t.tgid.value_(), t.real_parent.tgid.value_(),
            task_state_to_char(t), task_cpu(t), t.value_(),
            t.comm.string_().decode(errors="replace")))


def escape(b):
    # core2's text escaping of paths: newline, tab and backslash as C escapes,
    # other bytes outside printable ASCII as \\xNN
    out = []
    for c in b:
        if c == 10:
            out.append(b"\\n")
        elif c == 9:
            out.append(b"\\t")
        elif c == 92:
            out.append(b"\\\\")
        elif c < 0x20 or c >= 0x7F:
            out.append(b"\\x%02x" % c)
        else:
            out.append(bytes((c,)))
    return b"".join(out)


def q_dentries():
    # The whole dentry hash table (hlist_bl buckets, bit 0 a lock bit), with
    # each dentry's path through a mount of its superblock when there is one,
    # else FSTYPE:PATH-IN-ITS-FILESYSTEM.
    mounts = {}
    ns = prog["init_task"].nsproxy.mnt_ns
    try:
        ns.member_("list")
        mnts = for_each_mount(prog)
    except LookupError:
        # Linux 6.8 keeps a namespace's mounts in an rbtree, which drgn
        # 0.0.22's for_each_mount predates.
        mnts = rbtree_inorder_for_each_entry("struct mount", ns.mounts.address_of_(), "mnt_node")
    for mnt in mnts:
        mounts.setdefault(mnt.mnt.mnt_sb.value_(), mnt)
    table = prog["dentry_hashtable"]
    n = 1 << (32 - prog["d_hash_shift"].value_())
    dtype = prog.type("struct dentry *")
    off = offsetof(prog.type("struct dentry"), "d_hash")
    w = sys.stdout.buffer.write
    for i in range(n):
        node = table[i].first.value_() & ~1
        while node:
            d = Object(prog, dtype, value=node - off)
            sb = d.d_sb.read_()
            fst = sb.s_type.name.string_()
            mnt = mounts.get(sb.value_())
            if mnt is not None:
                path = d_path(mnt.mnt.address_of_(), d)
            else:
                path = fst + b":/" + dentry_path(d)
            inode = d.d_inode.read_()
            if inode:
                w(b"pos %d %06o %s 0x%x %s\n" % (inode.i_ino.value_(), inode.i_mode.value_(),
                                               fst, node - off, escape(path)))
            else:
                w(b"neg - - %s 0x%x %s\n" % (fst, node - off, escape(path)))
            node = d.d_hash.next.value_()


def q_bta():
    # Every CPU's stack as drgn unwinds it (ORC, with the kernel's DWARF):
    # the task current on each CPU (drgn takes its registers from that
    # CPU's PRSTATUS note), one "PC:SYMBOL" a frame. Inline frames are left
    # out: core2, like the kernel's own traces, sees only real calls.
    from drgn.helpers.linux.cpumask import for_each_online_cpu
    from drgn.helpers.linux.percpu import per_cpu
    for cpu in for_each_online_cpu(prog):
        names = []
        try:
            # cpu_curr(), as drgn 0.0.22 has no helper for it.
            for f in prog.stack_trace(per_cpu(prog["runqueues"], cpu).curr):
                if f.is_inline or f.pc < 1 << 63:   # inlined, or user space
                    continue
                # The ELF symbol, as the kernel's kallsyms names it (DWARF
                # names __handle_sysrq.cold __handle_sysrq), of the call
                # (pc - 1) or, for an interrupted frame, of pc itself.
                try:
                    name = prog.symbol(f.pc if f.interrupted else f.pc - 1).name
                except LookupError:
                    name = f.name or "0x%x" % f.pc
                names.append("%x:%s" % (f.pc, name))
        except Exception as e:  # noqa: BLE001 - a CPU drgn cannot unwind
            names.append("0:error:%s" % type(e).__name__)
        out("CPU %d: %s\n" % (cpu, " ".join(names)))


q = sys.argv[1]
globals()["q_" + q](*sys.argv[2:])
