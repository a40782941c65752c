#!/usr/bin/env python3
"""Make the fuzz seed corpora from the real fixtures (build/fixtures/K).

Seeds must stay small (at most about 100 KB per target), so big structures
are cut down: the BTF seed keeps the first types of the kernel's own BTF
(references past them become the first int), the kallsyms and printk seeds
copy real tables of a dump into a compact synthetic image.

Usage: tests/fuzz/seeds.py FIXTURE_DIR... (writes tests/fuzz/corpus/)
"""
import os
import struct
import sys

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")

EXTRA = {1: 4, 3: 12, 4: -12, 5: -12, 6: -8, 13: -8, 14: 4, 15: -12, 17: 4, 19: -12}


def btf_records(blob):
    hdr_len, toff, tlen, soff, slen = struct.unpack_from("<IIIII", blob, 4)
    types = blob[hdr_len + toff:hdr_len + toff + tlen]
    strs = blob[hdr_len + soff:hdr_len + soff + slen]
    pos, recs = 0, []
    while pos < len(types):
        name, info, sz = struct.unpack_from("<III", types, pos)
        kind, vlen = (info >> 24) & 0x1f, info & 0xffff
        e = EXTRA.get(kind, 0)
        n = 12 + (e if e >= 0 else -e * vlen)
        recs.append(bytearray(types[pos:pos + n]))
        pos += n
    return recs, strs


def btf_seed(blob, keep):
    """The first `keep` types, made self-contained, with their own strings."""
    recs, strs = btf_records(blob)
    recs = recs[:keep]
    n = len(recs) + 1
    first_int = next(i + 1 for i, r in enumerate(recs) if (struct.unpack_from("<I", r, 4)[0] >> 24) & 0x1f == 1)
    newstrs, seen = bytearray(b"\0"), {0: 0}

    def name(off):
        if off not in seen:
            end = strs.index(b"\0", off)
            seen[off] = len(newstrs)
            newstrs.extend(strs[off:end + 1])
        return seen[off]

    def ref(r, at):
        v = struct.unpack_from("<I", r, at)[0]
        if v >= n:
            struct.pack_into("<I", r, at, first_int)

    for r in recs:
        info = struct.unpack_from("<I", r, 4)[0]
        kind, vlen = (info >> 24) & 0x1f, info & 0xffff
        struct.pack_into("<I", r, 0, name(struct.unpack_from("<I", r, 0)[0]))
        if kind == 12 and struct.unpack_from("<I", r, 8)[0] >= n:
            struct.pack_into("<I", r, 4, (8 << 24))   # a func of a lost proto: a typedef
        if kind in (2, 8, 9, 10, 11, 12, 14, 17, 18, 13):
            ref(r, 8)
        if kind == 3:
            ref(r, 12)
            ref(r, 16)
        if kind in (4, 5):
            for i in range(vlen):
                struct.pack_into("<I", r, 12 + 12 * i, name(struct.unpack_from("<I", r, 12 + 12 * i)[0]))
                ref(r, 16 + 12 * i)
        if kind in (6, 19):
            w = 8 if kind == 6 else 12
            for i in range(vlen):
                struct.pack_into("<I", r, 12 + w * i, name(struct.unpack_from("<I", r, 12 + w * i)[0]))
        if kind == 13:
            for i in range(vlen):
                struct.pack_into("<I", r, 12 + 8 * i, name(struct.unpack_from("<I", r, 12 + 8 * i)[0]))
                ref(r, 16 + 8 * i)
        if kind == 15:
            for i in range(vlen):
                ref(r, 12 + 12 * i)
    types = b"".join(recs)
    hdr = struct.pack("<HBBIIIII", 0xeb9f, 1, 0, 24, 0, len(types), len(types), len(newstrs))
    return hdr + types + bytes(newstrs)


def write(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)
    print(f"{target}/{name}: {len(data)} bytes")


def vmcoreinfo_text(fixture):
    with open(os.path.join(fixture, "dumps", "vmcore.elf"), "rb") as f:
        head = f.read(1 << 20)
    i = head.find(b"OSRELEASE=")
    text = head[i:head.index(b"\0", i)]
    return text[:text.rindex(b"\n") + 1]   # the note's padding is not always zero


def main():
    for fx in sys.argv[1:]:
        tag = os.path.basename(os.path.realpath(fx)).split("-")[0].split("+")[0]
        write("vmcoreinfo", tag + ".txt", vmcoreinfo_text(fx))
        with open(os.path.join(fx, "truth", "btf"), "rb") as f:
            blob = f.read()
        write("btf", tag + ".btf", btf_seed(blob, int(os.environ.get("BTF_KEEP", "600"))))
        write("kallsyms", tag + ".img", kallsyms_seed(fx))
        write("printk", tag + ".ring", printk_ring_seed(fx))
    write("printk", "logbuf", printk_logbuf_seed(sys.argv[1]))
    write("types", "kernel-like.ctf", ctf_seed())
    write("tasklist", "processes", tasklist_seed())
    write("modules", "three-modules", modules_seed())
    write("dump", "bookworm.elf", elf_dump_seed(sys.argv[1]))
    write("dump", "bookworm.kdump", kdump_seed(sys.argv[1]))
    write("dcache", "subdirs-hash", dcache_seed(0))
    write("dcache", "children-hash", dcache_seed(1))
    d = bytearray(dcache_seed(0))
    d[0] |= 2
    write("dcache", "subdirs-tree", bytes(d))
    with open(os.path.join(OUT, "btf", os.listdir(os.path.join(OUT, "btf"))[0]), "rb") as f:
        write("types", "first-types.btf", f.read())


# --- kallsyms and printk: real tables, copied into a compact image ----------

def vmci(fixture):
    out = {}
    for line in vmcoreinfo_text(fixture).decode().splitlines():
        k, _, v = line.partition("=")
        out[k] = v
    return out


def reader(fixture):
    import subprocess
    core2 = os.environ.get("CORE2", "build/core2")
    dump = os.path.join(fixture, "dumps", "vmcore.zlib")

    def rd(addr, n):
        return subprocess.run([core2, "-c", dump, "read", "-r", "-n", str(n), hex(addr)], check=True,
                              stdout=subprocess.PIPE).stdout
    return rd


def kallsyms_seed(fixture, extra=150):
    v, rd = vmci(fixture), reader(fixture)
    sym = lambda k: int(v["SYMBOL(%s)" % k], 16)
    tindex = rd(sym("kallsyms_token_index"), 512)
    idx = struct.unpack("<256H", tindex)
    ttab = rd(sym("kallsyms_token_table"), max(idx) + 64)
    tokens = [ttab[i:ttab.index(b"\0", i)] for i in idx]
    names = rd(sym("kallsyms_names"), 65536)
    pos, n, stext = 0, 0, None
    while stext is None or n < stext + extra:
        ln = names[pos]
        hdr = 1
        if ln & 0x80:
            ln, hdr = (ln & 0x7f) | names[pos + 1] << 7, 2
        text = b"".join(tokens[t] for t in names[pos + hdr:pos + hdr + ln])
        if text[1:] == b"_stext":
            stext = n
        pos += hdr + ln
        n += 1
    offsets = rd(sym("kallsyms_offsets"), 4 * n)
    relbase = rd(sym("kallsyms_relative_base"), 8)
    img = bytearray()

    def put(b, align=8):
        while len(img) % align:
            img.append(0)
        at = len(img)
        img.extend(b)
        return at
    # The 6.1 order: offsets, relative_base, num_syms, names, markers, token_table, token_index.
    o_off = put(offsets)
    o_rel = put(relbase)
    o_num = put(struct.pack("<I", n))
    o_names = put(names[:pos])
    marks, p, i = [], 0, 0
    while i < n:
        if i % 256 == 0:
            marks.append(p)
        ln = names[p]
        p += 2 + ((ln & 0x7f) | names[p + 1] << 7) if ln & 0x80 else 1 + ln
        i += 1
    put(struct.pack("<%dI" % len(marks), *marks))
    o_tt = put(ttab)
    o_ti = put(tindex)
    NONE = 0xffffffff
    hdr = struct.pack("<IIIIIIIIQ", o_names, o_num, o_tt, o_ti, NONE, o_off, o_rel, stext, sym("_stext"))
    return hdr + bytes(img)


def dmesg_lines(fixture, n):
    with open(os.path.join(fixture, "truth", "dmesg"), "rb") as f:
        lines = [l.rstrip(b"\n") for l in f]
    return [l.split(b"] ", 1)[-1][:100] for l in lines if l][:n]


def printk_ring_seed(fixture):
    """A 16-record lockless ring in the fixture's own layout, one wrap."""
    v = vmci(fixture)
    num = lambda k: int(v[k])
    count_bits, size_bits = 4, 10
    count, size = 1 << count_bits, 1 << size_bits
    dsz, isz = num("SIZE(prb_desc)"), num("SIZE(printk_info)")
    o_descs = 128
    o_infos = o_descs + count * dsz
    o_data = o_infos + count * isz
    img = bytearray(o_data + size)
    BASE = 0xffff888000000000
    dr, tr = num("OFFSET(printk_ringbuffer.desc_ring)"), num("OFFSET(printk_ringbuffer.text_data_ring)")
    struct.pack_into("<I", img, dr + num("OFFSET(prb_desc_ring.count_bits)"), count_bits)
    struct.pack_into("<Q", img, dr + num("OFFSET(prb_desc_ring.descs)"), BASE + o_descs)
    struct.pack_into("<Q", img, dr + num("OFFSET(prb_desc_ring.infos)"), BASE + o_infos)
    struct.pack_into("<I", img, tr + num("OFFSET(prb_data_ring.size_bits)"), size_bits)
    struct.pack_into("<Q", img, tr + num("OFFSET(prb_data_ring.data)"), BASE + o_data)
    first, lpos = 40, 3 * size + 700
    texts = dmesg_lines(fixture, count)
    for k, text in enumerate(texts):
        rid = first + k
        d, i = o_descs + (rid % count) * dsz, o_infos + (rid % count) * isz
        state = 1 if k == 3 else 2                # one committed, not yet finalized
        struct.pack_into("<Q", img, d + num("OFFSET(prb_desc.state_var)"), state << 62 | rid)
        blk = (8 + len(text) + 7) & ~7
        if k == 5:
            begin = nxt = lpos                    # a record without text
        elif lpos % size + blk > size:
            begin, nxt = lpos, (lpos // size + 1) * size + blk
            at = 0
        else:
            begin, nxt, at = lpos, lpos + blk, lpos % size
        if begin != nxt:
            struct.pack_into("<Q", img, o_data + at, rid)
            img[o_data + at + 8:o_data + at + 8 + len(text)] = text
        lpos = nxt
        tb = d + num("OFFSET(prb_desc.text_blk_lpos)")
        struct.pack_into("<Q", img, tb + num("OFFSET(prb_data_blk_lpos.begin)"), begin)
        struct.pack_into("<Q", img, tb + num("OFFSET(prb_data_blk_lpos.next)"), nxt)
        struct.pack_into("<Q", img, i + num("OFFSET(printk_info.seq)"), 1000 + k)
        struct.pack_into("<Q", img, i + num("OFFSET(printk_info.ts_nsec)"), 1000000 * k)
        struct.pack_into("<H", img, i + num("OFFSET(printk_info.text_len)"), len(text) + (k == 7))
        img[i + num("OFFSET(printk_info.text_len)") + 3] = 6 << 5
        struct.pack_into("<I", img, i + num("OFFSET(printk_info.caller_id)"), 100 + k)
        if k == 2:
            dv = i + num("OFFSET(printk_info.dev_info)")
            at = dv + num("OFFSET(dev_printk_info.subsystem)")
            img[at:at + 3] = b"pci"
            at = dv + num("OFFSET(dev_printk_info.device)")
            img[at:at + 12] = b"+pci:0000:00"
    struct.pack_into("<Q", img, dr + num("OFFSET(prb_desc_ring.head_id)"), first + len(texts) - 1)
    struct.pack_into("<Q", img, dr + num("OFFSET(prb_desc_ring.tail_id)"), first)
    ti = num("OFFSET(printk_info.text_len)")
    fields = [0, 0, dr, tr, num("OFFSET(prb_desc_ring.count_bits)"), num("OFFSET(prb_desc_ring.descs)"),
              num("OFFSET(prb_desc_ring.infos)"), num("OFFSET(prb_desc_ring.head_id)"),
              num("OFFSET(prb_desc_ring.tail_id)"), dsz, num("OFFSET(prb_desc.state_var)"),
              num("OFFSET(prb_desc.text_blk_lpos)"), num("OFFSET(prb_data_blk_lpos.begin)"),
              num("OFFSET(prb_data_blk_lpos.next)"), isz, num("OFFSET(printk_info.seq)"),
              num("OFFSET(printk_info.ts_nsec)"), ti, num("OFFSET(printk_info.caller_id)"),
              num("OFFSET(printk_info.dev_info)"), num("OFFSET(dev_printk_info.subsystem)"),
              num("LENGTH(printk_info_subsystem)"), num("OFFSET(dev_printk_info.device)"),
              num("LENGTH(printk_info_device)"), num("OFFSET(prb_data_ring.size_bits)"),
              num("OFFSET(prb_data_ring.data)"), v.get("OFFSET(atomic_long_t.counter)", "0"), ti + 2, ti + 3]
    hdr = struct.pack("<32I", *[int(x) & 0xffffffff for x in fields + [0] * (32 - len(fields))])
    return hdr + bytes(img)


def printk_logbuf_seed(fixture):
    """The older log_buf (before 5.10) with a wrap marker; no caller ids."""
    BASE, blen, o_buf = 0xffff888000000000, 1024, 64
    img = bytearray(o_buf + blen)
    struct.pack_into("<Q", img, 0, BASE + o_buf)
    recs, pos = [], 700
    first = pos
    for k, text in enumerate(dmesg_lines(fixture, 12)):
        dict_ = b"SUBSYSTEM=pci\0DEVICE=+pci:0000:00:01.0" if k == 1 else b""
        ln = (16 + len(text) + len(dict_) + 7) & ~7
        if pos + ln + 16 > blen:
            struct.pack_into("<H", img, o_buf + pos + 8, 0)   # wrap marker
            pos = 0
        r = o_buf + pos
        struct.pack_into("<QHHHBB", img, r, 5000 * k, ln, len(text), len(dict_), 0, (6 << 5) | 2)
        img[r + 16:r + 16 + len(text)] = text
        img[r + 16 + len(text):r + 16 + len(text) + len(dict_)] = dict_
        pos += ln
    struct.pack_into("<III", img, 8, blen, first, pos)
    fields = [1, 0, 8, 12, 16, 16, 0, 8, 10, 12, 14, 15, 0xffffffff]
    return struct.pack("<32I", *(fields + [0] * (32 - len(fields)))) + bytes(img)


CTF_SOURCE = r"""
struct list_head { struct list_head *next, *prev; };
struct hlist_node { struct hlist_node *next, **pprev; };
struct qstr { union { struct { unsigned int hash; unsigned int len; }; unsigned long hash_len; };
              const unsigned char *name; };
enum pid_type { PIDTYPE_PID, PIDTYPE_TGID, PIDTYPE_PGID, PIDTYPE_SID, PIDTYPE_MAX };
typedef int pid_t;
struct dentry { unsigned int d_flags; struct hlist_node d_hash; struct dentry *d_parent; struct qstr d_name;
                unsigned char d_iname[32]; struct list_head d_child, d_subdirs; };
struct task_struct { volatile long __state; unsigned int flags:3, ptrace:5; pid_t pid, tgid;
                     struct list_head tasks; char comm[16]; enum pid_type type;
                     void (*fn)(int, const char *, ...); struct dentry *cwd; long arr[0]; };
union thread_union { struct task_struct task; unsigned long stack[2048]; };
struct task_struct init_task; union thread_union tu; int (*handlers[4])(void);
"""


def ctf_seed():
    """CTF of a few kernel-like types, compiled by gcc -gctf (gcc 12+)."""
    import subprocess
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        src, obj, out = (os.path.join(d, n) for n in ("t.c", "t.o", "t.ctf"))
        with open(src, "w") as f:
            f.write(CTF_SOURCE)
        subprocess.run(["gcc", "-gctf", "-fno-eliminate-unused-debug-types", "-c", "-o", obj, src], check=True)
        subprocess.run(["objcopy", "--dump-section", ".ctf=" + out, obj], check=True)
        with open(out, "rb") as f:
            return f.read()


# --- Walkers: synthetic memory in the unit tests' layouts ---------------------

KBASE = 0xffff888000000000


class Mem:
    def __init__(self, size):
        self.b = bytearray(size)

    def q(self, addr, v):
        struct.pack_into("<Q", self.b, addr - KBASE, v & (2**64 - 1))

    def l(self, addr, v):
        struct.pack_into("<I", self.b, addr - KBASE, v & 0xffffffff)

    def h(self, addr, v):
        struct.pack_into("<H", self.b, addr - KBASE, v)

    def s(self, addr, text):
        self.b[addr - KBASE:addr - KBASE + len(text)] = text

    def get(self, addr):
        return struct.unpack_from("<Q", self.b, addr - KBASE)[0]


def tasklist_seed():
    """swapper, init, kthreadd, a shell with a second thread and a child."""
    m = Mem(0x1400)
    task = lambda i: KBASE + 0x100 * i
    sig = lambda i: KBASE + 0x1000 + 0x40 * i
    procs = [(0, 0, 0, 0, b"swapper/0"), (1, 1, 1, 0, b"init"), (2, 2, 2, 0, b"kthreadd"),
             (3, 100, 100, 1, b"bash"), (4, 101, 100, 1, b"bash"), (5, 102, 102, 3, b"sleep")]
    for i, pid, tgid, parent, comm in procs:
        t = task(i)
        m.l(t + 0x20, pid); m.l(t + 0x24, tgid); m.q(t + 0x28, task(parent))
        m.l(t + 0x30, 1 if i else 0); m.l(t + 0x38, i % 2); m.s(t + 0x40, comm + b"\0")
        leader = next(j for j, p2, g2, _, _ in procs if p2 == tgid)
        m.q(t + 0x50, sig(leader))
    # Processes: a circular list through init_task.tasks.
    order = [0, 1, 2, 3, 5]
    for k, i in enumerate(order):
        nxt, prv = order[(k + 1) % len(order)], order[k - 1]
        m.q(task(i) + 0x10, task(nxt) + 0x10); m.q(task(i) + 0x18, task(prv) + 0x10)
    # Threads: signal->thread_head through thread_node.
    groups = {0: [0], 1: [1], 2: [2], 3: [3, 4], 5: [5]}
    for leader, members in groups.items():
        head = sig(leader) + 0x8
        ring = [head] + [task(i) + 0x60 for i in members]
        for k, node in enumerate(ring):
            m.q(node, ring[(k + 1) % len(ring)]); m.q(node + 8, ring[k - 1])
    return struct.pack("<IIII", 0, 0, 1 << 30 | 4, 0) + bytes(m.b)


def modules_seed():
    """Three modules on the list, one using another, each with a symbol
    table (type table, an exported symbol); layout of fuzz_modules.c."""
    base = 0xffffffffc0000000
    m = bytearray(0x8000)
    q = lambda a, v: struct.pack_into("<Q", m, a - base, v)
    l = lambda a, v: struct.pack_into("<I", m, a - base, v & 0xffffffff)
    mod = lambda i: base + 0x2000 * i
    head = base + 0x7f00
    names = [b"virtio", b"virtio_ring", b"mydrv"]
    for i, n in enumerate(names):
        a = mod(i)
        m[a - base + 0x18:a - base + 0x18 + len(n)] = n
        l(a + 0x58, 2)
        q(a + 0x60, a + 0x60); q(a + 0x68, a + 0x60)
        q(a + 0xa0, a + 0x400); l(a + 0xa8, 0x400)
        q(a + 0xb0, a + 0x800); l(a + 0xb8, 0x1800)
        ks, tab, ty, st = a + 0x100, a + 0x800, a + 0xa00, a + 0xc00
        q(a + 0x80, ks); q(ks, tab); l(ks + 8, 3); q(ks + 16, st); q(ks + 24, ty)
        syms = [b"", n + b"_init", n + b"_data"]
        off = 1
        for k in range(1, 3):
            l(tab + 24 * k, off); q(tab + 24 * k + 8, a + 0x400 + 0x10 * k)
            m[st - base + off:st - base + off + len(syms[k])] = syms[k]
            off += len(syms[k]) + 1
            m[ty - base + k] = ord("t")
        ksym = a + 0x1000
        q(a + 0xc0, ksym); l(a + 0xc8, 1)
        l(ksym, a + 0x410 - ksym); l(ksym + 4, st + 1 - (ksym + 4))
    # virtio is used by mydrv: one module_use on its source_list
    use = base + 0x7e00
    q(mod(0) + 0x60, use); q(mod(0) + 0x68, use); q(use, mod(0) + 0x60); q(use + 8, mod(0) + 0x60)
    q(use + 0x20, mod(2))
    order = [2, 1, 0]
    ring = [head] + [mod(i) + 0x8 for i in order]
    for k, node in enumerate(ring):
        q(node, ring[(k + 1) % len(ring)]); q(node + 8, ring[k - 1])
    # btf_modules: two entries (list, module, btf), each struct btf with a
    # BTF blob at data (0), data_size (80), base_btf (128), start_id (136),
    # start_str_off (140) as the fuzzer's anchors say, and the module's name
    # (176): what modules_btf_find looks for
    bhead, vml = base + 0x7b00, base + 0x6f00
    nodes = [base + 0x7c00, base + 0x7c40]
    for k, node in enumerate(nodes):
        b, blob, size = base + 0x6000 + 0x400 * k, base + 0x6a00 + 0x100 * k, 0x300 + 0x100 * k
        q(node + 16, mod(0)); q(node + 24, b)
        q(b, blob); l(b + 80, size); q(b + 128, vml); l(b + 136, 1000); l(b + 140, 5000)
        m[b - base + 176:b - base + 176 + len(names[0]) + 1] = names[0] + b"\0"
        l(blob, 0x0001eb9f); l(blob + 4, 24); l(blob + 12, 0x100); l(blob + 16, 0x100); l(blob + 20, size - 24 - 0x100)
    ring = [bhead] + nodes
    for k, node in enumerate(ring):
        q(node, ring[(k + 1) % len(ring)]); q(node + 8, ring[k - 1])
    return struct.pack("<IIII", head - base, 0, bhead - base, vml - base) + bytes(m)


def dcache_seed(hlist):
    """A root with /etc/passwd, a negative /etc/shadow~, a long name, a
    mounted /proc; hashed in 16 buckets."""
    m = Mem(0x8000)
    top = [KBASE + 4096]

    def alloc(n):
        a = top[0]
        top[0] += (n + 63) & ~63
        return a
    L = dict(dentry_size=192, d_hash=8, d_parent=24, d_name_len=36, d_name_name=40, d_inode=48, d_iname=56,
             d_iname_len=40 if hlist else 32, d_sb=104, d_child=152 if hlist else 144,
             d_children=168 if hlist else 160, i_mode=0, i_ino=64, s_type=40, fst_name=0, mnt_parent=16,
             mnt_mountpoint=24, mnt_mnt=32, vfs_root=0, vfs_sb=8, mnt_mounts=96, mnt_child=112)
    table = alloc(16 * 8)

    def sb(name):
        s_, f_, n_ = alloc(256), alloc(64), alloc(64)
        m.s(n_, name + b"\0"); m.q(f_ + L["fst_name"], n_); m.q(s_ + L["s_type"], f_)
        return s_

    def inode(mode, ino):
        i = alloc(128)
        m.h(i + L["i_mode"], mode); m.q(i + L["i_ino"], ino)
        return i

    def link_child(parent, d):
        head, node = parent + L["d_children"], d + L["d_child"]
        if hlist:
            m.q(node, m.get(head)); m.q(head, node)
        else:
            last = m.get(head + 8) or head
            m.q(node, head); m.q(node + 8, last); m.q(last, node); m.q(head + 8, node)

    def dentry(parent, name, ino, sb_, bucket):
        d = alloc(L["dentry_size"])
        if not hlist:
            m.q(d + L["d_children"], d + L["d_children"]); m.q(d + L["d_children"] + 8, d + L["d_children"])
        m.q(d + L["d_parent"], parent or d); m.l(d + L["d_name_len"], len(name))
        np_ = d + L["d_iname"] if len(name) < L["d_iname_len"] else alloc(len(name) + 1)
        m.s(np_, name); m.q(d + L["d_name_name"], np_); m.q(d + L["d_inode"], ino); m.q(d + L["d_sb"], sb_)
        if parent:
            link_child(parent, d)
        if bucket >= 0:
            head = table + 8 * bucket
            m.q(d + L["d_hash"], m.get(head) & ~1); m.q(d + L["d_hash"] + 8, head); m.q(head, d + L["d_hash"])
        return d

    def mount(parent, mountpoint, root, sb_):
        mt = alloc(256)
        m.q(mt + L["mnt_mounts"], mt + L["mnt_mounts"]); m.q(mt + L["mnt_mounts"] + 8, mt + L["mnt_mounts"])
        m.q(mt + L["mnt_parent"], parent or mt); m.q(mt + L["mnt_mountpoint"], mountpoint)
        m.q(mt + L["mnt_mnt"] + L["vfs_root"], root); m.q(mt + L["mnt_mnt"] + L["vfs_sb"], sb_)
        if parent:
            head, node = parent + L["mnt_mounts"], mt + L["mnt_child"]
            last = m.get(head + 8)
            m.q(node, head); m.q(node + 8, last); m.q(last, node); m.q(head + 8, node)
        return mt
    ext4, proc = sb(b"ext4"), sb(b"proc")
    root = dentry(0, b"/", inode(0o40755, 2), ext4, -1)
    etc = dentry(root, b"etc", inode(0o40755, 11), ext4, 3)
    dentry(etc, b"passwd", inode(0o100644, 12), ext4, 5)
    dentry(etc, b"shadow~", 0, ext4, 5)
    dentry(etc, b"a-name-longer-than-the-inline-name-buffer.conf", inode(0o100644, 13), ext4, 9)
    procdir = dentry(root, b"proc", inode(0o40555, 14), ext4, 7)
    proot = dentry(0, b"/", inode(0o40555, 1), proc, -1)
    dentry(proot, b"self", inode(0o120777, 15), proc, 7)
    mroot = mount(0, root, root, ext4)
    mount(mroot, procdir, proot, proc)
    flags = (1 if hlist else 0)
    return struct.pack("<IIII", flags, table - KBASE, mroot - KBASE, 32 - 4) + b"\0" * 16 + bytes(m.b[:top[0] - KBASE])


# --- Dump files: small but real-shaped, from the fixture's own headers ----------

def elf_dump_seed(fixture, pages=1):
    """vmcore.elf cut down: its ELF header and notes, and the first pages of
    its first PT_LOAD (the kernel's text)."""
    with open(os.path.join(fixture, "dumps", "vmcore.elf"), "rb") as f:
        head = f.read(1 << 20)
        phoff, = struct.unpack_from("<Q", head, 32)
        phnum, = struct.unpack_from("<H", head, 56)
        phs = [struct.unpack_from("<IIQQQQQQ", head, phoff + 56 * i) for i in range(phnum)]
        note = next(p for p in phs if p[0] == 4)
        load = next(p for p in phs if p[0] == 1)
        f.seek(note[2])
        notes = f.read(note[5])
        f.seek(load[2])
        data = f.read(4096 * pages)
    ehdr = bytearray(head[:64])
    struct.pack_into("<Q", ehdr, 32, 64)
    struct.pack_into("<QIHHHHHH", ehdr, 40, 0, 0, 64, 56, 2, 0, 0, 0)
    o_note = 64 + 2 * 56
    o_load = (o_note + len(notes) + 4095) & ~4095
    ph = struct.pack("<IIQQQQQQ", 4, 0, o_note, 0, 0, len(notes), len(notes), 0)
    ph += struct.pack("<IIQQQQQQ", 1, load[1], o_load, load[3], load[4], len(data), len(data), 4096)
    out = bytes(ehdr) + ph + notes
    return out + b"\0" * (o_load - len(out)) + data


def kdump_seed(fixture, pages=2):
    """A kdump-compressed file in vmcore.zlib's header, its notes and
    VMCOREINFO, with 2 zlib-compressed low pages."""
    import zlib
    v = vmci(fixture)
    path = os.path.join(fixture, "dumps", "vmcore.zlib")
    with open(path, "rb") as f:
        hdr = bytearray(f.read(464))
        bs, = struct.unpack_from("<i", hdr, 428)
        f.seek(bs)
        sub = bytearray(f.read(104))
        o_vi, s_vi, o_note, s_note = struct.unpack_from("<QQQQ", sub, 32)
        f.seek(o_vi)
        vi = f.read(s_vi)
        f.seek(o_note)
        notes = f.read(s_note)
    # Low pages (small bitmaps keep the seed small), with data in them.
    pfn0 = 0x10
    import subprocess
    raw = subprocess.run([os.environ.get("CORE2", "build/core2"), "-c", path, "read", "-p", "-r", "-n",
                          str(4096 * pages), hex(pfn0 << 12)], check=True, stdout=subprocess.PIPE).stdout
    sub_blocks = 1 + (104 + len(vi) + len(notes)) // 4096
    max_mapnr = ((pfn0 + pages) + 32767) & ~32767
    bitmap_blocks = 2 * ((max_mapnr // 8 + 4095) // 4096)
    struct.pack_into("<iIII", hdr, 432, sub_blocks, bitmap_blocks, min(max_mapnr, 0xffffffff), 0)
    o_vi, o_note = 4096 + 104, 4096 + 104 + len(vi)
    struct.pack_into("<QQQQQQ", sub, 32, o_vi, len(vi), o_note, len(notes), 0, 0)
    struct.pack_into("<QQQ", sub, 80, 0, max_mapnr, max_mapnr)
    struct.pack_into("<i", sub, 12, 0)
    out = bytearray(hdr) + b"\0" * (4096 - len(hdr)) + sub + vi + notes
    out += b"\0" * ((1 + sub_blocks) * 4096 - len(out))
    bitmap = bytearray(bitmap_blocks // 2 * 4096)
    for p_ in range(pfn0, pfn0 + pages):
        bitmap[p_ // 8] |= 1 << (p_ % 8)
    out += bitmap + bitmap
    descs_at = len(out)
    data_at = descs_at + 24 * pages
    descs, data = b"", b""
    for i in range(pages):
        z = zlib.compress(raw[4096 * i:4096 * (i + 1)])
        descs += struct.pack("<qIIQ", data_at + len(data), len(z), 1, 0)
        data += z
    return bytes(out) + descs + data


if __name__ == "__main__":
    main()
